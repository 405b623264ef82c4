"""Drafts: what a learner has typed but not saved, kept under a key so a reload loses nothing.

`store.drafts` holds them; the keys say which form or activity a draft belongs to.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from mentorkit.records import ActivityResponse, Record
from mentorkit.store.stored import loads, now

if TYPE_CHECKING:
    from mentorkit.store.dialect import Dialect


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


class Drafts:
    """One learner's drafts in a store: `store.drafts.save(key, values)`, `.get(key)`, …"""

    def __init__(self, store: Dialect):
        self._store = store

    def save(self, key: str, values: dict[str, Any]) -> None:
        """Keep what a learner has typed but not saved, so a reload does not lose it."""
        body = json.dumps(values, ensure_ascii=False, default=str)
        with self._store._write() as conn:
            conn.execute(
                "INSERT INTO drafts (owner, key, saved, body) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (owner, key) DO UPDATE SET saved = excluded.saved,"
                " body = excluded.body",
                (self._store.owner, key, now(), body),
            )

    def get(self, key: str) -> dict[str, Any] | None:
        """The values kept under `key`, or None if there is no such draft."""
        rows = self._store._rows(
            "SELECT body FROM drafts WHERE owner = ? AND key = ?", (self._store.owner, key)
        )
        return loads(rows[0][0]) if rows else None

    def keys(self, prefix: str = "") -> list[str]:
        """The keys of this learner's drafts that start with `prefix`."""
        rows = self._store._rows(
            "SELECT key FROM drafts WHERE owner = ? AND substr(key, 1, ?) = ? ORDER BY key",
            (self._store.owner, len(prefix), prefix),
        )
        return [key for (key,) in rows]

    def discard(self, key: str) -> None:
        """Forget a draft (once it is saved as a record, or the learner cancels)."""
        with self._store._write() as conn:
            self._erase(conn, [key])

    def _erase(self, conn: Any, keys: list[str]) -> None:
        """Forget these drafts, inside the caller's write."""
        conn.execute(
            f"DELETE FROM drafts WHERE owner = ? AND key IN ({', '.join('?' * len(keys))})",
            (self._store.owner, *keys),
        )

    def _erase_all(self, conn: Any) -> None:
        """Forget every draft of this learner, inside the caller's write."""
        conn.execute("DELETE FROM drafts WHERE owner = ?", (self._store.owner,))
