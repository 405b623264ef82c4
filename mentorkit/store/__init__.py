"""The store: every record a learner keeps, on a SQLite file (PostgreSQL for a cohort).

Other packages use what this package names in `__all__`, and the `backups` module (copies
of the store: backups, restores, and the list of every copy made). The rest is the store's
own: base.py (records), drafts.py, frames.py, table.py (`store[Kind]`), rows.py and
stored.py (how records are kept), schema/, and a subpackage per database (sqlite/, postgres/).
"""

from __future__ import annotations

import os

from mentorkit.store import backups, postgres
from mentorkit.store.base import BaseStore
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
from mentorkit.store.table import Table

# The old names of two modules, until the packages that use them are repointed.
copies = backups
pgerrors = postgres.errors


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
    "GROUPS", "SCHEMA_VERSION", "URL_VARIABLE", "BaseStore", "Drafts", "PostgresStore",
    "SQLiteStore", "Store", "Table", "activity_draft", "backups", "connect_postgres",
    "csv_bytes", "current_version", "default_path", "drafts_of", "form_draft", "is_url",
    "neutralise", "owner_name", "private_file", "search_text", "upgrade_postgres",
]  # fmt: skip
