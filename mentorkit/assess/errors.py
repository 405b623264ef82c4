"""What can stop an assessment step, in words a learner or an assessor can act on.

MentorkitError             (mentorkit.errors)
└── AssessmentProblem      an assessment step cannot go ahead
    ├── MissingAnswers     the assignment asks for answers not saved yet
    ├── EvidenceProblem    an entry chosen as evidence cannot go into this assignment
    ├── ExchangeProblem    nbgrader's exchange refused to fetch, submit or return feedback
    └── CourseProblem      the course folder or the source assignments are not usable
"""

from __future__ import annotations

from mentorkit.errors import MentorkitError

NOTHING_SUBMITTED = "Nothing has been submitted."


class AssessmentProblem(MentorkitError):
    """An assessment step cannot go ahead; the message says why and what to do."""


class MissingAnswers(AssessmentProblem):
    """The assignment asks for answers the learner has not saved yet; `missing` names them."""

    def __init__(self, missing: list[str]):
        self.missing = list(missing)
        lines = "\n".join(f"  - {item}" for item in self.missing)
        super().__init__(
            "This assignment uses answers you have not saved yet:\n"
            f"{lines}\n"
            "Open each activity in the course, write your answers and press Save, then "
            f"submit again. {NOTHING_SUBMITTED}"
        )


class EvidenceProblem(AssessmentProblem):
    """An entry the learner chose as evidence cannot go into this assignment."""


class ExchangeProblem(AssessmentProblem):
    """nbgrader's exchange refused to fetch, submit or hand back feedback."""


class CourseProblem(AssessmentProblem):
    """The course folder or the source assignments cannot be used as they are."""
