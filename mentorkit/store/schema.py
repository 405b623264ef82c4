"""The store's SQLite schema and the migrations that bring an older file up to date.

Each step is kept as it was released, so a file made by any earlier release can
be opened: `migrate` runs the steps above the file's version, in one transaction.
"""

from __future__ import annotations

import json
import sqlite3

#: The schema this release writes. A file with a higher number came from a newer release.
SCHEMA_VERSION = 2

_V1 = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE records (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    owner TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    revision INTEGER NOT NULL,
    tags TEXT NOT NULL DEFAULT '[]',
    deleted TEXT,
    body TEXT NOT NULL
);
CREATE TABLE revisions (
    record_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    saved TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (record_id, revision)
);
CREATE INDEX records_owner_kind ON records (owner, kind, created);
"""

# Release 2: links between records and partnerships, the day an entry is about
# (for date filters), tags kept with each revision, full-text search and drafts.
_V2 = """
ALTER TABLE records ADD COLUMN partnership TEXT;
ALTER TABLE records ADD COLUMN links TEXT NOT NULL DEFAULT '[]';
ALTER TABLE records ADD COLUMN day TEXT;
ALTER TABLE revisions ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
CREATE INDEX records_owner_day ON records (owner, day, created);
CREATE VIRTUAL TABLE search USING fts5(
    id UNINDEXED, owner UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE drafts (
    owner TEXT NOT NULL,
    key TEXT NOT NULL,
    saved TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (owner, key)
);
"""


def _backfill_v2(conn: sqlite3.Connection) -> None:
    """Give records saved by release 1 their day and their search text."""
    from mentorkit.records import KINDS

    rows = conn.execute("SELECT id, kind, owner, created, body FROM records").fetchall()
    for record_id, kind, owner, created, body in rows:
        content = json.loads(body)
        date_field = KINDS[kind].date_field if kind in KINDS else None
        day = (date_field and content.get(date_field)) or created[:10]
        conn.execute("UPDATE records SET day = ? WHERE id = ?", (day, record_id))
        conn.execute(
            "INSERT INTO search (id, owner, text) VALUES (?, ?, ?)",
            (record_id, owner, search_text(content)),
        )
    conn.execute("UPDATE revisions SET tags = (SELECT tags FROM records WHERE id = record_id)")


STEPS = {1: (_V1, None), 2: (_V2, _backfill_v2)}


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


def current_version(conn: sqlite3.Connection) -> int | None:
    """The file's schema version; 0 for an empty file, None if it is not a mentorkit store."""
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    if not names:
        return 0
    if "schema_version" not in names:
        return None
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return row[0] if row and row[0] is not None else None


def migrate(conn: sqlite3.Connection, upto: int = SCHEMA_VERSION) -> int:
    """Run every step above the file's version; the caller holds a write transaction."""
    version = current_version(conn) or 0
    for step in range(version + 1, upto + 1):
        ddl, backfill = STEPS[step]
        for statement in ddl.split(";"):
            if statement.strip():
                conn.execute(statement)
        if backfill:
            backfill(conn)
        conn.execute("DELETE FROM schema_version")
        conn.execute("INSERT INTO schema_version (version) VALUES (?)", (step,))
    return max(version, upto)
