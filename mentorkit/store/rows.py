"""A record as a row of the `records` table, and back: the columns every dialect shares.

Statements are written with `?` placeholders; each dialect runs them in its own way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from mentorkit.records import ENVELOPE, PER_REVISION, Record, kind_of, loader_of
from mentorkit.store.stored import dumps, from_iso, loads

#: The columns a record is read from, in order: its envelope, its kind, and its content.
COLUMN_NAMES = (*ENVELOPE, "body")
COLUMNS = ", ".join(COLUMN_NAMES)

#: The revision a record is at, read (and locked, where the dialect can) before a change.
LATEST = "SELECT revision FROM records WHERE id = ?"

# Since schema 4 the current revision lives in `records` only and `revisions` holds the
# ones it replaced: a save writes one row, not two. Stores from earlier releases also hold
# the current revision in `revisions`; this reads it from there once.
CURRENT_NOT_IN_REVISIONS = (
    " AND NOT EXISTS (SELECT 1 FROM revisions v"
    " WHERE v.record_id = records.id AND v.revision = records.revision)"
)


def from_row(row: Sequence[Any]) -> Record:
    """A record from a row of `COLUMNS`: the hot path of every search and list.

    The columns are read by position, as fast as Python reads anything; a test reads back
    every envelope field from a row made by `new_row`, so they keep ENVELOPE's order.
    """
    rid, kind, owner, created, updated, rev, deleted, tags, partnership, links, body = row
    loader = loader_of(kind_of(kind))
    made = from_iso(created) if created.__class__ is str else created
    if updated == created:  # never edited: one (immutable) datetime serves for both
        updated = made
    elif updated.__class__ is str:
        updated = from_iso(updated)
    values = {
        "id": rid, "owner": owner, "created": made, "updated": updated, "revision": rev,
        "deleted": from_iso(deleted) if deleted.__class__ is str else deleted,
        "tags": [] if tags == "[]" else loads(tags), "partnership": partnership,
        "links": [] if links == "[]" else loads(links),
        **loads(body),  # after the envelope, as the record's fields are ordered
    }  # fmt: skip
    return loader.owned(values, loader.convert_content)


def build(kind: type[Record], envelope: dict[str, Any], content: dict[str, Any]) -> Record:
    """A record from trusted stored values (no rules re-run, so old entries always load)."""
    return kind.from_stored({**envelope, **content})


def new_row(record: Record, body: dict[str, Any]) -> dict[str, Any]:
    """Every shared column of a record's row: its envelope, and its current revision."""
    return {name: _column(getattr(record, name)) for name in ENVELOPE} | revision_row(record, body)


def revision_row(record: Record, body: dict[str, Any]) -> dict[str, Any]:
    """The columns that change with every revision: its own part of the envelope, the day
    it is about, and its content (`body`, what of it the dialect keeps in this table)."""
    own = {name: _column(getattr(record, name)) for name in PER_REVISION}
    return own | {"day": record.when.isoformat(), "body": dumps(body)}


def _column(value: Any) -> Any:
    """An envelope value as its column holds it: a time as ISO 8601 text, a list as JSON."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return dumps(value)
    return value
