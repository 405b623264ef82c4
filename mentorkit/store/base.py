"""What every store does, whatever database holds it: records, revisions, trash, drafts, search.

Subclasses speak one dialect: they open the connection, run statements (written here with
`?` placeholders), translate the database's failures, and fill in the few hooks below.
"""

from __future__ import annotations

import contextlib
import functools
import json
import threading
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any, Self

import orjson

from mentorkit.errors import RecordNotFound, StoreReadOnly
from mentorkit.records import ActivityResponse, Record, kind_of, problem_from
from mentorkit.records.base import loader_of
from mentorkit.store.schema import search_text

COLUMNS = "id, kind, owner, created, updated, revision, tags, deleted, partnership, links, body"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def loads(value: Any) -> Any:
    """JSON kept as text (SQLite) or already decoded by the driver (PostgreSQL jsonb).

    orjson reads a record three times as fast as the standard library, which matters when
    a search or the journal loads hundreds; what it refuses (NaN, a lone surrogate's
    escape) the standard library still reads, so every stored entry loads.
    """
    if not isinstance(value, str | bytes):
        return value
    if value == "[]":  # most tags and links
        return []
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:
        return json.loads(value)


def search_words(text: str | None) -> list[str]:
    """The words a learner typed into a search box; every one must match (or start) a word."""
    return (text or "").split()


def is_mark(word: str) -> bool:
    """A typed "word" with no letter or digit but beyond ASCII: an emoji, an arrow, a ✓.

    The search index keeps only words, so a mark is looked for in the saved text itself.
    (Plain ASCII punctuation is left to the index: `-` would match every record's JSON.)
    """
    return not any(c.isalnum() for c in word) and any(ord(c) > 127 for c in word)


def indexed_text(record: Record, content: dict[str, Any] | None = None) -> str:
    """What the search index holds for a record: its text, then its tags."""
    return stored_text(record.content() if content is None else content, record.tags)


def stored_text(content: dict[str, Any], tags: Sequence[str]) -> str:
    """What the search index holds for a record's stored content and tags."""
    return search_text(content) + "\n" + " ".join(tags)


# Since schema 4 the current revision lives in `records` only and `revisions` holds the
# ones it replaced: a save writes one row, not two. Stores from earlier releases also hold
# the current revision in `revisions`; this reads it from there once.
CURRENT_NOT_IN_REVISIONS = (
    " AND NOT EXISTS (SELECT 1 FROM revisions v"
    " WHERE v.record_id = records.id AND v.revision = records.revision)"
)


def form_draft(kind: str, record_id: str | None) -> str:
    """The key of a form's draft: a new entry of a kind (no id yet), or an edit of one."""
    return f"form:{kind}:{record_id or 'new'}"


def activity_draft(topic: str, activity: str) -> str:
    """The key of a course activity's draft, typed over the answers saved to it."""
    return f"activity:{topic}:{activity}"


def drafts_of(record: Record) -> list[str]:
    """The keys of every draft that may hold a record's words: its edit in a form, and for
    a course answer, its activity's draft (whichever of its answers that was typed over)."""
    keys = [form_draft(record.kind, record.id)]
    if isinstance(record, ActivityResponse):
        keys.append(activity_draft(record.topic, record.activity))
    return keys


#: The revision a record is at, read (and locked, where the dialect can) before a change.
LATEST = "SELECT revision FROM records WHERE id = ?"


class BaseStore:
    """The store's behaviour; `SQLiteStore` and `PostgresStore` supply the database."""

    #: the columns `_from_row` reads, in order (a dialect may compute `body`)
    columns = COLUMNS
    #: appended to the read that starts an update, so concurrent edits queue up
    lock_row = ""

    def __init__(self, owner: str, timeout: float):
        self.owner = owner
        self.timeout = timeout
        #: Held while the connection is in use (a dialect's `_errors`). A kernel calls the
        #: store from more than one thread (JupyterLab sends typed values on one of its own,
        #: clicks come on the main one), and a connection serves one thread at a time.
        self._lock = threading.RLock()

    # what a dialect provides --------------------------------------------------

    def close(self) -> None:
        raise NotImplementedError

    def _errors(self) -> contextlib.AbstractContextManager[None]:
        """Use the connection: one thread at a time (holding `_lock`), with the database's
        failures turned into StoreErrors a learner can act on."""
        raise NotImplementedError

    def _write(self) -> contextlib.AbstractContextManager[Any]:
        """One short write transaction; yields something with `execute(sql, params)`."""
        raise NotImplementedError

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        """Run one read and return every row."""
        raise NotImplementedError

    def _visible(self) -> tuple[str, list[Any]]:
        """The condition that limits reads to what this learner may see."""
        return "owner = ?", [self.owner]

    def _text_clause(self, words: list[str]) -> tuple[str, list[Any]]:
        raise NotImplementedError

    def _tag_clause(self, tag: str) -> tuple[str, list[Any]]:
        raise NotImplementedError

    def _mark_clause(self, mark: str) -> tuple[str, list[Any]]:
        """Records whose saved text holds `mark` (see `is_mark`)."""
        raise NotImplementedError

    def _revision_rows(self, record_id: str) -> list[tuple]:
        """(revision, saved, tags, body) of every revision, oldest first."""
        return self._rows(
            "SELECT revision, saved, tags, body FROM revisions WHERE record_id = ?"
            " UNION ALL SELECT revision, updated, tags, body FROM records"
            f" WHERE id = ?{CURRENT_NOT_IN_REVISIONS} ORDER BY 1",
            (record_id, record_id),
        )

    def _inserted(self, conn: Any, record: Record) -> None:
        """Whatever else a new record needs in this dialect (its search text, a partnership)."""

    def _revised(self, conn: Any, record: Record) -> None:
        """Whatever else a new revision of a record needs in this dialect (its search text)."""

    def _purged(self, conn: Any, record_id: str) -> None:
        """Whatever else erasing a record needs, inside its transaction."""

    def _purged_all(self, conn: Any) -> None:
        """Whatever else erasing all of this owner's records needs, inside its transaction."""

    def _after_save(self) -> None:
        """Whatever else a save needs once it is committed, and that may fail without harm."""

    def _after_purge(self) -> None:
        """Whatever else erasing records needs, once it is committed."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
        checked = self._checked(type(record), record.content())
        when = datetime.now(UTC)
        envelope = {
            "id": uuid.uuid4().hex,
            "owner": self.owner,
            "created": when,
            "updated": when,
            "revision": 1,
            "tags": list(tags if tags is not None else record.tags),
            "partnership": record.partnership,
            "links": list(record.links),
        }
        # `checked` is already valid: put the envelope in rather than validate it again.
        return loader_of(type(checked)).owned({**checked.__dict__, **envelope}, {})

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
        return self._from_row(rows[0])

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
        return [self._from_row(row) for row in self._rows(sql, params)]

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
        saved = self._build(kind, envelope, checked.content())
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
            self._build(
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
        return [self._from_row(row) for row in rows]

    def purge(self, record_id: str) -> None:
        """Erase a record for good: every revision, its search entry, its drafts, its bytes."""
        drafts = drafts_of(self._mine(record_id))
        with self._write() as conn:
            conn.execute("DELETE FROM revisions WHERE record_id = ?", (record_id,))
            self._purged(conn, record_id)
            conn.execute("DELETE FROM records WHERE id = ?", (record_id,))
            conn.execute(
                f"DELETE FROM drafts WHERE owner = ? AND key IN ({', '.join('?' * len(drafts))})",
                (self.owner, *drafts),
            )
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
            conn.execute("DELETE FROM drafts WHERE owner = ?", (self.owner,))
        self._after_purge()
        return count

    def merge_history(self, history: Sequence[Record]) -> int:
        """Add the revisions of one record that this store lacks, as this store's owner.

        For copying a store into another (a cohort database, a backup): every revision
        keeps its number, time and content; running it again adds nothing twice.
        """
        first = history[0]
        with self._write() as conn:
            row = conn.execute(LATEST + self.lock_row, (first.id,)).fetchone()
            have = row[0] if row else 0
            missing = [
                r.model_copy(update={"owner": self.owner}) for r in history if r.revision > have
            ]
            if row is None and missing:
                self._insert(conn, missing.pop(0))
            for revision in missing:
                self._write_revision(conn, revision)
            deleted = history[-1].deleted
            conn.execute(
                "UPDATE records SET deleted = ? WHERE id = ?",
                (deleted.isoformat() if deleted else None, first.id),
            )
        self._after_save()
        return len([r for r in history if r.revision > have])

    # drafts ----------------------------------------------------------------

    def save_draft(self, key: str, values: dict[str, Any]) -> None:
        """Keep what a learner has typed but not saved, so a reload does not lose it."""
        body = json.dumps(values, ensure_ascii=False, default=str)
        with self._write() as conn:
            conn.execute(
                "INSERT INTO drafts (owner, key, saved, body) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (owner, key) DO UPDATE SET saved = excluded.saved,"
                " body = excluded.body",
                (self.owner, key, now(), body),
            )

    def draft(self, key: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT body FROM drafts WHERE owner = ? AND key = ?", (self.owner, key))
        return loads(rows[0][0]) if rows else None

    def draft_keys(self, prefix: str = "") -> list[str]:
        """The keys of this learner's drafts that start with `prefix`."""
        rows = self._rows(
            "SELECT key FROM drafts WHERE owner = ? AND substr(key, 1, ?) = ? ORDER BY key",
            (self.owner, len(prefix), prefix),
        )
        return [key for (key,) in rows]

    def discard_draft(self, key: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM drafts WHERE owner = ? AND key = ?", (self.owner, key))

    # whole store -----------------------------------------------------------

    def frame(self, kind: str | type[Record]):
        """A pandas DataFrame of one kind: one row per live record, one column per field.

        Built a column at a time from the stored JSON, each field's own type converting it,
        rather than through a record per row, which took ten times as long.
        """
        import pandas as pd

        kind = kind_of(kind)
        names = [s.name for s in kind.specs()]
        envelope = ["id", "created", "updated", "revision", "tags"]
        visible, params = self._visible()
        rows = self._rows(
            f"SELECT {self.columns} FROM records WHERE {visible} AND deleted IS NULL"
            " AND kind = ? ORDER BY day DESC, created DESC",
            [*params, kind.kind],
        )
        if not rows:
            return pd.DataFrame([], columns=envelope + names)
        found = dict(zip(COLUMNS.split(", "), zip(*rows, strict=True), strict=True))
        bodies = [loads(body) for body in found["body"]]
        columns = {
            "id": list(found["id"]),
            "created": pd.to_datetime(found["created"], utc=True, format="ISO8601"),
            "updated": pd.to_datetime(found["updated"], utc=True, format="ISO8601"),
            "revision": list(found["revision"]),
            "tags": [[] if tags == "[]" else loads(tags) for tags in found["tags"]],
        }
        for name in names:
            missing = _field_default(kind, name)
            values = [body.get(name, missing) for body in bodies]
            columns[name] = _stored_column(kind, name, values)
        return pd.DataFrame(columns, columns=envelope + names)

    def histories(self) -> Iterator[list[Record]]:
        """Every record of this owner, trash included, each as its revisions oldest first."""
        rows = self._rows("SELECT id FROM records WHERE owner = ? ORDER BY created", (self.owner,))
        for (record_id,) in rows:
            yield self.history(record_id)

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

    @staticmethod
    def _build(kind: type[Record], envelope: dict[str, Any], content: dict[str, Any]) -> Record:
        """A record from trusted stored values (no rules re-run, so old entries always load)."""
        return kind.from_stored({**envelope, **content})

    def _from_row(self, row: Sequence[Any]) -> Record:
        """A record from a row of `columns`: the hot path of every search and list."""
        rid, kind, owner, created, updated, rev, tags, deleted, partnership, links, body = row
        loader = loader_of(kind_of(kind))
        made = _FROM_ISO(created) if created.__class__ is str else created
        if updated == created:  # never edited: one (immutable) datetime serves for both
            updated = made
        elif updated.__class__ is str:
            updated = _FROM_ISO(updated)
        values = {
            "id": rid, "owner": owner, "created": made, "updated": updated, "revision": rev,
            "deleted": _FROM_ISO(deleted) if deleted.__class__ is str else deleted,
            "tags": [] if tags == "[]" else loads(tags), "partnership": partnership,
            "links": [] if links == "[]" else loads(links),
            **loads(body),  # after the envelope, as the record's fields are ordered
        }  # fmt: skip
        return loader.owned(values, loader.convert_content)

    def _insert(self, conn: Any, record: Record) -> None:
        body, tags = dumps(self._body(record)), dumps(record.tags)
        values = {
            "id": record.id, "kind": record.kind, "owner": record.owner,
            "created": record.created.isoformat(), "partnership": record.partnership,
            "links": dumps(record.links), **self._current(record, body, tags),
        }  # fmt: skip
        columns = {name: ("?", value) for name, value in values.items()} | self._extra(record)
        conn.execute(
            f"INSERT INTO records ({', '.join(columns)})"
            f" VALUES ({', '.join(sql for sql, _ in columns.values())})",
            [value for _, value in columns.values()],
        )
        self._inserted(conn, record)

    def _write_revision(self, conn: Any, record: Record) -> None:
        body, tags = dumps(self._body(record)), dumps(record.tags)
        # The revision this replaces moves to `revisions` by the database's own trigger
        # (schema step 5), in this transaction, whichever program makes the edit.
        values = self._current(record, body, tags)
        columns = {name: ("?", value) for name, value in values.items()} | self._extra(record)
        conn.execute(
            f"UPDATE records SET {', '.join(f'{n} = {sql}' for n, (sql, _) in columns.items())}"
            " WHERE id = ?",
            [*(value for _, value in columns.values()), record.id],
        )
        self._revised(conn, record)

    @staticmethod
    def _current(record: Record, body: str, tags: str) -> dict[str, Any]:
        """The columns that change with every revision."""
        return {
            "updated": record.updated.isoformat(), "revision": record.revision, "tags": tags,
            "day": record.when.isoformat(), "body": body,
        }  # fmt: skip

    def _extra(self, record: Record) -> dict[str, tuple[str, Any]]:
        """Columns a dialect keeps beyond the shared ones: name -> (SQL with one ?, value)."""
        return {}

    def _body(self, record: Record) -> dict[str, Any]:
        """The content kept in the records and revisions tables (a dialect may keep some apart)."""
        return record.content()


_FROM_ISO = datetime.fromisoformat


@functools.cache
def _column_reader(kind: type[Record], name: str) -> Any:
    """Reads a whole column of stored values as the field's type (as a record would)."""
    from typing import Annotated

    from pydantic import TypeAdapter

    info = kind.model_fields[name]
    kind_of_value = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return TypeAdapter(list[kind_of_value])


def _stored_column(kind: type[Record], name: str, values: Sequence[Any]) -> list[Any]:
    return _column_reader(kind, name).validate_python(list(values), context={"stored": True})


def _field_default(kind: type[Record], name: str) -> Any:
    """What a record holds for a field its stored JSON lacks (saved before the field existed)."""
    return kind.model_fields[name].get_default(call_default_factory=True)
