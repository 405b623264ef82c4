"""The store on a real SQLite file and a real PostgreSQL database: revisions, trash, erasure,
search, frames."""

from __future__ import annotations

import csv
import io
import os
import shutil
import sqlite3
import stat
import threading
import time
from datetime import UTC, date, datetime

import pytest
from factories import learning_log, sample

from mentorkit.errors import AmbiguousId, RecordNotFound, StoreError, ValidationProblem
from mentorkit.records import LearningLogEntry, Partnership, SessionRecord
from mentorkit.store import SCHEMA_VERSION, Store

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
pytestmark = pytest.mark.both_backends


def test_saved_entry_comes_back_with_id_owner_and_first_revision(store):
    saved = store.add(learning_log())
    assert saved.id and saved.owner == "learner" and saved.revision == 1
    again = store.get(saved.id)
    assert again == saved
    assert again.context == "Second session with Priya, who is new to leading a team."


def test_entries_are_still_there_when_the_store_is_opened_again(store_path):
    with Store.open(store_path, owner="learner") as first:
        saved = first.add(learning_log())
    with Store.open(store_path, owner="learner") as second:
        assert [r.id for r in second.find()] == [saved.id]


def test_two_updates_keep_every_revision(store):
    saved = store.add(learning_log(thoughts="first"))
    store.update(saved.id, thoughts="second")
    latest = store.update(saved.id, thoughts="third", tags=["listening"])
    assert latest.revision == 3
    history = store.history(saved.id)
    assert [(h.revision, h.thoughts) for h in history] == [
        (1, "first"),
        (2, "second"),
        (3, "third"),
    ]
    assert history[-1].tags == ["listening"] and history[0].tags == []
    assert store.get(saved.id).thoughts == "third"


def test_saving_an_edit_that_changes_nothing_adds_no_revision(store):
    saved = store.add(learning_log(thoughts="first"), tags=["listening"])
    same = store.update(saved.id, thoughts="first", tags=["listening"])
    assert same.revision == 1 and [h.revision for h in store.history(saved.id)] == [1]
    assert store.update(saved.id, tags=["rapport"]).revision == 2


def test_drafts_are_kept_listed_by_key_and_discarded(store):
    store.drafts.save("form:goal:abc", {"specific": "Chair a meeting 🎯"})
    store.drafts.save("form:goal:new", {"specific": "half"})
    store.drafts.save("portfolio", {"title": "Mine"})
    assert store.drafts.get("form:goal:abc") == {"specific": "Chair a meeting 🎯"}
    assert store.drafts.keys("form:") == ["form:goal:abc", "form:goal:new"]
    store.drafts.discard("form:goal:abc")
    assert store.drafts.get("form:goal:abc") is None and store.drafts.keys("form:") == [
        "form:goal:new"
    ]


def test_a_kind_has_a_table_that_adds_finds_and_tabulates_that_kind_alone(store):
    logs = store[LearningLogEntry]
    assert store["learning-log"].kind is LearningLogEntry
    rapport = logs.add(learning_log(thoughts="Rapport came quickly."), tags=["rapport"])
    typed = logs.add(**learning_log(context="Typed in as values").content())
    store.add(sample(SessionRecord))
    assert rapport.tags == ["rapport"] and typed.context == "Typed in as values"
    assert [r.id for r in logs.find(text="rapport")] == [rapport.id]
    assert {r.id for r in logs.find()} == {r.id for r in (rapport, typed)}
    assert set(logs.frame()["id"]) == {rapport.id, typed.id}
    table = list(csv.reader(io.StringIO(logs.csv())))
    assert table[0][0] == "id" and {row[0] for row in table[1:]} == {rapport.id, typed.id}
    with pytest.raises(TypeError):
        logs.add(sample(SessionRecord))
    with pytest.raises(ValidationProblem):
        logs.add(context="No date and no learning points")
    assert len(logs.find()) == 2 and len(store.find()) == 3


def test_a_record_is_found_by_the_first_few_characters_of_its_id(store):
    kept = store.add(learning_log())
    binned = store.delete(store.add(learning_log()).id)
    assert store.find_id(kept.id) == kept.id and store.find_id(kept.id[:6]) == kept.id
    assert store.find_id(binned.id[:6]) == binned.id  # the trash is searched too
    with pytest.raises(RecordNotFound, match="lists them"):
        store.find_id("zzzz")
    with pytest.raises(RecordNotFound):
        store.find_id(kept.id[:3])  # too short to be told apart
    twin = kept.id[:4] + "0" * (len(kept.id) - 4)
    store.merge_history([r.model_copy(update={"id": twin}) for r in store.history(kept.id)])
    with pytest.raises(AmbiguousId, match="2 records start with") as ambiguous:
        store.find_id(kept.id[:4])
    assert isinstance(ambiguous.value, StoreError)
    assert not isinstance(ambiguous.value, RecordNotFound)  # some record has it, two in fact


def test_a_store_opened_on_one_thread_serves_every_thread_of_the_kernel(store):
    """JupyterLab's widgets send typed values on a thread of the kernel's own, while clicks
    arrive on its main thread: search, filters and drafts then used the store from a
    thread that did not open it, and SQLite refused ("objects created in a thread can only
    be used in that same thread")."""
    first = store.add(learning_log(context="Opened on the main thread"))
    failures: list[BaseException] = []

    def learner(n: int) -> None:
        try:
            for i in range(15):
                saved = store.add(learning_log(context=f"thread {n} entry {i}"))
                store.drafts.save(f"form:learning-log:{n}", {"context": f"typing {i}"})
                store.update(saved.id, context=f"thread {n} entry {i}, edited")
                assert store.find(LearningLogEntry, text=f"entry {i}")
                assert store.get(first.id).context == "Opened on the main thread"
        except BaseException as exc:  # noqa: BLE001 - reported below, with its thread
            failures.append(exc)

    threads = [threading.Thread(target=learner, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(store.find(LearningLogEntry)) == 1 + 4 * 15
    assert store.drafts.get("form:learning-log:3") == {"context": "typing 14"}
    assert all(len(store.history(r.id)) in (1, 2) for r in store.find(LearningLogEntry))


def test_an_edit_by_an_older_release_still_running_keeps_the_revision_it_replaces(store, backend):
    """A kernel of release 3 or before, opened before the upgrade, edits as it always did:
    it rewrites the record and adds only its new revision. The database keeps the old one."""
    saved = store.add(learning_log(thoughts="What I wrote first"))
    rewrite = {
        "sqlite": "json_set(body, '$.thoughts', 'Rewritten elsewhere')",
        "postgresql": "jsonb_set(body, '{thoughts}', '\"Rewritten elsewhere\"')",
    }[backend]
    with store._write() as conn:
        conn.execute(
            f"UPDATE records SET revision = 2, updated = updated, body = {rewrite} WHERE id = ?",
            (saved.id,),
        )
        conn.execute(
            "INSERT INTO revisions (record_id, revision, saved, tags, body)"
            " SELECT id, revision, updated, tags, body FROM records WHERE id = ?",
            (saved.id,),
        )
    store.update(saved.id, thoughts="Back in this release")
    assert [(h.revision, h.thoughts) for h in store.history(saved.id)] == [
        (1, "What I wrote first"),
        (2, "Rewritten elsewhere"),
        (3, "Back in this release"),
    ]


def test_update_is_checked_like_a_new_entry(store):
    saved = store.add(learning_log())
    with pytest.raises(ValidationProblem) as caught:
        store.update(saved.id, context="")
    assert caught.value.problems == {"context": "please fill this in"}
    assert store.get(saved.id).revision == 1


def test_delete_moves_to_trash_and_restore_brings_it_back(store):
    saved = store.add(learning_log())
    store.delete(saved.id)
    assert store.find() == []
    assert [r.id for r in store.trash()] == [saved.id]
    store.restore(saved.id)
    assert [r.id for r in store.find()] == [saved.id]
    assert store.trash() == []


@pytest.mark.sqlite_only
def test_purge_leaves_no_trace_in_history_search_or_file_bytes(store, store_path):
    secret = "Zebra-crossing confession 7731"
    saved = store.add(learning_log(thoughts=secret))
    store.update(saved.id, feelings=f"{secret} again")
    keep = store.add(learning_log(thoughts="an entry that stays"))
    store.purge(saved.id)

    with pytest.raises(RecordNotFound):
        store.history(saved.id)
    assert store.find(text="Zebra") == []
    assert [r.id for r in store.find()] == [keep.id]
    raw = sqlite3.connect(store_path)
    raw.execute("VACUUM")
    raw.close()
    for path in store_path.parent.iterdir():
        assert secret.encode() not in path.read_bytes(), path.name
        assert b"Zebra" not in path.read_bytes(), path.name


def test_find_by_words_dates_kind_and_tags_newest_first(store):
    early = store.add(learning_log(date=date(2026, 9, 1), thoughts="rapport came quickly"))
    middle = store.add(learning_log(date=date(2026, 10, 1), thoughts="silence helped"))
    late = store.add(learning_log(date=date(2026, 11, 1), thoughts="Rapport again"), tags=["trust"])
    store.add(SessionRecord(date=date(2026, 10, 5), summary="rapport and goals"))

    assert [r.id for r in store.find(LearningLogEntry)] == [late.id, middle.id, early.id]
    assert [r.id for r in store.find(LearningLogEntry, text="rapport")] == [late.id, early.id]
    assert [r.id for r in store.find(LearningLogEntry, text="rapp")] == [late.id, early.id]
    assert [r.id for r in store.find(since=date(2026, 9, 15), until=date(2026, 10, 15))][-1] == (
        middle.id
    )
    assert len(store.find(since=date(2026, 9, 15), until=date(2026, 10, 15))) == 2
    assert [r.id for r in store.find(tags=["trust"])] == [late.id]
    assert len(store.find(text="rapport")) == 3


def test_search_copes_with_quotes_and_operators_typed_by_a_learner(store):
    saved = store.add(learning_log(thoughts='She said "NOT now" (and AND OR) * - ^'))
    assert [r.id for r in store.find(text='"NOT now"')] == [saved.id]
    assert store.find(text="AND OR") == [store.get(saved.id)]


def test_an_emoji_or_mark_is_found_though_the_index_keeps_only_words(store):
    party = store.add(learning_log(thoughts="Passed the assessment 🎉🏽 at last"))
    store.add(learning_log(thoughts="Passed nothing yet → next month"))
    assert [r.id for r in store.find(text="🎉🏽")] == [party.id]
    assert [r.id for r in store.find(text="passed 🎉🏽")] == [party.id]
    assert len(store.find(text="→")) == 1 and store.find(text="🙂") == []


def test_a_learner_never_sees_another_owners_records(store_path):
    with Store.open(store_path, owner="amira") as amira:
        private = amira.add(learning_log(thoughts="only for Amira"))
    with Store.open(store_path, owner="ben") as ben:
        assert ben.find() == [] and ben.find(text="Amira") == []
        with pytest.raises(RecordNotFound):
            ben.get(private.id)


def test_frame_has_one_column_per_field_and_one_row_per_live_record(store):
    store.add(learning_log())
    gone = store.add(learning_log())
    store.delete(gone.id)
    frame = store.frame(LearningLogEntry)
    fields = [s.name for s in LearningLogEntry.specs()]
    assert list(frame.columns) == ["id", "created", "updated", "revision", "tags", *fields]
    assert len(frame) == 1
    assert frame.loc[0, "location"] == "The café by the station"


@pytest.mark.sqlite_only
def test_store_file_is_private_to_the_learner_even_under_a_permissive_umask(tmp_path):
    old = os.umask(0o000)
    try:
        path = tmp_path / "new-folder" / "mentorkit.db"
        Store.open(path).close()
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


@pytest.mark.sqlite_only
def test_default_location_follows_mentorkit_home(tmp_path, monkeypatch):
    monkeypatch.setenv("MENTORKIT_HOME", str(tmp_path / "kit"))
    monkeypatch.delenv("MENTORKIT_STORE_URL", raising=False)
    with Store.open() as opened:
        assert opened.path == tmp_path / "kit" / "mentorkit.db"


@pytest.mark.sqlite_only
def test_a_store_from_release_one_opens_and_is_brought_up_to_date(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(os.path.join(FIXTURES, "store-v1.db"), path)
    with Store.open(path, owner="learner") as old:
        assert old.schema_version() == SCHEMA_VERSION
        entries = old.find(LearningLogEntry)
        assert [e.context for e in entries] == [
            "Second session, on video.",
            "First meeting with my mentor, Ayesha.",
        ]
        assert [e.id for e in old.find(text="agreement")] == ["a1"]
        assert [e.id for e in old.find(since=date(2025, 3, 15))] == ["a2"]
        assert entries[0].tags == ["first-steps"]
        updated = old.update("a1", thoughts="Added after the upgrade")
        assert [h.revision for h in old.history("a1")] == [1, 2] and updated.revision == 2


@pytest.mark.sqlite_only
def test_a_store_from_release_two_is_brought_up_to_date_and_searches_as_before(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(os.path.join(FIXTURES, "store-v2.db"), path)
    with Store.open(path, owner="learner") as old:
        assert old.schema_version() == SCHEMA_VERSION
        assert [e.id for e in old.find()] == ["b2", "b1"] and [e.id for e in old.trash()] == ["b3"]
        assert [e.id for e in old.find(text="silence")] == ["b1"]
        assert [e.id for e in old.find(text="summarise", tags=["supervision"])] == ["b1"]
        assert old.drafts.get("learning-log") == {"context": "Half-written: the coaching circle"}
        old.update("b1", learning_points="Quiet helps.", thoughts=None)
        assert old.find(text="room") == []  # the old text left the index
        assert [e.id for e in old.find(text="quiet")] == ["b1"]
        assert [h.revision for h in old.history("b1")] == [1, 2, 3]


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("release", "edited", "binned", "animal", "draft"),
    [(3, "c1", "c3", "a heron", "the review meeting"),
     (4, "d1", "d3", "an otter", "the quarterly check-in")],
)  # fmt: skip
def test_a_store_from_release_three_or_four_keeps_each_revision_once_through_more_edits(
    tmp_path, release, edited, binned, animal, draft
):
    path = tmp_path / "old.db"
    shutil.copy(os.path.join(FIXTURES, f"store-v{release}.db"), path)
    with Store.open(path, owner="learner") as old:
        assert old.schema_version() == SCHEMA_VERSION
        assert [e.id for e in old.trash()] == [binned]
        assert [e.id for e in old.find(text="timekeeping")] == [edited]  # queued when made
        assert [e.context for e in old.find(text=animal.split()[1])] == [
            f"Watched {animal} at lunch."
        ]
        assert old.drafts.get("learning-log") == {"context": f"Half-written: {draft}"}
        # release 3 kept the current revision in `revisions` too: each is read once
        assert [h.revision for h in old.history(edited)] == [1, 2, 3]
        assert [h.revision for h in old.history(binned)] == [1]
        old.update(edited, thoughts="Ask Ines how she plans the close.")
        history = old.history(edited)
        assert [h.revision for h in history] == [1, 2, 3, 4]
        assert [h.learning_points for h in history[2:]] == ["Timekeeping can be kind."] * 2
        assert history[3].thoughts == "Ask Ines how she plans the close."
        assert history[0].thoughts is None and history[1].thoughts.startswith("She kept")


def _index_rows(path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT id, count(*) FROM search GROUP BY id").fetchall())


@pytest.mark.sqlite_only
def test_saves_are_indexed_in_batches_and_always_before_a_search(store, store_path):
    from mentorkit.store.sqlite.search import SEARCH_BATCH

    first = [store.add(learning_log(thoughts=f"Entry {n} about rapport.")) for n in range(5)]
    store.update(first[0].id, thoughts="Rewritten: about trust now.")
    assert _index_rows(store_path) == {}  # queued, not yet indexed
    assert [r.id for r in store.find(text="trust")] == [first[0].id]
    assert _index_rows(store_path) == {r.id: 1 for r in first}
    assert len(store.find(text="rapport")) == 4  # the first one's old words are gone

    more = [store.add(learning_log()) for _ in range(SEARCH_BATCH)]
    indexed = _index_rows(store_path)
    assert set(indexed) == {r.id for r in first + more} and set(indexed.values()) == {1}
    # The index is written without a flush to disk; every save after it is flushed again.
    assert store._conn.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL


@pytest.mark.sqlite_only
def test_a_search_finds_queued_entries_while_another_program_holds_the_store(store_path):
    with Store.open(store_path, owner="learner", timeout=0.2) as store:
        kept = store.add(learning_log(thoughts="Notes about the kestrel project."))
        changed = store.add(learning_log(thoughts="An old word: heron."))
        store.find(text="heron")  # indexed with its old words
        store.update(changed.id, thoughts="A new word: osprey.")
        other = sqlite3.connect(store_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # a sync tool, a second kernel mid-save
        try:
            assert [r.id for r in store.find(text="kestrel")] == [kept.id]
            assert [r.id for r in store.find(text="osprey")] == [changed.id]
            assert store.find(text="heron") == []
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert [r.id for r in store.find(text="osprey")] == [changed.id]
        assert _index_rows(store_path) == {kept.id: 1, changed.id: 1}


@pytest.mark.sqlite_only
def test_a_save_does_not_wait_on_another_program_for_the_index_only(store_path):
    """Every 32nd save indexes the queue after its entry is kept; if another program holds
    the store just then, the save returns and the queue waits for the next save."""
    from mentorkit.store.sqlite.search import SEARCH_BATCH

    with Store.open(store_path, owner="learner", timeout=8) as store:
        for _ in range(SEARCH_BATCH - 1):
            store.add(learning_log(thoughts="Queued words about rapport."))
        store._queue_full = True  # as the next save leaves it, once its entry is kept
        other = sqlite3.connect(store_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            started = time.monotonic()
            store._after_save()
            waited = time.monotonic() - started
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert waited < 4, f"the save waited {waited:.1f} s for the index"  # not the 8 s
        assert _index_rows(store_path) == {}  # still queued
        assert store._conn.execute("PRAGMA busy_timeout").fetchone() == (8000,)
        store.add(learning_log(thoughts="One more about rapport."))
        assert len(_index_rows(store_path)) == SEARCH_BATCH  # the next save indexed them
        assert len(store.find(text="rapport")) == SEARCH_BATCH


@pytest.mark.sqlite_only
def test_purging_an_entry_not_yet_indexed_leaves_nothing_queued(store, store_path):
    gone = store.add(learning_log(thoughts="Quokkabridge and other secrets."))
    kept = store.add(learning_log())
    store.purge(gone.id)
    with sqlite3.connect(store_path) as conn:
        assert conn.execute("SELECT id FROM search_queue").fetchall() == [(kept.id,)]
    assert store.find(text="Quokkabridge") == []
    assert _index_rows(store_path) == {kept.id: 1}


def test_backup_is_a_complete_private_copy(store, tmp_path):
    saved = store.add(learning_log())
    copy = store.backup(tmp_path / "backups" / "copy.db")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    with Store.open(copy, owner="learner") as restored:
        assert restored.get(saved.id) == saved


def test_tags_links_and_partnership_given_with_a_new_record_are_kept(store):
    partnership = store.add(Partnership(partner="Priya", my_role="Mentor", status="Active"))
    session = SessionRecord(
        date=date(2026, 10, 5), partnership=partnership.id, links=[partnership.id], tags=["first"]
    )
    saved = store.add(session)
    assert (saved.partnership, saved.links, saved.tags) == (
        partnership.id,
        [partnership.id],
        ["first"],
    )
    assert store.get(saved.id) == saved


def test_every_envelope_field_is_read_back_from_the_column_it_was_written_to():
    """Rows are read by position, for speed: a column read in the wrong place fails here."""
    from mentorkit.store.rows import COLUMN_NAMES, from_row, new_row

    values = {
        spec.name: {
            "datetime": datetime(2026, 1, 1 + n, 9, n, tzinfo=UTC),
            "items": [f"{spec.name} {n}"],
            "number": n,
        }.get(spec.type, f"{spec.name} {n}")
        for n, spec in enumerate(LearningLogEntry.envelope_specs())
        if spec.name in LearningLogEntry.model_fields  # the kind is the class's own
    }
    record = learning_log().model_copy(update=values)
    row = new_row(record, record.content())
    assert from_row(tuple(row[name] for name in COLUMN_NAMES)) == record


def test_the_cohort_policies_name_kinds_and_fields_that_records_still_have():
    """The released schema's SQL names the proposal kinds and their fields, as it must (a
    step is kept as it was released): renaming one in records needs a new step too."""
    import re

    from mentorkit.records import KINDS
    from mentorkit.store.schema import STEPS

    sql = "".join(step.statements["postgresql"] for step in STEPS.values())
    kinds = set(re.findall(r"kind (?:<>|=) '([a-z-]+)'", sql))
    fields = set(re.findall(r"body->>?'([a-z_]+)'", sql))
    assert kinds and kinds <= set(KINDS)
    assert fields and all(any(f in KINDS[k].model_fields for k in kinds) for f in fields)


def test_other_packages_use_the_store_s_public_face_only():
    """What `mentorkit.store.__all__` names is the store's face; its modules are its own."""
    import ast
    from pathlib import Path

    import mentorkit.store

    package = Path(mentorkit.store.__file__).parents[1]
    assert all(hasattr(mentorkit.store, name) for name in mentorkit.store.__all__)
    reaching, unlisted = [], []
    for path in package.rglob("*.py"):
        if path.is_relative_to(package / "store"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "mentorkit.store."
            ):
                reaching.append(f"{path.relative_to(package)}:{node.lineno}")
            elif isinstance(node, ast.ImportFrom) and node.module == "mentorkit.store":
                unlisted += [a.name for a in node.names if a.name not in mentorkit.store.__all__]
    assert reaching == [] and unlisted == []


def test_stored_json_the_fast_reader_refuses_still_loads():
    """NaN and escaped lone surrogates are valid to Python's json module, which wrote them."""
    import math

    from mentorkit.store.stored import loads

    assert math.isnan(loads('{"hours": NaN}')["hours"])
    assert loads('["\\ud800"]') == ["\ud800"]
    assert loads('{"a": [1, "é"]}') == {"a": [1, "é"]}
    assert loads("[]") == [] and loads(b"[]") == []


@pytest.mark.sqlite_only
def test_a_goal_saved_by_release_six_is_dated_by_the_day_it_was_set_after_the_upgrade(tmp_path):
    from mentorkit.records import Goal

    path = tmp_path / "old.db"
    with Store.open(path, owner="learner") as store:
        goal = store.add(Goal(specific="Chair a meeting", status="Not started",
                              target_date=date(2099, 3, 31)))  # fmt: skip
        entry = store.add(learning_log(date=date(2026, 1, 5)))
    with sqlite3.connect(path) as conn:  # as release 6 kept it: dated by its target
        conn.execute("UPDATE records SET day = '2099-03-31' WHERE id = ?", (goal.id,))
        conn.execute("UPDATE schema_version SET version = 6")
    with Store.open(path, owner="learner") as old:
        assert old.schema_version() == SCHEMA_VERSION
        assert [r.id for r in old.find()] == [goal.id, entry.id]
        assert old.find(since=date(2099, 1, 1)) == []
        assert goal.id in [r.id for r in old.find(until=date.today())]
