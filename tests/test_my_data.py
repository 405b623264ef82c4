"""The My data page, driven through its buttons' methods on a real store file (and, for a
cohort, a real PostgreSQL server): download everything, erase for good only after a
confirmation that names what will go, and delete the copies made."""

from __future__ import annotations

import html
import io
import json
import re
import sqlite3
import zipfile
from datetime import date

import pytest
from factories import learning_log
from on_screen import find, lines, text, visible

from mentorkit.apps.my_data import my_data
from mentorkit.errors import RecordNotFound
from mentorkit.records import LearningLogEntry, MenteeFeedback, SessionRecord
from mentorkit.store import Store, form_draft
from mentorkit.transfer import export_archive, read_archive

SECRET = "Zebra-crossing confession 7731"


@pytest.fixture
def path(tmp_path):
    return tmp_path / "home" / "mentorkit.db"


@pytest.fixture
def store(path):
    with Store.open(path, owner="learner") as opened:
        yield opened


def _question(view) -> str:
    """The question waiting for an answer, as the learner reads it."""
    asking = [c for c in (view.erasing, view.deleting) if visible(c.asking)]
    return html.unescape(re.sub(r"<[^>]+>", "", asking[0].question.value)) if asking else ""


def _said(view) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", v)) for v in lines(view))


def _edited_secret(store):
    """A learning log entry edited three times (four revisions), with a draft of an edit."""
    saved = store.add(learning_log(thoughts=SECRET))
    for n in range(3):
        store.update(saved.id, feelings=f"{SECRET} edit {n}")
    store.drafts.save(form_draft(saved.kind, saved.id), {"thoughts": f"{SECRET} unsaved"})
    return saved


def test_nothing_is_erased_until_the_learner_confirms_what_the_question_names(store):
    saved = _edited_secret(store)
    view = my_data(store)
    assert view.record.options[1][1] == saved.id  # the learner's own record is offered

    view.record.value = saved.id
    view.ask_erase()
    question = _question(view)
    assert question.startswith(
        "Erase “Learning log entry of 2 November 2026: Second session with Priya"
    )
    assert "and all 4 of its revisions for good?" in question
    assert "There is no undo" in question
    assert store.get(saved.id).revision == 4  # asked, not done

    view.cancel()
    assert _question(view) == "" and "nothing has been erased" in _said(view)
    assert not view.confirm()  # a confirm with no question waiting does nothing
    assert [r.id for r in store.find()] == [saved.id]

    view.ask_erase(saved.id)
    assert view.confirm()
    assert not view.confirm()  # a double click's second press: nothing more, nothing said
    assert store.find() == []
    assert "Erased “Learning log entry of 2 November 2026" in _said(view)
    assert [o[1] for o in view.record.options] == [None]


def test_erasing_one_record_takes_its_history_search_entry_and_drafts(store, path):
    saved = _edited_secret(store)
    keep = store.add(learning_log(thoughts="an entry that stays"))
    view = my_data(store)
    view.ask_erase(saved.id)
    view.confirm()

    assert [r.id for r in store.find()] == [keep.id]
    assert store.find(text="Zebra") == []
    with pytest.raises(RecordNotFound):
        store.history(saved.id)
    assert store.drafts.keys() == []
    raw = sqlite3.connect(path)
    raw.execute("VACUUM")
    raw.close()
    for file in path.parent.iterdir():
        assert b"Zebra" not in file.read_bytes(), file.name


def test_erasing_everything_asks_with_the_count_and_leaves_nothing(store):
    _edited_secret(store)
    store.add(SessionRecord(date=date(2026, 12, 3), summary="Meeting with Sam"))
    binned = store.add(learning_log(thoughts="binned"))
    store.delete(binned.id)
    store.drafts.save("learning-log", {"thoughts": "half a thought"})
    view = my_data(store)

    view.ask_erase_all()
    assert _question(view).startswith("Erase all 3 records you keep for good")
    assert len(store.find()) == 2  # not before the confirm
    view.confirm()
    assert store.find() == [] and store.trash() == [] and store.drafts.keys() == []
    assert "Erased 3 records for good" in _said(view)
    assert view.erase_all_button.disabled
    view.ask_erase_all()
    assert "nothing to erase" in _said(view) and _question(view) == ""


def test_the_download_is_the_whole_export_and_leaves_no_copy_behind(store, path, tmp_path):
    saved = _edited_secret(store)
    view = my_data(store)
    data = view.prepare_download()

    link = view.download.value
    assert 'download="mentorkit-export-' in link and "data:application/zip;base64," in link
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["records"][LearningLogEntry.kind] == 1
    (tmp_path / "downloaded.zip").write_bytes(data)
    history = read_archive(tmp_path / "downloaded.zip").histories[LearningLogEntry.kind][0]
    assert [r.revision for r in history] == [1, 2, 3, 4] and history[0].id == saved.id
    assert "ready" in _said(view) and "confidential" in _said(view)
    assert store.backups() == []  # the file written on the way was removed, and not listed

    view.ask_erase(saved.id)
    view.confirm()
    assert view.download.value == ""  # a link made earlier held what was just erased


def test_an_export_too_big_for_the_page_says_so_and_offers_no_half_link(store, monkeypatch):
    from mentorkit.apps import my_data as page

    store.add(learning_log())
    monkeypatch.setattr(page, "MAX_LINK_BYTES", 100)
    view = my_data(store)
    assert view.prepare_download() is None
    assert view.download.value == "" and "too big to hand to your browser" in _said(view)
    assert store.backups() == []


def test_copies_are_listed_and_deleted_each_or_all_only_after_confirming(store, tmp_path):
    store.add(learning_log())
    first = store.backup(tmp_path / "copies" / "first.db")
    export_archive(store, tmp_path / "copies" / "everything.zip")
    second = store.backup(tmp_path / "copies" / "second.db")
    view = my_data(store)
    shown = text(view.copies)
    assert all(str(p) in shown for p in (first, second, tmp_path / "copies" / "everything.zip"))
    assert "export of every record" in shown and "backup" in shown

    find(view.copies, "Delete…").click()  # the oldest: the first backup
    assert _question(view).startswith(f"Delete the backup made {date.today():%-d %b %Y} at")
    assert str(first.resolve()) in _question(view) and first.exists()
    view.confirm()
    assert not first.exists() and second.exists()
    assert str(first) not in text(view.copies) and "Deleted 1 copy for good" in _said(view)

    view.ask_erase_all()
    view.confirm()
    assert "may still hold what you erased" in _said(view)

    view.ask_delete_copies()
    assert _question(view).startswith("Delete all 2 copies (the export of every record made")
    assert "everything.zip" in _question(view) and "second.db" in _question(view)
    assert second.exists()
    view.confirm()
    assert not second.exists() and not (tmp_path / "copies" / "everything.zip").exists()
    assert store.backups() == []
    assert "No backups or exports have been made" in text(view.copies)


def test_a_copy_the_store_never_made_is_not_deleted(store, tmp_path):
    stranger = tmp_path / "holiday.jpg"
    stranger.write_bytes(b"not a copy")
    view = my_data(store)
    view.ask_delete_copy(stranger)
    assert _question(view) == "" and "not a copy of your store" in _said(view)
    assert stranger.exists()
    view.ask_delete_copies()
    assert _question(view) == "" and "nothing to delete" in _said(view)


def test_a_locked_store_says_so_and_loses_nothing(path):
    with Store.open(path, owner="learner") as store:
        saved = _edited_secret(store)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        with Store.open(path, owner="learner", timeout=0.3) as store:
            view = my_data(store)
            view.ask_erase(saved.id)
            other.execute("BEGIN IMMEDIATE")  # a second page, mid-save
            assert not view.confirm()
            other.execute("ROLLBACK")
            said = _said(view)
            assert "busy" in said and "Traceback" not in said and "Erased" not in said
            assert store.get(saved.id).revision == 4
            assert store.drafts.keys() == [form_draft(saved.kind, saved.id)]
    finally:
        other.close()


def test_a_read_only_store_says_so_on_every_button_and_nothing_changes(path, monkeypatch):
    with Store.open(path, owner="learner") as store:
        _edited_secret(store)
    before = path.read_bytes()
    monkeypatch.setenv("MENTORKIT_HOME", str(path.parent))
    path.chmod(0o400)
    try:
        view = my_data()  # the learner's own store, as the notebook opens it
        assert "read-only" in _said(view)
        for press in (view.prepare_download, view.ask_erase_all, view.ask_delete_copies):
            press()
        assert view.confirm() is False and _question(view) == ""
    finally:
        path.chmod(0o600)
    said = _said(view)
    assert said.count("read-only") >= 3 and "Traceback" not in said and "Erased" not in said
    assert path.read_bytes() == before


# a cohort, on a real PostgreSQL server ----------------------------------------------


def test_in_a_cohort_only_the_learners_own_records_go_and_the_page_says_what_stays(group):
    """Amira mentors Ben (conftest's `group`): she wrote the partnership and a session record
    she shares with him; he wrote a private log entry and feedback in their partnership."""
    with group.store("amira") as amira:
        amira_before = {r.id for r in amira.find()} | {r.id for r in amira.trash()}
    with group.store("ben") as ben:
        view = my_data(ben)
        keeps = _said(view)
        assert "only the records you wrote are erased" in keeps
        assert "What your partners wrote and share with you stays theirs" in keeps
        assert "(2 records): Mentoring partnership of" in keeps and ": amira, by amira" in keeps
        assert "Session record of 6 October 2026" in keeps and "by amira" in keeps
        assert "In a cohort your records live in the cohort's database" in text(view.copies)
        assert {o[1] for o in view.record.options} == {None, *(r.id for r in ben.find(
            ) if r.owner == "ben")}  # fmt: skip

        with zipfile.ZipFile(io.BytesIO(view.prepare_download())) as archive:
            exported = json.loads(archive.read("manifest.json"))["records"]
        assert {k: n for k, n in exported.items() if n} == {
            LearningLogEntry.kind: 1,
            MenteeFeedback.kind: 1,
        }

        view.ask_erase(group.session)  # Amira's, shared with him: not his to erase
        assert _question(view) == "" and "only they can erase it" in _said(view)

        view.ask_erase_all()
        assert _question(view).startswith("Erase all 2 records you keep for good")
        assert "Records your partners wrote stay theirs" in _question(view)
        view.confirm()
        assert [r.owner for r in ben.find() if r.audience != "cohort"] == ["amira", "amira"]
        assert ben.trash() == []
    with group.store("amira") as amira:
        left = {r.id for r in amira.find() if r.owner == "amira"} | {r.id for r in amira.trash()}
        assert left == amira_before - {group.feedback}
        assert group.feedback not in {r.id for r in amira.find()}  # Ben's, so gone with his
        assert amira.history(group.session)[-1].revision == 2


def test_in_a_cohort_erasing_one_record_takes_its_history_and_search_entry(group):
    with group.store("amira") as amira:
        target = group.private[0]
        view = my_data(amira)
        view.ask_erase(target)
        assert "and both of its revisions" in _question(view)
        view.confirm()
        assert target not in {r.id for r in amira.find()}
        assert amira.find(text="doubts") == []
        assert amira.drafts.keys() == ["learning-log"]  # a draft of a new entry is not its
    assert group.count("amira", "revisions WHERE record_id = %s", (target,)) == 0
    with group.store("ben") as ben:
        assert len([r for r in ben.find() if r.owner == "ben"]) == 2


def test_in_a_cohort_a_mentor_erasing_everything_leaves_the_mentees_records_his(group):
    with group.store("ben") as ben:
        bens = {r.id for r in ben.find() if r.owner == "ben"}
    with group.store("amira") as amira:
        view = my_data(amira)
        assert "(1 record): Mentee feedback of" in text(view.keeps) and "by ben" in text(view.keeps)
        view.ask_erase_all()
        assert _question(view).startswith("Erase all 5 records you keep for good")
        view.confirm()
        assert [r for r in amira.find() if r.owner == "amira"] == [] and amira.trash() == []
        assert amira.drafts.keys() == []
    with group.store("ben") as ben:
        assert {r.id for r in ben.find() if r.owner == "ben"} == bens
        assert group.session not in {r.id for r in ben.find()}
