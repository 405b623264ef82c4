"""Reaching a cohort's PostgreSQL database: its address, a connection, and its schema's upgrade."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from mentorkit.store.postgres import errors as pgerrors
from mentorkit.store.schema import current_version, migrate

# psycopg logs a warning when a batch ends on the error it has just raised (a refused save,
# which the learner is told about in words): with no logging set up, Python would print it
# into the page. A program that sets up logging still gets it.
logging.getLogger("psycopg").addHandler(logging.NullHandler())

#: Environment variable that points every `Store.open()` at a cohort database.
URL_VARIABLE = "MENTORKIT_STORE_URL"
SCHEMES = ("postgresql://", "postgres://")


def is_url(where: object) -> bool:
    return isinstance(where, str) and where.startswith(SCHEMES)


def connect(url: str, **options: Any) -> Any:
    """A psycopg connection (autocommit) to a cohort database, or a StoreError saying why not."""
    import psycopg

    try:
        return psycopg.connect(url, autocommit=True, **options)
    except psycopg.Error as exc:
        raise pgerrors.unreachable(pgerrors.describe(url), exc) from None


def upgrade(conn: Any, url: str) -> int:
    """Bring a cohort database's tables and policies up to date, one program at a time.

    Runs inside the caller's transaction, under a lock every upgrade takes, and re-reads the
    version under it: another kernel may have upgraded the database a moment ago.
    """
    conn.execute("SELECT pg_advisory_xact_lock(hashtext('mentorkit schema'))")
    if current_version(conn, "postgresql") is None:
        raise pgerrors.not_a_store(pgerrors.describe(url))
    return migrate(conn, dialect="postgresql")


class Conn:
    """A psycopg connection that takes the `?` placeholders the shared SQL is written with.

    With `prepare`, each statement is prepared on the server the first time it runs
    rather than the sixth (psycopg's default): a save repeats the same few statements,
    and a learner may save only a handful of times in a session.
    """

    def __init__(self, conn: Any, *, prepare: bool | None = None):
        self.raw = conn
        self.prepare = prepare

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.raw.execute(
            sql.replace("%", "%%").replace("?", "%s"), params, prepare=self.prepare
        )
