"""`nbgrader export` that says "not submitted" for a unit a learner never handed in.

nbgrader's own CSV export writes 0.0 out of the unit's points for it, which reads as a
unit attempted and failed. This is nbgrader's export plugin with that one difference, set
in the course's nbgrader_config.py (`course.nbgrader_settings`); it also quotes values as
CSV should (a name with a comma in it stays in its column) and writes the file readable by
the assessor alone, as the grades are personal.
"""

from __future__ import annotations

import csv
import os
from typing import Any

from nbgrader.api import MissingEntry
from nbgrader.plugins.export import CsvExportPlugin

NOT_SUBMITTED = "not submitted"
COLUMNS = [
    "assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
    "raw_score", "late_submission_penalty", "score", "max_score",
]  # fmt: skip


class CsvExport(CsvExportPlugin):
    """nbgrader's CSV export; a unit never handed in says "not submitted" as its score."""

    def export(self, gradebook: Any) -> None:
        dest = self.to or "grades.csv"
        students = {str(s) for s in self.student}
        assignments = {str(a) for a in self.assignment}
        self.log.info("Exporting grades to %s", dest)
        descriptor = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)  # a file that was there keeps its mode otherwise
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, COLUMNS)
            writer.writeheader()
            for assignment in gradebook.assignments:
                if assignments and assignment.name not in assignments:
                    continue
                for student in gradebook.students:
                    if not students or student.id in students:
                        writer.writerow(_row(gradebook, assignment, student))


def _row(gradebook: Any, assignment: Any, student: Any) -> dict[str, Any]:
    row = {
        "assignment": assignment.name, "duedate": assignment.duedate or "",
        "student_id": student.id, "last_name": student.last_name or "",
        "first_name": student.first_name or "", "email": student.email or "",
        "max_score": assignment.max_score,
    }  # fmt: skip
    try:
        submission = gradebook.find_submission(assignment.name, student.id)
    except MissingEntry:
        return {**row, "timestamp": "", "raw_score": "", "late_submission_penalty": "",
                "score": NOT_SUBMITTED}  # fmt: skip
    penalty = submission.late_submission_penalty or 0.0
    return {
        **row, "timestamp": submission.timestamp, "raw_score": submission.score,
        "late_submission_penalty": penalty, "score": max(0.0, submission.score - penalty),
    }  # fmt: skip
