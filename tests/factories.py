"""Builders for records that tests share."""

from __future__ import annotations

from datetime import date, time

from mentorkit.records import LearningLogEntry

#: What Ben writes in the box of his feedback that only the coordinator reads.
COORDINATOR_ONLY = "Quokka: please could I change mentor"


def learning_log(**changes) -> LearningLogEntry:
    values = {
        "date": date(2026, 11, 2),
        "location": "The café by the station",
        "context": "Second session with Priya, who is new to leading a team.",
        "what_i_did": "Listened more than I spoke and asked open questions.",
        "thoughts": "She already knew the answer to her first question.",
        "learning_points": "Silence gives the mentee room to think.",
    }
    return LearningLogEntry(**{**values, **changes})


def sample(kind, n: int = 1, **changes):
    """A record of any kind with every declared field filled, derived from the kind's specs."""
    from mentorkit.records import Row

    def value(spec):
        if spec.type == "text":
            return spec.options[0] if spec.options else f"{spec.label} {n}"
        if spec.type == "longtext":
            return f"{spec.label}, entry {n}.\nA second line, with “quotes” and é."
        if spec.type == "date":
            return date(2026, 1, 1 + n % 27)
        if spec.type == "time":
            return time(14, 30)
        if spec.type in ("number", "rating"):
            return spec.maximum if spec.maximum is not None else int(spec.minimum or 0) + 2
        if spec.type == "choice":
            return spec.options[n % len(spec.options)]
        if spec.type == "yesno":
            return True
        if spec.type == "items":
            return [f"item {i}" for i in range(1, min(spec.max_items or 2, 2) + 1)]
        if spec.type == "link":
            return f"linked{n:028d}"
        return [sample_row(spec.row)]

    def sample_row(row: type[Row]):
        return row(**{s.name: value(s) for s in row.specs()})

    return kind(**{**{s.name: value(s) for s in kind.specs()}, **changes})


def sql_as(url: str, name: str, statement: str, params=()):
    """Raw SQL as `name`'s own database role: rows read, or how many rows were changed."""
    import psycopg

    from mentorkit.cohort.admin import with_user

    with psycopg.connect(with_user(url, name), autocommit=True) as conn:
        cursor = conn.execute(statement, params)
        return cursor.fetchall() if cursor.description else cursor.rowcount
