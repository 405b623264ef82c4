"""Internal quality assurance: the IQA reads decisions and evidence, changes neither, draws
a sample that is reproducible and covers every unit and both outcomes, and records an
outcome against a decision.

A real round: three learners hand in all three assignments with `mentorkit assess
submit`, collected and autograded with nbgrader; two assessors decide every criterion.
"""

from __future__ import annotations

import csv
import hashlib
import math
import sqlite3

import pytest
from assessor_round import learner, mentorkit, nbgrader, new_course

from mentorkit.assess import iqa
from mentorkit.assess.decisions import MET, NOT_YET, criteria_of, decide, decisions_for
from mentorkit.course.catalogue import criteria
from mentorkit.errors import DecisionProblem

pytestmark = pytest.mark.slow
LEARNERS = {"alice": "asha", "bob": "asha", "carol": "ben"}  # learner: their assessor


@pytest.fixture(scope="module")
def decided(tmp_path_factory):
    root = tmp_path_factory.mktemp("iqa")
    course, env = new_course(root)
    assignments = tuple(sorted(p.name for p in (course / "source").iterdir()))
    for name in LEARNERS:
        one = learner(root, name, env)
        for assignment in assignments:
            one.hand_in(course, assignment, "--declare")
    for assignment in assignments:
        mentorkit(course, env, "assess", "collect", assignment, "--course-dir", course)
        nbgrader(course, env, "autograde", assignment)
    made = []
    for student, assessor in LEARNERS.items():
        for assignment in assignments:
            for n, criterion in enumerate(criteria_of(course, assignment)):
                not_yet = student == "bob" and n == 0  # one not yet in each unit, by asha
                decision = NOT_YET if not_yet else MET
                made.append(decide(course, student, assignment, criterion, decision,
                                   f"{assessor} on {criterion}", "Add an example." if not_yet
                                   else "", assessor))  # fmt: skip
    return course, env, made


def _fingerprint(course) -> list[str]:
    files = sorted(course.glob("decisions.db*"))
    return [f"{p.name}:{hashlib.sha256(p.read_bytes()).hexdigest()}" for p in files]


def test_the_iqa_reads_the_decisions_but_a_write_is_refused(decided):
    course, env, made = decided
    db = iqa.decisions(course)
    assert len(db.execute("SELECT * FROM decisions").fetchall()) == len(made)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        db.execute("INSERT INTO decisions (student) VALUES ('mallory')")
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        db.execute("DELETE FROM decisions")
    db.close()


def test_the_iqa_commands_leave_decisions_and_evidence_as_they_were(decided):
    course, env, made = decided
    before = _fingerprint(course), sorted(str(p) for p in (course / "attempts").rglob("*"))
    standing = decisions_for(course, "bob", "unit307-reflecting", refresh=False)
    assert standing and all(d.decision in (MET, NOT_YET) for d in standing)  # decided, not empty
    iqa_env = {**env, "JUPYTERHUB_USER": "ida"}
    mentorkit(course, iqa_env, "assess", "iqa", "sample", course, "--seed", "3")
    mentorkit(course, iqa_env, "assess", "iqa", "outcome", course, str(made[0].id), "agree",
              "--comment", "Read the evidence: the rationale holds.")  # fmt: skip
    mentorkit(course, iqa_env, "assess", "iqa", "report", course)
    shown = mentorkit(course, iqa_env, "assess", "iqa", "evidence", course, str(made[0].id))
    assert "SHA-256 matches" in shown.stdout and f"{made[0].student} answers" in shown.stdout
    after = _fingerprint(course), sorted(str(p) for p in (course / "attempts").rglob("*"))
    assert before == after
    assert decisions_for(course, "bob", "unit307-reflecting", refresh=False) == standing


def test_the_sample_covers_every_unit_and_both_outcomes_and_weights_new_assessors_up(decided):
    course, _, made = decided
    drawn = iqa.plan(course, share=0.1, seed=7, new_assessors=("ben",))
    units = {_unit(r.criterion) for r in made}  # every unit an assignment assesses
    assert len(units) == len(list((course / "source").iterdir())) > 1
    assert {_unit(r.criterion) for r in drawn.chosen} == units
    assert {r.decision for r in drawn.chosen} == {MET, NOT_YET}
    theirs = {a: [r for r in made if r.assessor == a] for a in ("asha", "ben")}
    taken = {a: [r for r in drawn.chosen if r.assessor == a] for a in theirs}
    assert len(taken["asha"]) >= math.ceil(0.1 * len(theirs["asha"]))
    assert len(taken["ben"]) >= math.ceil(0.2 * len(theirs["ben"]))  # new: twice the share
    said = "\n".join(drawn.explanation)
    assert "seed 7" in said and "a new assessor: doubled" in said
    again = iqa.plan(course, share=0.1, seed=7, new_assessors=("ben",))
    assert [r.id for r in again.chosen] == [r.id for r in drawn.chosen]  # reproducible
    other = iqa.plan(course, share=0.1, seed=8, new_assessors=("ben",))
    assert [r.id for r in other.chosen] != [r.id for r in drawn.chosen]


def _unit(criterion: str) -> str:
    return {c.id: c.unit for c in criteria()}[criterion]


def test_the_iqa_outcome_is_recorded_against_the_decision_and_reported(decided):
    course, env, made = decided
    bobs = next(r for r in made if r.decision == NOT_YET)
    iqa_env = {**env, "JUPYTERHUB_USER": "ida"}
    args = ["assess", "iqa", "outcome", course, str(bobs.id)]
    refused = mentorkit(course, iqa_env, *args, "refer-back", ok=False)
    assert refused.returncode == 1 and "needs a comment" in refused.stderr
    mentorkit(course, iqa_env, *args, "refer-back", "--comment", "Say which stage is missing.")
    with pytest.raises(DecisionProblem, match="own decisions"):
        iqa.record_outcome(course, bobs.id, "agree", "Fine.", iqa="asha")
    (said,) = iqa.outcomes(course)[bobs.id]
    assert said["outcome"] == "refer back" and said["iqa"] == "ida"
    assert said["evidence_sha256"] == bobs.evidence_sha256
    report = mentorkit(course, iqa_env, "assess", "iqa", "report", course).stdout
    assert f"#{bobs.id} bob" in report and "refer back (ida: Say which stage is missing.)" in report
    assert "not yet looked at" in report
    shown = mentorkit(course, env, "assess", "review", course, "bob", bobs.assignment)
    assert "IQA refer back (ida): Say which stage is missing." in shown.stdout
    assert (course / "iqa.db").stat().st_mode & 0o777 == 0o600
    record = mentorkit(course, env, "assess", "record", course, "--csv", course.parent / "r.csv")
    assert "refer back (ida" in (course.parent / "r.csv").read_text(encoding="utf-8")
    assert record.returncode == 0


def test_a_refer_back_stays_in_the_report_and_the_record_after_it_is_decided_again(decided):
    """Refer back, reopen, decide again: the sample is reported as drawn, the refer-back
    and the reason it was reopened stay in the report and the decision record's history."""
    from mentorkit.assess.record import rows

    course, env, made = decided
    iqa_env = {**env, "JUPYTERHUB_USER": "ida"}
    said = mentorkit(course, iqa_env, "assess", "iqa", "sample", course, "--seed", "5").stdout
    assert "Kept as sample" in said
    kept = [[r.id for r in s.chosen] for s in iqa.drawn(course)]
    assert len(kept) >= 2 and kept[-1]  # this sample and the earlier ones, as drawn
    looked_at = iqa.outcomes(course)
    target = next(r for r in iqa.drawn(course)[-1].chosen
                  if r.decision == MET and r.id not in looked_at)  # fmt: skip
    sampled = {i for ids in kept for i in ids}
    outside = next(r for r in made if r.id not in sampled and r.id != target.id)
    outcome = ["assess", "iqa", "outcome", course]
    mentorkit(course, iqa_env, *outcome, str(target.id), "refer-back", "--comment",
              "Say which stage of the model is missing.")  # fmt: skip
    mentorkit(course, iqa_env, *outcome, str(outside.id), "agree", "--comment", "Sound.")
    where = (target.student, target.assignment, target.criterion)
    key = (target.student, target.criterion)
    mentorkit(course, env, "assess", "reopen", course, *where, "--reason", "IQA referred it back.")
    (waiting,) = [r for r in rows(course)
                  if (r["learner"], r["criterion"]) == key]  # fmt: skip
    assert waiting["decision"] == "awaiting a decision"
    mentorkit(course, env, "assess", "decide", course, *where, "met", "--rationale",
              "Read again: the missing stage is in the second section.")  # fmt: skip
    again = next(d for d in decisions_for(course, target.student, target.assignment, refresh=False)
                 if d.criterion == target.criterion)  # fmt: skip
    assert again.decision == MET and again.decision_id != target.id

    report = mentorkit(course, iqa_env, "assess", "iqa", "report", course).stdout
    assert [[r.id for r in s.chosen] for s in iqa.drawn(course)] == kept  # not redrawn
    line = next(x for x in report.splitlines() if x.startswith(f"  #{target.id} "))
    assert "refer back (ida: Say which stage of the model is missing.)" in line
    assert "reopened by asha" in line and "IQA referred it back." in line
    assert f"superseded by #{again.decision_id}, met" in line
    assert "refer back" in report.split(f"  #{target.id} ")[1].split("decisions sampled:")[1]
    trail = report.split("Every IQA outcome recorded")[1]
    assert f"agree on #{outside.id} " in trail and "(outside any sample): Sound." in trail
    assert f"refer back on #{target.id} " in trail

    out_csv, out_html = course.parent / "trail.csv", course.parent / "trail.html"
    mentorkit(course, env, "assess", "record", course, "--csv", out_csv, "--html", out_html)
    with out_csv.open(encoding="utf-8") as fh:
        (row,) = [r for r in csv.DictReader(fh)
                  if (r["learner"], r["criterion"]) == key]  # fmt: skip
    assert row["decision"] == MET
    assert f"(on earlier decision #{target.id})" in row["iqa"] and "refer back" in row["iqa"]
    assert f"#{target.id} " in row["history"] and "IQA refer back (ida" in row["history"]
    assert "reopened, reason: IQA referred it back." in row["history"]
    page = out_html.read_text(encoding="utf-8")
    assert "Earlier decisions" in page and "IQA referred it back." in page
