"""Record kinds: every field declared once, checked in words a learner understands."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mentorkit.errors import ValidationProblem
from mentorkit.records import (
    KINDS,
    MAX_TEXT_BYTES,
    Goal,
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
        "profile", "proposal-response", "closing-survey", "witness-testimony", "supervision",
        "qualification",
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
        "Date", "Where it happened", "What was going on", "What I did or said",
        "What went through my mind", "How I felt", "What went well",
        "What was hard, and how I handled it",
        "What I will take from this",
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
    assert "What was going on: please fill this in" in str(caught.value)


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


# The FieldType table, the envelope and what kinds say of themselves.


def _every_spec():
    for kind in KINDS.values():
        for spec in kind.specs():
            yield kind, spec
            if spec.row is not None:
                yield from ((spec.row, s) for s in spec.row.specs())


def test_every_declared_field_has_its_type_in_the_table():
    from mentorkit.records import FIELD_TYPES, TYPES, field_type

    used = {spec.type for _, spec in _every_spec()}
    assert used == set(FIELD_TYPES) and used < set(TYPES)
    for _, spec in _every_spec():
        assert field_type(spec) is spec.field_type is TYPES[spec.type]


def test_a_fields_spec_is_the_one_declared_on_it_made_once_per_kind():
    from mentorkit.records.fields import spec_on

    for kind, spec in _every_spec():
        declared = spec_on(kind.model_fields[spec.name])
        assert (declared.label, declared.type) == (spec.label, spec.type)
        assert kind.spec(spec.name) is spec and kind.specs() is kind.specs()


@pytest.mark.parametrize("kind", KINDS.values(), ids=lambda k: k.kind)
def test_each_fields_type_writes_and_reads_its_json_as_the_record_does(kind):
    from tests.factories import sample

    record = sample(kind, 3)
    content = record.content()
    for spec in kind.specs():
        value = getattr(record, spec.name)
        assert spec.field_type.to_json(spec, value) == content[spec.name], spec.name
        assert spec.field_type.from_json(spec, content[spec.name]) == value, spec.name


def test_each_fields_type_says_its_value_in_plain_words():
    session = validate(SessionRecord, {
        "date": "3/3/2026", "start": "9:05", "duration": 1.5, "agenda": ["Goals", "Next"],
        "agenda_shared": False, "actions": [{"what": "Read", "due": "4/3/2026"}],
    })  # fmt: skip

    def text(name, names=None):
        spec = SessionRecord.spec(name)
        return spec.field_type.text(spec, getattr(session, name), names)

    assert text("date") == "3 March 2026" and text("start") == "09:05"
    assert text("duration") == "1.5" and text("agenda") == "Goals\nNext"
    assert text("agenda_shared") == "No" and text("summary") == ""
    assert text("actions") == "1. Action: Read · Due: 4 March 2026 · Done: No"
    spec = MenteeFeedback.spec("session")
    assert spec.field_type.text(spec, "abc", {"abc": "Session of 3 March"}.get) == (
        "Session of 3 March"
    )


def test_the_envelope_is_every_field_of_a_record_that_is_not_its_kinds_own():
    from mentorkit.records import ENVELOPE, PER_REVISION, Record

    for kind in KINDS.values():
        assert set(kind.model_fields) - kind.spec_names() == set(ENVELOPE) - {"kind"}
        specs = kind.envelope_specs()
        assert tuple(s.name for s in specs) == ENVELOPE == Record.ENVELOPE
        assert {s.audience for s in specs} == {kind.audience}
    assert set(PER_REVISION) < set(ENVELOPE)


def test_a_kind_defined_anywhere_is_registered_under_its_name():
    from typing import ClassVar

    from mentorkit.records import Record, field, kind_of

    class Note(Record):
        kind: ClassVar[str] = "test-note"
        title: ClassVar[str] = "Note"

        words: str = field("Words", required=True)

    try:
        assert KINDS["test-note"] is Note and kind_of("test-note") is Note
        with pytest.raises(TypeError, match="test-note"):

            class Again(Record):
                kind: ClassVar[str] = "test-note"
    finally:
        del KINDS["test-note"]


def test_the_coordinators_box_is_read_by_the_coordinator_and_its_writer_only():
    names = {a: {s.name for s in MenteeFeedback.visible_to(a)} for a in ("private", "partner",
             "assessor", "coordinator", "cohort")}  # fmt: skip
    assert "for_coordinator" in names["private"] and "for_coordinator" in names["coordinator"]
    for audience in ("partner", "assessor", "cohort"):
        assert names[audience] == names["private"] - {"for_coordinator"}


def test_a_session_accounts_for_its_duration_in_hours_and_other_entries_for_none():
    assert SessionRecord(date=date(2026, 3, 2), duration=1.5).hours() == 1.5
    assert SessionRecord(date=date(2026, 3, 2)).hours() is None
    assert LearningLogEntry(**LOG).hours() is None
    hours = [(k, s) for k, s in _every_spec() if s.unit == "hours"]
    assert hours and all(s.type == "number" for _, s in hours)


def test_each_portfolio_section_has_a_title_and_a_place_of_its_own():
    sections = [k.portfolio for k in KINDS.values() if k.portfolio]
    assert all(s.title for s in sections)
    assert sorted(s.place for s in sections) == list(range(1, len(sections) + 1))


def test_every_name_records_offers_is_there():
    import mentorkit.records

    assert all(hasattr(mentorkit.records, name) for name in mentorkit.records.__all__)
    assert len(set(mentorkit.records.__all__)) == len(mentorkit.records.__all__)


def test_a_goal_is_dated_by_the_day_it_was_set_not_its_target(store):
    entry = store.add(LearningLogEntry(**{**LOG, "date": date.today() - timedelta(days=2)}))
    goal = store.add(Goal(specific="Chair a meeting", status="Not started",
                          target_date=date.today() + timedelta(days=400)))  # fmt: skip
    assert goal.when == date.today()
    assert [r.id for r in store.find()] == [goal.id, entry.id]
    later = date.today() + timedelta(days=100)
    assert store.find(Goal, since=later) == []  # not found by its target date


def test_a_learning_log_is_listed_by_what_happened_not_where():
    entry = LearningLogEntry(**{**LOG, "location": "Meeting room 2, Leeds office",
                                "context": "First session with Sam"})  # fmt: skip
    assert entry.line() == "5 Jan 2026 · First session with Sam"
    assert entry.label() == "Learning log entry of 5 January 2026: First session with Sam"
