"""The real qualification: ILM units and criteria with their sources, the Award and the
Certificate as tracks, and coverage that counts a criterion only when every part is met."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from mentorkit.course.catalogue import (
    all_activities,
    criteria,
    criteria_for,
    qualification,
    track,
    tracks,
    unit,
    units,
)
from mentorkit.course.coverage import TRACKING_HEADER, counts, current_track, tracking_csv
from mentorkit.course.progress import coverage_rows
from mentorkit.course.qualification import split_ref
from mentorkit.errors import TrackNotFound
from mentorkit.records import (
    KINDS,
    MenteeFeedback,
    QualificationTrack,
    SessionRecord,
    WitnessTestimony,
)
from mentorkit.records.kinds import TRACKS
from mentorkit.store import Store

ROOT = Path(__file__).resolve().parents[1] / "course"
URL = re.compile(r"https://[^\s]+")


def _row(rows, criterion):
    return next(r for r in rows if r["criterion"] == criterion)


def _session(store, hours: float, day: date | None = None):
    return store.add(SessionRecord(date=day or date.today() - timedelta(days=1), duration=hours))


# the data ------------------------------------------------------------------


def test_every_criterion_names_its_ilm_unit_its_number_and_a_source():
    known_units = {u.id for u in units()}
    assert known_units == {"304", "305", "306", "307"}
    for c in criteria():
        assert c.unit in known_units and c.id.startswith(f"{c.unit}-"), c
        assert re.fullmatch(r"\d\.\d", c.criterion) and c.id == f"{c.unit}-{c.criterion}", c
        assert c.source and URL.fullmatch(c.source.url) and c.source.verified, c
        assert c.text and c.text[0].isupper(), c
        # a number not found in a source says so, and why
        assert c.verified or "mentorkit's own" in c.reason, c
        assert (c.ilm == f"{c.unit} {c.criterion}") == c.verified, c


def test_only_numbers_a_source_gave_are_marked_verified():
    assert {c.id for c in criteria() if c.verified} == {"304-1.1", "304-1.2"}
    assert all("second-hand" in c.source.verified for c in criteria() if c.verified)


def test_every_unit_has_a_source_and_says_why_a_credit_value_is_missing():
    for u in units():
        assert URL.fullmatch(u.source.url) and u.source.verified
        assert u.credits is not None or u.credits_note, u
    assert unit("304").credits == 3
    with pytest.raises(TrackNotFound, match="its units are 304, 305, 306, 307"):
        unit("308")


def test_the_award_and_the_certificate_differ_only_in_their_practice_unit():
    award, certificate = track("award"), track("Certificate")
    assert (award.units, award.credits, award.hours) == (("304", "305", "307"), 10, 6)
    assert (certificate.units, certificate.credits, certificate.hours) == (
        ("304", "306", "307"), 13, 36,
    )  # fmt: skip
    assert set(award.units) ^ set(certificate.units) == {"305", "306"}
    assert [t.title for t in tracks()] == list(TRACKS)  # the record's choices are the data's
    with pytest.raises(TrackNotFound, match="choose the Award or Certificate"):
        track("diploma")


def test_each_306_criterion_mirrors_its_305_twin_and_only_the_hours_differ():
    twins = {c.id: c for c in criteria() if c.unit == "305"}
    extended = [c for c in criteria() if c.unit == "306"]
    assert len(extended) == len(twins)
    for c in extended:
        twin = twins[c.mirrors]
        assert c.id.split("-")[1] == twin.id.split("-")[1]
        assert c.parts == twin.parts
        assert c.text == twin.text or "thirty-six" in c.text


def test_wording_is_our_own_and_the_qualification_names_its_sources_and_successor():
    data = qualification()
    assert data["ilm_number"] == "8577" and data["award_number"] == "500/5775/3"
    assert data["successor"]["ilm_number"] == "8587"
    assert data["successor"]["assessment"] == ["assignment", "portfolio", "reflective journal"]
    assert all(URL.fullmatch(s["url"]) for s in data["sources"])
    # ILM's own criterion sentences, as the sources quote them, are not ours
    theirs = (
        "Describe and define the purpose of workplace mentoring",
        "Explain the role, remit and responsibilities of an effective workplace mentor",
    )
    assert not any(t.lower() in c.text.lower() for t in theirs for c in criteria())


def test_every_reference_to_a_criterion_or_part_exists():
    parts = {c.id: {p.key for p in c.parts} for c in criteria()}
    refs = [r for a in all_activities(ROOT) for r in a.criteria]
    refs += [r for k in KINDS.values() for r in k.evidences]
    for ref in refs:
        cid, part = split_ref(ref)
        assert cid in parts, ref
        assert part is None or part in parts[cid], ref


def test_every_criterion_of_each_track_can_be_evidenced():
    refs = {split_ref(r)[0] for a in all_activities(ROOT) for r in a.criteria}
    refs |= {split_ref(r)[0] for k in KINDS.values() for r in k.evidences}
    for t in tracks():
        missing = [c.id for c in criteria_for(t.id) if not set(c.answers_to) & refs]
        assert missing == [], t.id


# the track -----------------------------------------------------------------


def test_the_track_is_the_learners_latest_choice_and_the_award_until_then(store):
    assert current_track(store) is None
    assert {r["unit"] for r in coverage_rows(store, ROOT)} == {"304", "305", "307"}
    chosen = store.add(QualificationTrack(track="Certificate"))
    assert current_track(store) == "certificate"
    assert {r["unit"] for r in coverage_rows(store, ROOT)} == {"304", "306", "307"}
    store.update(chosen.id, track="Award")
    assert current_track(store) == "award"


# hours ---------------------------------------------------------------------


def test_five_hours_are_not_yet_the_awards_six_and_six_are(store):
    _session(store, 3)
    _session(store, 2)
    hours = _row(coverage_rows(store, ROOT), "305-2.1")
    assert (hours["hours"], hours["hours_needed"], hours["evidenced"]) == (5, 6, False)
    assert hours["missing"] == [
        "Enough hours of your own mentoring, added up from your session records"
    ]
    _session(store, 1)
    hours = _row(coverage_rows(store, ROOT), "305-2.1")
    assert (hours["hours"], hours["evidenced"], hours["missing"]) == (6, True, [])


def test_on_the_certificate_35_hours_are_not_yet_and_36_are(store):
    store.add(QualificationTrack(track="Certificate"))
    for _ in range(7):
        _session(store, 5)
    row = _row(coverage_rows(store, ROOT), "306-2.1")
    assert (row["hours"], row["hours_needed"], row["evidenced"]) == (35, 36, False)
    _session(store, 1)
    row = _row(coverage_rows(store, ROOT), "306-2.1")
    assert (row["hours"], row["evidenced"]) == (36, True)
    assert "305-2.1" not in {r["criterion"] for r in coverage_rows(store, ROOT)}


def test_planned_sessions_are_not_hours_held(store):
    _session(store, 5)
    _session(store, 4, date.today() + timedelta(days=7))
    assert _row(coverage_rows(store, ROOT), "305-2.1")["hours"] == 5


def test_a_partners_shared_sessions_are_not_the_learners_hours(store_path):
    with Store.open(store_path, owner="learner") as mine:
        _session(mine, 1)
    with Store.open(store_path, owner="partner") as theirs:
        theirs.add(SessionRecord(date=date.today() - timedelta(days=1), duration=8))
    with Store.open(store_path, owner="learner") as mine:
        assert _row(coverage_rows(mine, ROOT), "305-2.1")["hours"] == 1


def test_an_answer_about_hours_never_counts_as_hours(store):
    from mentorkit.apps.topic import activity

    ref = next(a for a in all_activities(ROOT) if "305-2.1" in a.criteria)
    answered = activity(ref.activity, store=store)
    answered.fields[0].value = "I have mentored for ten hours."
    answered.save()
    row = _row(coverage_rows(store, ROOT), "305-2.1")
    assert row["answered"] and not row["evidenced"] and row["hours"] == 0


# every part ----------------------------------------------------------------


def test_sessions_and_answers_alone_leave_what_a_witness_and_a_supervisor_give(store):
    from mentorkit.apps.topic import activity

    ref = next(a for a in all_activities(ROOT) if "305-2.2" in a.criteria)
    answered = activity(ref.activity, store=store)
    answered.fields[0].value = "We used GROW with my mentee last week."
    answered.save()
    _session(store, 1)
    row = _row(coverage_rows(store, ROOT), "305-2.2")
    ticked = {p.key: p.evidenced for p in row["parts"]}
    assert ticked == {"sessions": True, "observed": False, "supervision": False}
    assert not row["evidenced"]


def test_a_testimony_counts_only_once_the_witness_has_confirmed_it(store):
    day = date.today() - timedelta(days=1)
    said = dict(witness="Priya Shah", witness_role="Team leader", relationship="My line manager",
                observed="A calm first session.", observed_on=day, date=day)  # fmt: skip
    assert not counts(WitnessTestimony(**said))
    confirmed = WitnessTestimony(**said, confirmed=True, confirmed_by="Priya Shah",
                                 confirmed_how="By email", confirmed_on=day)  # fmt: skip
    assert counts(confirmed)
    assert counts(SessionRecord(date=day, duration=1))  # nothing to confirm


def test_mentee_feedback_alone_leaves_the_evaluation_part_to_evidence(store):
    store.add(MenteeFeedback(rating=4))
    row = _row(coverage_rows(store, ROOT), "305-3.2")
    ticked = {p.key: p.evidenced for p in row["parts"]}
    assert ticked == {"mentee-feedback": True, "evaluation": False}
    assert not row["evidenced"] and row["missing"] == ["Your own evaluation of how it went"]


def test_a_partners_shared_feedback_is_not_the_learners_evidence(store_path):
    with Store.open(store_path, owner="partner") as theirs:
        theirs.add(MenteeFeedback(rating=5))
    with Store.open(store_path, owner="learner") as mine:
        row = _row(coverage_rows(mine, ROOT), "305-3.2")
        assert not any(p.evidenced for p in row["parts"])


# the tracking table --------------------------------------------------------


def test_the_tracking_csv_has_a_row_per_criterion_and_neutralises_formulas(store):
    _session(store, 2)
    rows = coverage_rows(store, ROOT)
    rows[0]["text"] = '=HYPERLINK("http://x")'
    table = list(csv.reader(io.StringIO(tracking_csv(rows).decode("utf-8-sig"))))
    assert tuple(table[0]) == TRACKING_HEADER
    assert [r[2] for r in table[1:]] == [c.id for c in criteria_for("award")]
    assert table[1][5].startswith("'=")
    hours = next(r for r in table[1:] if r[2] == "305-2.1")
    assert hours[8] == "2 of 6" and hours[10] == "Not yet"
    verified = {r[2]: (r[3], r[4]) for r in table[1:]}
    assert verified["304-1.1"] == ("1.1", "yes") and verified["304-1.3"] == ("", "no")


# the pages -----------------------------------------------------------------


def test_the_coverage_page_saves_the_track_and_redraws_for_it(store):
    import base64

    from mentorkit.apps.coverage import CoverageView

    view = CoverageView(store)
    parts = view.parts()
    assert "You have not chosen yet" in parts[1].value
    view.keep()  # nothing chosen
    assert "Choose the Award or the Certificate first" in view.status.value
    assert current_track(store) is None
    view.choice.value = "Certificate"
    view.keep()
    assert current_track(store) == "certificate"
    assert "working towards the Certificate" in view.status.value
    assert view.not_chosen.value == ""  # it said "not chosen yet" beside "Saved" until a reload
    summary, link, table, checked = view.results.children
    assert "Coverage for the Certificate" in summary.value
    assert "<strong>0</strong>, against the 36 the Certificate asks for" in summary.value
    # an activity is named by its topic's title, not the notebook's file name
    assert "01-what-mentoring-is" not in table.value
    assert "306-2.1" in table.value and "305-2.1" not in table.value
    assert "number not verified as ILM's" in table.value and "ILM 304 1.1" in table.value
    assert "What we could and could not check" in checked.value
    assert "No credit value was found for unit 306 or 307" in checked.value
    data = link.value.split("base64,")[1].split('"')[0]
    assert base64.b64decode(data).decode("utf-8-sig").startswith(",".join(TRACKING_HEADER))
    view.choice.value = "Award"
    view.keep()
    assert current_track(store) == "award" and len(own_tracks(store)) == 1


def own_tracks(store):
    return [r for r in store.find(QualificationTrack) if r.owner == store.owner]


def test_the_landing_page_shows_the_track_and_links_to_where_it_is_changed(store):
    from mentorkit.apps.welcome import COVERAGE_PAGE, track_html

    assert (ROOT / COVERAGE_PAGE).resolve() == ROOT.parent / "workbook" / "coverage.ipynb"
    before = track_html(store)
    assert "until you do, the Award is shown" in before and COVERAGE_PAGE in before
    store.add(QualificationTrack(track="Certificate"))
    _session(store, 2)
    after = track_html(store)
    assert "working towards the ILM Level 3 Certificate" in after
    assert "You have 2 of its 36 hours" in after and "Change it" in after


def test_the_portfolio_carries_the_criteria_tracking_table_unless_left_out(store):
    from mentorkit.portfolio import Selection, build
    from mentorkit.portfolio.text import to_markdown

    store.add(QualificationTrack(track="Certificate"))
    for _ in range(7):
        _session(store, 5)
    _session(store, 1)
    text = to_markdown(build(store, Selection(kinds=())))
    assert "Criteria tracking" in text
    assert "the Certificate in Workplace Mentoring, ILM's level 3 (units 304, 306, 307)" in text
    assert "36 of 36 hours of mentoring" in text
    rows = {line.split(" | ")[0].strip("| "): line for line in text.splitlines() if "|" in line}
    assert "| Evidenced |" in rows["306-2.1"] and "Session record" in rows["306-2.1"]
    assert "| 304 1.1 |" in rows["304-1.1"] and "| not confirmed |" in rows["304-1.3"]
    assert "Not yet: Someone who saw you mentor confirms it" in rows["306-2.2"]
    assert "305-2.1" not in rows
    assert "Criteria tracking" not in to_markdown(build(store, Selection(kinds=(), tracking=False)))


def test_the_dashboard_counts_towards_the_learners_track(store):
    from mentorkit.apps.dashboard import goal, total_words

    _session(store, 2)
    assert "Running total: 2 of the Award's 6 hours (4 to go)" in total_words(store)
    store.add(QualificationTrack(track="Certificate"))
    assert goal(store).hours == 36
    assert "Running total: 2 of the Certificate's 36 hours (34 to go)" in total_words(store)


def test_every_part_only_a_record_can_evidence_has_a_kind_that_declares_it():
    declared = {r for k in KINDS.values() for r in k.evidences}
    for c in criteria():
        for part in c.parts:
            if part.record or part.hours:
                refs = {f"{cid}#{part.key}" for cid in c.answers_to}
                assert refs & declared, f"{c.id}#{part.key}"
    hours_kinds = [k for k in KINDS.values() if any(r.endswith("#hours") for r in k.evidences)]
    assert hours_kinds and all(any(s.unit == "hours" for s in k.specs()) for k in hours_kinds)


def _testimony(confirmed: bool) -> WitnessTestimony:
    day = date.today() - timedelta(days=1)
    said = dict(witness="Priya Shah", witness_role="Team leader", relationship="My line manager",
                observed="A calm first session.", observed_on=day, date=day)  # fmt: skip
    if confirmed:
        said |= dict(confirmed=True, confirmed_by="Priya Shah", confirmed_how="By email",
                     confirmed_on=day)  # fmt: skip
    return WitnessTestimony(**said)


def test_sessions_a_confirmed_testimony_and_supervision_evidence_practice_in_sessions(store):
    from mentorkit.records import SupervisionRecord

    _session(store, 1)
    store.add(_testimony(confirmed=False))
    row = _row(coverage_rows(store, ROOT), "305-2.2")
    assert not {p.key: p.evidenced for p in row["parts"]}["observed"]  # not confirmed yet
    store.add(_testimony(confirmed=True))
    assert _row(coverage_rows(store, ROOT), "305-2.2")["missing"] == [
        "Supervision of your mentoring"
    ]
    store.add(SupervisionRecord(date=date.today(), supervisor="Sam Okafor, scheme lead",
                                discussed=[{"topic": "Boundaries"}],
                                takeaways="Ask before advising."))  # fmt: skip
    row = _row(coverage_rows(store, ROOT), "305-2.2")
    assert row["evidenced"] and row["missing"] == []


def test_a_criterion_asking_for_a_plan_and_a_record_needs_both_not_either(store):
    """A new-user review: one session record, with no plan written, showed "Plan sessions
    with a focused agenda" and "Reflect using a recognised model" (a log entry alone) as
    evidenced, while the assignment assessing them refused to be handed in without the
    activities."""
    from factories import learning_log

    from mentorkit.records import ActivityResponse

    _session(store, 1.5)
    store.add(learning_log())
    rows = coverage_rows(store, ROOT)
    plan, reflect = _row(rows, "305-1.3"), _row(rows, "307-1.2")
    assert not plan["evidenced"] and not reflect["evidenced"]
    assert "still needs an answer to one of its activities" in tracking_csv(rows).decode()
    for topic, activity in (("07-planning-sessions", "plan-a-session"),
                            ("10-reflective-practice", "gibbs-reflection")):  # fmt: skip
        answers = [{"question": "What did you do?", "answer": "Done, for real."}]
        store.add(ActivityResponse(topic=topic, activity=activity, answers=answers))
    rows = coverage_rows(store, ROOT)
    assert _row(rows, "305-1.3")["evidenced"] and _row(rows, "307-1.2")["evidenced"]
