"""Builders for records that tests share."""

from __future__ import annotations

from datetime import date

from mentorkit.records import LearningLogEntry


def learning_log(**changes) -> LearningLogEntry:
    values = {
        "date": date(2026, 11, 2),
        "location": "The café by the station",
        "context": "Second session with Priya, who is new to leading a team.",
        "what_i_did": "Listened more than I spoke and asked open questions.",
        "thoughts": "She already knew the answer to her first question.",
        "learning_points": "Silence gives the mentee room to think.",
    }
    return LearningLogEntry(**{**values, **changes})
