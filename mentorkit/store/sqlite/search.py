"""Search on a SQLite store: FTS5, fed through a queue so a save stays quick.

A save queues its entry (schema step 3) rather than writing the index: FTS5 writes a new
index segment for every transaction that touches it. The queue is indexed in batches, and
always before a search; if it cannot be (a busy store, a full disk), it is searched apart.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from collections.abc import Iterator

from mentorkit.errors import StoreError
from mentorkit.records import Record
from mentorkit.store.schema.sqlite import SEARCH_TOKENIZER
from mentorkit.store.stored import loads, stored_text

#: Entries queued for the search index before they are indexed together (one segment).
SEARCH_BATCH = 32
#: How long a save waits, once its entry is kept, to index a full queue (seconds).
INDEX_WAIT = 0.1


def _fts_query(words: list[str]) -> str:
    """Every word the learner typed must appear (as a word or the start of one)."""
    return " ".join('"{}"*'.format(w.replace('"', '""')) for w in words)


def _search_rowid(record_id: str) -> int:
    """Where a record's search row lives. FTS5 cannot index `id`, so a row found by `id`
    means reading the whole index on every save; a rowid derived from the id does not."""
    digest = hashlib.blake2b(record_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


class SearchIndex:
    """The search part of `SQLiteStore`: the hooks of `BaseStore` that keep its index."""

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
