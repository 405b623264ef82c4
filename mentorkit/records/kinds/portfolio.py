"""What a portfolio asks of the learner beside the records it gathers: a personal profile."""

from __future__ import annotations

from mentorkit.records.fields import field
from mentorkit.records.model import Row


class PersonalProfile(Row):
    """The personal profile at the start of a portfolio (not the cohort's `Profile`)."""

    personal_attributes: str | None = field(
        "Personal attributes", "The qualities others would use to describe you.",
        type="longtext",
    )  # fmt: skip
    job_skills: str | None = field(
        "Job skills", "What you can do well in your work, with an example or two.",
        type="longtext",
    )  # fmt: skip
    people_skills: str | None = field(
        "People skills", "How you work with, support and develop others.", type="longtext"
    )
