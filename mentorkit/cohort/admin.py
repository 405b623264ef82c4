"""Running a cohort on PostgreSQL: the database, a role per person, and moving a learner's file in.

These run as the cohort's administrator (a PostgreSQL account that may create databases
and roles); learners themselves only ever connect as their own role.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from mentorkit.errors import CohortProblem, RecordErased, StoreError
from mentorkit.store import GROUPS, SCHEMA_VERSION, connect_postgres, upgrade_postgres

# JupyterHub names, kept to what is safe as a role name and not one of PostgreSQL's own.
_NAME = re.compile(r"[a-z0-9][a-z0-9._@-]{0,62}")
_RESERVED = ("pg_", "mentorkit_", "postgres", "public")


def password_for(secret: bytes, name: str) -> str:
    """The password a person's server signs in with, derived from the hub's secret.

    The hub and `mentorkit cohort add-learner --secret-file` share one secret, so no
    password is ever stored or typed: each is recomputed from the secret and the name.
    """
    return hmac.new(secret, name.encode(), hashlib.sha256).hexdigest()


def with_database(url: str, database: str) -> str:
    """The same server and account, another database."""
    return urlsplit(url)._replace(path="/" + quote(database)).geturl()


def with_user(url: str, user: str, password: str | None = None) -> str:
    """The same server and database, signed in as someone else."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    login = quote(user, safe="") + (":" + quote(password, safe="") if password else "")
    return parts._replace(netloc=f"{login}@{host}").geturl()


def _connect(url: str):
    return connect_postgres(url, application_name="mentorkit cohort")


def _run(url: str, action: Callable[[Any], Any]) -> Any:
    import psycopg

    with _connect(url) as conn:
        try:
            return action(conn)
        except psycopg.errors.InsufficientPrivilege:
            raise StoreError(
                "Your account may not do this: it is for the cohort's programme coordinators "
                "(mentorkit cohort add-coordinator). Nothing has been changed."
            ) from None
        except psycopg.Error as exc:
            raise StoreError(f"The cohort database refused this: {exc}".strip()) from None


def init(admin_url: str, database: str) -> int:
    """Create the cohort database if need be, and bring its tables and policies up to date."""
    from psycopg import sql

    def create(conn: Any) -> None:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,))
        if found.fetchone() is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))

    def upgrade(conn: Any) -> int:
        with conn.transaction():
            upgrade_postgres(conn, admin_url)
            name = sql.Identifier(database)
            conn.execute(sql.SQL("REVOKE CONNECT ON DATABASE {} FROM PUBLIC").format(name))
            conn.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO mentorkit_learner").format(name))
        return SCHEMA_VERSION

    _run(admin_url, create)
    return _run(with_database(admin_url, database), upgrade)


def check_name(name: str) -> str:
    """A person's name as JupyterHub gives it, or CohortProblem saying what is wrong."""
    if not _NAME.fullmatch(name) or name.startswith(_RESERVED):
        raise CohortProblem(
            f"“{name}” cannot be a cohort member's name: use the name they sign in to "
            "JupyterHub with (lower-case letters, digits, . _ @ -), not one starting with "
            "pg_ or mentorkit_."
        )
    return name


def add_person(admin_url: str, name: str, role: str = "learner", password: str | None = None):
    """Give someone a role of their own (or a new part to play); idempotent."""
    from psycopg import sql

    check_name(name)
    if role not in GROUPS:
        raise CohortProblem(f"“{role}” is not a cohort role; choose one of {', '.join(GROUPS)}.")

    def add(conn: Any) -> None:
        who = sql.Identifier(name)
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(who))
        if password:
            conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(who, sql.Literal(password)))
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(GROUPS[role]), who))

    _run(admin_url, add)


def people(admin_url: str) -> list[tuple[str, list[str]]]:
    """Every cohort member and the parts they play, by name."""
    rows = _run(
        admin_url,
        lambda conn: conn.execute(
            "SELECT m.rolname, array_agg(g.rolname ORDER BY g.rolname) FROM pg_auth_members a"
            " JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member"
            " WHERE g.rolname = ANY(%s) AND m.rolcanlogin GROUP BY m.rolname ORDER BY 1",
            (list(GROUPS.values()),),
        ).fetchall(),
    )
    parts = {group: role for role, group in GROUPS.items()}
    return [(name, [parts[g] for g in groups]) for name, groups in rows]


def activity(url: str) -> list[tuple[str, str, int, float]]:
    """What a coordinator sees: (person, kind, records, hours), never anyone's words."""
    return _run(
        url,
        lambda conn: conn.execute(
            "SELECT owner, kind, records, hours::float FROM cohort_activity ORDER BY 1, 2"
        ).fetchall(),
    )


def coordinator_notes(url: str) -> list[tuple[str, str, Any, dict[str, str]]]:
    """What learners wrote for the coordinator alone: (person, kind, saved, {field: words})."""
    return [
        (owner, kind, updated, json.loads(body) if isinstance(body, str) else body)
        for owner, kind, updated, body in _run(
            url,
            lambda conn: conn.execute(
                "SELECT owner, kind, updated, body FROM coordinator_notes ORDER BY updated"
            ).fetchall(),
        )
    ]


def move_in(source: Path, url: str, *, owner: str | None = None, old_owner: str | None = None):
    """Copy a learner's SQLite store into the cohort database as them, every revision kept.

    Running it again copies only what is new, and never brings back a record erased in the
    cohort since. Returns (records seen, revisions copied, records left out as erased).
    """
    from mentorkit.store import PostgresStore, SQLiteStore

    if not Path(source).is_file():
        raise CohortProblem(f"There is no store at {source}. Nothing has been copied.")
    with SQLiteStore.open(source, owner=old_owner or _only_owner(source)) as mine:
        with PostgresStore.open(url, owner=owner) as cohort:
            records = copied = erased = 0
            for history in mine.histories():
                records += 1
                try:
                    copied += cohort.merge_history(history)
                except RecordErased:  # erasing is for good: the file's copy stays out
                    erased += 1
    return records, copied, erased


def _only_owner(source: Path) -> str:
    """Whose records a learner's file holds: its one owner, or a question if there are more."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True)) as db:
        owners = [row[0] for row in db.execute("SELECT DISTINCT owner FROM records")]
    if len(owners) > 1:
        raise CohortProblem(
            f"The store at {source} holds records of {', '.join(sorted(owners))}. "
            "Say whose to copy with --from-owner NAME. Nothing has been copied."
        )
    return owners[0] if owners else "nobody"
