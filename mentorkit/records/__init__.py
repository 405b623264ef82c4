"""Record kinds: what each saved thing holds, how it is labelled, and how it is checked.

Floor 1 of mentorkit: it imports nothing of mentorkit but `errors`. The modules, lowest
first: `parsing` (typed dates, times, tags, text), `fields` (`field()`, `FieldSpec` and
the `FieldType` table), `envelope`, `loading`, `problems`, `model` (`Record`, `Row`,
`KINDS`, `validate`), and `kinds` (every kind).
"""

from __future__ import annotations

from mentorkit.records.envelope import ENVELOPE, PER_REVISION
from mentorkit.records.fields import (
    AUDIENCES,
    FIELD_TYPES,
    TYPES,
    FieldSpec,
    FieldType,
    field,
    field_type,
)
from mentorkit.records.kinds import (
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
    PersonalProfile,
    Profile,
    ProgressReview,
    Proposal,
    ProposalResponse,
    QualificationTrack,
    QuizAttempt,
    ReflectiveLogEntry,
    SessionRecord,
    SupervisionPoint,
    SupervisionRecord,
    Task,
    TopicProgress,
    WitnessTestimony,
)
from mentorkit.records.loading import loader_of
from mentorkit.records.model import KINDS, Record, Row, Section, kind_of, validate
from mentorkit.records.parsing import (
    MAX_TEXT_BYTES,
    clean_text,
    is_empty,
    parse_date,
    parse_tags,
    parse_time,
)
from mentorkit.records.problems import between_problems, problem_from

__all__ = [
    "AUDIENCES", "ENVELOPE", "FIELD_TYPES", "KINDS", "MAX_TEXT_BYTES", "PER_REVISION", "TYPES",
    "ActionItem", "ActivityResponse", "Answer", "ClosingSurvey", "CompetencyRating", "Evidence",
    "FieldSpec", "FieldType", "Goal", "GoalProgress", "LearningLogEntry", "MenteeFeedback",
    "OthersFeedback", "Partnership", "PersonalProfile", "Profile", "ProgressReview", "Proposal",
    "ProposalResponse", "QualificationTrack", "QuizAttempt", "Record", "ReflectiveLogEntry",
    "Row", "Section",
    "SessionRecord", "SupervisionPoint", "SupervisionRecord", "Task", "TopicProgress",
    "WitnessTestimony", "between_problems", "clean_text", "field",
    "field_type", "is_empty", "kind_of", "loader_of", "parse_date", "parse_tags", "parse_time",
    "problem_from", "validate",
]  # fmt: skip
