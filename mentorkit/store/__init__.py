"""The store: every record a learner keeps, on a SQLite file (PostgreSQL for a cohort)."""

from __future__ import annotations

import os

from mentorkit.store.base import BaseStore
from mentorkit.store.paths import default_path, owner_name
from mentorkit.store.postgres import URL_VARIABLE, PostgresStore, is_url
from mentorkit.store.schema import SCHEMA_VERSION
from mentorkit.store.sqlite import SQLiteStore


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
    "SCHEMA_VERSION", "URL_VARIABLE", "BaseStore", "PostgresStore", "SQLiteStore", "Store",
    "default_path", "is_url", "owner_name",
]  # fmt: skip
