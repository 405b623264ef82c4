"""The learner's rights over their records: export everything, import it back, erase, back up."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import time
import zipfile
from multiprocessing import get_context
from pathlib import Path

import pytest
from factories import learning_log, sample
from hostile import load_cases

from mentorkit.errors import ArchiveProblem, StoreNotEmpty
from mentorkit.records import KINDS, SessionRecord
from mentorkit.store import SCHEMA_VERSION, Store, forget_copy, restore_backup
from mentorkit.transfer import (
    ARCHIVE_VERSION,
    archive_schema,
    export_archive,
    import_archive,
    neutralise,
)

pytestmark = pytest.mark.sqlite_only


def every_kind_with_history(store):
    """Two records of every kind, one edited twice and tagged, one in the trash."""
    for kind in KINDS.values():
        kept = store.add(sample(kind, 1), tags=["first-steps", "trust"])
        store.update(kept.id, tags=["trust"])
        store.update(kept.id, **sample(kind, 2).content())
        gone = store.add(sample(kind, 3))
        store.delete(gone.id)
    for case in load_cases():
        if case.expect == "accept" and len(case.text) < 5000:
            store.add(learning_log(thoughts=case.text))


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rewrite(path: Path, target: Path, **replaced: bytes) -> Path:
    """A copy of an archive with some members replaced (None drops one)."""
    files = {**members(path), **replaced}
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in files.items():
            if data is not None:
                archive.writestr(name, data)
    return target


def snapshot(path: Path) -> dict[str, bytes]:
    """The store's file and its journal (the -shm index is rewritten by mere reading)."""
    files = [path, path.with_name(path.name + "-wal")]
    return {p.name: p.read_bytes() for p in files if p.exists()}


@pytest.fixture
def exported(store, tmp_path):
    every_kind_with_history(store)
    path = tmp_path / "out" / "everything.zip"
    return export_archive(store, path), path


# export and import -------------------------------------------------------------


def test_export_import_export_gives_byte_identical_json(store, exported, tmp_path):
    contents, first = exported
    with Store.open(tmp_path / "new" / "mentorkit.db", owner="learner") as fresh:
        import_archive(fresh, first)
        second = export_archive(fresh, tmp_path / "again.zip")
        for history in (h for hs in contents.histories.values() for h in hs):
            assert fresh.history(history[0].id) == store.history(history[0].id)
        assert len(fresh.trash()) == len(KINDS)
    assert second.count == contents.count == len(store.find()) + len(store.trash())
    before, after = members(first), members(tmp_path / "again.zip")
    assert sorted(before) == sorted(after)
    for name in before:
        assert before[name] == after[name], name
    assert first.read_bytes() == (tmp_path / "again.zip").read_bytes()


def test_every_revision_tag_and_trash_state_is_in_the_json(exported):
    contents, path = exported
    goals = json.loads(members(path)["records/goal.json"])
    kept, gone = goals["records"]
    assert [r["revision"] for r in kept["revisions"]] == [1, 2, 3]
    assert [r["tags"] for r in kept["revisions"]] == [
        ["first-steps", "trust"],
        ["trust"],
        ["trust"],
    ]
    assert kept["revisions"][0]["content"]["specific"].startswith("Specific, entry 1.")
    assert kept["revisions"][2]["content"]["specific"].startswith("Specific, entry 2.")
    assert kept["deleted"] is None and gone["deleted"] is not None
    assert kept["owner"] == "learner"


def test_the_archive_follows_its_published_schema(exported):
    import jsonschema

    _, path = exported
    files = members(path)
    schema = json.loads(files["schema.json"])
    assert schema == json.loads(json.dumps(archive_schema()))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for kind in KINDS:
        validator.validate(json.loads(files[f"records/{kind}.json"]))
    broken = json.loads(files["records/goal.json"])
    broken["records"][0]["revisions"][0]["content"]["surprise"] = "a field no kind declares"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)


def test_csv_has_a_table_per_kind_and_formulas_are_neutralised(store, tmp_path):
    hostile = ['=HYPERLINK("http://x")', "+44 7700 900000", "-2+3", "@SUM(A1)", "\tTab"]
    saved = store.add(learning_log(thoughts=hostile[0], feelings=hostile[1], location=hostile[2],
                                   worked_well=hostile[3], challenges=hostile[4]))  # fmt: skip
    store.add(SessionRecord(date="2026-03-01", duration=1.5, agenda=["=1+1", "plain"]))
    export_archive(store, tmp_path / "e.zip")
    files = members(tmp_path / "e.zip")
    assert {f"csv/{kind}.csv" for kind in KINDS} <= set(files)
    rows = list(csv.DictReader(io.StringIO(files["csv/learning-log.csv"].decode("utf-8-sig"))))
    assert rows[0]["id"] == saved.id
    cells = [rows[0][n] for n in ("thoughts", "feelings", "location", "worked_well", "challenges")]
    assert cells == ["'" + text for text in hostile]
    assert rows[0]["learning_points"] == "Silence gives the mentee room to think."
    session = next(csv.DictReader(io.StringIO(files["csv/session-record.csv"].decode("utf-8-sig"))))
    assert session["duration"] == "1.5" and session["agenda"] == "'=1+1\nplain"


@pytest.mark.parametrize(
    "text",
    [" =1+1", "\u00a0=1+1", "\u3000+1", "＝HYPERLINK(\"http://x\")", "＋1", "－1", "＠SUM(A1)",
     "|calc", "  |calc", "\nnew line first", "﹦1+1"],
)  # fmt: skip
def test_formulas_behind_spaces_or_in_full_width_are_neutralised_too(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["plain", "Silence helps", "5 = five", "e-mail", "", " spaced"])
def test_ordinary_text_is_left_as_it_is(text):
    assert neutralise(text) == text


# bad archives --------------------------------------------------------------------


def _truncated(path, tmp):
    data = path.read_bytes()
    (tmp / "bad.zip").write_bytes(data[: len(data) // 2])
    return tmp / "bad.zip", "cut short"


def _not_a_zip(path, tmp):
    (tmp / "bad.zip").write_bytes(b"Dear diary, this is not an archive at all.\n" * 50)
    return tmp / "bad.zip", "not a zip archive"


def _foreign(path, tmp):
    with zipfile.ZipFile(tmp / "bad.zip", "w") as archive:
        archive.writestr("photos/cat.jpg", b"\xff\xd8\xff")
    return tmp / "bad.zip", "not a mentorkit export"


def _newer(path, tmp):
    manifest = json.loads(members(path)["manifest.json"])
    manifest["version"] = 99
    return rewrite(path, tmp / "bad.zip", **{"manifest.json": json.dumps(manifest).encode()}), (
        "newer mentorkit"
    )


def _edited(path, tmp):
    text = members(path)["records/goal.json"].replace(b"Specific, entry 2", b"Specific, entry 9")
    return rewrite(path, tmp / "bad.zip", **{"records/goal.json": text}), "changed or damaged"


def _missing_member(path, tmp):
    return rewrite(path, tmp / "bad.zip", **{"records/goal.json": None}), "missing"


def _off_schema(path, tmp):
    import hashlib

    files = members(path)
    goals = json.loads(files["records/goal.json"])
    goals["records"][0]["revisions"] = []
    data = json.dumps(goals).encode()
    manifest = json.loads(files["manifest.json"])
    manifest["files"]["records/goal.json"] = hashlib.sha256(data).hexdigest()
    replaced = {"records/goal.json": data, "manifest.json": json.dumps(manifest).encode()}
    return rewrite(path, tmp / "bad.zip", **replaced), "does not follow the schema"


@pytest.mark.parametrize(
    "spoil",
    [_truncated, _not_a_zip, _foreign, _newer, _edited, _missing_member, _off_schema],
)
def test_a_broken_foreign_or_newer_archive_writes_nothing(exported, tmp_path, spoil):
    _, good = exported
    bad, why = spoil(good, tmp_path)
    target = tmp_path / "empty" / "mentorkit.db"
    with Store.open(target, owner="learner") as empty:
        before = snapshot(target)
        with pytest.raises(ArchiveProblem) as caught:
            import_archive(empty, bad)
        assert empty.find() == [] and empty.trash() == []
        assert snapshot(target) == before
    assert str(bad) in str(caught.value) and why in str(caught.value)
    assert "Nothing has been imported" in str(caught.value)


def test_an_archive_from_a_release_with_a_newer_store_but_the_same_layout_is_imported(
    exported, tmp_path
):
    """A store's schema can move (release 5 added a trigger) while archives stay as they were."""
    _, path = exported
    manifest = json.loads(members(path)["manifest.json"])
    manifest["store_schema"] = SCHEMA_VERSION + 1
    manifest["made_by"] = "mentorkit 99.0"
    newer = rewrite(
        path, tmp_path / "newer.zip", **{"manifest.json": json.dumps(manifest).encode()}
    )
    with Store.open(tmp_path / "new" / "mentorkit.db", owner="learner") as fresh:
        import_archive(fresh, newer)
        assert len(fresh.find() + fresh.trash()) == sum(manifest["records"].values())


def _layout(schema: object, *, names: bool = False) -> object:
    """What a reader of the archive depends on: names, types and limits, not the wording."""
    if isinstance(schema, dict):
        return {
            key: _layout(value, names=key in ("properties", "$defs"))
            for key, value in schema.items()
            if names or key not in ("title", "description", "examples", "$comment")
        }
    if isinstance(schema, list):
        return [_layout(value) for value in schema]
    return schema


#: A fingerprint of each archive version's layout. When this test fails, the layout has
#: changed: an older release would refuse such an archive as damaged. Bump ARCHIVE_VERSION
#: (so it says "made by a newer mentorkit") and add the new version's fingerprint here.
LAYOUTS = {
    1: "2dcb0c554c6533bfac151c0188075ca7556fba2fae5797da1871214fb894e5f0",
    2: "755af79fa43f48e39f694c045e3b362e7948468bf06653e1dbfb7cdd43419e8c",
}


def test_the_archive_layout_changes_only_with_its_version():
    text = json.dumps(_layout(archive_schema()), sort_keys=True, ensure_ascii=False)
    assert hashlib.sha256(text.encode()).hexdigest() == LAYOUTS[ARCHIVE_VERSION]


def test_import_refuses_a_store_that_already_holds_records(store, exported, store_path):
    _, path = exported
    before = len(store.find())
    with pytest.raises(StoreNotEmpty) as caught:
        import_archive(store, path)
    assert "empty store" in str(caught.value) and len(store.find()) == before


def test_another_persons_archive_needs_as_me(store, exported, tmp_path):
    _, path = exported
    with Store.open(tmp_path / "b" / "mentorkit.db", owner="ben") as ben:
        with pytest.raises(ArchiveProblem, match="--as-me"):
            import_archive(ben, path)
        assert ben.find() == []
        import_archive(ben, path, as_me=True)
        assert sorted(r.id for r in ben.find()) == sorted(r.id for r in store.find())
        assert {r.owner for r in ben.find()} == {"ben"}


# writing safely ------------------------------------------------------------------


def test_export_to_a_folder_that_cannot_be_written_leaves_nothing(store, tmp_path):
    store.add(learning_log())
    folder = tmp_path / "locked"
    folder.mkdir()
    os.chmod(folder, 0o500)
    try:
        with pytest.raises(ArchiveProblem) as caught:
            export_archive(store, folder / "everything.zip")
    finally:
        os.chmod(folder, 0o700)
    assert list(folder.iterdir()) == []
    assert "could not be written" in str(caught.value) and str(folder) in str(caught.value)


@pytest.fixture
def tiny_disk(tmp_path):
    """A real 64 KB filesystem (needs root to mount; skipped elsewhere)."""
    disk = tmp_path / "tiny"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("a small filesystem cannot be mounted here (needs root)")
    yield disk
    subprocess.run(["umount", str(disk)], check=True)


def test_export_to_a_full_disk_says_so_and_leaves_nothing(store, tiny_disk):
    noise = os.urandom(300_000).hex()  # hex of random bytes hardly compresses
    store.add(learning_log(thoughts=noise[:400_000]))
    with pytest.raises(ArchiveProblem, match="the disk is full"):
        export_archive(store, tiny_disk / "everything.zip")
    assert list(tiny_disk.iterdir()) == []


# erasing -------------------------------------------------------------------------


def traces(folder: Path, words: list[str]) -> dict[str, list[str]]:
    """Which files in the store's folder still hold any of `words` (or their tails)."""
    found = {}
    for path in folder.iterdir():
        data = path.read_bytes().lower()
        # the search index keeps terms lower-cased and shares prefixes between neighbours
        hits = [w for w in words if w.lower().encode() in data or w[3:].lower().encode() in data]
        if hits:
            found[path.name] = hits
    return found


def fts_terms(path: Path, words: list[str]) -> list[str]:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, search, row)")
        terms = {row[0] for row in conn.execute("SELECT term FROM temp.vocab")}
    return [w for w in words if w.lower() in terms]


def test_erased_sentences_are_nowhere_in_the_file_its_wal_or_the_search_index(store, store_path):
    one = ["Xylophonist", "quokkabridge", "Zanzibarite"]
    rest = ["Marzipanic", "Juxtaposer", "Vortexhaven"]
    for n in range(40):
        store.add(learning_log(thoughts=f"An ordinary entry, number {n}, about listening."))
    first = store.add(learning_log(thoughts=" ".join(one) + " confided on the bridge."))
    store.update(first.id, feelings=f"{one[0]} again", tags=[one[1]])
    store.add(learning_log(context=" ".join(rest) + " all in one breath."), tags=[rest[2]])
    store.drafts.save("learning-log", {"thoughts": " ".join(rest)})
    assert traces(store_path.parent, one + rest)  # the check can see them before
    assert [r.id for r in store.find(text=one[0])] == [first.id]  # a search indexes the queue
    assert fts_terms(store_path, one + rest) == one + rest

    store.purge(first.id)
    assert traces(store_path.parent, one) == {} and fts_terms(store_path, one) == []
    assert traces(store_path.parent, rest)  # the other record is still there

    assert store.purge_all() == 41
    assert traces(store_path.parent, one + rest) == {}
    assert fts_terms(store_path, one + rest) == []
    assert store.find() == [] and store.drafts.get("learning-log") is None


def test_backups_made_earlier_are_listed_and_can_be_deleted(store, tmp_path):
    store.add(learning_log())
    made = store.backup(tmp_path / "backups" / "monday.db")
    export_archive(store, tmp_path / "exports" / "all.zip")
    listed = store.backups()
    assert [(c.path, c.kind) for c in listed] == [
        (made.resolve(), "backup"),
        ((tmp_path / "exports" / "all.zip").resolve(), "export"),
    ]
    assert forget_copy(store.path, made) is True
    assert not made.exists() and [c.kind for c in store.backups()] == ["export"]


# backup and restore --------------------------------------------------------------


def _write_until(path: str, worker: int, stop, ready) -> int:
    """Save entries until told to stop; signal once a few are in."""
    with Store.open(path, owner="learner") as store:
        n = 0
        while not stop.is_set() and n < 2000:
            store.add(learning_log(thoughts=f"worker {worker} entry {n}"))
            n += 1
            if n == 20:
                ready.release()
    return n


def test_backup_while_four_processes_write_is_whole_and_complete(tmp_path):
    path = tmp_path / "shared" / "mentorkit.db"
    Store.open(path, owner="learner").close()
    context = get_context("spawn")
    stop, ready = context.Event(), context.Semaphore(0)
    workers = [
        context.Process(target=_write_until, args=(str(path), n, stop, ready)) for n in range(4)
    ]
    for worker in workers:
        worker.start()
    try:
        for _ in workers:
            assert ready.acquire(timeout=60), "a writer did not start"
        with sqlite3.connect(path) as reader:
            committed = {row[0] for row in reader.execute("SELECT id FROM records")}
        with Store.open(path, owner="learner") as store:
            started = time.monotonic()
            copy = store.backup(tmp_path / "backup.db")
            took = time.monotonic() - started
        time.sleep(0.3)  # the writers carry on after the backup
    finally:
        stop.set()
        for worker in workers:
            worker.join(60)
    with sqlite3.connect(copy) as check:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        in_copy = {row[0] for row in check.execute("SELECT id FROM records")}
    with sqlite3.connect(path) as final:
        in_store = {row[0] for row in final.execute("SELECT id FROM records")}
    assert len(committed) >= 80
    assert committed <= in_copy <= in_store
    assert len(in_store) > len(in_copy)  # writing went on while the backup was made
    print(f"\nbackup of {len(in_copy)} records in {took:.2f} s while 4 processes wrote")


def test_restore_checks_the_backup_then_keeps_the_current_store_aside(store, store_path, tmp_path):
    kept = store.add(learning_log(thoughts="in the backup"))
    backup = store.backup(tmp_path / "backup.db")
    later = store.add(learning_log(thoughts="after the backup"))
    aside = restore_backup(store_path, backup)
    assert [r.id for r in store.find()] == [kept.id]  # the open store sees it at once
    with Store.open(aside, owner="learner") as old:
        assert {r.id for r in old.find()} == {kept.id, later.id}
    assert aside in [c.path for c in store.backups()]


def _corrupt(backup: Path) -> None:
    data = bytearray(backup.read_bytes())
    data[4096 : 4096 + 512] = os.urandom(512)
    backup.write_bytes(bytes(data))


def _newer_schema(backup: Path) -> None:
    with sqlite3.connect(backup) as conn:
        conn.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))


def _not_a_store(backup: Path) -> None:
    backup.unlink()
    with sqlite3.connect(backup) as conn:
        conn.execute("CREATE TABLE invoices (n)")


@pytest.mark.parametrize(
    "spoil, why",
    [(_corrupt, "damaged"), (_newer_schema, "newer mentorkit"), (_not_a_store, "not a mentorkit")],
)
def test_a_bad_backup_is_refused_and_the_store_is_untouched(
    store, store_path, tmp_path, spoil, why
):
    for n in range(30):
        store.add(learning_log(thoughts=f"entry {n} " * 40))
    backup = store.backup(tmp_path / "backup.db")
    spoil(backup)
    before = snapshot(store_path)
    with pytest.raises(ArchiveProblem) as caught:
        restore_backup(store_path, backup)
    assert why in str(caught.value) and str(backup) in str(caught.value)
    assert snapshot(store_path) == before and len(store.find()) == 30


def test_a_damaged_store_can_be_restored_from_its_backup(store, store_path, tmp_path):
    saved = store.add(learning_log())
    backup = store.backup(tmp_path / "backup.db")
    store.close()
    damage = os.urandom(8192)
    store_path.write_bytes(damage)
    store_path.with_name("mentorkit.db-wal").unlink(missing_ok=True)
    aside = restore_backup(store_path, backup)
    assert aside.read_bytes() == damage  # kept byte for byte
    with Store.open(store_path, owner="learner") as again:
        assert [r.id for r in again.find()] == [saved.id]
