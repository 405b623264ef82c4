"""Goals and the reviews of progress towards them, with the rows inside them."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import ClassVar

from mentorkit.records.fields import field
from mentorkit.records.model import Record, Row, Section

STAGES = ("Start", "Mid-way", "End")
GOAL_STATUS = ("Not started", "Under way", "Achieved", "Not achieved", "Dropped")
#: The competency framework ratings are made against (mentorkit/data/competencies.json).
FRAMEWORK = json.loads(
    (resources.files("mentorkit") / "data" / "competencies.json").read_text(encoding="utf-8")
)
COMPETENCIES = tuple(c["name"] for c in FRAMEWORK["competencies"])
RELATIONSHIPS = ("180: my manager", "360: a colleague or peer", "360: someone I lead", "Other")


class Task(Row):
    what: str = field("Task", required=True)
    deadline: dt.date | None = field("Deadline", type="date")
    done: bool = field("Done", type="yesno")


class Goal(Record):
    kind: ClassVar[str] = "goal"
    portfolio: ClassVar[Section | None] = Section("Goals and what came of them", 2, default=True)
    evidences: ClassVar[tuple[str, ...]] = ("305-1.2",)
    title: ClassVar[str] = "Goal"
    # Dated by the day it was set, not its target: a goal for next year is not the newest
    # entry, and "newest first" puts the goal set today at the top.
    date_field: ClassVar[str | None] = None

    specific: str = field(
        "Specific", "What exactly do you want to achieve?", type="longtext", required=True
    )
    measurable: str | None = field(
        "Measurable", "How will you know you have got there? Your success measure.",
        type="longtext",
    )  # fmt: skip
    achievable: str | None = field("Achievable", "Why is this within reach?", type="longtext")
    relevant: str | None = field("Relevant", "Why does it matter to you now?", type="longtext")
    target_date: dt.date | None = field("Target date", "When you aim to achieve it.", type="date")
    baseline: str | None = field("Baseline", "Where you are starting from.", type="longtext")
    tasks: list[Task] = field("Tasks", "The steps, each with a deadline.", type="rows")
    status: str = field("Status", type="choice", options=GOAL_STATUS, required=True)
    achieved: bool = field("Achieved?", type="yesno")
    also_achieved: str | None = field("What else was achieved", type="longtext")
    what_stopped: str | None = field("If not, what stopped it", type="longtext")
    lessons: str | None = field("Lessons learned", type="longtext")


class GoalProgress(Row):
    goal: str = field("Goal", type="link", link="goal", required=True)
    progress: str | None = field("Progress", "Where you are with it now.")


class OthersFeedback(Row):
    who: str = field("Who", required=True)
    relationship: str | None = field("Relationship", type="choice", options=RELATIONSHIPS)
    noticed: str | None = field("What changes they noticed")


class CompetencyRating(Row):
    competency: str = field("Competency", type="choice", options=COMPETENCIES, required=True)
    before: int | None = field("Before (1–5)", type="rating", minimum=1, maximum=5)
    after: int | None = field("After (1–5)", type="rating", minimum=1, maximum=5)


class ProgressReview(Record):
    kind: ClassVar[str] = "review"
    portfolio: ClassVar[Section | None] = Section("Progress reviews", 4, default=True)
    evidences: ClassVar[tuple[str, ...]] = ("307-1.1", "305-3.1")
    title: ClassVar[str] = "Progress review"

    date: dt.date = field("Date", type="date", required=True, not_future=True)
    stage: str = field(
        "Stage", "Where you are in the mentoring.", type="choice", options=STAGES, required=True
    )
    self_reflection: str | None = field(
        "Self-reflection", "How do you see your progress so far?", type="longtext"
    )
    goals: list[GoalProgress] = field("Goals reviewed", type="rows")
    others: list[OthersFeedback] = field(
        "Feedback from others", "What colleagues, your manager or your team noticed.",
        type="rows",
    )  # fmt: skip
    ratings: list[CompetencyRating] = field(
        "Competency ratings", "Rate yourself before and after.", type="rows"
    )
