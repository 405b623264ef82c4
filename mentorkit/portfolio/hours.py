"""The mentoring-hours summary: sessions and hours per partnership, from the session records.

A session's hours are the record's own (`Record.hours`), as the figures and the store count them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mentorkit.errors import RecordNotFound
from mentorkit.portfolio.blocks import Block, Heading, Paragraph, Table
from mentorkit.records import SessionRecord
from mentorkit.render.values import day, printable

UNLINKED = "Not linked to a partnership"


@dataclass
class Tally:
    sessions: int = 0
    hours: float = 0.0
    dates: list[date] = field(default_factory=list)

    def add(self, session: SessionRecord) -> None:
        self.sessions += 1
        self.hours += session.hours() or 0
        self.dates.append(session.date)

    def row(self, label: str) -> tuple[str, ...]:
        first, last = min(self.dates), max(self.dates)
        return (label, str(self.sessions), f"{self.hours:g}", day(first), day(last))


def partnership_name(store: Any, partnership_id: str | None) -> str:
    if not partnership_id:
        return UNLINKED
    try:
        return printable(store.get(partnership_id).excerpt(60)) or UNLINKED
    except RecordNotFound:
        return UNLINKED


def tallies(store: Any, today: date | None = None) -> tuple[dict[str, Tally], int]:
    """Sessions that have happened with a duration, per partnership; and how many lack one."""
    today = today or date.today()
    found: dict[str, Tally] = {}
    undated = 0
    for session in store.find(SessionRecord):
        if session.date > today:
            continue  # planned, not yet held
        if not session.hours():
            undated += 1
            continue
        name = partnership_name(store, session.partnership)
        found.setdefault(name, Tally()).add(session)
    return found, undated


def hours_blocks(store: Any) -> list[Block]:
    """The summary as a heading, a table with a total row, and a note on what is not counted."""
    found, undated = tallies(store)
    blocks: list[Block] = [Heading("Mentoring hours", 1)]
    if not found:
        blocks.append(Paragraph("No sessions with a duration have been recorded yet.", quiet=True))
    else:
        total = Tally()
        for tally in found.values():
            total.sessions += tally.sessions
            total.hours += tally.hours
            total.dates += tally.dates
        rows = [tally.row(name) for name, tally in sorted(found.items())]
        header = ("Partnership", "Sessions", "Hours", "First session", "Latest session")
        blocks.append(Table(header, (*rows, total.row("Total")), caption="Hours of mentoring"))
    if undated:
        note = (
            "1 session has no duration recorded, so it is not counted."
            if undated == 1
            else f"{undated} sessions have no duration recorded, so they are not counted."
        )
        blocks.append(Paragraph(note, quiet=True))
    return blocks
