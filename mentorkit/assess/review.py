"""What the assessor looks at before deciding: per criterion, the evidence in the latest
attempt, the automatic checks and scores as advice, the decision that stands (or why it
is to be decided again), what changed since the attempt last assessed, and the history.

The assessor's page (`apps/assessor.py`) and `mentorkit assess review` both show this.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

from mentorkit.assess import ledger
from mentorkit.assess.attempts import Attempt, Evidence, attempts, cells, evidence, parsed_time
from mentorkit.assess.decisions import UNDECIDED, CriterionDecision, decisions_for
from mentorkit.assess.shown import as_text, questions
from mentorkit.wording import count


@dataclass
class CriterionReview:
    """One criterion of one learner's assignment, as the assessor reviews it."""

    decision: CriterionDecision
    evidence: Evidence
    change: str  # "changed", "unchanged" or "not assessed yet" since the attempt last assessed
    history: list[ledger.Row] = field(default_factory=list)
    iqa: list[dict] = field(default_factory=list)
    scores: list[str] = field(default_factory=list)  # formgrader's points: advice only
    diff: list[str] = field(default_factory=list)  # the answers' lines changed, when changed
    asked: list[dict[int, str]] = field(default_factory=list)  # each answer's questions


@dataclass
class Review:
    student: str
    assignment: str
    attempts: list[Attempt]
    criteria: list[CriterionReview]


def review(
    course_dir: str | os.PathLike, student: str, assignment: str, *, refresh: bool = True
) -> Review:
    """Everything the assessor needs to decide each criterion (`refresh`: archive first)."""
    from mentorkit.assess.iqa import outcomes

    standing = decisions_for(course_dir, student, assignment, refresh=refresh)
    tried = attempts(course_dir, student, assignment, refresh=False)
    if not tried:
        return Review(student, assignment, [], [])
    graded = cells(course_dir, assignment)
    held = evidence(course_dir, tried[-1], graded)
    words = questions(course_dir, assignment)
    said = outcomes(course_dir)
    histories: dict[str, list[ledger.Row]] = {}
    if ledger.path_of(course_dir).exists():
        db = ledger.connect(course_dir, read_only=True)
        try:
            for one in standing:
                histories[one.criterion] = ledger.history(db, student, assignment, one.criterion)
        finally:
            db.close()
    points = _points(course_dir, student, assignment, tried[-1].timestamp)
    found = []
    for one in standing:
        history = histories.get(one.criterion, [])
        found.append(CriterionReview(
            one, held.get(one.criterion) or Evidence(one.criterion), _change(one, history),
            history, [o for row in history for o in said.get(row.id, [])],
            [text for criteria, text in points if one.criterion in criteria],
        ))  # fmt: skip
        found[-1].asked = [words.get((c.notebook, c.grade_id), {}) for c in graded
                           if one.criterion in c.criteria and not c.check]  # fmt: skip
        if found[-1].change == "changed":
            found[-1].diff = _diff(course_dir, tried, history, found[-1].evidence)
    return Review(student, assignment, tried, found)


#: At most this many lines of a changed answer's difference are shown.
DIFF_LINES = 60


def _diff(
    course_dir: str | os.PathLike, tried: list[Attempt], history: list[ledger.Row],
    now: Evidence,
) -> list[str]:  # fmt: skip
    """What changed in the criterion's answers since the attempt last assessed on it."""
    import difflib

    assessed = [r for r in history if r.decision != ledger.REOPENED][-1]
    before = next((a for a in tried if a.timestamp == assessed.submitted_at), None)
    if before is None:
        return []
    then = evidence(course_dir, before).get(now.criterion) or Evidence(now.criterion)
    lines = list(difflib.unified_diff(
        [line for _, text in then.answers for line in text.splitlines()],
        [line for _, text in now.answers for line in text.splitlines()],
        f"handed in {before.timestamp}", f"handed in {tried[-1].timestamp}", lineterm="", n=1,
    ))  # fmt: skip
    return lines[:DIFF_LINES] + (["…"] if len(lines) > DIFF_LINES else [])


def _points(
    course_dir: str | os.PathLike, student: str, assignment: str, timestamp: str
) -> list[tuple[tuple[str, ...], str]]:
    """The gradebook's points for each answer cell of this attempt, extra credit named."""
    from nbgrader.api import Gradebook, MissingEntry
    from nbgrader.coursedir import CourseDirectory

    from mentorkit.assess.attempts import cells, parsed_time
    from mentorkit.assess.course import load_config
    from mentorkit.assess.grades import _gradebook_problems  # its words, shared

    coursedir = CourseDirectory(config=load_config(course_dir))
    if coursedir.db_url.startswith("sqlite") and not (Path(course_dir) / "gradebook.db").exists():
        return []
    found = []
    with (
        _gradebook_problems(coursedir.db_url),
        Gradebook(coursedir.db_url, coursedir.course_id) as gb,
    ):
        try:
            graded = gb.find_submission(assignment, student)
        except MissingEntry:
            return []
        if _naive(graded.timestamp) != _naive(parsed_time(timestamp)):
            return []  # the gradebook holds another attempt: its points are not this one's
        for cell in cells(course_dir, assignment):
            try:
                grade = gb.find_grade(cell.grade_id, cell.notebook, assignment, student)
            except MissingEntry:
                continue
            if grade.score is None or grade.needs_manual_grade:
                continue
            bonus = grade.extra_credit or 0
            extra = f" (+{bonus:g} extra credit)" if bonus else ""
            points = f"{grade.score - bonus:g} of {grade.max_score:g} points{extra}"
            found.append((cell.criteria, f"{cell.title}: {points}"))
    return found


def _change(one: CriterionDecision, history: list[ledger.Row]) -> str:
    assessed = [r for r in history if r.decision != ledger.REOPENED]
    if not assessed:
        return "not assessed yet"
    return "unchanged" if assessed[-1].evidence_sha256 == one.evidence_sha256 else "changed"


def _naive(when: Any) -> Any:
    """A time in UTC without its zone, as nbgrader's gradebook keeps it."""
    if when is None or when.tzinfo is None:
        return when
    return when.astimezone(UTC).replace(tzinfo=None)


AWAITING = "awaiting a decision"


def moment(stamp: str) -> str:
    """A time as a person reads it, the same everywhere: "7 December 2026, 11:27 UTC" (the
    day as mentorkit shows every date)."""
    from datetime import datetime

    from mentorkit.render.values import day

    try:
        when = datetime.fromisoformat(stamp.replace(" UTC", "+00:00"))
    except (ValueError, AttributeError):
        when = parsed_time(stamp)
        if when.year == 1:
            return str(stamp)
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return f"{day(when.date())}, {when:%H:%M} UTC"


def review_text(course_dir: str | os.PathLike, student: str, assignment: str) -> str:
    """The review as plain text, for the terminal: no Markdown signs."""
    found = review(course_dir, student, assignment)
    if not found.attempts:
        return f"{student} has not handed in {assignment} (or it has not been collected yet)."
    tried = count(len(found.attempts), "attempt", "attempts")
    lines = [f"{student}, {assignment}: {tried}"]
    for attempt in found.attempts:
        declared = attempt.declaration
        said = (f"declared their own work {moment(declared['declared_at'])}" if declared
                else "no declaration")  # fmt: skip
        lines.append(f"  Handed in {moment(attempt.timestamp)} ({said})")
    for item in found.criteria:
        one = item.decision
        lines += ["", f"{one.criterion} {one.text}",
                  f"  Since the attempt last assessed: {item.change}"]  # fmt: skip
        if one.decision == UNDECIDED:
            said = f"  {AWAITING[0].upper()}{AWAITING[1:]}"
            lines.append(said + (f" ({one.review})" if one.review else ""))
        else:
            carried = ", carried forward: evidence unchanged" if one.carried_forward else ""
            lines.append(
                f"  Decision: {one.decision}, by {one.assessor}, {moment(one.decided_at)}{carried}"
            )
            lines.append(f"  Rationale: {one.rationale}")
            if one.next_steps:
                lines.append(f"  Next: {one.next_steps}")
        if item.diff:
            lines += ["  What changed:", *[f"    {line}" for line in item.diff]]
        asked = item.asked or [{}] * len(item.evidence.answers)
        for (title, text), words in zip(item.evidence.answers, asked, strict=False):
            lines += ["", f"  {title}", *[f"  {line}" for line in as_text(text, words, "  ")]]
        for title, text in item.evidence.checks:
            lines.append(f"  Advice, {title}: {text}")
        for text in item.scores:
            lines.append(f"  Advice, formgrader's points: {text}")
        lines += [f"  {iqa_line(outcome)}" for outcome in item.iqa]
    return "\n".join(lines)


def iqa_line(outcome: dict) -> str:
    """An IQA outcome on a decision: IQA refer back (ida): Say which stage is missing."""
    return f"IQA {outcome['outcome']} ({outcome['iqa']}): {outcome['comment']}"
