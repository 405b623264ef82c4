"""Which qualification the learner is working towards: ILM's Award or its Certificate.

One small setting record, kept like any other so that it travels with the learner's
records (an archive, a cohort's database) and the assessor can see it. The hours of
mentoring asked for, the practice unit and the coverage of criteria follow it.
"""

from __future__ import annotations

from typing import ClassVar

from mentorkit.records.fields import field
from mentorkit.records.model import Record

#: The two tracks, as course/qualification.py's data titles them (a test holds them together).
TRACKS = ("Award", "Certificate")


class QualificationTrack(Record):
    kind: ClassVar[str] = "qualification"
    bookkeeping: ClassVar[bool] = True
    title: ClassVar[str] = "Qualification"
    audience: ClassVar[str] = "assessor"
    date_field: ClassVar[str | None] = None

    track: str = field(
        "I am working towards",
        "The Award asks for at least 6 hours of mentoring; the Certificate for at least 36. "
        "You can change this later: nothing you have saved is lost.",
        type="choice", options=TRACKS, required=True,
    )  # fmt: skip
