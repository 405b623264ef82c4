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
from mentorkit.store.base import BaseStore, loads, stored_text
from mentorkit.store.paths import default_path, owner_name, prepare_file, private_file
from mentorkit.store.schema import SCHEMA_VERSION, SEARCH_TOKENIZER, current_version, migrate


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


#: Entries queued for the search index before they are indexed together (one segment).
SEARCH_BATCH = 32
#: How long a save waits, once its entry is kept, to index a full queue (seconds).
INDEX_WAIT = 0.1


def _fts_query(words: list[str]) -> str:
    """Every word the learner typed must appear (as a word or the start of one)."""
    return " ".join('"{}"*'.format(w.replace('"', '""')) for w in words)


def existing(path: Path) -> str:
    """The address that opens the SQLite file at `path` without creating it: SQLite asks
    for 0644 when it creates one, and the file made for it beforehand is 0600."""
    return f"{path.resolve().as_uri()}?mode=rw"


class SQLiteStore(BaseStore):
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

    def _text_clause(self, words: list[str]) -> tuple[str, list]:
        query = _fts_query(words)
        if self._index_queued():
            return "id IN (SELECT id FROM search WHERE search MATCH ? AND owner = ?)", [
                query,
                self.owner,
            ]
        # The queue could not be indexed (the store is busy or the disk full): search the
        # index for what it holds up to date, and the queued entries apart.
        self._index_apart()
        return (
            "(id IN (SELECT id FROM search WHERE search MATCH ? AND owner = ?)"
            " AND id NOT IN (SELECT id FROM search_queue)"
            " OR id IN (SELECT id FROM temp.queued WHERE queued MATCH ?))",
            [query, self.owner, query],
        )

    def _mark_clause(self, mark: str) -> tuple[str, list]:
        return "instr(body, ?) > 0", [mark]

    def _tag_clause(self, tag: str) -> tuple[str, list]:
        return "EXISTS (SELECT 1 FROM json_each(records.tags) WHERE value = ?)", [tag]

    def _inserted(self, conn: sqlite3.Connection, record: Record) -> None:
        conn.execute("INSERT INTO search_queue (id, fresh) VALUES (?, 1)", (record.id,))
        self._queue_full = self._queued_count(conn) >= SEARCH_BATCH

    def _revised(self, conn: sqlite3.Connection, record: Record) -> None:
        conn.execute(
            "INSERT INTO search_queue (id, fresh) VALUES (?, 0) ON CONFLICT (id) DO NOTHING",
            (record.id,),
        )  # an entry queued fresh and not yet indexed stays fresh: it has no index row
        self._queue_full = self._queued_count(conn) >= SEARCH_BATCH

    @staticmethod
    def _queued_count(conn: sqlite3.Connection) -> int:
        return conn.execute("SELECT count(*) FROM search_queue").fetchone()[0]

    def _after_save(self) -> None:
        """Index the queue once it holds a batch, in a transaction of its own: a save is
        never refused for the index's sake (a nearly full disk may have room for an entry
        but not for the index of 32), and whatever stays queued is still searched."""
        if not self._queue_full:
            return
        self._queue_full = False
        # The entry is saved: if another program holds the store, do not keep the learner
        # waiting for the index. The queue is tried again at the next save, or a search.
        with self._busy_timeout(INDEX_WAIT), contextlib.suppress(StoreError):
            with self._write_index() as conn:
                self._index_queue(conn)

    @contextlib.contextmanager
    def _busy_timeout(self, seconds: float) -> Iterator[None]:
        with self._errors():
            self._conn.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
        try:
            yield
        finally:
            with self._errors():
                self._conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")

    def _purged(self, conn: sqlite3.Connection, record_id: str) -> None:
        queued = conn.execute(
            "DELETE FROM search_queue WHERE id = ? RETURNING fresh", (record_id,)
        ).fetchone()
        if not (queued and queued[0]):  # a fresh entry has nothing in the index yet
            self._unindex(conn, record_id)
        # Merge the index so the deleted entry's old segments are freed (and zeroed).
        conn.execute("INSERT INTO search (search) VALUES ('optimize')")

    # the search queue ---------------------------------------------------------

    @contextlib.contextmanager
    def _write_index(self) -> Iterator[sqlite3.Connection]:
        """A write of the search index alone, which is not flushed to disk when it commits:
        a power cut can only undo it, leaving its entries queued as before (the queue and
        the index change together), and the next save's flush carries it to disk anyway."""
        with self._errors():
            self._conn.execute("PRAGMA synchronous = NORMAL")
        try:
            with self._write() as conn:
                yield conn
        finally:
            with self._errors():
                self._conn.execute("PRAGMA synchronous = FULL")

    def _index_queued(self) -> bool:
        """Index whatever is queued, before a search. False if the store could not be written."""
        if not self._rows("SELECT 1 FROM search_queue LIMIT 1"):
            return True
        try:
            with self._write_index() as conn:
                self._index_queue(conn)
        except StoreError:
            return False
        return True

    def _index_queue(self, conn: sqlite3.Connection) -> None:
        """Write every queued entry's current text into the index, inside the caller's write.

        In rowid order: FTS5 writes out a new index segment whenever a row comes before the
        one written last, and random order made a batch of 32 into a dozen segments.
        """
        queued = sorted(
            (
                _search_rowid(record_id),
                record_id,
                fresh,
                owner,
                stored_text(loads(body), loads(tags)),
            )
            for record_id, fresh, owner, tags, body in self._queued(conn)
        )
        for rowid, record_id, fresh, owner, text in queued:
            if not fresh:
                self._unindex(conn, record_id)  # the same rowid, just before: no new segment
            try:
                conn.execute(
                    "INSERT INTO search (rowid, id, owner, text) VALUES (?, ?, ?, ?)",
                    (rowid, record_id, owner, text),
                )
            except sqlite3.IntegrityError:  # two ids share a rowid: let SQLite choose one
                conn.execute(
                    "INSERT INTO search (id, owner, text) VALUES (?, ?, ?)",
                    (record_id, owner, text),
                )
        conn.execute("DELETE FROM search_queue")

    @staticmethod
    def _queued(conn: sqlite3.Connection) -> list[tuple]:
        return conn.execute(
            "SELECT q.id, q.fresh, r.owner, r.tags, r.body FROM search_queue q"
            " CROSS JOIN records r ON r.id = q.id"  # the queue is short: walk it, not records
        ).fetchall()

    @staticmethod
    def _unindex(conn: sqlite3.Connection, record_id: str) -> None:
        found = conn.execute(
            "DELETE FROM search WHERE rowid = ? AND id = ?", (_search_rowid(record_id), record_id)
        )
        if found.rowcount == 0:  # indexed before rowids were derived from ids, or a clash
            conn.execute("DELETE FROM search WHERE id = ?", (record_id,))

    def _index_apart(self) -> None:
        """The queued entries in a private index of this connection (in memory), for searching."""
        with self._errors():
            self._conn.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.queued USING fts5("
                f"id UNINDEXED, text, tokenize = '{SEARCH_TOKENIZER}')"
            )
            self._conn.execute("DELETE FROM temp.queued")
            for record_id, _, _, tags, body in self._queued(self._conn):
                self._conn.execute(
                    "INSERT INTO temp.queued (id, text) VALUES (?, ?)",
                    (record_id, stored_text(loads(body), loads(tags))),
                )

    def _purged_all(self, conn: sqlite3.Connection) -> None:
        conn.execute(
            "DELETE FROM search_queue WHERE id IN (SELECT id FROM records WHERE owner = ?)",
            (self.owner,),
        )
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
        try:
            with (
                self._errors(),
                private_file(target) as partial,
                contextlib.closing(sqlite3.connect(existing(partial), uri=True)) as copy,
            ):
                self._conn.backup(copy)
        except OSError as exc:
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
