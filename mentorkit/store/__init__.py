"""The store: every record a learner keeps, on a SQLite file (PostgreSQL for a cohort)."""

from __future__ import annotations

from mentorkit.store.paths import default_path, owner_name
from mentorkit.store.schema import SCHEMA_VERSION
from mentorkit.store.sqlite import SQLiteStore


class Store:
    """Open a store: `Store.open()` for the learner's own, or `Store.open("journal.db")`."""

    @staticmethod
    def open(where=None, **options) -> SQLiteStore:
        return SQLiteStore.open(where, **options)


__all__ = ["SCHEMA_VERSION", "SQLiteStore", "Store", "default_path", "owner_name"]
