"""The store: every record a learner keeps, on a SQLite file (PostgreSQL for a cohort).

Other packages use what this package names in `__all__`; the rest is the store's own:
base.py (records, and `store[Kind]`), dialect.py (what a database provides), drafts.py
(`store.drafts`), frames.py, backups.py (copies of the store: backups, restores, the list of
every copy made), spreadsheet.py (CSV tables), rows.py and stored.py (how records are kept),
schema/, and a subpackage per database (sqlite/, postgres/).
"""

from __future__ import annotations

import os

from mentorkit.store.backups import (
    Copy,
    check_backup,
    forget_copy,
    known_copies,
    note_copy,
    restore_backup,
)
from mentorkit.store.base import BaseStore, Table
from mentorkit.store.drafts import Drafts, activity_draft, drafts_of, form_draft
from mentorkit.store.paths import default_path, owner_name, private_file
from mentorkit.store.postgres.connection import URL_VARIABLE, is_url
from mentorkit.store.postgres.connection import connect as connect_postgres
from mentorkit.store.postgres.connection import upgrade as upgrade_postgres
from mentorkit.store.postgres.store import PostgresStore
from mentorkit.store.schema import SCHEMA_VERSION, current_version
from mentorkit.store.schema.postgres import GROUPS
from mentorkit.store.spreadsheet import csv_bytes, neutralise
from mentorkit.store.sqlite.store import SQLiteStore
from mentorkit.store.stored import search_text


class Store:
    """Open a store: `Store.open()` for the learner's own, `Store.open("journal.db")` for a
    file, or `Store.open("postgresql://…")` (or $MENTORKIT_STORE_URL) for a cohort's database."""

    @staticmethod
    def open(where=None, **options) -> BaseStore:
        if where is None:
            where = os.environ.get(URL_VARIABLE) or None
        if is_url(where):
            return PostgresStore.open(where, **options)
        return SQLiteStore.open(where, **options)


__all__ = [
    "GROUPS", "SCHEMA_VERSION", "URL_VARIABLE", "BaseStore", "Copy", "Drafts", "PostgresStore",
    "SQLiteStore", "Store", "Table", "activity_draft", "check_backup", "connect_postgres",
    "csv_bytes", "current_version", "default_path", "drafts_of", "forget_copy", "form_draft",
    "is_url", "known_copies", "neutralise", "note_copy", "owner_name", "private_file",
    "restore_backup", "search_text", "upgrade_postgres",
]  # fmt: skip
