"""Record kinds: every field declared once, checked in words a learner understands."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mentorkit.errors import ValidationProblem
from mentorkit.records import (
    KINDS,
    MAX_TEXT_BYTES,
    LearningLogEntry,
    MenteeFeedback,
    Partnership,
    SessionRecord,
    validate,
)

LOG = {"date": date(2026, 1, 5), "context": "c", "what_i_did": "d", "learning_points": "l"}


def test_there_is_a_kind_for_every_record_the_design_names():
    assert set(KINDS) == {
        "learning-log", "session-record", "feedback", "reflective-log", "goal", "review",
        "activity", "evidence", "partnership", "proposal", "quiz-attempt", "progress",
        "profile", "proposal-response", "closing-survey",
    }  # fmt: skip


@pytest.mark.parametrize("kind", KINDS.values(), ids=list(KINDS))
def test_every_field_has_a_label_a_type_and_an_audience(kind):
    specs = kind.specs()
    assert specs, kind
    for spec in specs:
        assert spec.label and spec.label[0].isupper(), spec
        assert spec.audience in ("private", "partner", "assessor", "coordinator", "cohort")
    assert any(spec.required for spec in specs)


def test_learning_log_fields_follow_the_template_in_order():
    labels = [s.label for s in LearningLogEntry.specs()]
    assert labels == [
        "Date", "Location", "The context", "What I did", "My thoughts", "My feelings",
        "What worked well", "What I found challenging and how I dealt with it",
        "Key learning points",
    ]  # fmt: skip


def test_impossible_date_is_named_in_words():
    with pytest.raises(ValidationProblem) as caught:
        validate(LearningLogEntry, {**LOG, "date": "2026-02-31"})
    assert str(caught.value) == "Date: 31 February 2026 is not a date: February 2026 has 28 days"


def test_british_dates_are_understood():
    entry = validate(LearningLogEntry, {**LOG, "date": "03/11/2026"})
    assert entry.date == date(2026, 11, 3)


def test_every_empty_required_field_is_named_at_once():
    with pytest.raises(ValidationProblem) as caught:
        validate(LearningLogEntry, {"date": date(2026, 1, 5), "context": "   ", "thoughts": "x"})
    assert caught.value.problems == {
        "context": "please fill this in",
        "what_i_did": "please fill this in",
        "learning_points": "please fill this in",
    }
    assert "The context: please fill this in" in str(caught.value)


def test_a_learning_log_cannot_be_dated_in_the_future():
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(ValidationProblem) as caught:
        validate(LearningLogEntry, {**LOG, "date": tomorrow})
    assert "can't be in the future" in caught.value.problems["date"]


def test_a_session_can_be_planned_for_the_future():
    later = date.today() + timedelta(days=30)
    session = validate(SessionRecord, {"date": later, "next_date": later + timedelta(days=14)})
    assert session.date == later


def test_an_agenda_of_four_items_is_refused_with_the_rule_of_three():
    with pytest.raises(ValidationProblem) as caught:
        validate(SessionRecord, {"date": date(2026, 1, 1), "agenda": ["a", "b", "c", "d"]})
    assert "three main items" in caught.value.problems["agenda"]


def test_a_rating_out_of_range_is_refused():
    with pytest.raises(ValidationProblem) as caught:
        validate(MenteeFeedback, {"rating": 7})
    assert caught.value.problems == {"rating": "must be at most 5"}


def test_impossible_time_is_named():
    with pytest.raises(ValidationProblem) as caught:
        validate(SessionRecord, {"date": date(2026, 1, 1), "start": "25:10"})
    assert caught.value.problems["start"] == "25:10 is not a time of day"


def test_a_row_with_a_problem_names_the_row_and_its_column():
    with pytest.raises(ValidationProblem) as caught:
        validate(
            SessionRecord,
            {"date": date(2026, 1, 1), "actions": [{"what": "Read", "due": "2026-13-01"}]},
        )
    assert caught.value.problems["actions"].startswith("row 1, Due: ")


def test_text_over_the_limit_is_refused_with_its_size():
    with pytest.raises(ValidationProblem) as caught:
        validate(LearningLogEntry, {**LOG, "thoughts": "x" * (MAX_TEXT_BYTES + 1)})
    assert "too long to save" in caught.value.problems["thoughts"]


def test_any_unicode_is_kept_exactly():
    text = "Zoë 👩🏽‍💻 مرحبا \u202egnp.exe e\u0301 <script>alert(1)</script> '; DROP TABLE x;--"
    entry = validate(LearningLogEntry, {**LOG, "thoughts": text})
    assert entry.thoughts == text


def test_a_lone_surrogate_is_refused_not_mangled():
    with pytest.raises(ValidationProblem) as caught:
        validate(LearningLogEntry, {**LOG, "thoughts": "half \ud83d a smile"})
    assert "lone surrogate" in caught.value.problems["thoughts"]


# Loading stored records: the store hands `from_stored` the JSON it saved.


def _stored_form(record) -> dict:
    """What the store reads back for a record: its envelope, then its content, as JSON values."""
    return record.model_dump(mode="json")


@pytest.mark.parametrize("kind", KINDS.values(), ids=lambda k: k.kind)
def test_a_stored_record_loads_as_the_record_that_was_saved(kind):
    from datetime import UTC, datetime

    from tests.factories import sample

    saved = sample(kind).model_copy(
        update={"id": "a" * 32, "owner": "learner", "revision": 2, "tags": ["week 1"],
                "created": datetime(2026, 1, 2, 9, 30, tzinfo=UTC),
                "updated": datetime(2026, 1, 3, 10, 0, tzinfo=UTC)}
    )  # fmt: skip
    loaded = kind.from_stored(_stored_form(saved))
    assert loaded == saved
    assert loaded.model_dump() == saved.model_dump()
    assert list(loaded.model_dump()) == list(kind.model_fields), "fields out of order"
    assert loaded.model_fields_set == set(kind.model_fields)


def test_an_entry_saved_before_a_field_existed_gets_the_fields_default():
    stored = _stored_form(LearningLogEntry(**LOG))
    del stored["location"], stored["tags"]
    loaded = LearningLogEntry.from_stored(stored)
    assert loaded.location is None and loaded.tags == []
    assert "location" not in loaded.model_fields_set
    assert loaded.date == date(2026, 1, 5)


def test_fields_stored_out_of_order_or_no_longer_known_still_load_in_order():
    stored = _stored_form(LearningLogEntry(**LOG))
    shuffled = {"an_old_field": "gone", **dict(reversed(stored.items()))}
    loaded = LearningLogEntry.from_stored(shuffled)
    assert list(loaded.model_dump()) == list(LearningLogEntry.model_fields)
    assert loaded == LearningLogEntry.from_stored(stored)


def test_loading_leaves_the_callers_values_as_they_were():
    stored = _stored_form(LearningLogEntry(**LOG))
    before = dict(stored)
    loaded = LearningLogEntry.from_stored(stored)
    assert stored == before and stored["date"] == "2026-01-05"
    loaded.context = "changed"
    assert stored["context"] == "c"


def test_a_date_that_must_follow_another_is_named_at_its_own_box():
    with pytest.raises(ValidationProblem) as caught:
        validate(SessionRecord, {"date": "3/3/2026", "next_date": "1/3/2026"})
    assert caught.value.problems == {
        "next_date": ("is earlier than “Date” (3 March 2026): please check the two dates")
    }
    assert validate(SessionRecord, {"date": "3/3/2026", "next_date": "3/3/2026"}).next_date
    with pytest.raises(ValidationProblem) as caught:
        validate(
            Partnership,
            {
                "partner": "Sam",
                "my_role": "Mentor",
                "status": "Complete",
                "started": "1/9/2026",
                "completed_on": "1/8/2026",
            },
        )
    assert "is earlier than “Started” (1 September 2026)" in caught.value.problems["completed_on"]


def test_dates_out_of_order_are_named_along_with_any_other_problem():
    with pytest.raises(ValidationProblem) as caught:
        validate(SessionRecord, {"date": "3/3/2026", "next_date": "1/3/2026", "start": "25:00"})
    assert set(caught.value.problems) == {"start", "next_date"}


def test_a_confirmed_next_meeting_needs_its_date():
    with pytest.raises(ValidationProblem) as caught:
        validate(SessionRecord, {"date": "3/3/2026", "next_time": "14:30", "next_confirmed": True})
    assert caught.value.problems == {
        "next_date": "please fill this in: “Next meeting confirmed” is ticked"
    }
    assert validate(SessionRecord, {"date": "3/3/2026", "next_confirmed": False})


def test_a_record_is_named_by_kind_date_and_first_words_and_listed_by_date_and_words():
    entry = LearningLogEntry(**{**LOG, "context": "A long first day  with\nthe new team"})
    assert (
        entry.label() == "Learning log entry of 5 January 2026: A long first day with the new team"
    )
    assert entry.label(12) == "Learning log entry of 5 January 2026: A long firs…"
    assert entry.line() == "5 Jan 2026 · A long first day with the new team"


def test_a_record_without_words_is_named_and_listed_by_its_kind():
    session = SessionRecord(date=date(2026, 3, 2), duration=1)
    assert session.label() == f"{session.title} of 2 March 2026"
    assert session.line() == f"2 Mar 2026 · {session.title}"


def test_a_partnerships_agreement_names_fields_it_has():
    from mentorkit.records import Partnership

    names = {s.name for s in Partnership.specs()}
    assert set(Partnership.agreement) <= names and "status" not in Partnership.agreement


def test_every_step_of_the_proposals_story_says_in_the_journal_where_it_is_changed():
    from mentorkit.records import KINDS
    from mentorkit.widgets.journal_app import COHORT_STEPS

    kinds = KINDS.values() if isinstance(KINDS, dict) else KINDS
    assert {k.kind for k in kinds if k.cohort_step} == set(COHORT_STEPS)
