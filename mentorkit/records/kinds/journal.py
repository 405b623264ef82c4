"""What partners write as the mentoring goes: logs, session records, feedback, reflections.

Every label and prompt here is what the learner reads in the form, so it is
written for them: plain, warm, second person.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from mentorkit.records.fields import field
from mentorkit.records.model import Record, Row, Section

MODES = ("In person", "Video call", "Phone")


class LearningLogEntry(Record):
    kind: ClassVar[str] = "learning-log"
    log_entry: ClassVar[bool] = True
    portfolio: ClassVar[Section | None] = Section("From my learning log", 9)
    evidences: ClassVar[tuple[str, ...]] = ("307-1.2",)
    title: ClassVar[str] = "Learning log entry"
    # listed by what happened, not by where (its first text box is its location)
    excerpt_from: ClassVar[tuple[str, ...]] = ("context", "what_i_did", "learning_points")

    date: dt.date = field(
        "Date", "The day this happened.", type="date", required=True, not_future=True
    )
    location: str | None = field("Where it happened", "An office, a café, a video call…")
    context: str = field(
        "What was going on",
        "Set the scene in a sentence or two: the situation, and who was there.",
        type="longtext",
        required=True,
    )
    what_i_did: str = field(
        "What I did or said",
        "Your own part in it, as it really happened.",
        type="longtext",
        required=True,
    )
    thoughts: str | None = field(
        "What went through my mind", "Your thoughts at the time, and since.", type="longtext"
    )
    feelings: str | None = field(
        "How I felt", "How did it feel? Name the feelings honestly.", type="longtext"
    )
    worked_well: str | None = field("What went well", "What would you do again?", type="longtext")
    challenges: str | None = field(
        "What was hard, and how I handled it",
        "Anything that tested you, and what you did about it.",
        type="longtext",
    )
    learning_points: str = field(
        "What I will take from this",
        "The one or two things you will carry into your next session.",
        type="longtext",
        required=True,
    )


class ActionItem(Row):
    what: str = field("Action", "What will be done.", required=True)
    who: str | None = field("Who", "Who will do it.")
    due: dt.date | None = field("Due", "When it should be done by.", type="date")
    done: bool = field("Done", type="yesno")


class SessionRecord(Record):
    kind: ClassVar[str] = "session-record"
    plans_next_meeting: ClassVar[bool] = True
    portfolio: ClassVar[Section | None] = Section("Mentoring sessions", 6)
    #: its hours add up towards the practice unit's minimum (the "hours" part of 305-2.1)
    evidences: ClassVar[tuple[str, ...]] = (
        "305-1.3",
        "305-2.1#hours",
        "305-2.2#sessions",
        "305-2.3",
    )
    title: ClassVar[str] = "Session record"
    audience: ClassVar[str] = "partner"

    date: dt.date = field("Date", "The day you met (or plan to meet).", type="date", required=True)
    start: dt.time | None = field("Start time", "When the session began.", type="time")
    duration: float | None = field(
        "Duration (hours)", "How long you met, in hours: 1.5 for ninety minutes.",
        type="number", minimum=0, maximum=12, unit="hours",
    )  # fmt: skip
    attendees: list[str] = field("Attendees", "Who was there, one name per line.", type="items")
    mode: str | None = field("Mode", "How you met.", type="choice", options=MODES)
    agenda: list[str] = field(
        "Agenda",
        "Up to three main items, one per line. Fewer items get more attention.",
        type="items",
        max_items=3,
        max_items_reason="keep the agenda to three main items at most, so each gets real time",
    )
    agenda_shared: bool = field("Agenda shared ahead", "Tick if the agenda went out before.",
                                type="yesno")  # fmt: skip
    agenda_shared_on: dt.date | None = field("Shared on", "When the agenda went out.", type="date")
    summary: str | None = field(
        "Summary of discussion", "The main points you talked through.", type="longtext"
    )
    approaches: str | None = field(
        "Approaches used", "Models, tools or questions that helped.", type="longtext"
    )
    decisions: str | None = field("Decisions", "What you decided together.", type="longtext")
    actions: list[ActionItem] = field(
        "Actions agreed", "Each action: what, who, and by when.", type="rows"
    )
    next_date: dt.date | None = field(
        "Next meeting date", type="date", not_before="date", needed_when="next_confirmed"
    )
    next_time: dt.time | None = field("Next meeting time", type="time")
    next_confirmed: bool = field("Next meeting confirmed", type="yesno")


class MenteeFeedback(Record):
    kind: ClassVar[str] = "feedback"
    portfolio: ClassVar[Section | None] = Section("Feedback from my mentee", 7)
    evidences: ClassVar[tuple[str, ...]] = ("307-1.3#asked", "305-3.2#mentee-feedback")
    title: ClassVar[str] = "Mentee feedback"
    audience: ClassVar[str] = "partner"
    date_field: ClassVar[str | None] = None

    session: str | None = field(
        "Session", "The session this feedback is about.", type="link", link="session-record"
    )
    rating: int = field(
        "Rating", "How useful was the session, from 1 (not at all) to 5 (very)?",
        type="rating", required=True, minimum=1, maximum=5,
    )  # fmt: skip
    went_well: str | None = field("What went well", type="longtext")
    even_better: str | None = field("What would make it even better", type="longtext")
    getting_out: str | None = field("What I am getting out of mentoring", type="longtext")
    from_mentor: str | None = field(
        "More, less or different from my mentor",
        "What would you like your mentor to do more of, less of, or differently?",
        type="longtext",
    )
    for_coordinator: str | None = field(
        "For the programme coordinator only",
        "Anything you want the coordinator, and only the coordinator, to know.",
        type="longtext",
        audience="coordinator",
    )


class ReflectiveLogEntry(Record):
    kind: ClassVar[str] = "reflective-log"
    log_entry: ClassVar[bool] = True
    portfolio: ClassVar[Section | None] = Section("Reflections on my practice", 3, default=True)
    evidences: ClassVar[tuple[str, ...]] = ("307-1.2", "307-2.1")
    title: ClassVar[str] = "Reflective log entry"

    date: dt.date = field("Date", type="date", required=True, not_future=True)
    how_it_went: str = field(
        "How the session went", "Describe the session as it happened.",
        type="longtext", required=True,
    )  # fmt: skip
    what_worked: str | None = field("What worked", type="longtext")
    differently: str | None = field("What I would do differently", type="longtext")
    development: str | None = field(
        "My development areas", "Skills you want to grow as a mentor.", type="longtext"
    )
    supervision: str | None = field(
        "To take to supervision", "Patterns or issues to talk through with your supervisor.",
        type="longtext",
    )  # fmt: skip
