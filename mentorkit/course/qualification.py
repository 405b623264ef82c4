"""The qualification the course leads to: ILM's units, their criteria and the two tracks.

Read from mentorkit/data/criteria.json. Each criterion names its ILM unit and its number,
whether that number was verified against a public source (and which), and the parts a
learner must evidence. The Award and the Certificate share units 304 and 307 and differ in
the practice unit: 305 (at least 6 hours) or 306 (at least 36 hours). The criteria of 306
mirror those of 305, so whatever evidences one evidences its twin.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from mentorkit.errors import TrackNotFound

#: The track a learner who has not chosen is shown: the smaller of the two.
DEFAULT_TRACK = "award"


@dataclass(frozen=True)
class Source:
    """A public source and what it verified."""

    url: str
    verified: str


@dataclass(frozen=True)
class Part:
    """An element of a criterion a learner must evidence (e.g. one of four skills). A part
    with `hours` is met by the hours of mentoring the learner's records add up to."""

    key: str
    text: str
    hours: bool = False
    #: only a kept record evidences it (a witness's testimony, a mentee's feedback), never
    #: a course activity's answer
    record: bool = False


@dataclass(frozen=True)
class Criterion:
    id: str
    text: str
    unit: str
    unit_title: str
    outcome: str
    #: its number within the unit (e.g. "1.2"): ILM's where `verified`, else mentorkit's own
    criterion: str = ""
    verified: bool = False
    #: why the number is not verified ("" when it is)
    reason: str = ""
    source: Source | None = None
    parts: tuple[Part, ...] = ()
    #: the criterion of the other practice unit this one repeats (306-x.y → 305-x.y)
    mirrors: str | None = None

    @property
    def ilm(self) -> str:
        """The ILM unit and criterion, e.g. "304 1.1", or "" where the number is not ILM's."""
        return f"{self.unit} {self.criterion}" if self.verified else ""

    @property
    def answers_to(self) -> tuple[str, ...]:
        """The ids a reference may use for this criterion: its own, and its twin's."""
        return (self.id, self.mirrors) if self.mirrors else (self.id,)


@dataclass(frozen=True)
class Unit:
    id: str
    title: str
    credits: int | None
    #: why the credits are not given, where they are not
    credits_note: str
    #: the hours of mentoring a practice unit asks for (None for the others)
    hours: int | None
    tracks: tuple[str, ...]
    source: Source
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class Track:
    """The Award or the Certificate: its units, credits and practice unit."""

    id: str
    title: str
    units: tuple[str, ...]
    credits: int
    practice_unit: str
    source: Source

    @property
    def hours(self) -> int:
        """The hours of mentoring this track asks for (its practice unit's)."""
        return unit(self.practice_unit).hours or 0


def _data_file() -> Path:
    return Path(str(resources.files("mentorkit") / "data" / "criteria.json"))


@cache
def _data() -> dict[str, Any]:
    return json.loads(_data_file().read_text(encoding="utf-8"))


def _source(value: dict[str, str] | None) -> Source | None:
    return Source(value["url"], value["verified"]) if value else None


def qualification() -> dict[str, Any]:
    """The qualification's title, numbers, sources and its successor (as the data holds)."""
    return _data()["qualification"]


@cache
def criteria() -> tuple[Criterion, ...]:
    """Every assessment criterion of every unit, in the order of the qualification."""
    return tuple(
        Criterion(
            c["id"], c["text"], u["id"], u["title"], o["text"], c["criterion"],
            c["verified"], c.get("reason", ""), _source(c.get("source")),
            tuple(Part(p["key"], p["text"], p.get("hours", False), p.get("record", False))
                  for p in c.get("parts", ())),
            c.get("mirrors"),
        )
        for u in _data()["units"]
        for o in u["outcomes"]
        for c in o["criteria"]
    )  # fmt: skip


@cache
def units() -> tuple[Unit, ...]:
    """The qualification's units, 304 to 307."""
    return tuple(
        Unit(
            u["id"], u["title"], u.get("credits"), u.get("credits_note", ""), u.get("hours"),
            tuple(u["tracks"]), _source(u["source"]),
            tuple(c["id"] for o in u["outcomes"] for c in o["criteria"]),
        )
        for u in _data()["units"]
    )  # fmt: skip


def unit(unit_id: str) -> Unit:
    found = {u.id: u for u in units()}
    if unit_id not in found:
        known = ", ".join(found)
        raise TrackNotFound(f"The qualification has no unit “{unit_id}”: its units are {known}.")
    return found[unit_id]


@cache
def tracks() -> tuple[Track, ...]:
    """The Award and the Certificate."""
    return tuple(
        Track(t["id"], t["title"], tuple(t["units"]), t["credits"], t["practice_unit"],
              _source(t["source"]))
        for t in _data()["tracks"]
    )  # fmt: skip


def track(track_id: str | None) -> Track:
    """The track with this id or title (any case); the Award when none is given."""
    wanted = (track_id or DEFAULT_TRACK).strip().lower()
    for found in tracks():
        if wanted in (found.id, found.title.lower()):
            return found
    names = " or ".join(t.title for t in tracks())
    raise TrackNotFound(f"There is no “{track_id}” track: choose the {names}.")


def criteria_for(track_id: str | None) -> tuple[Criterion, ...]:
    """The criteria of one track's units, in the order of the qualification."""
    wanted = set(track(track_id).units)
    return tuple(c for c in criteria() if c.unit in wanted)


def split_ref(ref: str) -> tuple[str, str | None]:
    """A reference to evidence, "305-3.2" or one part of it, "305-3.2#mentee-feedback"."""
    criterion, _, part = ref.partition("#")
    return criterion, part or None
