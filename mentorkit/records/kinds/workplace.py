"""What a practice unit's portfolio holds beside the learner's own records: what a witness
saw of their mentoring, and the supervision that supports it.

These kinds follow every other, so they come last in an archive's schema.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from mentorkit.records.fields import field
from mentorkit.records.kinds.journal import ActionItem
from mentorkit.records.model import Record, Row, Section

WITNESS_RELATIONSHIPS = (
    "My line manager", "My mentoring supervisor", "The scheme's coordinator",
    "A senior colleague", "Other",
)  # fmt: skip
CONFIRMED_HOW = ("Signed on paper", "Signed electronically", "By email", "Other")
#: Brigid Proctor's three functions of supervision, each with a word on what it covers.
PROCTOR = (
    "Normative (standards and ethics)",
    "Formative (learning and skills)",
    "Restorative (support and wellbeing)",
)


class WitnessTestimony(Record):
    kind: ClassVar[str] = "witness-testimony"
    portfolio: ClassVar[Section | None] = Section("Witness testimony", 10, default=True)
    #: someone who saw the learner mentor confirms it, and it is feedback gathered from
    #: others; it counts once the witness has confirmed it (course/coverage.py)
    evidences: ClassVar[tuple[str, ...]] = ("305-2.2#observed", "307-1.3#asked")
    title: ClassVar[str] = "Witness testimony"

    witness: str = field(
        "Witness's name", "The person who saw you mentor, usually your line manager or supervisor.",
        required=True,
    )  # fmt: skip
    witness_role: str = field(
        "Their role", "Their job title, and the organisation they work for.", required=True
    )
    relationship: str = field(
        "Their relationship to you", "How the witness knows your work.",
        type="choice", options=WITNESS_RELATIONSHIPS, required=True,
    )  # fmt: skip
    observed: str = field(
        "What they observed",
        "In the witness's own words: what they saw you do as a mentor, and how well it went. "
        "Particular moments tell an assessor more than general praise.",
        type="longtext",
        required=True,
    )
    observed_on: dt.date = field(
        "When they observed it", "The day they saw you mentor (the first day, if it was over "
        "a few weeks).", type="date", required=True, not_future=True,
    )  # fmt: skip
    date: dt.date = field(
        "Date of the testimony", "The day the witness wrote or gave this testimony.",
        type="date", required=True, not_future=True, not_before="observed_on",
    )  # fmt: skip
    confirmed: bool = field(
        "Confirmed by the witness", "Tick once the witness has confirmed these are their words.",
        type="yesno",
    )  # fmt: skip
    confirmed_by: str | None = field(
        "Confirmed by", "Who confirmed it: usually the witness.", needed_when="confirmed"
    )
    confirmed_how: str | None = field(
        "How it was confirmed", type="choice", options=CONFIRMED_HOW, needed_when="confirmed"
    )
    confirmed_on: dt.date | None = field(
        "Confirmed on", type="date", not_future=True, not_before="date", needed_when="confirmed"
    )


class SupervisionPoint(Row):
    topic: str = field("Topic", "One thing you talked through.", required=True)
    function: str | None = field("Function", type="choice", options=PROCTOR)


class SupervisionRecord(Record):
    kind: ClassVar[str] = "supervision"
    portfolio: ClassVar[Section | None] = Section("Supervision of my mentoring", 11, default=True)
    #: the practice unit's mentoring "with a supervisor's support", and how supervision
    #: supports a mentor (never its hours: see `length`)
    evidences: ClassVar[tuple[str, ...]] = ("305-2.2#supervision", "307-2.3#supervision")
    title: ClassVar[str] = "Supervision record"

    date: dt.date = field(
        "Date", "The day of the supervision meeting.", type="date", required=True,
        not_future=True,
    )  # fmt: skip
    supervisor: str = field("Supervisor", "Who supervised you, and their role.", required=True)
    # Not `unit="hours"`: supervision is not mentoring, so it never adds to the hours
    # a qualification asks of the learner's mentoring.
    length: float | None = field(
        "Length (hours)", "How long you met, in hours: 0.75 for forty-five minutes.",
        type="number", minimum=0, maximum=8,
    )  # fmt: skip
    discussed: list[SupervisionPoint] = field(
        "What we discussed",
        "Each thing you talked through, and which of the three functions of supervision "
        "Brigid Proctor described it served: normative (the standards, ethics and policies "
        "your mentoring works within), formative (your learning and skills as a mentor) or "
        "restorative (support, and how the work leaves you feeling).",
        type="rows",
        required=True,
    )
    takeaways: str = field(
        "What I take from it",
        "What you understand differently now, and what you will do differently with your mentee.",
        type="longtext",
        required=True,
    )
    actions: list[ActionItem] = field(
        "Actions agreed", "Each action: what, who, and by when.", type="rows"
    )
