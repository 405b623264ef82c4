"""The record kinds a mentee, a mentor and a coordinator keep.

Defining a kind registers it in `KINDS`, so the modules are imported here in the order
their kinds were added to mentorkit: an archive's schema lists the kinds in that order.
"""

from __future__ import annotations

from mentorkit.records.kinds.journal import (
    MODES,
    ActionItem,
    LearningLogEntry,
    MenteeFeedback,
    ReflectiveLogEntry,
    SessionRecord,
)
from mentorkit.records.kinds.planning import (
    COMPETENCIES,
    FRAMEWORK,
    GOAL_STATUS,
    RELATIONSHIPS,
    STAGES,
    CompetencyRating,
    Goal,
    GoalProgress,
    OthersFeedback,
    ProgressReview,
    Task,
)
from mentorkit.records.kinds.portfolio import PersonalProfile
from mentorkit.records.kinds.programme import (
    AVAILABILITY,
    DECISIONS,
    EVIDENCE_TYPES,
    PARTNERSHIP_STATUS,
    PROFILE_ROLES,
    PROPOSAL_STATUS,
    REACHED,
    ROLES,
    WHO,
    ActivityResponse,
    Answer,
    ClosingSurvey,
    Evidence,
    Partnership,
    Profile,
    Proposal,
    ProposalResponse,
    QuizAttempt,
    TopicProgress,
)
from mentorkit.records.kinds.workplace import (
    CONFIRMED_HOW,
    PROCTOR,
    WITNESS_RELATIONSHIPS,
    SupervisionPoint,
    SupervisionRecord,
    WitnessTestimony,
)

# The qualification's setting came after the workplace kinds, so it registers last.
# isort: off
from mentorkit.records.kinds.qualification import TRACKS, QualificationTrack

# isort: on
from mentorkit.records.model import KINDS, kind_of

__all__ = [
    "AVAILABILITY", "COMPETENCIES", "CONFIRMED_HOW", "DECISIONS", "EVIDENCE_TYPES", "FRAMEWORK",
    "GOAL_STATUS", "KINDS", "MODES", "PARTNERSHIP_STATUS", "PROCTOR", "PROFILE_ROLES",
    "PROPOSAL_STATUS", "REACHED", "RELATIONSHIPS", "ROLES", "STAGES", "TRACKS", "WHO",
    "WITNESS_RELATIONSHIPS", "ActionItem", "ActivityResponse", "Answer",
    "ClosingSurvey", "CompetencyRating", "Evidence", "Goal", "GoalProgress", "LearningLogEntry",
    "MenteeFeedback", "OthersFeedback", "Partnership", "PersonalProfile", "Profile",
    "ProgressReview", "Proposal", "ProposalResponse", "QualificationTrack", "QuizAttempt",
    "ReflectiveLogEntry",
    "SessionRecord", "SupervisionPoint", "SupervisionRecord", "Task", "TopicProgress",
    "WitnessTestimony", "kind_of",
]  # fmt: skip
