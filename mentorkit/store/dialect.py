"""What a database provides for the store: its connection, used one thread at a time,
short write transactions, reads, and the hooks that saving, searching and erasing call.

`SQLiteStore` and `PostgresStore` fill these in; `BaseStore` (base.py) builds on them.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence
from typing import Any, Self

from mentorkit.records import Record
from mentorkit.store.rows import COLUMN_NAMES, COLUMNS, CURRENT_NOT_IN_REVISIONS


class Dialect:
    """One database's part of a store: what `BaseStore`, the drafts and frames run on."""

    #: the columns `from_row` reads, in order, as SQL (a dialect may compute `body`)
    columns = COLUMNS
    column_names = COLUMN_NAMES
    #: appended to the read that starts an update, so concurrent edits queue up
    lock_row = ""

    def __init__(self, owner: str, timeout: float):
        self.owner = owner
        self.timeout = timeout
        #: Held while the connection is in use (a dialect's `_errors`). A kernel calls the
        #: store from more than one thread (JupyterLab sends typed values on one of its own,
        #: clicks come on the main one), and a connection serves one thread at a time.
        self._lock = threading.RLock()

    def close(self) -> None:
        raise NotImplementedError

    def _errors(self) -> contextlib.AbstractContextManager[None]:
        """Use the connection: one thread at a time (holding `_lock`), with the database's
        failures turned into StoreErrors a learner can act on."""
        raise NotImplementedError

    def _write(self) -> contextlib.AbstractContextManager[Any]:
        """One short write transaction; yields something with `execute(sql, params)`."""
        raise NotImplementedError

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        """Run one read and return every row."""
        raise NotImplementedError

    def _visible(self) -> tuple[str, list[Any]]:
        """The condition that limits reads to what this learner may see."""
        return "owner = ?", [self.owner]

    def _text_clause(self, words: list[str]) -> tuple[str, list[Any]]:
        raise NotImplementedError

    def _tag_clause(self, tag: str) -> tuple[str, list[Any]]:
        raise NotImplementedError

    def _mark_clause(self, mark: str) -> tuple[str, list[Any]]:
        """Records whose saved text holds `mark` (see `stored.is_mark`)."""
        raise NotImplementedError

    def _revision_rows(self, record_id: str) -> list[tuple]:
        """(revision, saved, tags, body) of every revision, oldest first."""
        return self._rows(
            "SELECT revision, saved, tags, body FROM revisions WHERE record_id = ?"
            " UNION ALL SELECT revision, updated, tags, body FROM records"
            f" WHERE id = ?{CURRENT_NOT_IN_REVISIONS} ORDER BY 1",
            (record_id, record_id),
        )

    def _inserted(self, conn: Any, record: Record) -> None:
        """Whatever else a new record needs in this dialect (its search text, a partnership)."""

    def _revised(self, conn: Any, record: Record) -> None:
        """Whatever else a new revision of a record needs in this dialect (its search text)."""

    def _purged(self, conn: Any, record_id: str) -> None:
        """Whatever else erasing a record needs, inside its transaction."""

    def _purged_all(self, conn: Any) -> None:
        """Whatever else erasing all of this owner's records needs, inside its transaction."""

    def _after_save(self) -> None:
        """Whatever else a save needs once it is committed, and that may fail without harm."""

    def _after_purge(self) -> None:
        """Whatever else erasing records needs, once it is committed."""

    def _extra(self, record: Record) -> dict[str, tuple[str, Any]]:
        """Columns a dialect keeps beyond the shared ones: name -> (SQL with one ?, value)."""
        return {}

    def _body(self, record: Record) -> dict[str, Any]:
        """The content kept in the records and revisions tables (a dialect may keep some apart)."""
        return record.content()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
