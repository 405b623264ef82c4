"""How values are kept in the database: JSON, times, and the text the search index holds."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:
    from mentorkit.records import Record

#: Reads a stored time (an ISO 8601 string) as a datetime.
from_iso = datetime.fromisoformat


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


def search_text(content: dict) -> str:
    """Every piece of text in a record's content, one per line, for the search index."""
    parts: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    walk(content)
    return "\n".join(parts)


def stored_text(content: dict[str, Any], tags: Sequence[str]) -> str:
    """What the search index holds for a record's stored content and tags."""
    return search_text(content) + "\n" + " ".join(tags)


def indexed_text(record: Record, content: dict[str, Any] | None = None) -> str:
    """What the search index holds for a record: its text, then its tags."""
    return stored_text(record.content() if content is None else content, record.tags)


def search_words(text: str | None) -> list[str]:
    """The words a learner typed into a search box; every one must match (or start) a word."""
    return (text or "").split()


def is_mark(word: str) -> bool:
    """A typed "word" with no letter or digit but beyond ASCII: an emoji, an arrow, a ✓.

    The search index keeps only words, so a mark is looked for in the saved text itself.
    (Plain ASCII punctuation is left to the index: `-` would match every record's JSON.)
    """
    return not any(c.isalnum() for c in word) and any(ord(c) > 127 for c in word)
