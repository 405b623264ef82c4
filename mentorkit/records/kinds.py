"""The record kinds a mentee, a mentor and a coordinator keep.

Every label and prompt here is what the learner reads in the form, so it is
written for them: plain, warm, second person.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import ClassVar

from mentorkit.records.base import Record, Row, field

MODES = ("In person", "Video call", "Phone")
ROLES = ("Mentor", "Mentee")
WHO = ("Me", "My partner", "Both of us")
STAGES = ("Start", "Mid-way", "End")
GOAL_STATUS = ("Not started", "Under way", "Achieved", "Not achieved", "Dropped")
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
#: The competency framework ratings are made against (mentorkit/data/competencies.json).
FRAMEWORK = json.loads(
    (resources.files("mentorkit") / "data" / "competencies.json").read_text(encoding="utf-8")
)
COMPETENCIES = tuple(c["name"] for c in FRAMEWORK["competencies"])
RELATIONSHIPS = ("180: my manager", "360: a colleague or peer", "360: someone I lead", "Other")


class LearningLogEntry(Record):
    kind: ClassVar[str] = "learning-log"
    evidences: ClassVar[tuple[str, ...]] = ("U2-1.2",)
    title: ClassVar[str] = "Learning log entry"

    date: dt.date = field(
        "Date", "The day this happened.", type="date", required=True, not_future=True
    )
    location: str | None = field("Location", "Where you were: an office, a café, online.")
    context: str = field(
        "The context",
        "Set the scene in a sentence or two: what was going on, and who was involved?",
        type="longtext",
        required=True,
    )
    what_i_did: str = field(
        "What I did", "Describe what you actually did or said.", type="longtext", required=True
    )
    thoughts: str | None = field(
        "My thoughts", "What went through your mind, then and since?", type="longtext"
    )
    feelings: str | None = field(
        "My feelings", "How did it feel? Name the feelings honestly.", type="longtext"
    )
    worked_well: str | None = field("What worked well", "What would you do again?", type="longtext")
    challenges: str | None = field(
        "What I found challenging and how I dealt with it",
        "What was hard, and what did you do about it?",
        type="longtext",
    )
    learning_points: str = field(
        "Key learning points",
        "What will you take from this into your next session?",
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
    evidences: ClassVar[tuple[str, ...]] = ("U3-1.3", "U3-2.1", "U3-2.2", "U3-2.3")
    title: ClassVar[str] = "Session record"
    audience: ClassVar[str] = "partner"

    date: dt.date = field("Date", "The day you met (or plan to meet).", type="date", required=True)
    start: dt.time | None = field("Start time", "When the session began.", type="time")
    duration: float | None = field(
        "Duration (hours)", "How long you met, in hours: 1.5 for ninety minutes.",
        type="number", minimum=0, maximum=12,
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
    evidences: ClassVar[tuple[str, ...]] = ("U2-1.3", "U3-3.2")
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
    evidences: ClassVar[tuple[str, ...]] = ("U2-1.2", "U2-2.1")
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


class Task(Row):
    what: str = field("Task", required=True)
    deadline: dt.date | None = field("Deadline", type="date")
    done: bool = field("Done", type="yesno")


class Goal(Record):
    kind: ClassVar[str] = "goal"
    evidences: ClassVar[tuple[str, ...]] = ("U3-1.2",)
    title: ClassVar[str] = "Goal"
    date_field: ClassVar[str | None] = "target_date"

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
    evidences: ClassVar[tuple[str, ...]] = ("U2-1.1", "U3-3.1")
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


class Answer(Row):
    excerpt_from: ClassVar[tuple[str, ...]] = ("answer",)

    question: str = field("Question", required=True)
    answer: str | None = field("Answer", type="longtext")


class ActivityResponse(Record):
    kind: ClassVar[str] = "activity"
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


class Evidence(Record):
    kind: ClassVar[str] = "evidence"
    title: ClassVar[str] = "Evidence"

    type: str = field("Type of evidence", type="choice", options=EVIDENCE_TYPES, required=True)
    name: str = field("Title", "A short name for it.", required=True)
    date: dt.date | None = field("Date", type="date", not_future=True)
    description: str | None = field(
        "Description", "What it is and what it shows about you.", type="longtext"
    )


class Partnership(Record):
    kind: ClassVar[str] = "partnership"
    cohort_step: ClassVar[bool] = True
    evidences: ClassVar[tuple[str, ...]] = ("U3-1.1", "U3-3.3")
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
    cohort_step: ClassVar[bool] = True
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
    cohort_step: ClassVar[bool] = True
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
    cohort_step: ClassVar[bool] = True
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


KINDS: dict[str, type[Record]] = {
    k.kind: k
    for k in (
        LearningLogEntry, SessionRecord, MenteeFeedback, ReflectiveLogEntry, Goal,
        ProgressReview, ActivityResponse, Evidence, Partnership, Proposal, QuizAttempt,
        TopicProgress, Profile, ProposalResponse, ClosingSurvey,
    )
}  # fmt: skip


def kind_of(name: str | type[Record]) -> type[Record]:
    """The record kind for a name like `learning-log` (or the class itself)."""
    if isinstance(name, type):
        return name
    try:
        return KINDS[name]
    except KeyError:
        known = ", ".join(KINDS)
        raise KeyError(f"no record kind called {name!r}; the kinds are {known}") from None
