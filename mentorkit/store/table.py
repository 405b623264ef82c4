"""One kind's records in a store, as sqlite-utils has a `Table` for each table of a database."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mentorkit.records import Record, kind_of
from mentorkit.store import spreadsheet

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pandas

    from mentorkit.store.base import BaseStore


class Table:
    """`store[SessionRecord]` (or `store["session"]`): add, find and tabulate one kind."""

    def __init__(self, store: BaseStore, kind: str | type[Record]):
        self.store = store
        self.kind = kind_of(kind)

    def __repr__(self) -> str:
        return f"<Table {self.kind.kind} of {self.store.owner}>"

    def add(
        self, record: Record | None = None, /, *, tags: Sequence[str] | None = None,
        **values: Any,
    ) -> Record:  # fmt: skip
        """Save a new record of this kind, given whole or as its fields' values."""
        if record is None:
            record = self.store._checked(self.kind, values)
        elif not isinstance(record, self.kind):
            raise TypeError(f"a {type(record).kind} record cannot be added as a {self.kind.kind}")
        return self.store.add(record, tags=tags)

    def find(self, **filters: Any) -> list[Record]:
        """Live records of this kind, newest first (filters as `store.find` takes them)."""
        return self.store.find(self.kind, **filters)

    def frame(self) -> pandas.DataFrame:
        """A pandas DataFrame: one row per live record, one column per field."""
        return self.store.frame(self.kind)

    def csv(self, records: Sequence[Record] | None = None) -> str:
        """A CSV table of this kind for spreadsheets (its live records unless given others)."""
        return spreadsheet.csv_text(self.kind, self.find() if records is None else records)
