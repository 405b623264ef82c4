"""Small pieces of wording shared by every message a learner or assessor reads."""

from __future__ import annotations


def count(number: int, one: str, many: str | None = None) -> str:
    """`1 session`, `3 sessions`, `2 log entries` (give `many` where adding s is wrong)."""
    return f"{number:,} {one if number == 1 else many or one + 's'}"
