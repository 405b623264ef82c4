"""The assessor decides each criterion, met or not yet, with a rationale; attempts are kept.

A real round: a course folder in tmp_path, learners handing in with `mentorkit assess
submit`, `mentorkit assess collect` and nbgrader's own autograde, gradebook scores set as
formgrader sets them. The fixtures build on each other in file order: handed in,
decided, handed in again.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from assessor_round import cell_of, learner, mentorkit, nbgrader, new_course

from mentorkit.assess.attempts import attempts
from mentorkit.assess.decisions import (
    MET,
    NOT_YET,
    UNDECIDED,
    changes,
    criteria_of,
    decide,
    decisions_for,
    unit_achieved,
)
from mentorkit.assess.declaration import DECLARATION
from mentorkit.course.catalogue import criteria
from mentorkit.errors import DecisionProblem

SOURCE = Path(__file__).resolve().parents[1] / "workbook" / "assignments"

pytestmark = pytest.mark.slow
#: The assignment that takes the Gibbs reflection (its word count is checked).
(UNIT2,) = [p.parent.name for p in sorted(SOURCE.glob("*/*.ipynb"))
            if '"gibbs-reflection"' in p.read_text(encoding="utf-8")]  # fmt: skip
REFLECTING = UNIT2


class Round:
    def __init__(self, root):
        self.root = root
        self.course, self.env = new_course(root, release=REFLECTING)
        self.alice = learner(root, "alice", self.env, gibbs_words=120)
        self.bob = learner(root, "bob", self.env, gibbs_words=10)  # below the word range
        gibbs = cell_of(self.course, "gibbs-reflection")
        assert gibbs["assignment"] == UNIT2
        self.gibbs_cell, (self.gibbs,) = gibbs["grade_id"], gibbs["criteria"]
        self.criteria = criteria_of(self.course, UNIT2)

    def mentorkit(self, *args, ok=True):
        return mentorkit(self.course, self.env, "assess", *args, ok=ok)

    def collect_and_autograde(self):
        self.mentorkit("collect", UNIT2, "--course-dir", self.course)
        nbgrader(self.course, self.env, "autograde", UNIT2)


@pytest.fixture(scope="module")
def handed_in(tmp_path_factory):
    """Alice and Bob hand in unit 2; the assessor collects, autogrades, and scores everything
    in the gradebook as formgrader would, with an extra point for Bob's short reflection."""
    from nbgrader.api import Gradebook

    rnd = Round(tmp_path_factory.mktemp("decisions"))
    refused = rnd.alice.hand_in(rnd.course, UNIT2, ok=False)  # no declaration
    rnd.refused = refused
    rnd.inbound_after_refusal = sorted((rnd.course / "exchange").rglob("alice+*"))
    rnd.alice.hand_in(rnd.course, UNIT2, "--declare")
    rnd.bob.hand_in(rnd.course, UNIT2, "--declare")
    rnd.collect_and_autograde()
    with Gradebook(f"sqlite:///{rnd.course / 'gradebook.db'}", "mentoring") as gb:
        for student in ("alice", "bob"):
            notebook = gb.find_submission_notebook(UNIT2, UNIT2, student)
            for grade in notebook.grades:
                if grade.needs_manual_grade:
                    grade.manual_score = grade.max_score
                    grade.needs_manual_grade = False
                if student == "bob" and grade.name == rnd.gibbs_cell:
                    grade.extra_credit = 2
        gb.db.commit()
    return rnd


def test_handing_in_needs_the_learners_declaration(handed_in):
    refused = handed_in.refused
    assert refused.returncode == 1
    assert "Nothing has been submitted" in refused.stderr and "--declare" in refused.stderr
    assert DECLARATION in refused.stderr and "Traceback" not in refused.stderr
    assert handed_in.inbound_after_refusal == []
    (first,) = attempts(handed_in.course, "alice", UNIT2)
    declared = first.declaration
    assert declared["text"] == DECLARATION and declared["student"] == "alice"


def test_scores_extra_credit_and_checks_never_decide(handed_in):
    """Bob's reflection fails its word count yet has full marks plus extra credit: nothing
    is decided, either way, until the assessor decides."""
    said = {d.criterion: d for d in decisions_for(handed_in.course, "bob", UNIT2)}
    assert set(said) == set(handed_in.criteria)
    assert {d.decision for d in said.values()} == {UNDECIDED}
    assert not unit_achieved(list(said.values()))
    shown = handed_in.mentorkit("review", handed_in.course, "bob", UNIT2).stdout
    assert "the assignment asks for 300 to 1,000 words: add to it" in shown  # advice
    assert "(+2 extra credit)" in shown and "Advice, formgrader's points" in shown
    assert "Awaiting a decision" in shown and "Decision: met" not in shown
    assert "```" not in shown and "**" not in shown  # plain text: no Markdown signs
    assert "bob answers" in shown and "<b>bold</b>" in shown  # the evidence, as handed in


def test_a_decision_needs_a_rationale_and_a_not_yet_what_to_do_next(handed_in):
    args = ["decide", handed_in.course, "bob", UNIT2, handed_in.gibbs]
    no_reason = handed_in.mentorkit(*args, "met", ok=False)
    assert no_reason.returncode == 1 and "needs its rationale" in no_reason.stderr
    no_next = handed_in.mentorkit(*args, "not-yet", "--rationale", "Too short.", ok=False)
    assert no_next.returncode == 1 and "what to do next" in no_next.stderr
    odd = handed_in.mentorkit(*args, "maybe", "--rationale", "Hm.", ok=False)
    assert "decide “met” or “not yet”" in odd.stderr
    with pytest.raises(DecisionProblem, match="needs its rationale"):
        decide(handed_in.course, "bob", UNIT2, handed_in.gibbs, MET, "   ")
    assert {d.decision for d in decisions_for(handed_in.course, "bob", UNIT2)} == {UNDECIDED}


@pytest.fixture(scope="module")
def decided(handed_in):
    """The assessor decides every criterion for both: Bob's reflection met although its
    word count check failed; Alice's evidence criterion not yet."""
    rnd = handed_in
    for student in ("alice", "bob"):
        for criterion in rnd.criteria:
            rnd.mentorkit("decide", rnd.course, student, UNIT2, criterion, "met",
                          "--rationale", f"{student} shows {criterion} with examples.")  # fmt: skip
    rnd.mentorkit("decide", rnd.course, "bob", UNIT2, rnd.gibbs, "not-yet", "--rationale",
                  "First look: too short.", "--next", "Say more.")  # fmt: skip
    again = "=SUM(1) On reading it again: short, but every stage is there <script>."
    rnd.mentorkit("decide", rnd.course, "bob", UNIT2, rnd.gibbs, "met", "--rationale", again)
    return rnd


def test_the_assessors_decision_stands_with_who_when_and_the_evidence_version(decided):
    said = {d.criterion: d for d in decisions_for(decided.course, "bob", UNIT2)}
    gibbs = said[decided.gibbs]
    (attempt,) = attempts(decided.course, "bob", UNIT2)
    assert gibbs.decision == MET and gibbs.rationale.startswith("=SUM(1) On reading it again")
    assert gibbs.assessor == "asha" and gibbs.decided_at[:4].isdigit()
    assert gibbs.submitted_at == attempt.timestamp and len(gibbs.evidence_sha256) == 64
    assert unit_achieved(list(said.values()))


def test_a_decision_is_never_changed_or_deleted_only_superseded(decided):
    db = sqlite3.connect(decided.course / "decisions.db")
    rows = db.execute(
        "SELECT id, decision, supersedes FROM decisions WHERE student='bob' AND criterion=?",
        (decided.gibbs,),
    ).fetchall()
    assert [r[1] for r in rows] == [MET, NOT_YET, MET]
    assert [r[2] for r in rows] == [None, rows[0][0], rows[1][0]]
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
        db.execute("DELETE FROM decisions")
    with pytest.raises(sqlite3.IntegrityError, match="never changed"):
        db.execute("UPDATE decisions SET decision = 'met'")
    db.close()
    assert (decided.course / "decisions.db").stat().st_mode & 0o777 == 0o600


@pytest.fixture(scope="module")
def handed_in_again(decided):
    """Alice rewrites her Gibbs reflection only, and hands in again."""
    rnd = decided
    rnd.alice.rewrite("gibbs-reflection", 130, " (second version)")
    rnd.alice.hand_in(rnd.course, UNIT2, "--declare")
    rnd.collect_and_autograde()
    return rnd


def test_a_resubmission_keeps_every_attempt_and_carries_forward_the_unchanged(handed_in_again):
    rnd = handed_in_again
    first, second = attempts(rnd.course, "alice", UNIT2)
    assert first.timestamp != second.timestamp
    old = (first.folder / f"{UNIT2}.ipynb").read_text(encoding="utf-8")
    assert "second version" not in old and "second version" in (
        second.folder / f"{UNIT2}.ipynb"
    ).read_text(encoding="utf-8")
    said = {d.criterion: d for d in decisions_for(rnd.course, "alice", UNIT2)}
    gibbs = said.pop(rnd.gibbs)
    assert gibbs.decision == UNDECIDED and "evidence changed" in gibbs.review
    for one in said.values():
        assert one.decision == MET and one.carried_forward
        assert one.submitted_at == first.timestamp
    changed = changes(rnd.course, "alice", UNIT2)
    assert changed[rnd.gibbs] == "changed"
    assert {v for k, v in changed.items() if k != rnd.gibbs} == {"unchanged"}
    shown = rnd.mentorkit("review", rnd.course, "alice", UNIT2).stdout
    assert "Since the attempt last assessed: changed" in shown and "2 attempts" in shown
    assert "carried forward: evidence unchanged" in shown
    assert "What changed:" in shown and "+alice answers (second version)" in shown.replace(
        " “", "“"
    )


def test_a_reopened_decision_is_undecided_until_decided_again(handed_in_again):
    rnd = handed_in_again
    other = next(c for c in rnd.criteria if c != rnd.gibbs)
    rnd.mentorkit("reopen", rnd.course, "alice", UNIT2, other, "--reason", "IQA asked.")
    said = {d.criterion: d for d in decisions_for(rnd.course, "alice", UNIT2)}
    assert said[other].decision == UNDECIDED and "reopened by asha" in said[other].review
    rnd.mentorkit("decide", rnd.course, "alice", UNIT2, other, "met", "--rationale", "Checked.")
    rnd.mentorkit("decide", rnd.course, "alice", UNIT2, rnd.gibbs, "met", "--rationale", "Better.")
    said = {d.criterion: d for d in decisions_for(rnd.course, "alice", UNIT2)}
    assert said[other].decision == MET and not said[other].carried_forward
    assert unit_achieved(list(said.values()))


def test_the_decision_record_as_csv_and_as_a_page_for_the_verifier(handed_in_again):
    rnd = handed_in_again
    out_csv, out_html = rnd.root / "record.csv", rnd.root / "record.html"
    rnd.mentorkit("record", rnd.course, "--csv", out_csv, "--html", out_html)
    with out_csv.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    everyone = {(r["learner"], r["criterion"]) for r in rows}
    assert everyone == {(s, c.id) for s in ("alice", "bob") for c in criteria()}
    unit2 = {c.unit for c in criteria() if c.id == rnd.gibbs}
    others = [r for r in rows if r["unit"] not in unit2]
    assert others and {r["decision"] for r in others} == {"not submitted"}
    (bob,) = [r for r in rows if r["learner"] == "bob" and r["criterion"] == rnd.gibbs]
    assert bob["decision"] == MET and bob["rationale"].startswith("'=SUM(1)")  # neutralised
    assert bob["assessor"] == "asha" and len(bob["evidence_sha256"]) == 64
    assert bob["submitted_at"] and bob["declared_own_work"].startswith("yes")
    assert bob["unit_achieved"] == "yes"
    page = out_html.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in page and "<script" not in page
    assert "not submitted" in page and bob["evidence_sha256"] in page
    for path in (out_csv, out_html):
        assert path.stat().st_mode & 0o777 == 0o600


def test_an_assignment_not_handed_in_has_no_decisions_and_a_wrong_criterion_is_refused(
    handed_in_again,
):
    rnd = handed_in_again
    assert decisions_for(rnd.course, "nobody", UNIT2) == []
    done = rnd.mentorkit("decide", rnd.course, "nobody", UNIT2, rnd.gibbs, "met",
                         "--rationale", "x", ok=False)  # fmt: skip
    assert "has not handed in" in done.stderr
    done = rnd.mentorkit("decide", rnd.course, "bob", UNIT2, "no-such", "met",
                         "--rationale", "x", ok=False)  # fmt: skip
    assert "holds no evidence for no-such" in done.stderr
    json.loads((rnd.course / "source" / UNIT2 / f"{UNIT2}.ipynb").read_text())  # untouched


def test_a_record_from_a_gradebook_that_cannot_be_reached_is_said_in_words(tmp_path):
    from mentorkit.assess import init_course
    from mentorkit.assess.record import rows
    from mentorkit.errors import CourseProblem

    course = tmp_path / "course"
    init_course(course)
    with (course / "nbgrader_config.py").open("a", encoding="utf-8") as config:
        config.write('c.CourseDirectory.db_url = "postgresql://grader:s3cret@127.0.0.1:9/x"\n')
    with pytest.raises(CourseProblem, match="could not be read") as refused:
        rows(course)
    assert "s3cret" not in str(refused.value)
