"""Decisions per criterion, made by the assessor: met or not yet, with the reasons why.

decisions_for(course_dir, student, assignment)   each criterion's standing decision
decide(course_dir, student, assignment, ...)     record the assessor's decision
reopen(course_dir, student, assignment, ...)     put a decision back to be looked at again
unit_achieved(decisions)                         every criterion of the unit met

Only an assessor decides: scores, extra credit and the automatic checks are shown beside
the evidence as advice, and never turn a criterion met or not yet. A decision stands on
the evidence it was made on (`attempts.py`): when the learner hands in again with that
criterion's answers unchanged, it carries forward; when they changed, or the assessor
reopens it, the criterion is undecided again until someone decides it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from mentorkit.assess import ledger
from mentorkit.assess.attempts import Attempt, attempts, cells, evidence
from mentorkit.errors import DecisionProblem

MET, NOT_YET, UNDECIDED = ledger.MET, ledger.NOT_YET, "undecided"
NOT_SUBMITTED = "not submitted"


@dataclass(frozen=True)
class CriterionDecision:
    """Where one criterion stands for one learner (see /docs/assessor.md)."""

    criterion: str
    text: str
    unit: str
    decision: str  # MET, NOT_YET or UNDECIDED
    rationale: str
    next_steps: str
    assessor: str
    decided_at: str
    submitted_at: str  # the attempt the decision was made on
    evidence_sha256: str  # the criterion's evidence in the latest attempt
    review: str | None = None  # why it is undecided again, if it was decided before
    carried_forward: bool = False  # made on an earlier attempt with the same evidence
    decision_id: int | None = None


def unit_achieved(decisions: list[CriterionDecision]) -> bool:
    """A unit is achieved only when every one of its criteria is met."""
    return bool(decisions) and all(d.decision == MET for d in decisions)


def criteria_of(course_dir: str | os.PathLike, assignment: str) -> list[str]:
    """The criteria the assignment's source cells evidence, in the qualification's order."""
    from mentorkit.course.catalogue import criteria

    order = {c.id: n for n, c in enumerate(criteria())}
    named = {c for cell in cells(course_dir, assignment) for c in cell.criteria}
    return sorted(named, key=lambda c: (order.get(c, len(order)), c))


def decisions_for(
    course_dir: str | os.PathLike, student: str, assignment: str, *, refresh: bool = True
) -> list[CriterionDecision]:
    """Each criterion of the assignment as it stands for the learner ([]: never handed in).

    Any hand-in not yet archived is archived first (unless `refresh` is False).
    """
    tried = attempts(course_dir, student, assignment, refresh=refresh)
    if not tried:
        return []
    latest = tried[-1]
    held = evidence(course_dir, latest)
    standing = _standing(course_dir, student, assignment)
    return [
        _stands(c, held[c].sha256 if c in held else "", standing.get(c), latest)
        for c in criteria_of(course_dir, assignment)
    ]


def _standing(course_dir: str | os.PathLike, student: str, assignment: str) -> dict:
    if not ledger.path_of(course_dir).exists():
        return {}
    db = ledger.connect(course_dir, read_only=True)
    try:
        rows = db.execute(
            "SELECT * FROM decisions d WHERE student = ? AND assignment = ? AND NOT EXISTS "
            "(SELECT 1 FROM decisions n WHERE n.supersedes = d.id)", (student, assignment),
        ).fetchall()  # fmt: skip
    finally:
        db.close()
    return {r["criterion"]: ledger.Row(**dict(r)) for r in rows}


def _stands(criterion: str, sha: str, row: ledger.Row | None, latest: Attempt) -> CriterionDecision:
    from mentorkit.course.catalogue import criteria

    known = {c.id: c for c in criteria()}.get(criterion)
    base = dict(criterion=criterion, text=known.text if known else "",
                unit=known.unit if known else "", evidence_sha256=sha)  # fmt: skip
    if row is None:
        return CriterionDecision(**base, **_undecided(latest))
    if row.decision == ledger.REOPENED:
        why = f"reopened by {row.assessor} on {row.decided_at[:10]}: {row.rationale}"
        return CriterionDecision(**base, **_undecided(latest), review=why, decision_id=row.id)
    if row.evidence_sha256 != sha:
        why = (f"the evidence changed since the last decision ({row.decision}, on the "
               f"attempt handed in {row.submitted_at})")  # fmt: skip
        return CriterionDecision(**base, **_undecided(latest), review=why, decision_id=row.id)
    return CriterionDecision(
        **base, decision=row.decision, rationale=row.rationale, next_steps=row.next_steps,
        assessor=row.assessor, decided_at=row.decided_at, submitted_at=row.submitted_at,
        carried_forward=row.submitted_at != latest.timestamp, decision_id=row.id,
    )  # fmt: skip


def _undecided(latest: Attempt) -> dict:
    return dict(decision=UNDECIDED, rationale="", next_steps="", assessor="", decided_at="",
                submitted_at=latest.timestamp)  # fmt: skip


def _words(decision: str) -> str:
    said = " ".join(decision.lower().replace("-", " ").replace("_", " ").split())
    if said in (MET, NOT_YET, "notyet"):
        return NOT_YET if said == "notyet" else said
    raise DecisionProblem(
        f"“{decision}” is not a decision: decide “met” or “not yet”. Nothing was recorded."
    )


def decide(
    course_dir: str | os.PathLike, student: str, assignment: str, criterion: str,
    decision: str, rationale: str, next_steps: str = "", assessor: str | None = None,
) -> ledger.Row:  # fmt: skip
    """Record the assessor's decision on the learner's latest attempt at the criterion.

    A rationale is always required, and what to do next for "not yet".
    """
    decision = _words(decision)
    if not (rationale or "").strip():
        raise DecisionProblem(
            f"A decision needs its rationale: say why {criterion} is {decision} for "
            f"{student}, in words the learner and a verifier can follow. Nothing was recorded."
        )
    if decision == NOT_YET and not (next_steps or "").strip():
        raise DecisionProblem(
            f"A “not yet” needs what to do next: tell {student} what would meet {criterion}. "
            "Nothing was recorded."
        )
    return _record(course_dir, student, assignment, criterion, decision, rationale,
                   next_steps if decision == NOT_YET else (next_steps or ""), assessor)  # fmt: skip


def reopen(
    course_dir: str | os.PathLike, student: str, assignment: str, criterion: str,
    reason: str, assessor: str | None = None,
) -> ledger.Row:  # fmt: skip
    """Put a standing decision back to be decided again (it stays in the history)."""
    if not (reason or "").strip():
        raise DecisionProblem(
            f"Say why {criterion} is reopened for {student}: the reason is kept with the "
            "decision's history. Nothing was recorded."
        )
    return _record(course_dir, student, assignment, criterion, ledger.REOPENED, reason, "",
                   assessor)  # fmt: skip


def _record(
    course_dir: str | os.PathLike, student: str, assignment: str, criterion: str,
    decision: str, rationale: str, next_steps: str, assessor: str | None,
) -> ledger.Row:  # fmt: skip
    from mentorkit.store import owner_name

    known = criteria_of(course_dir, assignment)
    if criterion not in known:
        raise DecisionProblem(
            f"{assignment} holds no evidence for {criterion}: its criteria are "
            f"{', '.join(known) or 'none'}. Nothing was recorded."
        )
    tried = attempts(course_dir, student, assignment)
    if not tried:
        raise DecisionProblem(
            f"{student} has not handed in {assignment} (or it has not been collected: run "
            f"`mentorkit assess collect {assignment}`). Nothing was recorded."
        )
    held = evidence(course_dir, tried[-1]).get(criterion)
    db = ledger.connect(course_dir)
    try:
        return ledger.record(
            db, student=student, assignment=assignment, criterion=criterion,
            decision=decision, rationale=rationale, next_steps=next_steps,
            assessor=assessor or owner_name(), submitted_at=tried[-1].timestamp,
            evidence_sha256=held.sha256 if held else "",
        )  # fmt: skip
    finally:
        db.close()


def changes(course_dir: str | os.PathLike, student: str, assignment: str) -> dict[str, str]:
    """Per criterion, whether its evidence changed since the attempt last assessed on it:
    "changed", "unchanged", or "not assessed yet"."""
    said = {}
    for one in decisions_for(course_dir, student, assignment):
        if one.decision_id is None:
            said[one.criterion] = "not assessed yet"
        elif one.review and one.review.startswith("the evidence changed"):
            said[one.criterion] = "changed"
        else:
            said[one.criterion] = "unchanged"
    return said
