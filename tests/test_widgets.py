"""The generated form, driven without a browser: the same calls the Save button makes."""

from __future__ import annotations

import asyncio
import re
import threading
from datetime import date

import ipywidgets as w
import pytest
from on_screen import walk

from mentorkit.forms import Form, form
from mentorkit.records import KINDS, LearningLogEntry, SessionRecord
from mentorkit.widgets import RowsField

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)>"


def _fill(entry: Form, **values):
    for name, value in values.items():
        entry.fields[name].value = value


def _status_text(entry: Form) -> str:
    return re.sub(r"<[^>]+>", "", entry.status.value)


@pytest.mark.parametrize("kind", KINDS.values(), ids=list(KINDS))
def test_every_kind_gets_a_form_with_a_labelled_input_per_simple_field(kind, store):
    built = form(kind, store=store)
    assert list(built.fields) == [s.name for s in kind.specs()]
    for name, field in built.fields.items():
        spec = kind.spec(name)
        if spec.type == "rows":
            assert isinstance(field, RowsField)
            row = field.add_row()
            for sub in spec.row.specs():
                assert row.fields[sub.name].input.description.startswith(f"{sub.label} (row 1)")
            continue
        assert field.input.description.startswith(spec.label)
        assert field.input.description.endswith(" *") == spec.required


def test_field_types_get_the_right_widgets(store):
    built = form(SessionRecord, store=store)
    expected = {
        "date": w.Text, "start": w.Text, "duration": w.Text,
        "attendees": w.Textarea, "mode": w.Dropdown, "agenda_shared": w.Checkbox,
        "summary": w.Textarea,
    }  # fmt: skip
    for name, widget in expected.items():
        assert isinstance(built.fields[name].input, widget), name


def test_save_says_when_and_lists_the_entry_below(store):
    entry = form(LearningLogEntry, store=store)
    _fill(entry, context="Met Sam", what_i_did="Listened", learning_points="Pause more")
    saved = entry.save()
    assert saved is not None and saved.revision == 1
    assert re.fullmatch(r"Saved at \d\d:\d\d\.", _status_text(entry))
    assert entry.new_button.layout.display is None
    assert [r.id for r in store.find()] == [saved.id]
    assert entry.entries.lines == [f"{date.today():%-d %b %Y} · Met Sam"]


def test_saving_again_makes_a_new_revision_not_a_duplicate(store):
    entry = form(LearningLogEntry, store=store)
    _fill(entry, context="Met Sam", what_i_did="Listened", learning_points="Pause more")
    first = entry.save()
    entry.fields["thoughts"].value = "An afterthought"
    second = entry.save()
    assert second.id == first.id and second.revision == 2
    assert len(store.find()) == 1


def test_saving_again_with_nothing_changed_says_so_and_adds_no_revision(store):
    entry = form(LearningLogEntry, store=store)
    _fill(entry, context="Met Sam", what_i_did="Listened", learning_points="Pause more")
    first = entry.save()
    again = entry.save()
    assert again.revision == first.revision == 1
    assert "Nothing has changed since" in _status_text(entry)
    assert [h.revision for h in store.history(first.id)] == [1]


def test_new_entry_clears_the_form_and_keeps_the_saved_one(store):
    entry = form(LearningLogEntry, store=store)
    _fill(entry, context="Met Sam", what_i_did="Listened", learning_points="Pause more")
    entry.save()
    entry.new_entry()
    assert entry.fields["context"].value == "" and entry.record is None
    assert entry.fields["date"].value == date.today()
    assert len(store.find()) == 1


def test_empty_required_fields_are_named_next_to_them_and_typing_is_kept(store):
    entry = form(LearningLogEntry, store=store)
    _fill(entry, thoughts="Half a thought I must not lose")
    assert entry.save() is None
    for name in ("context", "what_i_did", "learning_points"):
        assert "please fill this in" in entry.fields[name].problem, name
        assert 'role="alert"' in entry.fields[name].note.value
    assert entry.fields["thoughts"].problem is None
    assert 'role="alert"' not in entry.fields["thoughts"].note.value
    assert entry.fields["thoughts"].value == "Half a thought I must not lose"
    assert "3 boxes need your attention" in _status_text(entry)
    assert store.find() == []


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("23/11/12026", "“23/11/12026” is not a date; write it like 23/11/2026"),
        ("31/02/2026", "31 February 2026 is not a date: February 2026 has 28 days"),
        ("1/5/1202", "the year 1202 looks mistyped"),
        ("next Tuesday", "“next Tuesday” is not a date"),
    ],
)
def test_an_impossible_date_is_named_and_stays_as_typed(store, typed, named):
    """The browser's date picker showed 23/11/12026 while the kernel held 1202 (the last
    year it could read as it was typed): the learner saved a date they never saw."""
    entry = form(LearningLogEntry, store=store)
    _fill(entry, context="Met Sam", what_i_did="Listened", learning_points="Pause more")
    entry.fields["date"].input.value = typed
    assert entry.save() is None
    assert named in entry.fields["date"].problem
    assert entry.fields["date"].input.value == typed
    assert store.find() == []


def test_half_a_time_is_named_not_saved_as_no_time(store):
    """The browser's time box handed the kernel nothing for "14:" and the entry was saved
    without its start time, unsaid."""
    entry = form(SessionRecord, store=store)
    entry.fields["start"].input.value = "14:"
    assert entry.save() is None
    assert "“14:” is not a time; write it like 14:30" in entry.fields["start"].problem
    entry.fields["start"].input.value = "25:00"
    assert entry.save() is None and "25:00 is not a time of day" in entry.fields["start"].problem
    entry.fields["start"].input.value = "9.30"
    assert entry.save().start.isoformat() == "09:30:00"
    again = form(SessionRecord, store=store)
    again.fields["start"].value = entry.record.start
    assert again.fields["start"].input.value == "09:30"


def test_a_date_is_typed_day_first_and_shown_day_first(store):
    entry = form(LearningLogEntry, store=store)
    _fill(entry, context="Met Sam", what_i_did="Listened", learning_points="Pause more")
    entry.fields["date"].input.value = " 3 March 2026 "
    saved = entry.save()
    assert saved is not None and saved.date == date(2026, 3, 3)
    again = form(LearningLogEntry, store=store)
    again.fields["date"].value = saved.date
    assert again.fields["date"].input.value == "3/3/2026"
    again.fields["date"].input.value = "03/11/2026"  # said back, so 3/11 is not read as 11 March
    assert "Day first, like 23/11/2026. Read as Tuesday 3 November 2026." in (
        again.fields["date"].note.value
    )


def test_errors_clear_once_the_entry_is_put_right(store):
    entry = form(LearningLogEntry, store=store)
    entry.save()
    _fill(entry, context="c", what_i_did="d", learning_points="l")
    assert entry.save() is not None
    assert all(f.problem is None and "alert" not in f.note.value for f in entry.fields.values())


def test_hostile_text_is_saved_exactly_and_never_reaches_html_unescaped(store):
    entry = form(LearningLogEntry, store=store)
    _fill(entry, location=HOSTILE, context=HOSTILE, what_i_did=HOSTILE, learning_points=HOSTILE)
    saved = entry.save()
    assert store.get(saved.id).context == HOSTILE
    html_widgets = [c for c in walk(entry) if isinstance(c, w.HTML)]
    assert not any("<script>" in h.value or "<img" in h.value for h in html_widgets)


def test_a_store_problem_is_shown_in_words_and_nothing_typed_is_lost(tmp_path, monkeypatch):
    (tmp_path / "mentorkit.db").write_bytes(b"this is not a database at all" * 100)
    monkeypatch.setenv("MENTORKIT_HOME", str(tmp_path))
    entry = form(LearningLogEntry)
    assert "not a mentorkit store, or it is damaged" in _status_text(entry)
    _fill(entry, context="Precious words", what_i_did="d", learning_points="l")
    assert entry.save() is None
    assert "not a mentorkit store, or it is damaged" in _status_text(entry)
    assert entry.fields["context"].value == "Precious words"


def _in_a_kernel(monkeypatch, scenario) -> None:
    """Run `scenario(loop)` as a kernel would: on a thread with an event loop of its own
    that the form takes for the kernel's (the browser tests' Playwright keeps a loop on
    this thread, and a store is used on the thread that opened it)."""
    from mentorkit import forms

    loop = asyncio.new_event_loop()
    monkeypatch.setattr(forms, "kernel_loop", lambda: loop)
    failed: list[BaseException] = []

    def run() -> None:
        try:
            scenario(loop)
        except BaseException as exc:
            failed.append(exc)
        finally:
            loop.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    assert not thread.is_alive()
    if failed:
        raise failed[0]


def test_a_save_clicked_in_the_page_waits_for_the_words_still_on_their_way(tmp_path, monkeypatch):
    from mentorkit import forms
    from mentorkit.store import Store

    def scenario(loop):
        with Store.open(tmp_path / "store.db", owner="learner") as store:
            entry = form(LearningLogEntry, store=store)
            _fill(entry, context="Typed fast", what_i_did="Pressed Save", learning_points="First")
            entry.save_button.click()
            entry.save_button.click()  # an impatient second click saves once
            assert "Saving" in _status_text(entry) and store.find() == []

            async def typing_arrives_after_the_click():
                await asyncio.sleep(forms.SAVE_QUIET / 2)
                entry.fields["learning_points"].value = "First and last"
                await asyncio.sleep(forms.SAVE_QUIET * 2)

            loop.run_until_complete(typing_arrives_after_the_click())
            [saved] = store.find()
            assert saved.learning_points == "First and last"
            assert re.search(r"Saved at \d\d:\d\d", _status_text(entry))

    _in_a_kernel(monkeypatch, scenario)


def test_a_waiting_save_is_not_put_off_for_ever_by_typing(tmp_path, monkeypatch):
    from mentorkit import forms
    from mentorkit.store import Store

    monkeypatch.setattr(forms, "SAVE_WAIT_MOST", forms.SAVE_QUIET * 2)

    def scenario(loop):
        with Store.open(tmp_path / "store.db", owner="learner") as store:
            entry = form(LearningLogEntry, store=store)
            _fill(entry, context="Still typing", what_i_did="Kept on", learning_points="a")
            entry.save_button.click()

            async def typing_without_a_pause():
                for n in range(12):
                    entry.fields["thoughts"].value = "word " * n
                    await asyncio.sleep(forms.SAVE_QUIET / 3)

            loop.run_until_complete(typing_without_a_pause())
            assert len(store.find()) == 1
            entry.keep_draft()  # the words typed after the save, while this store is open

    _in_a_kernel(monkeypatch, scenario)


def test_a_form_left_after_only_adding_a_row_keeps_no_draft_and_offers_none(store):
    entry = form(SessionRecord, store=store)
    entry.fields["actions"].add_row()
    entry.fields["agenda"].value = [""]
    assert entry.draft_values() == {} and store.drafts.keys("form:") == []
    again = form(SessionRecord, store=store)
    assert again.notice.value == "" and again.discard_button.layout.display == "none"
    assert again.fields["actions"].value == []


def test_a_draft_of_nothing_left_by_an_older_release_is_not_offered_and_is_let_go(store):
    key = form(LearningLogEntry, store=store).draft_key
    store.drafts.save(key, {"date": date.today().isoformat(), "context": "", "tags": ""})
    again = form(LearningLogEntry, store=store)
    assert again.notice.value == "" and store.drafts.get(key) is None


def test_a_saved_entry_opens_in_the_form_and_its_save_is_a_new_revision(store):
    entry = form(LearningLogEntry, store=store)
    _fill(entry, location="Meeting room 2", context="Met Sam", what_i_did="Listened",
          learning_points="Pause more")  # fmt: skip
    first = entry.save()
    entry.new_entry()
    _fill(entry, context="Second session", what_i_did="Asked", learning_points="Ask more")
    entry.save()
    entry.new_entry()
    entry.fields["thoughts"].value = "A new entry, half typed"
    [newer, older] = entry.entries.buttons
    assert older.description == f"{date.today():%-d %b %Y} · Met Sam"
    older.click()
    assert entry.record.id == first.id and entry.fields["context"].value == "Met Sam"
    assert entry.fields["location"].value == "Meeting room 2"
    assert "opened to change" in _status_text(entry)
    entry.fields["thoughts"].value = "An afterthought"
    saved = entry.save()
    assert (saved.id, saved.revision, len(store.find())) == (first.id, 2, 2)
    entry.new_entry()  # the entry begun before one was opened is still there
    assert entry.fields["thoughts"].value == "A new entry, half typed"
    assert "We kept what you were typing" in entry.notice.value


def test_an_entry_that_went_since_the_list_was_shown_says_so_and_keeps_the_form(store):
    entry = form(LearningLogEntry, store=store)
    _fill(entry, context="Met Sam", what_i_did="Listened", learning_points="Pause more")
    saved = entry.save()
    entry.new_entry()
    store.purge(saved.id)
    entry.entries.buttons[0].click()
    assert entry.record is None and entry.status.value
