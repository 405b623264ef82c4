"""The learner's track (Award or Certificate) goes in with each hand-in: a unit of the other
track is refused, no track chosen is warned about, and grades and the decision record list
only the learner's own track's units and say whether the track is achieved.

A real round: a course folder in tmp_path, learners with their own stores handing in with
`mentorkit assess submit`, nbgrader's own collect and autograde.
"""

from __future__ import annotations

import json

import pytest
from assessor_round import learner, mentorkit, nbgrader, new_course

from mentorkit.assess.attempts import attempts
from mentorkit.assess.decisions import MET, criteria_of, decide
from mentorkit.assess.declaration import qualification, track_criteria, track_handed_in
from mentorkit.course.catalogue import criteria
from mentorkit.records import QualificationTrack

pytestmark = pytest.mark.slow
UNIT_OF = {c.id: c.unit for c in criteria()}


@pytest.fixture(scope="module")
def handed_in(tmp_path_factory):
    """Ada chose the Award and hands in 306 (refused) and 307; Nat chose nothing and hands
    in 307; the assessor collects, autogrades and decides Ada's 307 met."""
    root = tmp_path_factory.mktemp("tracks")
    course, env = new_course(root)
    by_unit = {}
    for folder in sorted((course / "source").iterdir()):
        (unit,) = {UNIT_OF[c] for c in criteria_of(course, folder.name)}
        by_unit[unit] = folder.name
    ada, nat = learner(root, "ada", env), learner(root, "nat", env)
    with ada.store() as store:
        store.add(QualificationTrack(track="Award"))
    found = {"course": course, "env": env, "by_unit": by_unit}
    found["refused"] = ada.hand_in(course, by_unit["306"], "--declare", ok=False)
    found["inbound"] = sorted((course / "exchange").rglob("ada+*"))
    found["ada"] = ada.hand_in(course, by_unit["307"], "--declare")
    found["nat"] = nat.hand_in(course, by_unit["307"], "--declare")
    mentorkit(course, env, "assess", "collect", by_unit["307"], "--course-dir", course)
    nbgrader(course, env, "autograde", by_unit["307"])
    for criterion in criteria_of(course, by_unit["307"]):
        decide(course, "ada", by_unit["307"], criterion, MET, "Shown with examples.", "", "asha")
    return found


def test_a_unit_of_the_other_track_is_refused_and_says_how_to_change_track(handed_in):
    refused = handed_in["refused"]
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "Unit 306 is not part of the Award" in refused.stderr
    assert "coverage page" in refused.stderr and "Nothing has been submitted" in refused.stderr
    assert handed_in["inbound"] == []


def test_the_track_goes_in_with_the_hand_in_and_no_track_is_warned_about(handed_in):
    course, unit307 = handed_in["course"], handed_in["by_unit"]["307"]
    assert "not chosen your qualification" not in handed_in["ada"].stderr
    assert "You have not chosen your qualification yet" in handed_in["nat"].stderr
    assert "goes ahead" in handed_in["nat"].stderr
    (ada,) = attempts(course, "ada", unit307, refresh=False)
    (nat,) = attempts(course, "nat", unit307, refresh=False)
    assert track_handed_in(ada) == "award" and track_handed_in(nat) is None
    meta = json.loads(next(nat.folder.glob("*.ipynb")).read_text(encoding="utf-8"))["metadata"]
    assert meta["mentorkit"]["track"] == "not chosen"


def test_grades_and_the_record_list_only_the_learners_track_and_say_if_it_is_achieved(handed_in):
    from mentorkit.assess import grades
    from mentorkit.assess.record import rows

    course, env = handed_in["course"], handed_in["env"]
    record = rows(course)
    units = {who: {r["unit"] for r in record if r["learner"] == who} for who in ("ada", "nat")}
    assert units == {"ada": {"304", "305", "307"}, "nat": {"304", "305", "306", "307"}}
    (ada_said,) = {r["qualification"] for r in record if r["learner"] == "ada"}
    assert ada_said == "Award: not yet achieved"  # 307 met; 304 and 305 not handed in
    assert all(r["unit_achieved"] == "yes" for r in record
               if r["learner"] == "ada" and r["unit"] == "307")  # fmt: skip
    (nat_said,) = {r["qualification"] for r in record if r["learner"] == "nat"}
    assert nat_said.startswith("track not known")
    table = grades(course)
    theirs = table[table["student"] == "ada"]
    assert not theirs.empty and not any(UNIT_OF[c] == "306" for c in theirs["criterion"])
    assert set(theirs["qualification"]) == {"Award: not yet achieved"}
    assert any(UNIT_OF[c] == "306" for c in table[table["student"] == "nat"]["criterion"])
    shown = mentorkit(course, env, "assess", "grades", course).stdout
    assert "ada: Award: not yet achieved" in shown and "nat: track not known" in shown
    page = mentorkit(course, env, "assess", "record", course, "--html", course.parent / "r.html")
    assert page.returncode == 0
    assert "Qualification: Award: not yet achieved." in (course.parent / "r.html").read_text()


def test_a_track_is_achieved_only_when_every_criterion_of_its_units_is_met():
    award = track_criteria("award")
    assert {UNIT_OF[c] for c in award} == {"304", "305", "307"}
    assert qualification("award", award) == "Award: achieved"
    assert qualification("award", award - {min(award)}) == "Award: not yet achieved"
    assert qualification("certificate", award) == "Certificate: not yet achieved"
    assert track_criteria(None) is None
