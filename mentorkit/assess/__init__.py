"""Assessment with nbgrader: the learner's saved answers are what the assessor grades.

init_course(course_dir)      an nbgrader course folder holding our source assignments
fill(notebook, store)        answer cells filled from the store, exactly as saved
submit(assignment, ...)      fetch if need be, fill, and hand in through the exchange
fetch_feedback(...)          the feedback the assessor has released
grades(course_dir)           one row per learner and criterion: met / not yet
"""

from __future__ import annotations

from mentorkit.assess.cells import Filled
from mentorkit.assess.course import assignments_root, init_course, load_config
from mentorkit.assess.exchange import fetch_feedback, submit
from mentorkit.assess.fill import fill
from mentorkit.assess.grades import grades
from mentorkit.errors import (
    AssessmentProblem,
    CourseProblem,
    EvidenceProblem,
    ExchangeProblem,
    MissingAnswers,
)

__all__ = [
    "AssessmentProblem", "CourseProblem", "EvidenceProblem", "ExchangeProblem", "Filled",
    "MissingAnswers", "assignments_root", "fetch_feedback", "fill", "grades", "init_course",
    "load_config", "submit",
]  # fmt: skip
