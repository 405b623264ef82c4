"""The store on one SQLite file: every record, every revision, the trash and drafts.

Many kernels write the same file at once (Voilà opens one per page), so every
write is a short `BEGIN IMMEDIATE` transaction in WAL mode with a busy timeout.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from mentorkit.errors import RecordNotFound, StoreError, StoreTooNew
from mentorkit.records import Record, kind_of, problem_from
from mentorkit.store import errors
from mentorkit.store.paths import default_path, owner_name, prepare_file
from mentorkit.store.schema import SCHEMA_VERSION, current_version, migrate, search_text

_COLUMNS = "id, kind, owner, created, updated, revision, tags, deleted, partnership, links, body"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _fts_query(text: str) -> str:
    """Every word the learner typed must appear (as a word or the start of one)."""
    words = [w.replace('"', '""') for w in text.split()]
    return " ".join(f'"{w}"*' for w in words)


class SQLiteStore:
    """A learner's records in one SQLite file. Open it with `Store.open()`."""

    def __init__(self, path: Path, conn: sqlite3.Connection, owner: str, timeout: float):
        self.path = path
        self.owner = owner
        self.timeout = timeout
        self._conn = conn

    # opening ---------------------------------------------------------------

    @classmethod
    def open(
        cls, path: str | os.PathLike | None = None, *, owner: str | None = None,
        timeout: float = 10.0,
    ) -> SQLiteStore:  # fmt: skip
        """Open (or create) the store at `path`; check it and bring it up to date."""
        path = Path(path) if path is not None else default_path()
        prepare_file(path)
        try:
            conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise errors.translate(exc, path, timeout) from None
        store = cls(path, conn, owner or owner_name(), timeout)
        try:
            store._check_and_migrate()
        except BaseException:
            conn.close()
            raise
        return store

    def _check_and_migrate(self) -> None:
        with self._errors():
            version = current_version(self._conn)
        if version is None:
            raise errors.corrupt(self.path)
        if version > SCHEMA_VERSION:
            raise StoreTooNew(
                f"Your store at {self.path} was written by a newer release of mentorkit "
                f"(schema {version}; this release knows up to {SCHEMA_VERSION}). It has not "
                "been changed. Update mentorkit (make install) and open it again."
            )
        with self._errors():
            for pragma in ("journal_mode = WAL", "synchronous = FULL", "secure_delete = ON"):
                self._conn.execute(f"PRAGMA {pragma}")
        if version < SCHEMA_VERSION:
            with self._write() as conn:
                migrate(conn)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # transactions ----------------------------------------------------------

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise errors.translate(exc, self.path, self.timeout) from None

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction, taken before the first read so it cannot deadlock."""
        with self._errors():
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    # records ---------------------------------------------------------------

    def add(self, record: Record, *, tags: Sequence[str] | None = None) -> Record:
        """Save a new record; returns it with its id, owner, times and revision 1."""
        record = self._checked(type(record), record.content())
        now = _now()
        envelope = {
            "id": uuid.uuid4().hex,
            "owner": self.owner,
            "created": now,
            "updated": now,
            "revision": 1,
            "tags": list(tags if tags is not None else record.tags),
            "partnership": record.partnership,
            "links": list(record.links),
        }
        saved = self._build(type(record), envelope, record.content())
        with self._write() as conn:
            self._insert(conn, saved)
        return saved

    def get(self, record_id: str) -> Record:
        """The current revision of a record (also when it is in the trash)."""
        with self._errors():
            row = self._conn.execute(
                f"SELECT {_COLUMNS} FROM records WHERE id = ? AND owner = ?",
                (record_id, self.owner),
            ).fetchone()
        if row is None:
            raise RecordNotFound(
                f"No record with id {record_id} is in your store. It may have been purged."
            )
        return self._from_row(row)

    def find(
        self, kind: str | type[Record] | None = None, *, text: str | None = None,
        since: date | None = None, until: date | None = None,
        tags: Sequence[str] | None = None, limit: int | None = None,
    ) -> list[Record]:  # fmt: skip
        """Live records, newest first, filtered by kind, words, dates and tags."""
        where, params = ["owner = ?", "deleted IS NULL"], [self.owner]
        if kind is not None:
            where.append("kind = ?")
            params.append(kind_of(kind).kind)
        if text and text.strip():
            where.append("id IN (SELECT id FROM search WHERE search MATCH ? AND owner = ?)")
            params += [_fts_query(text), self.owner]
        if since is not None:
            where.append("day >= ?")
            params.append(since.isoformat())
        if until is not None:
            where.append("day <= ?")
            params.append(until.isoformat())
        for tag in tags or ():
            where.append("EXISTS (SELECT 1 FROM json_each(records.tags) WHERE value = ?)")
            params.append(tag)
        sql = f"SELECT {_COLUMNS} FROM records WHERE {' AND '.join(where)}"
        sql += " ORDER BY day DESC, created DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._errors():
            rows = self._conn.execute(sql, params).fetchall()
        return [self._from_row(row) for row in rows]

    def update(self, record_id: str, **changes: Any) -> Record:
        """Save changed fields as a new revision; every earlier revision is kept."""
        current = self.get(record_id)
        kind = type(current)
        tags = changes.pop("tags", current.tags)
        content = {**current.content(), **changes}
        checked = self._checked(kind, content)
        envelope = {
            **current.model_dump(include=set(Record.ENVELOPE)),
            "updated": _now(),
            "revision": current.revision + 1,
            "tags": list(tags),
        }
        saved = self._build(kind, envelope, checked.content())
        with self._write() as conn:
            latest = conn.execute(
                "SELECT revision FROM records WHERE id = ?", (record_id,)
            ).fetchone()
            if latest is None:
                raise RecordNotFound(f"The record {record_id} was purged while you edited it.")
            if latest[0] != current.revision:
                # Someone saved this record in the meantime: build on their revision.
                saved = saved.model_copy(update={"revision": latest[0] + 1})
            self._write_revision(conn, saved)
        return saved

    def history(self, record_id: str) -> list[Record]:
        """Every revision of a record, oldest first."""
        current = self.get(record_id)
        with self._errors():
            rows = self._conn.execute(
                "SELECT revision, saved, tags, body FROM revisions"
                " WHERE record_id = ? ORDER BY revision",
                (record_id,),
            ).fetchall()
        envelope = current.model_dump(include=set(Record.ENVELOPE))
        return [
            self._build(
                type(current),
                {**envelope, "revision": rev, "updated": saved, "tags": json.loads(tags)},
                json.loads(body),
            )
            for rev, saved, tags, body in rows
        ]

    def delete(self, record_id: str) -> Record:
        """Move a record to the trash, from where `restore` brings it back."""
        self.get(record_id)
        with self._write() as conn:
            conn.execute("UPDATE records SET deleted = ? WHERE id = ?", (_now(), record_id))
        return self.get(record_id)

    def restore(self, record_id: str) -> Record:
        """Bring a record back from the trash."""
        self.get(record_id)
        with self._write() as conn:
            conn.execute("UPDATE records SET deleted = NULL WHERE id = ?", (record_id,))
        return self.get(record_id)

    def trash(self) -> list[Record]:
        """Records in the trash, most recently deleted first."""
        with self._errors():
            rows = self._conn.execute(
                f"SELECT {_COLUMNS} FROM records WHERE owner = ? AND deleted IS NOT NULL"
                " ORDER BY deleted DESC",
                (self.owner,),
            ).fetchall()
        return [self._from_row(row) for row in rows]

    def purge(self, record_id: str) -> None:
        """Erase a record for good: every revision, its search entry, and its bytes."""
        self.get(record_id)
        with self._write() as conn:
            conn.execute("DELETE FROM records WHERE id = ?", (record_id,))
            conn.execute("DELETE FROM revisions WHERE record_id = ?", (record_id,))
            conn.execute("DELETE FROM search WHERE id = ?", (record_id,))
            # Merge the index so the deleted entry's old segments are freed (and zeroed).
            conn.execute("INSERT INTO search (search) VALUES ('optimize')")
        self._checkpoint()

    def _checkpoint(self) -> None:
        """Copy the WAL into the file and empty it, so erased text leaves the WAL too."""
        with self._errors():
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # drafts ----------------------------------------------------------------

    def save_draft(self, key: str, values: dict[str, Any]) -> None:
        """Keep what a learner has typed but not saved, so a reload does not lose it."""
        body = json.dumps(values, ensure_ascii=False, default=str)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO drafts (owner, key, saved, body) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (owner, key) DO UPDATE SET saved = excluded.saved,"
                " body = excluded.body",
                (self.owner, key, _now(), body),
            )

    def draft(self, key: str) -> dict[str, Any] | None:
        with self._errors():
            row = self._conn.execute(
                "SELECT body FROM drafts WHERE owner = ? AND key = ?", (self.owner, key)
            ).fetchone()
        return json.loads(row[0]) if row else None

    def discard_draft(self, key: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM drafts WHERE owner = ? AND key = ?", (self.owner, key))

    # whole store -----------------------------------------------------------

    def frame(self, kind: str | type[Record]):
        """A pandas DataFrame of one kind: one row per live record, one column per field."""
        import pandas as pd

        kind = kind_of(kind)
        names = [s.name for s in kind.specs()]
        envelope = ["id", "created", "updated", "revision", "tags"]
        rows = [
            {**r.model_dump(include=set(envelope)), **{n: getattr(r, n) for n in names}}
            for r in self.find(kind)
        ]
        return pd.DataFrame(rows, columns=envelope + names)

    def backup(self, target: str | os.PathLike) -> Path:
        """A consistent copy of the whole store, safe while others are writing."""
        target = Path(target)
        prepare_file(target, create=False)
        partial = target.with_name(target.name + ".partial")
        try:
            with self._errors(), contextlib.closing(sqlite3.connect(partial)) as copy:
                os.chmod(partial, 0o600)
                self._conn.backup(copy)
            os.replace(partial, target)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise StoreError(
                f"The backup could not be written to {target}: {exc.strerror}. "
                "Your store has not been changed. Choose a folder you can write to."
            ) from None
        return target

    def schema_version(self) -> int:
        with self._errors():
            return current_version(self._conn) or 0

    # helpers ---------------------------------------------------------------

    def _checked(self, kind: type[Record], content: dict[str, Any]) -> Record:
        from pydantic import ValidationError

        try:
            return kind.model_validate(content)
        except ValidationError as exc:
            raise problem_from(kind, exc) from None

    @staticmethod
    def _build(kind: type[Record], envelope: dict[str, Any], content: dict[str, Any]) -> Record:
        """A record from trusted stored values (no rules re-run, so old entries always load)."""
        return kind.model_validate({**content, **envelope}, context={"stored": True})

    def _from_row(self, row: Sequence[Any]) -> Record:
        rid, kind, owner, created, updated, rev, tags, deleted, partnership, links, body = row
        envelope = {
            "id": rid, "owner": owner, "created": created, "updated": updated,
            "revision": rev, "tags": json.loads(tags), "deleted": deleted,
            "partnership": partnership, "links": json.loads(links),
        }  # fmt: skip
        return self._build(kind_of(kind), envelope, json.loads(body))

    def _insert(self, conn: sqlite3.Connection, record: Record) -> None:
        conn.execute(
            "INSERT INTO records (id, kind, owner, created, updated, revision, tags,"
            " partnership, links, day, body) VALUES (?, ?, ?, ?, ?, 0, '[]', ?, ?, ?, '{}')",
            (
                record.id, record.kind, record.owner, record.created.isoformat(),
                record.updated.isoformat(), record.partnership, json.dumps(record.links),
                record.when.isoformat(),
            ),
        )  # fmt: skip
        conn.execute(
            "INSERT INTO search (id, owner, text) VALUES (?, ?, '')", (record.id, record.owner)
        )
        self._write_revision(conn, record)

    def _write_revision(self, conn: sqlite3.Connection, record: Record) -> None:
        body = json.dumps(record.content(), ensure_ascii=False)
        tags = json.dumps(record.tags, ensure_ascii=False)
        conn.execute(
            "UPDATE records SET updated = ?, revision = ?, tags = ?, day = ?, body = ?"
            " WHERE id = ?",
            (record.updated.isoformat(), record.revision, tags, record.when.isoformat(), body,
             record.id),
        )  # fmt: skip
        conn.execute(
            "INSERT INTO revisions (record_id, revision, saved, tags, body) VALUES (?, ?, ?, ?, ?)",
            (record.id, record.revision, record.updated.isoformat(), tags, body),
        )
        text = search_text(record.content()) + "\n" + " ".join(record.tags)
        conn.execute("UPDATE search SET text = ? WHERE id = ?", (text, record.id))
