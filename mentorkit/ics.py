"""Calendar files (.ics, RFC 5545) for planned meetings."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    return "\r\n".join([*out, current])


def meeting_ics(
    uid: str, start_day: Any, start_time: time | None, *, hours: float = 1.0,
    summary: str = "Mentoring session", description: str = "",
) -> str:  # fmt: skip
    """A one-event calendar file; a meeting with no time becomes an all-day event."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//mentorkit//workbook//EN",
             "BEGIN:VEVENT", f"UID:{uid}@mentorkit", f"DTSTAMP:{stamp}"]  # fmt: skip
    if start_time is None:
        lines += [
            f"DTSTART;VALUE=DATE:{start_day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{start_day + timedelta(days=1):%Y%m%d}",
        ]
    else:
        start = datetime.combine(start_day, start_time)
        end = start + timedelta(hours=hours or 1.0)
        lines += [f"DTSTART:{start:%Y%m%dT%H%M%S}", f"DTEND:{end:%Y%m%dT%H%M%S}"]
    lines += [f"SUMMARY:{_escape(summary)}"]
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def next_meeting_ics(session: Any) -> str | None:
    """The session record's next meeting as a calendar file, or None if none is planned."""
    if session.next_date is None:
        return None
    status = "confirmed" if session.next_confirmed else "to be confirmed"
    agenda = "; ".join(session.agenda) if session.agenda else ""
    description = f"Next mentoring session ({status})." + (
        f" Last agenda: {agenda}" if agenda else ""
    )
    return meeting_ics(
        f"{session.id}-next", session.next_date, session.next_time,
        hours=session.duration or 1.0, description=description,
    )  # fmt: skip
