"""The centre's record of a round: one row per learner and criterion, met, not yet or not
submitted.

Scores come from nbgrader's gradebook; which criterion each graded cell evidences, and
its pass mark, come from the course's own source notebooks (not from what was submitted).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mentorkit.assess import answers
from mentorkit.assess.course import load_config
from mentorkit.assess.declaration import learner_track, qualification, track_criteria
from mentorkit.errors import CourseProblem

MET, NOT_YET, NOT_SUBMITTED = "met", "not yet", "not submitted"
AWAITING = "awaiting a decision"
#: What the points say, beside the decision: advice for the assessor, never the decision.
FULL_MARKS, SHORT, MARKING = "every rubric point", "short of the rubric", "still to mark"
COLUMNS = [
    "student", "criterion", "unit", "text", "score", "max_score", "graded", "marks",
    "status", "assignments", "qualification",
]  # fmt: skip


@dataclass(frozen=True)
class GradedCell:
    """One graded cell of a source assignment and the criteria it evidences."""

    assignment: str
    notebook: str
    grade_id: str
    criteria: tuple[str, ...]
    points: float
    pass_mark: float


def graded_cells(source: Path) -> list[GradedCell]:
    """Every graded cell in the source assignments that names assessment criteria."""
    found = []
    for path in sorted(source.glob("*/*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            spec = answers.key(cell)
            if meta.get("grade") and spec.get("criteria"):
                points = float(meta.get("points", 0))
                found.append(GradedCell(
                    path.parent.name, path.stem, meta["grade_id"], tuple(spec["criteria"]),
                    points, float(spec.get("pass_mark", points)),
                ))  # fmt: skip
    return found


def grades(course_dir: str | os.PathLike) -> Any:
    """A pandas DataFrame: one row per learner and criterion, with the criterion's unit by
    its number and title, the points (`marks`, advice) and the `status`: the assessor's
    decision (met / not yet, `assess decide`), awaiting a decision, or not submitted.
    Each learner's criteria are those of their track (Award or Certificate, as their latest
    hand-in names it; every criterion when none does), and `qualification` says whether
    the track is achieved.

    Points never decide: a criterion short of its rubric's points may be met, and one with
    every point may not be, as the assessor judges (`decisions.py`).
    """
    import pandas as pd
    from nbgrader.api import Gradebook, MissingEntry
    from nbgrader.coursedir import CourseDirectory

    config = load_config(course_dir)
    coursedir = CourseDirectory(config=config)
    cells = graded_cells(Path(coursedir.root) / coursedir.source_directory)
    by_criterion = _by_criterion(cells)
    rows = []
    with (
        _gradebook_problems(coursedir.db_url),
        Gradebook(coursedir.db_url, coursedir.course_id) as gb,
    ):
        for student in gb.students:
            scores = {}
            handed_in = {a for a in {c.assignment for c in cells} if _submitted(gb, a, student.id)}
            for cell in cells:
                try:
                    grade = gb.find_grade(cell.grade_id, cell.notebook, cell.assignment, student.id)
                except MissingEntry:
                    continue  # not submitted (or not autograded) yet
                scores[cell] = (grade.score, grade.needs_manual_grade)
            decided = _decided(course_dir, student.id, handed_in)
            mine = learner_track(course_dir, student.id)
            wanted = track_criteria(mine)
            theirs = [
                _row(student.id, c, by_criterion[c], scores, handed_in, decided.get(c))
                for c in by_criterion
                if wanted is None or c in wanted
            ]
            said = qualification(mine, {r["criterion"] for r in theirs if r["status"] == MET})
            rows += [{**r, "qualification": said} for r in theirs]
    return pd.DataFrame(rows, columns=COLUMNS)


def _decided(course_dir: str | os.PathLike, student: str, handed_in: set[str]) -> dict:
    """The assessor's standing decision on each criterion of what the learner handed in."""
    from mentorkit.assess.decisions import UNDECIDED, decisions_for

    return {
        d.criterion: d.decision
        for assignment in handed_in
        for d in decisions_for(course_dir, student, assignment)
        if d.decision != UNDECIDED
    }


def _submitted(gb: Any, assignment: str, student: str) -> bool:
    from nbgrader.api import MissingEntry

    try:
        gb.find_submission(assignment, student)
    except MissingEntry:
        return False
    return True


@contextlib.contextmanager
def _gradebook_problems(url: str) -> Iterator[None]:
    """A gradebook that cannot be reached (a server down, a wrong address) said in words."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    try:
        yield
    except SQLAlchemyError as exc:
        cause = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        shown = make_url(url).render_as_string(hide_password=True)
        raise CourseProblem(
            f"The gradebook at {shown} could not be read: {cause}. Check "
            "c.CourseDirectory.db_url in nbgrader_config.py, and that its database server "
            "is running."
        ) from None


def _by_criterion(cells: list[GradedCell]) -> dict[str, list[GradedCell]]:
    from mentorkit.course.catalogue import criteria

    order = {c.id: n for n, c in enumerate(criteria())}
    grouped = defaultdict(list)
    for cell in cells:
        for criterion in cell.criteria:
            grouped[criterion].append(cell)
    return dict(sorted(grouped.items(), key=lambda item: order.get(item[0], len(order))))


def _row(
    student: str, criterion: str, cells: list[GradedCell], scores: dict, handed_in: set[str],
    decision: str | None,
) -> dict:  # fmt: skip
    from mentorkit.course.catalogue import criteria

    known = {c.id: c for c in criteria()}.get(criterion)
    graded = all(c in scores and not scores[c][1] for c in cells)
    met = graded and all(scores[c][0] >= c.pass_mark for c in cells)
    submitted = any(c.assignment in handed_in for c in cells)
    return {
        "student": student,
        "criterion": criterion,
        "unit": f"Unit {known.unit}: {known.unit_title}" if known else "",
        "text": known.text if known else "",
        "score": sum(scores[c][0] for c in cells if c in scores),
        "max_score": sum(c.points for c in cells),
        "graded": graded,
        "marks": (FULL_MARKS if met else SHORT if graded else MARKING) if submitted else "",
        "status": (decision or AWAITING) if submitted else NOT_SUBMITTED,
        "assignments": ", ".join(sorted({c.assignment for c in cells})),
    }
