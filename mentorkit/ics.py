"""Calendar files (.ics, RFC 5545) for planned meetings, made by the `icalendar` library.

A meeting's time is in a named time zone, with that zone's rules (VTIMEZONE) in the file,
so a calendar anywhere puts it at the right hour: this computer's zone, or the IANA name in
`MENTORKIT_TIMEZONE` (such as Europe/London).
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from mentorkit.errors import SettingProblem

ZONE_SETTING = "MENTORKIT_TIMEZONE"
#: "Sam Patel <sam@example.org>" or a bare address: the attendees a calendar can invite
_ADDRESS = re.compile(
    r"^\s*(?:(?P<name>[^<>]*?)\s*<)?(?P<mail>[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)>?\s*$"
)


def _zone(name: str) -> tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        import difflib

        close = difflib.get_close_matches(name.strip(), available_timezones(), n=1)
        hint = f" Did you mean {close[0]}?" if close else ""
        raise SettingProblem(
            f"{ZONE_SETTING} is set to {name!r}, which is not a time zone this computer "
            f"knows.{hint} Use a name such as Europe/London or America/New_York, or unset "
            "it to use this computer's own zone."
        ) from None


def _machine_zone_name() -> str | None:
    """This computer's zone as an IANA name (TZ, /etc/localtime, /etc/timezone), if it has one."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        candidates.append(target.partition("zoneinfo/")[2])
    timezone = Path("/etc/timezone")
    if timezone.is_file():
        candidates.append(timezone.read_text(encoding="utf-8", errors="replace").strip())
    for name in candidates:
        if "/" in name or name in ("UTC", "GMT"):
            try:
                _zone(name)
            except SettingProblem:
                continue
            return name
    return None


def meeting_zone() -> tzinfo | None:
    """The zone a meeting's time is read in: the setting's, else this computer's own; None
    when this computer's zone has no IANA name (Windows, say)."""
    chosen = os.environ.get(ZONE_SETTING, "").strip()
    if chosen:
        return _zone(chosen)
    name = _machine_zone_name()
    return _zone(name) if name else None


def _start(day: Any, at: time, zone: tzinfo | None) -> datetime:
    """The meeting's start in its zone; with no named zone, the UTC instant it is on this
    computer that day (its own rules, summer time included), which every calendar reads."""
    if zone is not None:
        return datetime.combine(day, at, tzinfo=zone)
    return datetime.combine(day, at).astimezone().astimezone(UTC)


def _attendees(event: Any, names: list[str]) -> list[str]:
    """Invite each attendee with an address; return the names a calendar cannot invite.

    ATTENDEE's value must be an address (a cal-address, RFC 5545 3.8.4.1): a name alone
    is not one, and an invented address would have a calendar offer to email nobody. So a
    name without an address goes into the description instead.
    """
    from icalendar import vCalAddress

    unaddressed = []
    for line in names:
        found = _ADDRESS.match(line)
        if not found:
            if line.strip():
                unaddressed.append(line.strip())
            continue
        attendee = vCalAddress(f"mailto:{found['mail']}")
        attendee.params["ROLE"] = "REQ-PARTICIPANT"
        attendee.params["PARTSTAT"] = "NEEDS-ACTION"
        if found["name"]:
            attendee.params["CN"] = found["name"].strip().strip('"')
        event.add("attendee", attendee, encode=False)
    return unaddressed


def meeting_ics(
    uid: str, start_day: Any, start_time: time | None, *, hours: float = 1.0,
    summary: str = "Mentoring session", description: str = "",
    attendees: list[str] | tuple[str, ...] = (), zone: tzinfo | None = None,
) -> str:  # fmt: skip
    """A one-event calendar file; a meeting with no time becomes an all-day event.

    `zone` defaults to `meeting_zone()`; `attendees` are names, each perhaps with an
    address ("Sam Patel <sam@example.org>"), and those with one are invited.
    """
    from icalendar import Calendar, Event

    event = Event()
    event.add("uid", f"{uid}@mentorkit")
    event.add("dtstamp", datetime.now(UTC))
    if start_time is None:
        event.add("dtstart", start_day)
        event.add("dtend", start_day + timedelta(days=1))
    else:
        start = _start(start_day, start_time, zone if zone is not None else meeting_zone())
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(hours=hours or 1.0))
    event.add("summary", summary)
    others = _attendees(event, list(attendees))
    if others:
        description = "\n".join(filter(None, [description, f"With: {', '.join(others)}"]))
    if description:
        event.add("description", description)
    calendar = Calendar()
    calendar.add("prodid", "-//mentorkit//workbook//EN")
    calendar.add("version", "2.0")
    calendar.add_component(event)
    # the zone's rules for a year either side are plenty, and keep the file small
    calendar.add_missing_timezones(
        first_date=start_day - timedelta(days=366), last_date=start_day + timedelta(days=366)
    )
    return calendar.to_ical().decode("utf-8")


def next_meeting_ics(session: Any, zone: tzinfo | None = None) -> str | None:
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
        attendees=session.attendees or (), zone=zone,
    )  # fmt: skip
