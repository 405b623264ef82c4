"""Witness testimony and supervision records: what a practice unit's portfolio holds beside
the learner's sessions, saved, checked, exported, put in a portfolio and kept private in a
cohort, all from the two kinds' declarations."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest

from mentorkit import figures
from mentorkit.cohort import admin as cohort
from mentorkit.cohort.admin import with_user
from mentorkit.course.progress import coverage_rows
from mentorkit.errors import RecordNotFound, ValidationProblem
from mentorkit.forms import form
from mentorkit.portfolio import Selection, build, export_portfolio
from mentorkit.portfolio.document import OFFERED_KINDS
from mentorkit.portfolio.text import html_body
from mentorkit.records import (
    KINDS,
    SessionRecord,
    SupervisionRecord,
    WitnessTestimony,
    validate,
)
from mentorkit.records.kinds import PROCTOR
from mentorkit.store import SCHEMA_VERSION, Store
from mentorkit.transfer import ARCHIVE_VERSION, archive_schema, export_archive, import_archive

pytestmark = pytest.mark.both_backends

COURSE = Path(__file__).resolve().parents[1] / "course"
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)>"


def witnessed(**changes) -> WitnessTestimony:
    values = {
        "witness": "Grace Mensah",
        "witness_role": "Ward manager, Northfield Hospital",
        "relationship": "My line manager",
        "observed": "I sat in on the third session with a new healthcare assistant. "
        "The learner let her mentee set the agenda and summarised well at the end.",
        "observed_on": date(2026, 10, 14),
        "date": date(2026, 10, 20),
        "confirmed": True,
        "confirmed_by": "Grace Mensah",
        "confirmed_how": "By email",
        "confirmed_on": date(2026, 10, 21),
    }
    return WitnessTestimony(**{**values, **changes})


def supervised(**changes) -> SupervisionRecord:
    values = {
        "date": date(2026, 11, 3),
        "supervisor": "Tomasz Nowak, learning and development lead",
        "length": 0.75,
        "discussed": [
            {
                "topic": "A mentee who asked me to keep a safeguarding worry quiet",
                "function": PROCTOR[0],
            },
            {"topic": "Summarising without leading", "function": PROCTOR[1]},
            {"topic": "Feeling drained after the session", "function": PROCTOR[2]},
        ],  # fmt: skip
        "takeaways": "Say the limits of confidentiality at the start, not when it is needed.",
        "actions": [{"what": "Reread the scheme's policy", "who": "Me"}],
    }
    return SupervisionRecord(**{**values, **changes})


# saving and reading back ---------------------------------------------------------------


def test_a_witness_testimony_is_kept_as_typed_and_read_back(store):
    saved = store.add(witnessed(observed=f"Calm and clear. {HOSTILE}"))
    again = store.get(saved.id)
    assert again == saved
    assert again.observed == f"Calm and clear. {HOSTILE}"
    assert (again.confirmed, again.confirmed_how, again.confirmed_on) == (
        True, "By email", date(2026, 10, 21),
    )  # fmt: skip
    assert again.when == date(2026, 10, 20)  # dated by the testimony, not the observation
    assert [r.id for r in store.find(WitnessTestimony, text="calm")] == [saved.id]


def test_a_supervision_record_keeps_its_three_functions_and_actions(store):
    saved = store.add(supervised())
    again = store.get(saved.id)
    assert [p.function for p in again.discussed] == list(PROCTOR)
    assert again.discussed[0].topic.startswith("A mentee who asked me")
    assert again.actions[0].what == "Reread the scheme's policy"
    assert again.length == 0.75
    table = store.frame(SupervisionRecord)
    assert str(table["length"].dtype) == "float64" and table["length"].tolist() == [0.75]
    assert [p.function for p in table["discussed"][0]] == list(PROCTOR)
    assert [r.id for r in store.find(SupervisionRecord, since=date(2026, 11, 1))] == [saved.id]


def test_an_hour_of_supervision_is_not_an_hour_of_mentoring(store):
    store.add(SessionRecord(date=date(2026, 3, 2), duration=1.5))
    store.add(supervised(length=2))
    assert supervised(length=2).hours() is None
    assert figures.total_hours(store) == 1.5


def test_a_form_for_each_saves_through_its_boxes(store):
    entry = form(SupervisionRecord, store=store)
    entry.fields["supervisor"].value = "Tomasz Nowak"
    entry.fields["takeaways"].value = "Pause before offering advice."
    point = entry.fields["discussed"].add_row()
    point.fields["topic"].value = "Offering advice too soon"
    point.fields["function"].value = PROCTOR[1]
    saved = entry.save()
    assert saved is not None and saved.date == date.today()
    assert store.get(saved.id).discussed[0].function == PROCTOR[1]

    witness = form(WitnessTestimony, store=store)
    for name, value in witnessed().content().items():
        witness.fields[name].value = value
    assert store.get(witness.save().id).witness == "Grace Mensah"


# what they evidence ----------------------------------------------------------------------


def _parts(store, criterion: str) -> dict[str, bool]:
    row = next(r for r in coverage_rows(store, COURSE) if r["criterion"] == criterion)
    return {p.key: p.evidenced for p in row["parts"]}


def test_a_testimony_evidences_what_a_witness_saw_only_once_confirmed(store):
    store.add(witnessed(confirmed=False, confirmed_by=None, confirmed_how=None, confirmed_on=None))
    assert _parts(store, "305-2.2")["observed"] is False
    assert _parts(store, "307-1.3")["asked"] is False
    store.add(witnessed())
    assert _parts(store, "305-2.2")["observed"] is True
    assert _parts(store, "307-1.3")["asked"] is True


def test_a_supervision_record_evidences_supervision_but_never_hours(store):
    assert _parts(store, "305-2.2")["supervision"] is False
    store.add(SessionRecord(date=date(2026, 3, 2), duration=5))
    store.add(supervised(length=3))
    assert _parts(store, "305-2.2")["supervision"] is True
    assert _parts(store, "307-2.3") == {"supervision": True, "cpd": False}
    assert _parts(store, "305-2.1") == {"hours": False}  # 5 of 6 hours: supervision adds none


# what is missing or wrong is named ---------------------------------------------------------


def test_every_box_a_testimony_needs_is_named_when_empty():
    with pytest.raises(ValidationProblem) as caught:
        validate(WitnessTestimony, {})
    assert str(caught.value).splitlines() == [
        "Witness's name: please fill this in",
        "Their role: please fill this in",
        "Their relationship to you: please fill this in",
        "What they observed: please fill this in",
        "When they observed it: please fill this in",
        "Date of the testimony: please fill this in",
    ]


def test_a_confirmation_says_who_how_and_when_and_comes_after_the_testimony():
    values = {**witnessed().content(), "confirmed_by": None, "confirmed_how": None,
              "confirmed_on": "19/10/2026"}  # fmt: skip
    with pytest.raises(ValidationProblem) as caught:
        validate(WitnessTestimony, values)
    assert caught.value.problems == {
        "confirmed_by": "please fill this in: “Confirmed by the witness” is ticked",
        "confirmed_how": "please fill this in: “Confirmed by the witness” is ticked",
        "confirmed_on": "is earlier than “Date of the testimony” (20 October 2026): "
        "please check the two dates",
    }
    unconfirmed = {**values, "confirmed": False, "confirmed_on": None}
    assert validate(WitnessTestimony, unconfirmed).confirmed is False


def test_a_testimony_cannot_come_before_what_it_saw_or_be_dated_tomorrow():
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(ValidationProblem) as caught:
        validate(WitnessTestimony, {**witnessed().content(), "date": "13/10/2026"})
    assert "earlier than “When they observed it” (14 October 2026)" in str(caught.value)
    with pytest.raises(ValidationProblem) as caught:
        validate(WitnessTestimony, {**witnessed().content(), "observed_on": tomorrow})
    assert caught.value.problems["observed_on"].startswith("can't be in the future")


def test_a_supervision_record_needs_what_was_discussed_and_what_the_learner_takes():
    with pytest.raises(ValidationProblem) as caught:
        validate(SupervisionRecord, {"discussed": [{"function": PROCTOR[2]}], "length": 30})
    assert caught.value.problems == {
        "date": "please fill this in",
        "supervisor": "please fill this in",
        "length": "must be at most 8",
        "discussed": "row 1, Topic: please fill this in",
        "takeaways": "please fill this in",
    }
    with pytest.raises(ValidationProblem) as caught:
        validate(SupervisionRecord, {**supervised().content(), "discussed": [
            {"topic": "Boundaries", "function": "Managerial"}]})  # fmt: skip
    assert caught.value.problems["discussed"] == (
        f"row 1, Function: choose one of: {', '.join(PROCTOR)}"
    )


def test_the_prompt_names_proctor_and_her_three_functions():
    prompt = SupervisionRecord.spec("discussed").prompt
    assert "Brigid Proctor" in prompt
    assert all(word in prompt for word in ("normative", "formative", "restorative"))


# an export and a portfolio ---------------------------------------------------------------


def test_an_export_brings_both_back_exactly_into_a_new_store(store, tmp_path):
    kept = [store.add(witnessed()), store.add(supervised())]
    store.update(kept[1].id, takeaways="Name the limits of confidentiality first.")
    path = tmp_path / "out" / "everything.zip"
    export_archive(store, path)
    with zipfile.ZipFile(path) as archive:
        witness = json.loads(archive.read("records/witness-testimony.json"))
        table = archive.read("csv/supervision.csv").decode("utf-8-sig")
    assert witness["records"][0]["revisions"][0]["content"]["witness"] == "Grace Mensah"
    assert "Name the limits of confidentiality first." in table
    with Store.open(tmp_path / "new" / "mentorkit.db", owner="learner") as fresh:
        import_archive(fresh, path)
        for record in kept:
            assert fresh.history(record.id) == store.history(record.id)


def test_an_export_made_before_these_kinds_still_imports(store, tmp_path):
    """The two kinds changed the archive's layout (version 2); an older export, version 1,
    holds none of them and still comes in whole."""
    saved = store.add(SessionRecord(date=date(2026, 3, 2), duration=1.5))
    path = tmp_path / "v2.zip"
    export_archive(store, path)
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    assert json.loads(files["manifest.json"])["version"] == ARCHIVE_VERSION == 2
    manifest = json.loads(files["manifest.json"])
    files["manifest.json"] = json.dumps({**manifest, "version": 1}).encode()
    with zipfile.ZipFile(tmp_path / "v1.zip", "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    with Store.open(tmp_path / "new" / "mentorkit.db", owner="learner") as fresh:
        import_archive(fresh, tmp_path / "v1.zip")
        assert fresh.get(saved.id) == saved


def test_the_published_schema_describes_both_kinds_with_their_choices():
    schema = json.dumps(archive_schema())
    assert "witness-testimony" in schema and "supervision" in schema
    assert all(option in schema for option in PROCTOR)


def test_a_portfolio_offers_both_and_shows_them_with_html_as_text(store, tmp_path):
    import docx

    assert {"witness-testimony", "supervision"} <= set(OFFERED_KINDS)
    store.add(witnessed(observed=f"Listened well. {HOSTILE}"))
    store.add(supervised())
    page = html_body(build(store, Selection()))
    assert "Witness testimony" in page and "Supervision of my mentoring" in page
    assert "Listened well. &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>" not in page and "<img" not in page
    assert "Restorative (support and wellbeing)" in page

    path = export_portfolio(store, tmp_path / "portfolio.docx")
    doc = docx.Document(str(path))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert {"Witness testimony", "Supervision of my mentoring"} <= set(headings)
    body = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert f"Listened well. {HOSTILE}" in body
    assert "Feeling drained after the session" in cells


# a store an older release cannot read ------------------------------------------------------

#: The kinds a store may hold at each schema version. An earlier release fails on a kind it
#: does not know, so a new kind needs a new schema step, which that release refuses whole
#: ("written by a newer release of mentorkit: update"). Add the new version's kinds here.
KINDS_AT = {7: {
    "learning-log", "session-record", "feedback", "reflective-log", "goal", "review",
    "activity", "evidence", "partnership", "proposal", "quiz-attempt", "progress",
    "profile", "proposal-response", "closing-survey",
}}  # fmt: skip
KINDS_AT[8] = KINDS_AT[7] | {"witness-testimony", "supervision", "qualification"}


def test_a_new_kind_comes_with_a_schema_step_that_an_older_release_refuses():
    assert set(KINDS) == KINDS_AT[SCHEMA_VERSION]


@pytest.mark.sqlite_only
def test_a_store_of_release_seven_opens_brought_up_to_date_with_its_records(tmp_path):
    path = tmp_path / "old.db"
    with Store.open(path, owner="learner") as store:
        kept = store.add(SessionRecord(date=date(2026, 3, 2), duration=1.5))
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE schema_version SET version = 7")
    with Store.open(path, owner="learner") as old:
        assert old.schema_version() == SCHEMA_VERSION == 8
        assert old.get(kept.id) == kept
        assert old.get(old.add(witnessed()).id).witness == "Grace Mensah"


def test_a_cohort_of_release_seven_is_brought_up_to_date_by_its_coordinator(pg_url):
    import psycopg

    from mentorkit.store.schema import migrate

    with psycopg.connect(pg_url, autocommit=True) as conn, conn.transaction():
        migrate(conn, upto=7, dialect="postgresql")
    cohort.init(pg_url, pg_url.rsplit("/", 1)[1])
    with Store.open(with_user(pg_url, "amira"), owner="amira") as amira:
        assert amira.schema_version() == SCHEMA_VERSION == 8
        assert amira.get(amira.add(supervised()).id).supervisor.startswith("Tomasz")


# in a cohort ---------------------------------------------------------------------------


@pytest.mark.cohort(learners=("amira", "ben"))
def test_in_a_cohort_they_are_the_learners_alone_and_the_coordinator_sees_counts(group):
    with group.store("amira") as amira:
        mine = [amira.add(witnessed()).id, amira.add(supervised()).id]
    assert group.count("ben", "records WHERE id = ANY(%s)", (mine,)) == 0
    with group.store("ben") as ben:
        with pytest.raises(RecordNotFound):
            ben.get(mine[0])
        assert ben.find(text="Grace") == []
    seen = {(who, kind): (n, hours) for who, kind, n, hours in cohort.activity(group.url)}
    assert seen[("amira", "witness-testimony")] == (1, 0)
    assert seen[("amira", "supervision")] == (1, 0)
