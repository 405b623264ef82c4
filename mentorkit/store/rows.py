"""A record as a row of the `records` table, and back: the columns every dialect shares.

Statements are written with `?` placeholders; each dialect runs them in its own way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mentorkit.records import Record, kind_of
from mentorkit.records.base import loader_of
from mentorkit.store.stored import from_iso, loads

#: The columns a record is read from, in order: its envelope, its kind, and its content.
COLUMN_NAMES = (
    "id", "kind", "owner", "created", "updated", "revision", "tags", "deleted", "partnership",
    "links", "body",
)  # fmt: skip
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
    """A record from a row of `COLUMNS`: the hot path of every search and list."""
    rid, kind, owner, created, updated, rev, tags, deleted, partnership, links, body = row
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


def revision_columns(record: Record, body: str, tags: str) -> dict[str, Any]:
    """The columns that change with every revision."""
    return {
        "updated": record.updated.isoformat(), "revision": record.revision, "tags": tags,
        "day": record.when.isoformat(), "body": body,
    }  # fmt: skip
