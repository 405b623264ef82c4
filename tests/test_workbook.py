"""The workbook without a browser: row fields, links, drafts, journal, goal board, dashboard."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import ipywidgets as w
import pytest
from factories import learning_log
from on_screen import find, lines, text, walk

from mentorkit import figures
from mentorkit.apps.dashboard import COLOURS as CHART_COLOURS
from mentorkit.apps.dashboard import STYLE as CHART_STYLE
from mentorkit.apps.dashboard import (
    actions_figure,
    competency_figure,
    dashboard,
    hours_figure,
    ratings_figure,
    total_figure,
)
from mentorkit.apps.goals import goal_board
from mentorkit.apps.journal import journal
from mentorkit.errors import SettingProblem
from mentorkit.forms import Form, form
from mentorkit.ics import meeting_ics, next_meeting_ics
from mentorkit.records import (
    ActivityResponse,
    Goal,
    LearningLogEntry,
    MenteeFeedback,
    Partnership,
    ProgressReview,
    QuizAttempt,
    SessionRecord,
    TopicProgress,
)

TODAY = date.today()
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(1)>"


def _first_row(view) -> w.HBox:
    """The newest entry a journal lists: its Open button and its line."""
    return find(view.listing, kind=w.HBox)


def _entry(view) -> str:
    """The open entry's fields as the journal shows them (below any note about the entry)."""
    return find(view.detail, kind=w.HTML, where=lambda part: "mk-field" in part.value).value


def _session(**changes) -> SessionRecord:
    values = {"date": TODAY - timedelta(days=3), "duration": 1.5, "summary": "Talked rotas"}
    return SessionRecord(**{**values, **changes})


def test_rows_are_added_removed_and_saved_as_a_list(store):
    entry = form(SessionRecord, store=store)
    actions = entry.fields["actions"]
    for what in ("Book a room", "Draft the rota", "Ask Sam"):
        row = actions.add_row()
        row.fields["what"].value = what
    actions.rows[1].fields["due"].value = TODAY + timedelta(days=7)
    actions.remove_row(actions.rows[0])
    assert [r.fields["what"].input.description for r in actions.rows] == [
        "Action (row 1) *",
        "Action (row 2) *",
    ]
    saved = entry.save()
    assert [(a.what, a.due) for a in saved.actions] == [
        ("Draft the rota", TODAY + timedelta(days=7)),
        ("Ask Sam", None),
    ]


def test_a_row_with_a_missing_required_cell_is_named_and_kept(store):
    entry = form(SessionRecord, store=store)
    row = entry.fields["actions"].add_row()
    row.fields["who"].value = "Priya"
    assert entry.save() is None
    assert "row 1, Action: please fill this in" in entry.fields["actions"].problem
    assert entry.fields["actions"].rows[0].fields["who"].value == "Priya"


def test_an_agenda_of_four_items_is_refused_with_the_reason(store):
    entry = form(SessionRecord, store=store)
    entry.fields["agenda"].value = ["one", "two", "three", "four"]
    assert entry.save() is None
    assert "three main items" in entry.fields["agenda"].problem


def test_feedback_links_to_one_of_the_learners_sessions_and_survives_its_deletion(store):
    session = store.add(_session(summary="Our third session"))
    entry = form(MenteeFeedback, store=store)
    labels = [label for label, value in entry.fields["session"].input.options if value]
    assert labels == [f"{session.date:%-d %b %Y} · Our third session"]
    entry.fields["session"].value = session.id
    entry.fields["rating"].value = 4
    feedback = entry.save()
    store.delete(session.id)
    editor = form(MenteeFeedback, store=store)
    editor.fields["session"].value = feedback.session
    assert ("(deleted)", session.id) in editor.fields["session"].input.options


def test_typed_text_is_kept_as_a_draft_and_offered_after_a_reload(store):
    first = form(LearningLogEntry, store=store)
    first.fields["context"].value = "Half-typed thoughts about Tuesday"
    reloaded = form(LearningLogEntry, store=store)
    assert reloaded.fields["context"].value == "Half-typed thoughts about Tuesday"
    assert "We kept what you were typing" in reloaded.notice.value
    assert reloaded.children.index(reloaded.notice) == 1  # above the fields, not under Save
    reloaded.fields["what_i_did"].value = "Listened"
    reloaded.fields["learning_points"].value = "Wait longer"
    reloaded.save()
    assert store.drafts.get(reloaded.draft_key) is None and reloaded.notice.value == ""
    assert form(LearningLogEntry, store=store).fields["context"].value == ""


def test_a_half_typed_date_comes_back_from_a_draft_as_typed(store):
    form(LearningLogEntry, store=store).fields["date"].input.value = "31/0"
    assert form(LearningLogEntry, store=store).fields["date"].input.value == "31/0"


def test_a_discarded_draft_can_be_brought_back(store):
    form(LearningLogEntry, store=store).fields["thoughts"].value = "worth keeping after all"
    again = form(LearningLogEntry, store=store)
    again.discard_draft()
    assert again.fields["thoughts"].value == ""
    assert again.discard_button.description == "Undo discard"
    again.undo_discard()
    assert again.fields["thoughts"].value == "worth keeping after all"
    assert form(LearningLogEntry, store=store).fields["thoughts"].value == "worth keeping after all"


def test_a_draft_can_be_discarded(store):
    form(LearningLogEntry, store=store).fields["thoughts"].value = "not worth keeping"
    again = form(LearningLogEntry, store=store)
    again.discard_draft()
    assert again.fields["thoughts"].value == ""
    assert form(LearningLogEntry, store=store).fields["thoughts"].value == ""


def test_a_session_with_a_next_meeting_offers_a_calendar_file(store):
    entry = form(SessionRecord, store=store)
    entry.fields["date"].value = TODAY
    entry.fields["next_date"].value = date(2027, 1, 14)
    entry.fields["next_time"].value = time(9, 30)
    entry.fields["duration"].value = "1.5"
    saved = entry.save()
    [link] = entry.extra.children
    assert 'download="next-mentoring-session.ics"' in link.value
    [event] = _calendar(next_meeting_ics(saved, zone=ZoneInfo("Europe/London"))).events
    assert event.start == datetime(2027, 1, 14, 9, 30, tzinfo=ZoneInfo("Europe/London"))
    assert event.end - event.start == timedelta(hours=1.5)


def _calendar(ics: str):
    """The file as a calendar reads it: icalendar's parser, not our own."""
    from icalendar import Calendar

    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.endswith("END:VCALENDAR\r\n")
    return Calendar.from_ical(ics)


def test_a_meeting_is_at_the_same_instant_in_every_calendar():
    ics = meeting_ics("m1", date(2027, 7, 1), time(14, 30), zone=ZoneInfo("Europe/London"))
    calendar = _calendar(ics)
    [event] = calendar.events
    assert "DTSTART;TZID=Europe/London:20270701T143000" in ics
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/London"]
    assert calendar.get_missing_tzids() == set()
    assert event.start.astimezone(UTC) == datetime(2027, 7, 1, 13, 30, tzinfo=UTC)
    assert event.end.astimezone(UTC) == datetime(2027, 7, 1, 14, 30, tzinfo=UTC)
    winter = _calendar(meeting_ics("m2", date(2027, 1, 14), time(14, 30),
                                   zone=ZoneInfo("America/New_York")))  # fmt: skip
    assert winter.events[0].start.astimezone(UTC) == datetime(2027, 1, 14, 19, 30, tzinfo=UTC)


def test_the_zone_is_this_computers_unless_a_setting_chooses_one(monkeypatch):
    monkeypatch.setenv("MENTORKIT_TIMEZONE", "Asia/Kolkata")
    [event] = _calendar(meeting_ics("m3", date(2027, 3, 2), time(10, 0))).events
    assert event.start.astimezone(UTC) == datetime(2027, 3, 2, 4, 30, tzinfo=UTC)
    monkeypatch.delenv("MENTORKIT_TIMEZONE")
    [event] = _calendar(meeting_ics("m4", date(2027, 3, 2), time(10, 0))).events
    here = datetime(2027, 3, 2, 10, 0).astimezone()  # this computer's own reading of 10:00
    assert event.start.astimezone(UTC) == here.astimezone(UTC)


def test_an_unknown_zone_is_named_with_what_to_do_and_the_record_still_saves(store, monkeypatch):
    monkeypatch.setenv("MENTORKIT_TIMEZONE", "Europe/Londno")
    with pytest.raises(SettingProblem, match="Did you mean Europe/London") as problem:
        meeting_ics("m5", date(2027, 3, 2), time(10, 0))
    assert "'Europe/Londno'" in str(problem.value) and "unset it" in str(problem.value)
    entry = form(SessionRecord, store=store)
    entry.fields["date"].value = TODAY
    entry.fields["next_date"].value = TODAY + timedelta(days=14)
    entry.fields["next_time"].value = time(9, 30)
    saved = entry.save()
    assert store.get(saved.id).next_time == time(9, 30)
    [note] = entry.extra.children
    assert "Europe/Londno" in note.value and 'role="alert"' in note.value


def test_a_meeting_with_no_time_is_an_all_day_event():
    [event] = _calendar(meeting_ics("m6", date(2027, 2, 3), None)).events
    assert event.start == date(2027, 2, 3) and event.end == date(2027, 2, 4)
    assert event["DTSTART"].params["VALUE"] == "DATE"


def test_hostile_text_in_a_calendar_file_stays_text():
    hostile = "Plan; agree, review\\ then\nEND:VEVENT\nBEGIN:VALARM\n" + HOSTILE
    ics = meeting_ics("m7", date(2027, 2, 3), time(9, 0), summary=hostile,
                      description=hostile, zone=ZoneInfo("Europe/London"))  # fmt: skip
    assert "SUMMARY:Plan\\; agree\\, review\\\\ then\\nEND:VEVENT\\nBEGIN:VALARM" in ics
    calendar = _calendar(ics)
    [event] = calendar.events
    assert str(event["SUMMARY"]) == hostile and str(event["DESCRIPTION"]) == hostile
    assert not event.walk("VALARM") and len(calendar.walk("VEVENT")) == 1


def test_the_partner_is_invited_where_the_record_has_an_address():
    session = _session(
        id="s1", next_date=date(2027, 2, 3), next_time=time(9, 0),
        attendees=["Sam Patel <sam@example.org>", "Jo Bloggs", 'Eve "x";ROLE=CHAIR <eve@x.org>'],
    )  # fmt: skip
    [event] = _calendar(next_meeting_ics(session, zone=ZoneInfo("Europe/London"))).events
    invited = {str(a): dict(a.params) for a in event["ATTENDEE"]}
    assert invited["mailto:sam@example.org"]["CN"] == "Sam Patel"
    assert invited["mailto:eve@x.org"]["ROLE"] == "REQ-PARTICIPANT"
    assert "With: Jo Bloggs" in str(event["DESCRIPTION"])  # a name alone is no address


def test_journal_lists_newest_first_and_filters_by_kind_words_dates_and_tag(store):
    old = store.add(learning_log(date=date(2026, 1, 10), context="Rapport in January"))
    new = store.add(learning_log(date=date(2026, 3, 1), context="Goals in March"), tags=["goals"])
    store.add(_session(date=date(2026, 2, 1), summary="Session about rapport"))
    view = journal(store=store)
    assert [r.id for r in view.entries()][0] == new.id and len(view.entries()) == 3
    view.kind.value = LearningLogEntry
    assert [r.id for r in view.entries()] == [new.id, old.id]
    view.search.value = "rapport"
    assert [r.id for r in view.entries()] == [old.id]
    view.search.value = ""
    view.since.value = "1/2/2026"
    assert [r.id for r in view.entries()] == [new.id]
    view.since.value = ""
    view.tag.value = "goals"
    assert [r.id for r in view.entries()] == [new.id]


def test_tags_typed_in_a_form_are_saved_kept_in_a_draft_and_found_by_the_journal(store):
    entry = form(LearningLogEntry, store=store)
    for name, value in {"context": "c", "what_i_did": "d", "learning_points": "l"}.items():
        entry.fields[name].value = value
    entry.tags.value = " listening, goals ,listening, "
    saved = entry.save()
    assert saved.tags == ["listening", "goals"]
    view = journal(store=store)
    view.tag.value = "goals"
    assert [r.id for r in view.entries()] == [saved.id]

    entry.tags.value = "goals, " + "x" * 41
    assert entry.save() is None
    assert "keep each tag to 40 or fewer" in entry.tags.problem
    reloaded = journal(store=store)
    reloaded.edit(saved.id)
    editor = find(reloaded.detail, kind=Form)
    assert editor.tags.value == "goals, " + "x" * 41  # kept as a draft
    editor.tags.value = "<script>alert(1)</script>, a\x00b"
    assert editor.save() is None and "NUL" in editor.tags.problem
    editor.tags.value = "<script>alert(1)</script>"
    assert editor.save().tags == ["<script>alert(1)</script>"]
    reloaded.open_entry(saved.id)
    shown = _entry(reloaded)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown and "<script>" not in shown


def test_a_problem_inside_a_row_is_named_at_its_own_box(store):
    entry = form(SessionRecord, store=store)
    first, second = entry.fields["actions"].add_row(), entry.fields["actions"].add_row()
    first.fields["what"].value, second.fields["what"].value = "Book a room", "Send notes"
    second.fields["due"].input.value = "31/02/2026"
    assert entry.save() is None
    assert "February 2026 has 28 days" in second.fields["due"].problem
    assert first.fields["due"].problem is None and second.fields["what"].problem is None
    assert "row 2, Due" in entry.fields["actions"].problem  # and said under the title too
    entry.tags.value = "x" * 41  # a problem in the tags too: each still named at its box
    assert entry.save() is None
    assert "February 2026 has 28 days" in second.fields["due"].problem
    assert "keep each tag to 40" in entry.tags.problem
    entry.tags.value = ""
    second.fields["due"].input.value = "28/02/2026"
    assert entry.save() is not None and second.fields["due"].problem is None


def test_a_row_problem_after_an_empty_row_is_named_at_the_row_it_is_in(store):
    entry = form(ProgressReview, store=store)
    rows = [entry.fields["others"].add_row() for _ in range(3)]
    rows[2].fields["noticed"].value = "More questions, fewer answers"  # rows 1 and 2 empty
    assert entry.save() is None
    assert rows[2].fields["who"].problem == "please fill this in"
    assert rows[0].fields["who"].problem is None
    assert entry.fields["others"].problem.startswith("row 3, Who:")


def test_the_journal_leaves_out_what_the_course_keeps_for_itself(store):
    entry = store.add(learning_log(context="Rapport"))
    store.add(QuizAttempt(topic="06-smart-goals", score=3, out_of=4))
    store.add(TopicProgress(topic="06-smart-goals", complete=True))
    view = journal(store=store)
    assert [r.id for r in view.entries()] == [entry.id]
    kinds = [value for _, value in view.kind.options if value is not None]
    assert QuizAttempt not in kinds and TopicProgress not in kinds and LearningLogEntry in kinds


def test_journal_names_a_date_filter_it_cannot_use_by_the_list(store):
    store.add(learning_log(date=date(2026, 1, 10), context="Rapport in January"))
    view = journal(store=store)
    view.refresh()
    view.since.value = "31/02/2026"
    shown = text(view.listing)
    assert "From: 31 February 2026 is not a date" in shown
    view.since.value, view.until.value = "1 March 2026", "1/1/2026"
    shown = text(view.listing)
    assert "The From date (1 March 2026) is after the To date (1 January 2026)" in shown
    view.since.value, view.until.value = "", "31 Jan 2026"
    assert "10 Jan 2026 · Learning log" in text(_first_row(view))


def test_course_answers_are_shown_by_topic_and_activity_title_not_key(store):
    answers = [{"question": "Which part of SMART was hardest?", "answer": "Making it measurable"}]
    saved = store.add(
        ActivityResponse(topic="06-smart-goals", activity="make-it-smart", answers=answers)
    )
    view = journal(store=store)
    view.refresh()
    assert "Activity answer · Making it measurable" in text(_first_row(view))
    view.open_entry(saved.id)
    shown = _entry(view)
    assert "Topic 6: Setting SMART goals" in shown and "Make it SMART" in shown
    assert "06-smart-goals" not in shown and "make-it-smart" not in shown


def test_a_review_names_the_goals_it_reviews_by_their_words(store):
    goal = store.add(Goal(specific="Chair the weekly team meeting", status="Under way"))
    reviewed = [{"goal": goal.id, "progress": "Halfway"}]
    review = store.add(ProgressReview(date=TODAY, stage="Mid-way", goals=reviewed))
    view = journal(store=store)
    view.open_entry(review.id)
    assert "Chair the weekly team meeting" in _entry(view)


def test_changes_typed_in_a_journal_edit_survive_a_reload_and_are_pointed_out(store):
    saved = store.add(learning_log(thoughts="first thoughts"))
    view = journal(store=store)
    view.edit(saved.id)
    editor = find(view.detail, kind=Form)
    editor.fields["thoughts"].value = "second thoughts, not saved yet"
    reloaded = journal(store=store)
    reloaded.refresh()
    assert lines(_first_row(reloaded))[0].startswith("✎ unsaved changes · ")
    reloaded.open_entry(saved.id)
    assert "changes not yet saved" in text(reloaded.detail)
    reloaded.edit(saved.id)
    again = find(reloaded.detail, kind=Form)
    assert again.fields["thoughts"].value == "second thoughts, not saved yet"
    again.save()
    reloaded.refresh()
    assert "unsaved" not in text(_first_row(reloaded))


def test_a_journal_edit_saved_unchanged_says_so_and_cancel_drops_the_changes(store):
    saved = store.add(learning_log(thoughts="first thoughts"))
    view = journal(store=store)
    view.edit(saved.id)
    find(view.detail, kind=Form).save()
    assert "Nothing has changed since you saved this" in view.status.value
    view.edit(saved.id)
    find(view.detail, kind=Form).fields["thoughts"].value = "changes I think better of"
    find(view.detail, "Cancel editing").click()
    assert "Editing cancelled" in view.status.value
    assert store.drafts.get(f"form:learning-log:{saved.id}") is None
    assert store.get(saved.id).revision == 1


def test_course_answers_are_changed_in_their_topic_not_in_the_journal(store):
    answers = [{"question": "Which part of SMART was hardest?", "answer": "Measurable"}]
    saved = store.add(
        ActivityResponse(topic="06-smart-goals", activity="make-it-smart", answers=answers)
    )
    view = journal(store=store)
    view.open_entry(saved.id)
    buttons = [b.description for b in walk(view.detail) if isinstance(b, w.Button)]
    assert "Edit" not in buttons and "History" in buttons
    assert "To change these answers, open Topic 6: Setting SMART goals" in text(view.detail)


def test_searching_a_topics_title_finds_the_answers_given_in_it(store):
    answers = [{"question": "Which part of SMART was hardest?", "answer": "Measurable"}]
    saved = store.add(
        ActivityResponse(topic="06-smart-goals", activity="make-it-smart", answers=answers)
    )
    other = store.add(learning_log(thoughts="Setting the agenda together"))  # 2 November
    view = journal(store=store)
    view.search.value = "Topic 6 SETTING"  # words of its title (Topic 6: Setting SMART goals)
    assert [r.id for r in view.entries()] == [saved.id]  # not in its key, 06-smart-goals
    view.search.value = "measurable"  # the answer's own words, as before
    assert [r.id for r in view.entries()] == [saved.id]
    view.search.value = "setting"  # the title and a log entry's words: both, newest first
    assert [r.id for r in view.entries()] == [saved.id, other.id]
    view.kind.value = LearningLogEntry  # a kind chosen keeps the answers out
    assert [r.id for r in view.entries()] == [other.id]


def test_journal_edits_make_a_revision_and_history_shows_what_changed(store):
    saved = store.add(learning_log(thoughts="first thoughts"))
    view = journal(store=store)
    view.edit(saved.id)
    editor = find(view.detail, kind=Form)
    editor.fields["thoughts"].value = f"second thoughts {HOSTILE}"
    editor.save()
    assert store.get(saved.id).revision == 2
    view.history(saved.id)
    shown = " ".join(lines(view.detail))
    assert "Revision 2" in shown and "<del>first</del>" in shown
    assert "&lt;script&gt;" in shown and "<script>" not in shown


def test_journal_delete_can_be_undone_and_restored_from_the_trash(store):
    saved = store.add(learning_log())
    view = journal(store=store)
    view.delete(saved.id)
    assert view.entries() == [] and "Moved to the trash" in view.status.value
    view.undo()
    assert [r.id for r in view.entries()] == [saved.id]
    view.delete(saved.id)
    view.since.value = "1/1/2100"  # filters choose from the journal, not the trash
    view.toggle_trash()
    assert [r.id for r in view.entries()] == [saved.id]
    assert "the filters above choose from the journal" in text(view.listing)
    view.since.value = ""
    view.restore(saved.id)
    view.toggle_trash()
    assert [r.id for r in view.entries()] == [saved.id]


def test_goal_board_counts_tasks_and_celebrates_wins(store):
    tasks = [
        {"what": "Shadow a meeting", "done": True},
        {"what": "Chair a meeting", "deadline": TODAY - timedelta(days=2)},
        {"what": "Write the summary", "deadline": TODAY + timedelta(days=9)},
    ]
    store.add(Goal(specific=f"Chair the team meeting {HOSTILE}", status="Under way", tasks=tasks))
    store.add(Goal(specific="Finish the ILM award", status="Achieved", achieved=True))
    store.add(_session(actions=[{"what": "Send notes", "who": "Priya", "done": True}]))
    [status] = [s for s in figures.goal_statuses(store) if not s.achieved]
    assert (status.done, status.due, status.overdue) == (1, 1, 1)
    assert figures.wins(store) == [
        "Goal achieved: Finish the ILM award",
        "Action done: Send notes (Priya)",
    ]
    shown = " ".join(lines(goal_board(store=store)))
    assert "1 done · 1 to do · 1 overdue" in shown and "(overdue)" in shown
    assert "&lt;script&gt;" in shown and "<script>" not in shown


def test_one_hour_is_one_hour_not_one_hours(store):
    store.add(_session(duration=1))
    summary = " ".join(lines(dashboard(store=store)))
    assert "1 hour of mentoring recorded (5 to go for the Award)" in summary
    assert "1 session, 1 hour" in summary and "1 hours" not in summary


class _Charts(HTMLParser):
    """Each chart a page shows (an element with role="img") by its accessible name, and the
    figures in words printed under it."""

    def __init__(self, markup: str):
        super().__init__()
        self.names: list[str] = []
        self.words: list[str] = []
        self._in_words = False
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("role") == "img":
            self.names.append(attrs.get("aria-label") or "")
        self._in_words = tag == "p" and attrs.get("class") == "mk-value"

    def handle_data(self, data):
        if self._in_words:
            self.words.append(data)
            self._in_words = False


def _charts(view) -> _Charts:
    return _Charts(find(view, kind=w.HTML, where=lambda h: "mk-charts" in h.value).value)


def test_dashboard_reports_hours_against_the_award_and_draws_every_chart(store):
    store.add(_session(date=TODAY - timedelta(days=40), duration=2))
    later = store.add(_session(actions=[{"what": "Late task", "due": TODAY - timedelta(days=1)}]))
    feedback = store.add(MenteeFeedback(rating=4))  # dated the day it is saved
    review = ProgressReview(
        date=TODAY, stage="Mid-way",
        ratings=[{"competency": "Listening", "before": 2, "after": 4}],
    )  # fmt: skip
    store.add(review)
    view = dashboard(store=store)
    summary = " ".join(lines(view))
    assert "3.5 hours of mentoring recorded (2.5 to go for the Award)" in summary
    assert "Actions: 0 done, 1 open (1 of them overdue)" in summary
    charts = _charts(view)
    # five charts, each named for a screen reader by the sentence printed under it
    assert len(charts.names) == 5 and charts.names == charts.words
    hours, total, actions, ratings, competencies = charts.words
    assert f"{later.date:%B %Y}: 1 session," in hours  # 37 days apart: months of their own
    assert "Running total: 3.5 of the Award's 6 hours (2.5 to go)" in total
    assert "0 done, 0 open and on time, 1 overdue" in actions
    assert f"{feedback.when:%-d %b %Y}: 4." in ratings  # not TODAY: a run may pass midnight
    assert "Listening: 2 before, 4 after" in competencies
    grid = find(view, kind=w.HTML, where=lambda h: "mk-charts" in h.value).value
    assert grid.count("<svg") == 5 and "<image" not in grid  # drawn as shapes, not pixels
    ids = re.findall(r' id="([^"]+)"', grid)
    assert len(ids) == len(set(ids))  # five charts on one page, no id twice


def _axes(fig):
    [ax] = fig.axes
    return ax


def test_one_month_is_one_slim_bar_and_every_promised_line_shows(store):
    store.add(_session(duration=1.5))
    store.add(Partnership(partner="Priya", my_role="Mentor", status="Active", hours_per_month=2))
    hours = _axes(hours_figure(store))
    [bar] = hours.patches
    left, right = hours.get_xlim()
    assert bar.get_width() / (right - left) <= 0.15  # one month is not the whole chart
    assert hours.get_ylim()[1] > 2  # the agreed 2 hours a month is on the chart
    total = _axes(total_figure(store))
    assert total.get_ylim()[1] > figures.AWARD_HOURS  # the Award's line in its legend shows
    [legend] = total.figure.legends
    assert "the Award: 6 hours" in [t.get_text() for t in legend.get_texts()]


def test_with_no_agreement_the_hours_chart_draws_no_agreed_line_of_its_own_making(store):
    """It drew "agreed: 1 hour a month" with nothing agreed: one scheme's rule, which the
    course says is no norm."""
    from mentorkit.apps.dashboard import hours_words

    store.add(_session(duration=1.5))
    [legend] = hours_figure(store).legends
    assert [t.get_text() for t in legend.get_texts()] == ["hours held"]
    assert "agreed" not in hours_words(store)
    store.add(Partnership(partner="Priya", my_role="Mentor", status="Active", hours_per_month=3))
    assert "(agreed: 3 hours a month)" in hours_words(store)


def test_counts_are_whole_numbers_and_one_rating_is_not_spread_over_years(store):
    store.add(_session(actions=[{"what": "Ask Sam", "done": True}]))
    store.add(MenteeFeedback(rating=4))
    store.add(ProgressReview(date=TODAY, stage="Mid-way",
                             ratings=[{"competency": "Listening", "before": 2}]))  # fmt: skip
    for fig in (actions_figure(store), competency_figure(store)):
        ax = _axes(fig)
        fig.canvas.draw()  # ticks are placed when drawn
        ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
        assert ticks and all(t == int(t) for t in ticks), ticks
    ratings = _axes(ratings_figure(store))
    left, right = ratings.get_xlim()  # days since 1970, as matplotlib counts dates
    assert right - left <= 62
    assert list(ratings.get_yticks()) == [1, 2, 3, 4, 5]


def test_chart_colours_read_against_white_and_text_is_the_pages_size():
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour in CHART_COLOURS:
        assert 1.05 / (luminance(colour) + 0.05) >= 4.5, colour  # WCAG AA, even as text
    assert CHART_STYLE["font.size"] * 4 / 3 == 13  # points drawn at 72 dpi: the page's 13 px


def test_dashboard_on_an_empty_store_says_so_in_words(store):
    shown = " ".join(lines(dashboard(store=store)))
    assert "0 hours of mentoring recorded (6 to go for the Award)" in shown
    assert "No past sessions recorded yet." in shown


def test_next_meeting_is_the_soonest_planned(store):
    store.add(_session(next_date=TODAY + timedelta(days=20)))
    store.add(_session(next_date=TODAY + timedelta(days=6), next_time=time(15, 0)))
    assert figures.next_meeting(store) == (TODAY + timedelta(days=6), time(15, 0))
    assert re.match(r"\d", f"{figures.total_hours(store):g}")


def test_opening_a_log_entry_in_the_journal_gives_a_gentle_reflection_check(store):
    entry = store.add(learning_log(thoughts="I felt nervous because it was new."))
    view = journal(store=store)
    view.open_entry(entry.id)
    gibbs, kolb = [t for t in lines(view.detail) if t.startswith("Reflection check")]
    assert "Gibbs" in gibbs and "feelings" in gibbs and "You might also add" in gibbs
    assert "Kolb" in kolb and "You might also add" in kolb  # offered too, as beside the form
    session = store.add(_session())
    view.open_entry(session.id)
    assert not [t for t in lines(view.detail) if t.startswith("Reflection check")]


@pytest.mark.parametrize(
    "page", ["forms", "apps.journal", "apps.goals", "apps.topic", "apps.profile", "apps.welcome"]
)
def test_a_page_pays_only_for_what_it_shows(page):
    """A kernel showing a form, the journal or a topic does not load the libraries of
    other pages: pandas, matplotlib, nbgrader, python-docx, the PostgreSQL driver."""
    import subprocess
    import sys

    heavy = ["pandas", "matplotlib", "nbgrader", "docx", "psycopg"]
    code = f"import sys, mentorkit.{page}; print([m for m in {heavy!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
