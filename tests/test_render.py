"""A saved value reads one way wherever it is shown: as plain text in the terminal, the
portfolio and an assignment's evidence, and as escaped HTML in the journal and cohort pages."""

from __future__ import annotations

import ast
import html
from datetime import datetime
from pathlib import Path

import pytest
from factories import learning_log, sample

from mentorkit.assess.cells import entry_text
from mentorkit.portfolio.document import Fields, Selection, Table, build
from mentorkit.records import (
    KINDS,
    ActivityResponse,
    Goal,
    MenteeFeedback,
    ProgressReview,
    SessionRecord,
    validate,
)
from mentorkit.render import (
    changes_html,
    describe,
    field_html,
    field_text,
    history_text,
    names_in,
    record_html,
    value_text,
)
from mentorkit.render.values import GONE, IN_TRASH

RENDER = Path(__file__).resolve().parents[1] / "mentorkit" / "render"
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(1)>"


def _session(**changes) -> SessionRecord:
    typed = {
        "date": "3/3/2026", "start": "9:05", "duration": 1.5, "agenda": ["Goals", "Next"],
        "agenda_shared": False, "actions": [{"what": "Read", "due": "4/3/2026"}],
        "summary": "We talked about rotas.",
    }  # fmt: skip
    return validate(SessionRecord, {**typed, **changes})


def _text(record, name, names=None) -> str:
    return field_text(record, record.spec(name), names)


def _html(record, name, names=None) -> str:
    return field_html(record.spec(name), getattr(record, name), names)


# each type of field, as text ----------------------------------------------------


def test_each_type_of_field_reads_as_a_learner_says_it():
    session = _session()
    assert _text(session, "date") == "3 March 2026"
    assert _text(session, "start") == "09:05"
    assert _text(session, "duration") == "1.5"
    assert _text(_session(duration=2.0), "duration") == "2"
    assert _text(session, "agenda") == "Goals\nNext"
    assert _text(session, "summary") == "We talked about rotas."
    assert _text(session, "mode") == ""  # nothing chosen: nothing shown
    assert _text(_session(mode="Phone"), "mode") == "Phone"


def test_a_yes_or_no_reads_yes_or_no_never_nothing():
    assert _text(_session(agenda_shared=True), "agenda_shared") == "Yes"
    assert _text(_session(), "agenda_shared") == "No"


def test_a_rating_reads_out_of_its_top_mark_also_inside_a_row():
    feedback = MenteeFeedback(rating=4)
    assert _text(feedback, "rating") == "4 out of 5"
    review = ProgressReview(
        date="2026-03-01", stage="Mid-way", ratings=[{"competency": "Listening", "after": 3}]
    )
    assert _text(review, "ratings") == "1. Competency: Listening · After (1–5): 3 out of 5"


def test_a_list_of_rows_reads_one_labelled_line_a_row():
    assert _text(_session(), "actions") == "1. Action: Read · Due: 4 March 2026 · Done: No"


def test_a_course_key_reads_as_its_topic_and_activity_title():
    answer = ActivityResponse(topic="06-smart-goals", activity="make-it-smart",
                              answers=[{"question": "Q", "answer": "A"}])  # fmt: skip
    assert _text(answer, "topic").startswith("Topic 6: ")
    assert _text(answer, "activity") == "Make it SMART"


def test_a_link_reads_as_the_linked_record_by_its_words(store):
    goal = store.add(Goal(specific="Chair the weekly team meeting", status="Under way"))
    reviewed = [{"goal": goal.id, "progress": "Halfway"}]
    review = store.add(ProgressReview(date="2026-03-01", stage="Mid-way", goals=reviewed))
    named = names_in(store)
    assert _text(review, "goals", named) == f"1. Goal: {goal.label()} · Progress: Halfway"
    feedback = MenteeFeedback(rating=3, session=goal.id)
    assert _text(feedback, "session", named) == goal.label()
    store.delete(goal.id)
    assert _text(feedback, "session", named) == goal.label() + IN_TRASH
    store.purge(goal.id)
    assert _text(feedback, "session", named) == GONE
    assert _text(feedback, "session", {goal.id: "Our goal"}) == "Our goal"
    assert _text(feedback, "session", {}) == GONE
    assert _text(feedback, "session") == goal.id  # nothing to name it by


def test_every_kinds_every_field_reads_as_text_when_it_has_a_value():
    for kind in KINDS.values():
        record = sample(kind, 2)
        for spec in kind.specs():
            assert field_text(record, spec, {}), (kind.kind, spec.name)


# as HTML --------------------------------------------------------------------------


def test_each_field_shows_in_html_as_its_text_labelled_and_escaped():
    session = _session(summary=HOSTILE)
    shown = _html(session, "summary")
    assert "<strong>Summary of discussion</strong>" in shown
    assert html.escape(HOSTILE) in shown and "<script>" not in shown
    assert "<div class='mk-value'>No</div>" in _html(session, "agenda_shared")
    assert "<div class='mk-value'>4 out of 5</div>" in _html(MenteeFeedback(rating=4), "rating")
    assert "<div class='mk-value'>3 March 2026</div>" in _html(session, "date")
    assert _html(_session(), "mode") == ""


def test_a_list_shows_as_an_html_list_and_rows_as_a_table():
    session = _session(agenda=[HOSTILE, "Next"])
    items = _html(session, "agenda")
    assert f"<li class='mk-value'>{html.escape(HOSTILE)}</li><li class='mk-value'>Next</li>" in (
        items
    )
    table = _html(session, "actions")
    assert "<th>Action</th><th>Who</th><th>Due</th><th>Done</th>" in table
    assert "<td class='mk-value'>4 March 2026</td><td class='mk-value'>No</td>" in table


def test_a_record_in_html_names_its_course_keys_and_escapes_its_tags():
    answer = ActivityResponse(topic="06-smart-goals", activity="make-it-smart", tags=[HOSTILE],
                              answers=[{"question": "Q", "answer": "A"}])  # fmt: skip
    shown = record_html(answer)
    assert "Make it SMART" in shown and "make-it-smart" not in shown
    assert html.escape(HOSTILE) in shown and "<script>" not in shown


def test_changes_between_revisions_show_values_as_text_does():
    before, after = _session(), _session(agenda_shared=True, summary="We talked about leave.")
    shown = changes_html(before, after)
    assert (
        "<strong>Agenda shared ahead</strong>: <span class='mk-value'><del>No</del> <ins>Yes"
        in (shown)
    )
    assert "<del>rotas.</del> <ins>leave.</ins>" in shown


# the same words everywhere ----------------------------------------------------------


def test_the_terminal_the_portfolio_and_the_evidence_say_a_value_alike(store):
    tasks = [{"what": "Draft an agenda", "deadline": "2026-02-01"}]
    goal = store.add(
        Goal(specific="Chair the weekly team meeting", status="Under way", tasks=tasks)
    )
    saved = store.add(learning_log(thoughts=HOSTILE))
    terminal = describe(store.get(goal.id), store)
    assert "Achieved?: No" in terminal
    assert "1. Task: Draft an agenda · Deadline: 1 February 2026 · Done: No" in terminal

    document = build(store, Selection(kinds=("goal",), hours=False))
    fields = dict(item for b in document.blocks if isinstance(b, Fields) for item in b.items)
    assert fields["Achieved?"] == "No"
    [tasks] = [b for b in document.blocks if isinstance(b, Table) and b.caption]
    assert tasks.rows == (("Draft an agenda", "1 February 2026", "No"),)

    evidence = entry_text(store.get(saved.id))
    assert "*What went through my mind*\n\n" in evidence and HOSTILE in evidence
    assert evidence.startswith("**Learning log entry, 2 November 2026**")


def test_the_terminal_leaves_out_control_characters_the_journal_shows_them_escaped(store):
    saved = store.add(learning_log(thoughts="Bell \x07 and escape \x1b[2J here"))
    assert "Bell  and escape [2J here" in describe(saved, store)
    assert "Bell \x07 and escape \x1b[2J here" in record_html(saved)


def test_a_history_in_the_terminal_names_course_keys_by_title(store):
    answer = store.add(ActivityResponse(topic="06-smart-goals", activity="make-it-smart",
                                        answers=[{"question": "Q", "answer": "A"}]))  # fmt: skip
    store.update(answer.id, answers=[{"question": "Q", "answer": "B"}])
    shown = history_text(store.history(answer.id), store)
    assert "Activity: Make it SMART" in shown and "make-it-smart" not in shown
    assert "Revision 2" in shown and "1. Question: Q · Answer: B" in shown


def test_envelope_moments_read_as_a_date_and_time():
    [updated] = [s for s in SessionRecord.envelope_specs() if s.name == "updated"]
    assert value_text(updated, datetime(2026, 3, 3, 9, 5)) == "3 March 2026 at 09:05"


# where it sits ------------------------------------------------------------------------


@pytest.mark.parametrize("module", sorted(RENDER.glob("*.py")), ids=lambda p: p.name)
def test_render_reads_only_the_records_and_the_course_catalogue(module):
    """render sits below the portfolio, the assessment bridge and the apps that use it."""
    allowed = ("mentorkit.records", "mentorkit.course.catalogue", "mentorkit.errors",
               "mentorkit.render")  # fmt: skip
    tree = ast.parse(module.read_text())
    imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)] + [
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    ]
    ours = [m for m in imported if m and m.startswith("mentorkit")]
    assert ours and all(m.startswith(allowed) for m in ours), ours
