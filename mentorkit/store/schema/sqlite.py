"""The store's schema on SQLite, release by release (each step kept as it was released)."""

from __future__ import annotations

import json
import sqlite3

from mentorkit.store.stored import search_text

#: How the search index cuts text into words (FTS5's tokenizer, as step 2 created it).
SEARCH_TOKENIZER = "unicode61 remove_diacritics 2"

V1 = """
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
V2 = """
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

# Release 3 (SQLite): a save queues its entry for the search index instead of writing the
# index itself. FTS5 writes a new index segment for every transaction that touches it,
# which made the commit the dearest part of a save; the queue is indexed in batches, and
# always before a search (sqlite/search.py). PostgreSQL updates its tsvector in the row itself.
V3 = """
CREATE TABLE search_queue (
    id TEXT PRIMARY KEY,
    fresh INTEGER NOT NULL
) WITHOUT ROWID;
"""

# Release 5: the database keeps the revision an edit replaces, whoever makes the edit.
# Release 4 moved it to `revisions` in its own code; a kernel of release 3 or before, still
# running when a store or a cohort database is upgraded (it checked the schema when it
# opened), would overwrite it without keeping it. The trigger keeps it for every writer.
V5 = """
CREATE TRIGGER records_keep_revision AFTER UPDATE OF revision ON records
WHEN NEW.revision <> OLD.revision
BEGIN
    INSERT INTO revisions (record_id, revision, saved, tags, body)
    VALUES (OLD.id, OLD.revision, OLD.updated, OLD.tags, OLD.body)
    ON CONFLICT (record_id, revision) DO NOTHING;
END
"""

# Release 7: a goal is dated by the day it was set (its record's `created`, kept in UTC),
# no longer by its target date, so "newest first" and date filters go by when it was set.
V7 = """
UPDATE records SET day = substr(created, 1, 10) WHERE kind = 'goal';
"""


def backfill_v2(conn: sqlite3.Connection) -> None:
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
