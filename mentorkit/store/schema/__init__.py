"""The store's schema on each database, and the migrations that bring an older one up to date.

One history for both backends: step N holds the statements that take a SQLite file and a
PostgreSQL database from version N-1 to N. Each step is kept as it was released, so a store
made by any earlier release opens; `migrate` runs the steps above the store's version.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mentorkit.store.schema import postgres, sqlite

#: The schema this release writes. A store with a higher number came from a newer release.
SCHEMA_VERSION = 8

DIALECTS = ("sqlite", "postgresql")


@dataclass(frozen=True)
class Step:
    """One version of the schema: the statements for each dialect, and any data to fill in."""

    statements: dict[str, str]
    backfill: dict[str, Callable[[Any], None]] = field(default_factory=dict)


# No PostgreSQL store was released at version 1, so step 2 has nothing to backfill there.
STEPS = {
    1: Step({"sqlite": sqlite.V1, "postgresql": postgres.V1}),
    2: Step({"sqlite": sqlite.V2, "postgresql": postgres.V2}, {"sqlite": sqlite.backfill_v2}),
    3: Step({"sqlite": sqlite.V3, "postgresql": ""}),
    # Release 4 changes no table: a save stops writing the current revision into
    # `revisions` too (store/base.py). The step is there so that an earlier release, which
    # would overwrite the current revision without keeping it, refuses a store written so.
    4: Step({"sqlite": "", "postgresql": ""}),
    5: Step({"sqlite": sqlite.V5, "postgresql": postgres.V5}),
    6: Step({"sqlite": "", "postgresql": postgres.V6}),
    7: Step({"sqlite": sqlite.V7, "postgresql": postgres.V7}),
    # Release 8 changes no table: it adds record kinds (witness testimony, supervision, the
    # learner's qualification track) that an earlier release cannot read, and would fail
    # on when listing the store's records. The step makes such a release refuse the store
    # as written by a newer mentorkit, which says to update.
    8: Step({"sqlite": "", "postgresql": ""}),
}


_TABLES = {
    "sqlite": "SELECT name FROM sqlite_master",
    "postgresql": "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()",
}


def current_version(conn: Any, dialect: str = "sqlite") -> int | None:
    """The store's schema version; 0 when it is empty, None if it is not a mentorkit store."""
    names = {row[0] for row in conn.execute(_TABLES[dialect])}
    if not names:
        return 0
    if "schema_version" not in names:
        return None
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return row[0] if row and row[0] is not None else None


def migrate(conn: Any, upto: int = SCHEMA_VERSION, dialect: str = "sqlite") -> int:
    """Run every step above the store's version; the caller holds a write transaction."""
    version = current_version(conn, dialect) or 0
    for number in range(version + 1, upto + 1):
        step = STEPS[number]
        _run(conn, step.statements[dialect], dialect)
        if dialect in step.backfill:
            step.backfill[dialect](conn)
        conn.execute("DELETE FROM schema_version")
        conn.execute(f"INSERT INTO schema_version (version) VALUES ({int(number)})")
    return max(version, upto)


def _run(conn: Any, ddl: str, dialect: str) -> None:
    if not ddl.strip():
        return  # a step that changes only the other dialect
    if dialect == "postgresql":
        conn.execute(ddl)  # one round trip; PostgreSQL takes many statements at once
        return
    # One statement at a time, inside the caller's transaction; a trigger's body holds
    # semicolons of its own, so a statement ends where SQLite says it is complete.
    statement = ""
    for piece in ddl.split(";"):
        statement += piece + ";"
        if sqlite3.complete_statement(statement):
            if statement.strip(" \n;"):
                conn.execute(statement)
            statement = ""
