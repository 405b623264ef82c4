"""Record kinds: what each saved thing holds, how it is labelled, and how it is checked."""

from __future__ import annotations

from mentorkit.records.base import (
    ENVELOPE,
    MAX_TEXT_BYTES,
    PER_REVISION,
    FieldSpec,
    Record,
    Row,
    field,
    problem_from,
    validate,
)
from mentorkit.records.kinds import (
    KINDS,
    ActionItem,
    ActivityResponse,
    Answer,
    ClosingSurvey,
    CompetencyRating,
    Evidence,
    Goal,
    GoalProgress,
    LearningLogEntry,
    MenteeFeedback,
    OthersFeedback,
    Partnership,
    Profile,
    ProgressReview,
    Proposal,
    ProposalResponse,
    QuizAttempt,
    ReflectiveLogEntry,
    SessionRecord,
    Task,
    TopicProgress,
    kind_of,
)

__all__ = [
    "ENVELOPE", "KINDS", "MAX_TEXT_BYTES", "PER_REVISION", "ActionItem", "ActivityResponse",
    "Answer", "ClosingSurvey",
    "CompetencyRating", "Evidence", "FieldSpec", "Goal", "GoalProgress", "LearningLogEntry",
    "MenteeFeedback", "OthersFeedback", "Partnership", "Profile", "ProgressReview", "Proposal",
    "ProposalResponse", "Record",
    "QuizAttempt", "ReflectiveLogEntry", "Row", "SessionRecord", "Task", "TopicProgress",
    "field", "kind_of", "problem_from", "validate",
]  # fmt: skip
