"""Builders for records that tests share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from mentorkit.records import LearningLogEntry, Profile

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


@dataclass
class Cohort:
    """A cohort database on the tests' PostgreSQL server, and ways in as each person."""

    url: str  # the administrator's address
    private: list[str] = field(default_factory=list)  # ids of amira's private records
    partnership: str = ""
    session: str = ""
    feedback: str = ""

    def store(self, name: str):
        from mentorkit.cohort.admin import with_user
        from mentorkit.store import Store

        return Store.open(with_user(self.url, name), owner=name)

    def sql(self, name: str, statement: str, params=()):
        return sql_as(self.url, name, statement, params)

    def count(self, name: str, rows: str, params=()) -> int:
        """How many rows raw SQL as `name`'s own role sees (`rows`: a table and a WHERE)."""
        return self.sql(name, f"SELECT count(*) FROM {rows}", params)[0][0]


def set_up_cohort(
    url: str, *, mentors=(), learners=(), profiles: dict[str, Profile] | None = None
) -> Cohort:
    """The cohort database at `url` (an administrator's address) set up as `mentorkit cohort
    init` does, with `mentors` and `learners` added as the coordinator adds them, and each
    of `profiles` saved by the person it is keyed by."""
    from mentorkit.cohort import admin

    admin.init(url, url.rsplit("/", 1)[1])
    for name in mentors:
        admin.add_person(url, name, "mentor")
    for name in learners:
        admin.add_person(url, name)
    made = Cohort(url)
    for name, profile in (profiles or {}).items():
        with made.store(name) as store:
            store.add(profile)
    return made
