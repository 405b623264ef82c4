"""The store on one SQLite file: every record, every revision, the trash and drafts.

Many kernels write the same file at once (Voilà opens one per page), so every
write is a short `BEGIN IMMEDIATE` transaction in WAL mode with a busy timeout.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from mentorkit.errors import StoreError, StoreNotEmpty, StoreTooNew
from mentorkit.records import Record
from mentorkit.store import copies, errors
from mentorkit.store.base import BaseStore, indexed_text
from mentorkit.store.paths import default_path, owner_name, prepare_file
from mentorkit.store.schema import SCHEMA_VERSION, current_version, migrate


def _search_rowid(record_id: str) -> int:
    """Where a record's search row lives. FTS5 cannot index `id`, so a row found by `id`
    means reading the whole index on every save; a rowid derived from the id does not."""
    digest = hashlib.blake2b(record_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


# Without statistics SQLite guesses that `owner = ?` picks out a handful of rows, so a
# search walked every entry of the journal to keep the few the index matched (0.2 s at 100k
# entries instead of 3 ms). A file holds one learner's records, and these figures say so;
# a later ANALYZE replaces them with measured ones.
_PLANNER_HINTS = [
    ("records", "records_owner_day", "1000000 1000000 10 1"),
    ("records", "records_owner_kind", "1000000 1000000 300000 1"),
    ("records", "sqlite_autoindex_records_1", "1000000 1"),
]


def _hint_planner(conn: sqlite3.Connection) -> None:
    conn.execute("ANALYZE sqlite_schema")  # makes sqlite_stat1, analysing no table
    conn.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'records'")
    conn.executemany("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)", _PLANNER_HINTS)
    conn.execute("ANALYZE sqlite_schema")  # the planner reads the figures afresh


def _fts_query(words: list[str]) -> str:
    """Every word the learner typed must appear (as a word or the start of one)."""
    return " ".join('"{}"*'.format(w.replace('"', '""')) for w in words)


class SQLiteStore(BaseStore):
    """A learner's records in one SQLite file. Open it with `Store.open()`."""

    #: (id, revision) whose search text `_inserted` has just written
    _indexed: tuple[str, int] | None = None

    def __init__(self, path: Path, conn: sqlite3.Connection, owner: str, timeout: float):
        super().__init__(owner, timeout)
        self.path = path
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
                _hint_planner(conn)

    def close(self) -> None:
        self._conn.close()

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

    def _rows(self, sql: str, params: Sequence = ()) -> list[tuple]:
        with self._errors():
            return self._conn.execute(sql, params).fetchall()

    # the dialect's part of find, add, update and purge ------------------------

    def _text_clause(self, words: list[str]) -> tuple[str, list]:
        return "id IN (SELECT id FROM search WHERE search MATCH ? AND owner = ?)", [
            _fts_query(words),
            self.owner,
        ]

    def _tag_clause(self, tag: str) -> tuple[str, list]:
        return "EXISTS (SELECT 1 FROM json_each(records.tags) WHERE value = ?)", [tag]

    def _inserted(self, conn: sqlite3.Connection, record: Record) -> None:
        text = indexed_text(record)
        try:
            conn.execute(
                "INSERT INTO search (rowid, id, owner, text) VALUES (?, ?, ?, ?)",
                (_search_rowid(record.id), record.id, record.owner, text),
            )
        except sqlite3.IntegrityError:  # two ids share a rowid: let SQLite choose one
            conn.execute(
                "INSERT INTO search (id, owner, text) VALUES (?, ?, ?)",
                (record.id, record.owner, text),
            )
        # The revision written next is this one: its text is indexed already.
        self._indexed = (record.id, record.revision)

    def _revised(self, conn: sqlite3.Connection, record: Record) -> None:
        if self._indexed == (record.id, record.revision):
            self._indexed = None
            return
        text = indexed_text(record)
        found = conn.execute(
            "UPDATE search SET text = ? WHERE rowid = ? AND id = ?",
            (text, _search_rowid(record.id), record.id),
        )
        if found.rowcount == 0:  # saved before rowids were derived from ids, or a clash
            conn.execute("UPDATE search SET text = ? WHERE id = ?", (text, record.id))

    def _purged(self, conn: sqlite3.Connection, record_id: str) -> None:
        found = conn.execute(
            "DELETE FROM search WHERE rowid = ? AND id = ?", (_search_rowid(record_id), record_id)
        )
        if found.rowcount == 0:
            conn.execute("DELETE FROM search WHERE id = ?", (record_id,))
        # Merge the index so the deleted entry's old segments are freed (and zeroed).
        conn.execute("INSERT INTO search (search) VALUES ('optimize')")

    def _purged_all(self, conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM search WHERE owner = ?", (self.owner,))
        conn.execute("INSERT INTO search (search) VALUES ('optimize')")

    def _after_purge(self) -> None:
        self._checkpoint()

    def _checkpoint(self) -> None:
        """Copy the WAL into the file and empty it, so erased text leaves the WAL too."""
        with self._errors():
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # whole store -----------------------------------------------------------

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
        copies.remember(self.path, target, "backup")
        return target

    def backups(self) -> list[copies.Copy]:
        """Backups and exports made of this store earlier, so the learner can delete them too."""
        return copies.known(self.path)

    def import_records(
        self, histories: Iterable[Sequence[Record]], *, step: Callable[[], None] | None = None
    ) -> int:
        """Put records back exactly as exported: ids, owners, times, every revision, trash state.

        All or nothing, in one transaction, and only where none of them is already stored.
        Each history is one record's revisions, oldest first, as `history()` gives them.
        """
        histories = [list(h) for h in histories if h]
        owners = sorted({h[0].owner for h in histories})
        with self._write() as conn:
            self._refuse_if_taken(conn, owners, [h[0].id for h in histories])
            for history in histories:
                self._insert(conn, history[0])
                for revision in history[1:]:
                    self._write_revision(conn, revision)
                if history[-1].deleted is not None:
                    conn.execute(
                        "UPDATE records SET deleted = ? WHERE id = ?",
                        (history[-1].deleted.isoformat(), history[0].id),
                    )
                if step is not None:
                    step()
        return len(histories)

    def _refuse_if_taken(
        self, conn: sqlite3.Connection, owners: Sequence[str], ids: Sequence[str]
    ) -> None:
        held, taken = conn.execute(
            "SELECT count(*) FILTER (WHERE owner IN (SELECT value FROM json_each(?))),"
            " count(*) FILTER (WHERE id IN (SELECT value FROM json_each(?))) FROM records",
            (json.dumps(list(owners)), json.dumps(list(ids))),
        ).fetchone()
        if held or taken:
            raise StoreNotEmpty(
                f"Your store at {self.path} already holds {held or taken} records, and an "
                "archive is only brought into an empty store, so nothing is mixed up or "
                "overwritten. Nothing has been imported. Import into a new store "
                "(mentorkit --store NEW.db import ARCHIVE), or purge this one first."
            )

    def schema_version(self) -> int:
        with self._errors():
            return current_version(self._conn) or 0
