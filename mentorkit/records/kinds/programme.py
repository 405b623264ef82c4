"""What the programme keeps beside the journal: the course's answers and bookkeeping, the
evidence a learner gathers, and the cohort's story (profiles, proposals, a partnership
from its agreement to its closing survey).

Kinds register in the order they are defined, which an archive's schema keeps: these
follow the journal's and the planning kinds', and a new kind goes at the end.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from mentorkit.records.fields import field
from mentorkit.records.model import Record, Row, Section

ROLES = ("Mentor", "Mentee")
WHO = ("Me", "My partner", "Both of us")
PARTNERSHIP_STATUS = ("Agreed", "Active", "Paused", "Complete")
PROPOSAL_STATUS = ("Proposed", "Accepted", "Amend requested", "Rejected", "Withdrawn")
PROFILE_ROLES = ("Mentor", "Mentee", "Mentor and mentee")
AVAILABILITY = ("Available", "Not available")
DECISIONS = ("Accept", "Ask to amend", "Reject")
REACHED = ("Fully", "Partly", "Not yet", "We did not set goals")
EVIDENCE_TYPES = (
    "Achievement", "Qualification", "Certificate", "Course attended",
    "Post of responsibility", "Other",
)  # fmt: skip


class Answer(Row):
    excerpt_from: ClassVar[tuple[str, ...]] = ("answer",)

    question: str = field("Question", required=True)
    answer: str | None = field("Answer", type="longtext")


class ActivityResponse(Record):
    kind: ClassVar[str] = "activity"
    portfolio: ClassVar[Section | None] = Section("Course activities", 5)
    title: ClassVar[str] = "Activity answer"
    audience: ClassVar[str] = "assessor"
    date_field: ClassVar[str | None] = None
    excerpt_from: ClassVar[tuple[str, ...]] = ("answers",)
    course_keys: ClassVar[tuple[str, ...]] = ("topic", "activity")

    topic: str = field("Topic", required=True)
    activity: str = field("Activity", required=True)
    answers: list[Answer] = field("Answers", type="rows", required=True)
    criteria: list[str] = field(
        "Assessment criteria", "The criteria this activity gives evidence for.", type="items"
    )


class Evidence(Record):
    kind: ClassVar[str] = "evidence"
    portfolio: ClassVar[Section | None] = Section(
        "Evidence of achievement", 1, default=True, table=True
    )
    title: ClassVar[str] = "Evidence"

    type: str = field("Type of evidence", type="choice", options=EVIDENCE_TYPES, required=True)
    name: str = field("Title", "A short name for it.", required=True)
    date: dt.date | None = field("Date", type="date", not_future=True)
    description: str | None = field(
        "Description", "What it is and what it shows about you.", type="longtext"
    )


class Partnership(Record):
    kind: ClassVar[str] = "partnership"
    cohort_step: ClassVar[str] = (
        "To change the agreement, open the partnership page; a partnership ends by "
        "being signed off, on the sign-off page."
    )
    portfolio: ClassVar[Section | None] = Section("Mentoring partnerships", 8)
    evidences: ClassVar[tuple[str, ...]] = ("305-1.1", "305-3.3")
    title: ClassVar[str] = "Mentoring partnership"
    audience: ClassVar[str] = "partner"
    date_field: ClassVar[str | None] = "started"
    #: What partners agree at their first session; in a cohort the rest comes from the
    #: proposal (who, the roles) or from signing off (status, date, closing words).
    agreement: ClassVar[tuple[str, ...]] = (
        "started", "frequency", "hours_per_month", "confidentiality", "notes_by", "agenda_by",
        "ending",
    )  # fmt: skip

    partner: str = field("Partner", "Your mentor's or mentee's name.", required=True)
    my_role: str = field("My role", type="choice", options=ROLES, required=True)
    started: dt.date | None = field("Started", type="date")
    frequency: str | None = field(
        "How often you will meet", "For example: every two weeks for an hour."
    )
    hours_per_month: float | None = field(
        "Hours a month", "At least an hour a month keeps a partnership alive.",
        type="number", minimum=1, maximum=40,
    )  # fmt: skip
    confidentiality: str | None = field(
        "Confidentiality", "What stays between you, and the limits of that.", type="longtext"
    )
    notes_by: str | None = field("Who keeps the notes", type="choice", options=WHO)
    agenda_by: str | None = field("Who sets the agenda", type="choice", options=WHO)
    ending: str | None = field(
        "How it will end", "How either of you can close the partnership well.", type="longtext"
    )
    status: str = field("Status", type="choice", options=PARTNERSHIP_STATUS, required=True)
    completed_on: dt.date | None = field(
        "Signed off as complete on", type="date", not_before="started"
    )
    closing_survey: str | None = field(
        "Closing survey", "Looking back: what did the partnership give you?", type="longtext"
    )


class Proposal(Record):
    kind: ClassVar[str] = "proposal"
    cohort_step: ClassVar[str] = "To amend or withdraw a proposal, open the proposals page."
    title: ClassVar[str] = "Mentoring proposal"
    audience: ClassVar[str] = "partner"
    date_field: ClassVar[str | None] = None

    mentor: str = field("Mentor", "Who you would like as your mentor.", required=True)
    wanted: str = field(
        "What I want from mentoring", "What you hope to work on together.",
        type="longtext", required=True,
    )  # fmt: skip
    status: str = field("Status", type="choice", options=PROPOSAL_STATUS, required=True)
    comment: str | None = field("Comment", "Why, or what to change.", type="longtext")


class QuizAttempt(Record):
    kind: ClassVar[str] = "quiz-attempt"
    bookkeeping: ClassVar[bool] = True
    title: ClassVar[str] = "Self-check attempt"
    date_field: ClassVar[str | None] = None
    course_keys: ClassVar[tuple[str, ...]] = ("topic",)

    topic: str = field("Topic", required=True)
    score: int = field("Score", type="number", required=True, minimum=0)
    out_of: int = field("Out of", type="number", required=True, minimum=1)
    answers: list[Answer] = field("Answers", type="rows")


class TopicProgress(Record):
    kind: ClassVar[str] = "progress"
    bookkeeping: ClassVar[bool] = True
    title: ClassVar[str] = "Topic progress"
    date_field: ClassVar[str | None] = None
    course_keys: ClassVar[tuple[str, ...]] = ("topic",)

    topic: str = field("Topic", required=True)
    complete: bool = field("I have finished this", type="yesno")


class Profile(Record):
    kind: ClassVar[str] = "profile"
    title: ClassVar[str] = "Profile"
    audience: ClassVar[str] = "cohort"  # everyone in the cohort reads it, to choose a mentor
    date_field: ClassVar[str | None] = None

    name: str = field("Your name", "How you would like others in the cohort to know you.",
                      required=True)  # fmt: skip
    role: str = field(
        "My role", "Whether you are here to mentor, to be mentored, or both.",
        type="choice", options=PROFILE_ROLES, required=True,
    )  # fmt: skip
    skills: str | None = field(
        "My skills", "What you are good at: listening, coaching, planning, giving feedback…",
        type="longtext",
    )  # fmt: skip
    knowledge: str | None = field(
        "My knowledge", "What you know well: a profession, a sector, a system, a qualification.",
        type="longtext",
    )  # fmt: skip
    experience: str | None = field(
        "My experience", "Roles you have held, and what they taught you.", type="longtext"
    )
    availability: str = field(
        "Availability",
        "Can you take on a new mentee now? Choose Not available when you are full: "
        "mentees will not see you in their list until you change it back.",
        type="choice", options=AVAILABILITY, required=True,
    )  # fmt: skip
    how_i_work: str | None = field(
        "How I like to work", "In a line: when, where and how you like to meet."
    )


class ProposalResponse(Record):
    kind: ClassVar[str] = "proposal-response"
    cohort_step: ClassVar[str] = (
        "An answer to a proposal stays as it was sent: it is part of the proposal's story."
    )
    title: ClassVar[str] = "Answer to a proposal"
    audience: ClassVar[str] = "partner"
    date_field: ClassVar[str | None] = None

    proposal: str = field(
        "Proposal", "The proposal this answers.", type="link", link="proposal", required=True
    )
    version: int | None = field(
        "Version answered", "Which version of the proposal this answers.",
        type="number", minimum=1,
    )  # fmt: skip
    decision: str = field("Decision", type="choice", options=DECISIONS, required=True)
    comment: str = field(
        "Comment",
        "Why, or what you would like changed. Be kind and specific: your mentee reads every word.",
        type="longtext", required=True,
    )  # fmt: skip


class ClosingSurvey(Record):
    kind: ClassVar[str] = "closing-survey"
    cohort_step: ClassVar[str] = "To change your closing survey, open the sign-off page."
    title: ClassVar[str] = "Closing survey"
    audience: ClassVar[str] = "partner"
    date_field: ClassVar[str | None] = None

    mentoring: str = field(
        "Partnership", "The partnership you are looking back on.",
        type="link", link="partnership", required=True,
    )  # fmt: skip
    rating: int = field(
        "Overall rating", "How useful was the mentoring, from 1 (not at all) to 5 (very)?",
        type="rating", required=True, minimum=1, maximum=5,
    )  # fmt: skip
    gave_me: str = field(
        "What the partnership gave me", "Looking back: what has changed for you?",
        type="longtext", required=True,
    )  # fmt: skip
    goals_reached: str | None = field("How far I reached my goals", type="choice", options=REACHED)
    next_steps: str | None = field(
        "What I will do next", "How you will keep growing now the mentoring has ended.",
        type="longtext",
    )  # fmt: skip
    to_partner: str | None = field(
        "A word for my partner", "Thanks, or something you would like them to know.",
        type="longtext",
    )  # fmt: skip
    for_coordinator: str | None = field(
        "For the programme coordinator only",
        "Anything about the programme you want the coordinator, and only the coordinator, to know.",
        type="longtext",
        audience="coordinator",
    )
