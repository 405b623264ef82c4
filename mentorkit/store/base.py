"""What every store does, whatever database holds it: records, their revisions and the
trash, and a table of each kind (`store[Kind]`, in the manner of sqlite-utils).

Subclasses speak one dialect (dialect.py): they open the connection, run statements (written
here with `?` placeholders), translate the database's failures, and fill in a few hooks.
Drafts (drafts.py), frames (frames.py) and copies (backups.py) are kept apart.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from mentorkit.errors import AmbiguousId, RecordNotFound, StoreReadOnly
from mentorkit.records import Record, kind_of, loader_of, problem_from
from mentorkit.store import frames, spreadsheet
from mentorkit.store.backups import Copying
from mentorkit.store.drafts import Drafts, drafts_of
from mentorkit.store.rows import (
    LATEST,
    build,
    from_row,
    new_row,
    revision_row,
)
from mentorkit.store.stored import is_mark, loads, now, search_words

if TYPE_CHECKING:
    import pandas

#: The shortest start of an id that `find_id` looks a record up by.
SHORTEST_ID = 4


class BaseStore(Copying):
    """The store's behaviour; `SQLiteStore` and `PostgresStore` supply the database."""

    def __init__(self, owner: str, timeout: float):
        super().__init__(owner, timeout)
        #: what this learner has typed but not saved (drafts.py)
        self.drafts = Drafts(self)

    def __getitem__(self, kind: str | type[Record]) -> Table:
        """One kind's records: `store[SessionRecord].find(text="agenda")`."""
        return Table(self, kind)

    # records ---------------------------------------------------------------

    def add(self, record: Record, *, tags: Sequence[str] | None = None) -> Record:
        """Save a new record; returns it with its id, owner, times and revision 1."""
        saved = self._new(record, tags)
        with self._write() as conn:
            self._insert(conn, saved)
        self._after_save()
        return saved

    def _new(self, record: Record, tags: Sequence[str] | None = None) -> Record:
        """`record` checked and made this owner's, with a new id, the time and revision 1."""
        return self._stamped(self._checked(type(record), record.content()), record, tags)

    def _stamped(
        self, checked: Record, record: Record, tags: Sequence[str] | None = None
    ) -> Record:
        """`checked`'s fields, trusted as they are, in a new envelope of this owner's: a new
        id, the time, revision 1, and `record`'s tags (unless given), partnership and links."""
        when = datetime.now(UTC)
        # `checked` is already valid: put the envelope in rather than validate it again.
        return loader_of(type(checked)).owned(
            {
                **checked.__dict__,
                "id": uuid.uuid4().hex,
                "owner": self.owner,
                "created": when,
                "updated": when,
                "revision": 1,
                "tags": list(tags if tags is not None else record.tags),
                "partnership": record.partnership,
                "links": list(record.links),
            },  # fmt: skip
            {},
        )

    def get(self, record_id: str) -> Record:
        """The current revision of a record (also when it is in the trash)."""
        visible, params = self._visible()
        rows = self._rows(
            f"SELECT {self.columns} FROM records WHERE id = ? AND {visible}", [record_id, *params]
        )
        if not rows:
            raise RecordNotFound(
                f"No record with id {record_id} is in your store. It may have been purged."
            )
        return from_row(rows[0])

    def find_id(self, text: str) -> str:
        """A record's whole id, from the whole id or its first few characters (at least
        `SHORTEST_ID`), among the records this learner may read and their own trash."""
        try:
            return self.get(text).id
        except RecordNotFound:
            if len(text) < SHORTEST_ID:
                raise
        visible, params = self._visible()
        matches = self._rows(
            f"SELECT id FROM records WHERE {visible} AND (deleted IS NULL OR owner = ?)"
            " AND substr(id, 1, ?) = ?",
            [*params, self.owner, len(text), text],
        )
        if len(matches) == 1:
            return matches[0][0]
        if matches:  # some record has it: not RecordNotFound, which a caller may pass over
            raise AmbiguousId(f"{len(matches)} records start with {text}; type more of it.")
        raise RecordNotFound(
            f"No record with id {text} is in your store. `mentorkit list` lists them."
        )

    def find(
        self, kind: str | type[Record] | None = None, *, text: str | None = None,
        since: date | None = None, until: date | None = None,
        tags: Sequence[str] | None = None, limit: int | None = None,
    ) -> list[Record]:  # fmt: skip
        """Live records, newest first, filtered by kind, words, dates and tags."""
        visible, params = self._visible()
        where = [visible, "deleted IS NULL"]
        clauses = []
        if kind is not None:
            clauses.append(("kind = ?", [kind_of(kind).kind]))
        words = search_words(text)
        if plain := [word for word in words if not is_mark(word)]:
            clauses.append(self._text_clause(plain))
        clauses += [self._mark_clause(word) for word in words if is_mark(word)]
        if since is not None:
            clauses.append(("day >= ?", [since.isoformat()]))
        if until is not None:
            clauses.append(("day <= ?", [until.isoformat()]))
        clauses += [self._tag_clause(tag) for tag in tags or ()]
        for sql, values in clauses:
            where.append(sql)
            params += values
        sql = f"SELECT {self.columns} FROM records WHERE {' AND '.join(where)}"
        sql += " ORDER BY day DESC, created DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [from_row(row) for row in self._rows(sql, params)]

    def frame(self, kind: str | type[Record]) -> pandas.DataFrame:
        """A pandas DataFrame of one kind: one row per live record, one column per field."""
        return frames.frame(self, kind)

    def update(self, record_id: str, **changes: Any) -> Record:
        """Save changed fields as a new revision; every earlier revision is kept.

        With nothing changed, no revision is added and the record comes back as it is."""
        current = self._mine(record_id)
        kind = type(current)
        tags = changes.pop("tags", current.tags)
        content = {**current.content(), **changes}
        checked = self._checked(kind, content)
        # Nothing changed: a revision identical to the last would tell nobody anything.
        if checked.content() == current.content() and list(tags) == current.tags:
            return current
        envelope = {
            **current.model_dump(include=set(Record.ENVELOPE)),
            "updated": now(),
            "revision": current.revision + 1,
            "tags": list(tags),
        }
        saved = build(kind, envelope, checked.content())
        with self._write() as conn:
            latest = conn.execute(LATEST + self.lock_row, (record_id,)).fetchone()
            if latest is None:
                raise RecordNotFound(f"The record {record_id} was purged while you edited it.")
            if latest[0] != current.revision:
                # Someone saved this record in the meantime: build on their revision.
                saved = saved.model_copy(update={"revision": latest[0] + 1})
            self._write_revision(conn, saved)
        self._after_save()
        return saved

    def history(self, record_id: str) -> list[Record]:
        """Every revision of a record, oldest first."""
        current = self.get(record_id)
        envelope = current.model_dump(include=set(Record.ENVELOPE))
        return [
            build(
                type(current),
                {**envelope, "revision": rev, "updated": saved, "tags": loads(tags)},
                loads(body),
            )
            for rev, saved, tags, body in self._revision_rows(record_id)
        ]

    def delete(self, record_id: str) -> Record:
        """Move a record to the trash, from where `restore` brings it back."""
        self._mine(record_id)
        with self._write() as conn:
            conn.execute("UPDATE records SET deleted = ? WHERE id = ?", (now(), record_id))
        return self.get(record_id)

    def restore(self, record_id: str) -> Record:
        """Bring a record back from the trash."""
        self._mine(record_id)
        with self._write() as conn:
            conn.execute("UPDATE records SET deleted = NULL WHERE id = ?", (record_id,))
        return self.get(record_id)

    def trash(self) -> list[Record]:
        """Records in the trash, most recently deleted first."""
        rows = self._rows(
            f"SELECT {self.columns} FROM records WHERE owner = ? AND deleted IS NOT NULL"
            " ORDER BY deleted DESC",
            (self.owner,),
        )
        return [from_row(row) for row in rows]

    def purge(self, record_id: str) -> None:
        """Erase a record for good: every revision, its search entry, its drafts, its bytes."""
        drafts = drafts_of(self._mine(record_id))
        with self._write() as conn:
            conn.execute("DELETE FROM revisions WHERE record_id = ?", (record_id,))
            self._purged(conn, record_id)
            conn.execute("DELETE FROM records WHERE id = ?", (record_id,))
            self.drafts._erase(conn, drafts)
        self._after_purge()

    def purge_all(self) -> int:
        """Erase every record of this owner for good, with history, search data and drafts."""
        with self._write() as conn:
            count = conn.execute(
                "SELECT count(*) FROM records WHERE owner = ?", (self.owner,)
            ).fetchone()[0]
            conn.execute(
                "DELETE FROM revisions WHERE record_id IN (SELECT id FROM records WHERE owner = ?)",
                (self.owner,),
            )
            self._purged_all(conn)
            conn.execute("DELETE FROM records WHERE owner = ?", (self.owner,))
            self.drafts._erase_all(conn)
        self._after_purge()
        return count

    # helpers ---------------------------------------------------------------

    def _mine(self, record_id: str) -> Record:
        """The record, if this learner may change it (a partner's shared record is read-only)."""
        record = self.get(record_id)
        if record.owner != self.owner:
            raise StoreReadOnly(
                f"This record belongs to {record.owner}, who shares it with you: you can read "
                "it, but only they can change it. Nothing has been changed."
            )
        return record

    def _checked(self, kind: type[Record], content: dict[str, Any]) -> Record:
        from pydantic import ValidationError

        try:
            return kind.model_validate(content)
        except ValidationError as exc:
            raise problem_from(kind, exc, content) from None

    def _insert(self, conn: Any, record: Record) -> None:
        values = new_row(record, self._body(record))
        columns = {name: ("?", value) for name, value in values.items()} | self._extra(record)
        conn.execute(
            f"INSERT INTO records ({', '.join(columns)})"
            f" VALUES ({', '.join(sql for sql, _ in columns.values())})",
            [value for _, value in columns.values()],
        )
        self._inserted(conn, record)

    def _write_revision(self, conn: Any, record: Record) -> None:
        # The revision this replaces moves to `revisions` by the database's own trigger
        # (schema step 5), in this transaction, whichever program makes the edit.
        values = revision_row(record, self._body(record))
        columns = {name: ("?", value) for name, value in values.items()} | self._extra(record)
        conn.execute(
            f"UPDATE records SET {', '.join(f'{n} = {sql}' for n, (sql, _) in columns.items())}"
            " WHERE id = ?",
            [*(value for _, value in columns.values()), record.id],
        )
        self._revised(conn, record)


class Table:
    """`store[SessionRecord]` (or `store["session"]`): add, find and tabulate one kind."""

    def __init__(self, store: BaseStore, kind: str | type[Record]):
        self.store = store
        self.kind = kind_of(kind)

    def __repr__(self) -> str:
        return f"<Table {self.kind.kind} of {self.store.owner}>"

    def add(
        self, record: Record | None = None, /, *, tags: Sequence[str] | None = None,
        **values: Any,
    ) -> Record:  # fmt: skip
        """Save a new record of this kind, given whole or as its fields' values."""
        if record is None:
            record = self.store._checked(self.kind, values)
        elif not isinstance(record, self.kind):
            raise TypeError(f"a {type(record).kind} record cannot be added as a {self.kind.kind}")
        return self.store.add(record, tags=tags)

    def find(self, **filters: Any) -> list[Record]:
        """Live records of this kind, newest first (filters as `store.find` takes them)."""
        return self.store.find(self.kind, **filters)

    def frame(self) -> pandas.DataFrame:
        """A pandas DataFrame: one row per live record, one column per field."""
        return self.store.frame(self.kind)

    def csv(self, records: Sequence[Record] | None = None) -> str:
        """A CSV table of this kind for spreadsheets (its live records unless given others)."""
        return spreadsheet.csv_text(self.kind, self.find() if records is None else records)
