"""Small pieces of wording shared by every message a learner or assessor reads."""

from __future__ import annotations


def count(number: float, one: str, many: str | None = None) -> str:
    """`1 session`, `3 sessions`, `2 log entries` (give `many` where adding s is wrong), and
    `1 hour`, `2.25 hours`, `1,250 hours` (a fraction to two places, none when whole)."""
    shown = f"{number:,.2f}".rstrip("0").rstrip(".") if isinstance(number, float) else f"{number:,}"
    return f"{shown} {one if number == 1 else many or one + 's'}"
