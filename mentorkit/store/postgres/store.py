"""The store on a cohort's PostgreSQL database: the same API as on SQLite, one role per learner.

Each learner is a database role and every row names its owner, so row-level security
(see schema/postgres.py) decides what each one reads: the database keeps private records private.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from mentorkit.errors import StoreError
from mentorkit.records import KINDS, Record
from mentorkit.store.backups import backup_file
from mentorkit.store.base import BaseStore
from mentorkit.store.paths import owner_name
from mentorkit.store.postgres import errors as pgerrors
from mentorkit.store.postgres.connection import URL_VARIABLE, Conn, connect, upgrade
from mentorkit.store.postgres.search import indexable, tsquery
from mentorkit.store.rows import COLUMN_NAMES, CURRENT_NOT_IN_REVISIONS, LATEST
from mentorkit.store.schema import SCHEMA_VERSION, current_version
from mentorkit.store.schema.postgres import GROUPS
from mentorkit.store.sqlite.store import SQLiteStore
from mentorkit.store.stored import dumps, indexed_text

# Fields kept apart by audience are merged back into the body for whoever may read them.
_KEPT_APART = (
    "coalesce((SELECT jsonb_object_agg(f.key, f.value) FROM restricted s, jsonb_each(s.body) f"
    " WHERE s.record_id = {table}.{id} AND s.revision = {table}.revision), '{{}}'::jsonb)"
)


def kept_apart(record: Record) -> dict[str, dict[str, Any]]:
    """Fields whose audience differs from their record's, grouped by audience."""
    content = record.content()
    parts: dict[str, dict[str, Any]] = {}
    for spec in record.specs():
        if spec.audience != record.audience:
            parts.setdefault(spec.audience, {})[spec.name] = content.get(spec.name)
    return parts


def _every_table() -> type[Record]:
    """A kind whose save writes to every table: shared with partners (a partnership begins),
    with some fields kept apart from the rest (a restricted row)."""
    return next(
        kind
        for kind in KINDS.values()
        if kind.audience == "partner" and any(s.audience != kind.audience for s in kind.specs())
    )


class PostgresStore(BaseStore):
    """A learner's records in a cohort database. Open it with `Store.open("postgresql://…")`."""

    columns = (
        ", ".join(COLUMN_NAMES[:-1]) + ", body || " + _KEPT_APART.format(table="records", id="id")
    )
    lock_row = " FOR UPDATE"
    path = None  # no file: backups go to a SQLite file of the learner's choosing

    def __init__(self, url: str, conn: Any, owner: str, timeout: float):
        super().__init__(owner, timeout)
        self.url = url
        self.where = pgerrors.describe(url)
        self._conn = Conn(conn)
        self._saving = Conn(conn, prepare=True)

    # opening ---------------------------------------------------------------

    @classmethod
    def open(
        cls, url: str | None = None, *, owner: str | None = None, timeout: float = 10.0
    ) -> PostgresStore:
        """Connect as the learner, bring the schema up to date if allowed, and check the role."""
        url = url or os.environ[URL_VARIABLE]
        conn = connect(url, connect_timeout=max(2, round(timeout)), application_name="mentorkit")
        store = cls(url, conn, owner or owner_name(), timeout)
        try:
            store._start()
        except BaseException:
            conn.close()
            raise
        return store

    def _start(self) -> None:
        with self._errors():
            self._conn.execute(f"SET lock_timeout = {int(self.timeout * 1000)}")
            self._conn.execute("SET TIME ZONE 'UTC'")
            version = current_version(self._conn, "postgresql")
        if version is None:
            raise pgerrors.not_a_store(self.where)
        if version > SCHEMA_VERSION:
            raise pgerrors.too_new(self.where, version, SCHEMA_VERSION)
        if version < SCHEMA_VERSION:
            self._migrate()
        self._become_owner()
        self._get_ready()

    def _migrate(self) -> None:
        """Bring the schema up to date, one kernel at a time, if this account may."""
        import psycopg

        raw = self._conn.raw
        try:
            with raw.transaction():
                upgrade(raw, self.url)
        except psycopg.errors.InsufficientPrivilege:
            raise pgerrors.needs_upgrade(self.where) from None
        except psycopg.Error as exc:
            raise pgerrors.translate(exc, self.where, self.timeout) from None

    def _become_owner(self) -> None:
        """Act as the learner's own role; PostgreSQL refuses unless we signed in as them."""
        import psycopg
        from psycopg import sql

        with self._errors():
            signed_in = self._conn.execute("SELECT current_user").fetchone()[0]
        if signed_in != self.owner:
            try:
                self._conn.raw.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(self.owner)))
            except psycopg.Error:
                raise StoreError(
                    f"You are signed in to {self.where} as {signed_in}, so your records are "
                    f"kept as {signed_in}: they cannot be opened as {self.owner}. Nothing has "
                    "been changed."
                ) from None
        with self._errors():
            sees_all = self._conn.execute(
                "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"
            ).fetchone()[0]
        if sees_all:
            raise StoreError(
                f"The account {self.owner} can read every learner's records in {self.where}, "
                "so mentorkit will not keep records with it. Open the store as a learner: "
                "set up learners with `mentorkit cohort add-learner`."
            )

    def _get_ready(self) -> None:
        """Save a sample entry and take it back, so that a first Save is as quick as the rest.

        A connection's first save prepared its statements and had the server load the
        search dictionary and the tables' policies, indexes and trigger: with a class
        saving at once, first saves made most of the slowest 5% (bench/cohort_load.py).
        Doing that here, while the page opens, and rolling it back keeps nothing. A role
        that may not save still opens: its saves will say why.
        """
        import psycopg

        empty = _every_table().from_stored({})  # never checked: it is never kept
        sample = self._stamped(empty, empty)
        edited = sample.model_copy(update={"revision": 2})
        raw = self._conn.raw
        with self._lock:
            try:
                with raw.pipeline():
                    raw.execute("BEGIN")
                    self._insert(self._saving, sample)
                    self._saving.execute(LATEST + self.lock_row, (sample.id,))  # as `update`
                    self._write_revision(self._saving, edited)
                # Rolled back under psycopg: its ROLLBACK would forget every prepared
                # statement too (in case it undid the objects they use; this made none).
                raw.pgconn.exec_(b"ROLLBACK")
            except psycopg.Error:
                with contextlib.suppress(psycopg.Error):  # a broken connection says so on use
                    self._roll_back()

    def close(self) -> None:
        with self._lock:
            self._conn.raw.close()

    # transactions ----------------------------------------------------------

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        import psycopg

        with self._lock:
            try:
                yield
            except psycopg.Error as exc:
                raise pgerrors.translate(exc, self.where, self.timeout) from None

    @contextlib.contextmanager
    def _write(self) -> Iterator[Conn]:
        """One short transaction, sent as one batch (a pipeline): a save is one round trip.

        BEGIN and COMMIT go into the batch as plain statements: psycopg's `transaction()`
        waits for the server after BEGIN and again before COMMIT, which made a save four
        round trips, and with a class of kernels sharing a few cores each wait for the
        server is a wait to be scheduled again. Rows an update reads are locked with
        FOR UPDATE (reading them ends the batch early; the transaction stays open).
        """
        raw = self._conn.raw
        with self._errors():
            try:
                with raw.pipeline():
                    raw.execute("BEGIN")
                    yield self._saving
                    raw.execute("COMMIT")
            except BaseException:
                self._roll_back()
                raise

    def _roll_back(self) -> None:
        """End a transaction that failed part-way, so the connection is ready for the next."""
        from psycopg.pq import TransactionStatus

        if self._conn.raw.info.transaction_status in (
            TransactionStatus.INTRANS, TransactionStatus.INERROR,
        ):  # fmt: skip
            self._conn.raw.execute("ROLLBACK")

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[None]:
        """Reads that all see the store as it was at one moment (for a backup)."""
        with self._errors(), self._conn.raw.transaction():
            self._conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self._errors():
            return self._conn.execute(sql, params).fetchall()

    # the dialect's part of find, add, update and purge ------------------------

    def _visible(self) -> tuple[str, list[Any]]:
        return "TRUE", []  # row-level security decides: own records and partners' shared ones

    def _text_clause(self, words: list[str]) -> tuple[str, list[Any]]:
        query = tsquery(words)
        if query is None:  # nothing typed that a word could match
            return "FALSE", []
        return (
            "(search @@ to_tsquery('mentorkit', ?) OR EXISTS (SELECT 1 FROM restricted s"
            " WHERE s.record_id = records.id AND s.revision = records.revision"
            " AND s.search @@ to_tsquery('mentorkit', ?)))",
            [query, query],
        )

    def _mark_clause(self, mark: str) -> tuple[str, list[Any]]:
        return (
            "(strpos(body::text, ?) > 0 OR EXISTS (SELECT 1 FROM restricted s"
            " WHERE s.record_id = records.id AND s.revision = records.revision"
            " AND strpos(s.body::text, ?) > 0))",
            [mark, mark],
        )

    def _tag_clause(self, tag: str) -> tuple[str, list[Any]]:
        return "tags @> jsonb_build_array(?::text)", [tag]

    def _revision_rows(self, record_id: str) -> list[tuple]:
        earlier = _KEPT_APART.format(table="r", id="record_id")
        current = _KEPT_APART.format(table="records", id="id")
        return self._rows(
            f"SELECT r.revision, r.saved, r.tags, r.body || {earlier} FROM revisions r"
            " WHERE r.record_id = ? UNION ALL"
            f" SELECT revision, updated, tags, body || {current} FROM records"
            f" WHERE id = ?{CURRENT_NOT_IN_REVISIONS} ORDER BY 1",
            (record_id, record_id),
        )

    def _body(self, record: Record) -> dict[str, Any]:
        apart = {name for part in kept_apart(record).values() for name in part}
        return {k: v for k, v in record.content().items() if k not in apart}

    def _inserted(self, conn: Conn, record: Record) -> None:
        if record.audience == "partner" and record.partnership is None:
            # A record meant for partners that is not in a partnership starts one: its
            # owner is the first member, and `add_partner` lets the other one in.
            conn.execute(
                "INSERT INTO partners (partnership, member) VALUES (?, ?)",
                (record.id, record.owner),
            )
        self._revised(conn, record)

    def _extra(self, record: Record) -> dict[str, tuple[str, Any]]:
        return {
            "audience": ("?", record.audience),
            "hours": ("?", record.hours()),
            "search": (
                "to_tsvector('mentorkit', ?)",
                indexable(indexed_text(record, self._body(record))),
            ),
        }

    def _revised(self, conn: Conn, record: Record) -> None:
        """The fields kept apart from this revision's body, one row per audience."""
        for audience, part in kept_apart(record).items():
            conn.execute(
                "INSERT INTO restricted (record_id, revision, audience, owner, body, search)"
                " VALUES (?, ?, ?, ?, ?, to_tsvector('mentorkit', ?))",
                (record.id, record.revision, audience, record.owner, dumps(part),
                 indexable(indexed_text(record, part))),
            )  # fmt: skip

    # cohort ------------------------------------------------------------------

    def add_partner(self, partnership_id: str, member: str) -> None:
        """Let another learner read a partnership you keep and every record saved in it."""
        record = self._mine(partnership_id)
        if record.audience != "partner":
            raise StoreError(
                f"A {record.title.lower()} is private to you, so it cannot be shared with "
                f"{member}. Nothing has been changed."
            )
        with self._write() as conn:
            conn.execute(
                "INSERT INTO partners (partnership, member) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (partnership_id, member),
            )

    def mentors(self) -> set[str]:
        """Who the coordinator has added as mentors (`mentorkit cohort add-mentor`)."""
        rows = self._rows(
            "SELECT m.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid"
            " JOIN pg_roles m ON m.oid = a.member WHERE g.rolname = ?",
            (GROUPS["mentor"],),
        )
        return {name for (name,) in rows}

    # whole store -----------------------------------------------------------

    def backups(self) -> list:
        """Copies are not listed for a cohort store: its backups live where the learner chose."""
        return []

    def backup(self, target: str | os.PathLike) -> Path:
        """The learner's own records, every revision and the trash, as a SQLite store file.

        A learner cannot run pg_dump on a shared database (it would need every learner's
        rows), so the backup is a store file they keep: `Store.open(path)` opens it.
        """
        target = Path(target)
        with (
            backup_file(target) as partial,
            SQLiteStore.open(partial, owner=self.owner) as copy,
            self._snapshot(),
        ):
            for history in self.histories():
                copy.merge_history(history)
        return target

    def schema_version(self) -> int:
        with self._errors():
            return current_version(self._conn, "postgresql") or 0
