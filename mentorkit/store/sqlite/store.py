"""The store on one SQLite file: every record, every revision, the trash and drafts.

Many kernels write the same file at once (Voilà opens one per page), so every
write is a short `BEGIN IMMEDIATE` transaction in WAL mode with a busy timeout.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from mentorkit.errors import StoreNotEmpty, StoreTooNew
from mentorkit.records import Record
from mentorkit.store.backups import Copy, backup_file, known_copies, note_copy
from mentorkit.store.base import BaseStore
from mentorkit.store.paths import default_path, owner_name, prepare_file
from mentorkit.store.schema import SCHEMA_VERSION, current_version, migrate
from mentorkit.store.sqlite import errors
from mentorkit.store.sqlite.search import SearchIndex

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


def existing(path: Path) -> str:
    """The address that opens the SQLite file at `path` without creating it: SQLite asks
    for 0644 when it creates one, and the file made for it beforehand is 0600."""
    return f"{path.resolve().as_uri()}?mode=rw"


class SQLiteStore(SearchIndex, BaseStore):
    """A learner's records in one SQLite file. Open it with `Store.open()`."""

    def __init__(self, path: Path, conn: sqlite3.Connection, owner: str, timeout: float):
        super().__init__(owner, timeout)
        self.path = path
        self._conn = conn
        self._queue_full = False  # the last save left a batch to index

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
            # Any thread of the kernel may use it: the store's lock keeps them in turn.
            conn = sqlite3.connect(
                existing(path), uri=True, timeout=timeout, isolation_level=None,
                check_same_thread=False,
            )  # fmt: skip
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
            for pragma in (
                "journal_mode = WAL", "synchronous = FULL", "secure_delete = ON",
                "temp_store = MEMORY",  # the queue searched apart, even on a full disk
            ):  # fmt: skip
                self._conn.execute(f"PRAGMA {pragma}")
        if version < SCHEMA_VERSION:
            with self._write() as conn:
                migrate(conn)
                _hint_planner(conn)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # transactions ----------------------------------------------------------

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        with self._lock:
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

    def _tag_clause(self, tag: str) -> tuple[str, list]:
        return "EXISTS (SELECT 1 FROM json_each(records.tags) WHERE value = ?)", [tag]

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
        with (
            backup_file(target) as partial,
            self._errors(),
            contextlib.closing(sqlite3.connect(existing(partial), uri=True)) as copy,
        ):
            self._conn.backup(copy)
        note_copy(self.path, target, "backup")
        return target

    def backups(self) -> list[Copy]:
        """Backups and exports made of this store earlier, so the learner can delete them too."""
        return known_copies(self.path)

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
        self._after_save()
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
