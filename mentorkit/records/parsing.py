"""Reading what a learner typed: text that can be stored, dates, times and tags.

Each function names what is wrong in words a learner reads (a pydantic error of its own
kind, which is a ValueError, so a form can catch it without knowing pydantic).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time
from typing import Any

from pydantic_core import PydanticCustomError

#: The largest text one field may hold, in bytes of UTF-8. Tornado refuses
#: websocket messages near 10 MB, so the limit is checked here, with a message.
MAX_TEXT_BYTES = 1024 * 1024

#: Tags on one entry: a few short words to find it by, not a second text box.
MAX_TAGS, MAX_TAG_LENGTH = 20, 40

#: The years a mentoring record can be about; outside them a date is a slip of the keys.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


def fail(message: str) -> PydanticCustomError:
    """The error a rule raises: pydantic keeps `message` as it is, for `problem_from`."""
    return PydanticCustomError("mentorkit", message)


def is_empty(value: Any) -> bool:
    """Whether a value holds nothing a learner wrote: blank text, or lists of it."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return all(is_empty(v) for v in value)
    if isinstance(value, dict):
        return all(is_empty(v) for v in value.values())
    return False


def clean_text(value: Any) -> Any:
    """Refuse text that cannot be stored faithfully; keep everything else exactly."""
    if not isinstance(value, str):
        return value
    if "\x00" in value:
        raise fail("contains a NUL character, which cannot be stored; please remove it")
    try:
        size = len(value.encode("utf-8"))
    except UnicodeEncodeError:
        raise fail(
            "contains a broken character (a lone surrogate) that cannot be stored; "
            "please retype that part"
        ) from None
    if size > MAX_TEXT_BYTES:
        raise fail(
            f"is too long to save ({size / 1_048_576:.1f} MB; the most one box holds is 1 MB). "
            "Please shorten it or split it into two entries"
        )
    return value


def parse_tags(typed: str) -> list[str]:
    """Tags typed in one box, separated by commas; each named problem raises ValueError."""
    tags: list[str] = []
    for part in (typed or "").split(","):
        tag = " ".join(clean_text(part).split())
        if not tag or tag.casefold() in (t.casefold() for t in tags):
            continue  # "Feedback" and "feedback" are one tag, kept as first typed
        if len(tag) > MAX_TAG_LENGTH:
            raise fail(
                f"“{tag[:20]}…” is {len(tag)} characters; keep each tag to {MAX_TAG_LENGTH} "
                "or fewer, and separate tags with commas"
            )
        tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise fail(f"has {len(tags)} tags; please keep to {MAX_TAGS} at most, so each helps")
    return tags


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_WORDS_DATE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([^\W\d_]+)\.?,?\s+(\d{4})")
_MONTHS = [(n, calendar.month_name[n].lower()) for n in range(1, 13)]


def parse_date(value: Any) -> Any:
    """Accept a date, `2026-11-23`, `23/11/2026` or `23 Nov 2026`; name an impossible day."""
    if isinstance(value, datetime):
        return value.date()
    if not isinstance(value, str):
        return value
    text = value.strip()
    if m := _ISO_DATE.fullmatch(text):
        year, month, day = (int(g) for g in m.groups())
    elif m := _UK_DATE.fullmatch(text):
        day, month, year = (int(g) for g in m.groups())
    elif m := _WORDS_DATE.fullmatch(text):
        day, year = int(m.group(1)), int(m.group(3))
        word = m.group(2).lower()
        month = next((n for n, name in _MONTHS if len(word) >= 3 and name.startswith(word)), 0)
        if not month:
            raise fail(f"“{text[:40]}” is not a date: “{m.group(2)}” is not a month")
    else:
        raise fail(f"“{text[:40]}” is not a date; write it like 23/11/2026")
    return _day(text, year, month, day)


def _day(text: str, year: int, month: int, day: int) -> date:
    """The date, or a message naming which part of `text` cannot be."""
    if year < 1:
        raise fail(f"“{text}” has the year {year}, which looks mistyped; write it like 23/11/2026")
    if not 1 <= month <= 12:
        day_first = " (write the day first)" if 1 <= day <= 12 and month <= 31 else ""
        raise fail(f"“{text}” is not a date: there is no month {month}{day_first}")
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        days = calendar.monthrange(year, month)[1]
        name = f"{calendar.month_name[month]} {year}"
        raise fail(f"{day} {name} is not a date: {name} has {days} days")
    return date(year, month, day)


def parse_time(value: Any) -> Any:
    """Accept a time or `14:30`; name an impossible time in words."""
    if not isinstance(value, str):
        return value
    m = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?::\d{2})?", value.strip())
    if not m:
        raise fail(f"“{value.strip()[:40]}” is not a time; write it like 14:30")
    hour, minute = int(m.group(1)), int(m.group(2))
    if hour > 23 or minute > 59:
        raise fail(f"{value.strip()} is not a time of day")
    return time(hour, minute)
