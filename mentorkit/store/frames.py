"""pandas DataFrames of the store: one kind's live records, one column per field."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mentorkit.records import PER_REVISION, Record, kind_of
from mentorkit.store.stored import loads

if TYPE_CHECKING:
    import pandas

    from mentorkit.store.dialect import Dialect

#: The envelope columns a frame begins with, before the kind's own fields: the record's id
#: and first save, then what each revision has of its own.
LEADING = ("id", "created", *PER_REVISION)


def frame(store: Dialect, kind: str | type[Record]) -> pandas.DataFrame:
    """A pandas DataFrame of one kind: one row per live record, one column per field.

    Built a column at a time from the stored JSON, each field's own type converting it,
    rather than through a record per row, which took ten times as long.
    """
    import pandas as pd

    kind = kind_of(kind)
    names = [s.name for s in kind.specs()]
    visible, params = store._visible()
    rows = store._rows(
        f"SELECT {store.columns} FROM records WHERE {visible} AND deleted IS NULL"
        " AND kind = ? ORDER BY day DESC, created DESC",
        [*params, kind.kind],
    )
    if not rows:
        return pd.DataFrame([], columns=[*LEADING, *names])
    found = dict(zip(store.column_names, zip(*rows, strict=True), strict=True))
    bodies = [loads(body) for body in found["body"]]
    types = {spec.name: spec.type for spec in kind.envelope_specs()}
    columns = {name: _envelope_column(types[name], found[name]) for name in LEADING}
    for name in names:
        missing = _field_default(kind, name)
        values = [body.get(name, missing) for body in bodies]
        columns[name] = _stored_column(kind, name, values)
    return pd.DataFrame(columns, columns=[*LEADING, *names])


def _envelope_column(field_type: str, values: Sequence[Any]) -> Any:
    """An envelope column as stored (SQLite's text, or PostgreSQL's values) for a frame."""
    import pandas as pd

    if field_type == "datetime":
        return pd.to_datetime(values, utc=True, format="ISO8601")
    if field_type == "items":
        return [[] if value == "[]" else loads(value) for value in values]
    return list(values)


@functools.cache
def _column_reader(kind: type[Record], name: str) -> Any:
    """Reads a whole column of stored values as the field's type (as a record would)."""
    from typing import Annotated

    from pydantic import TypeAdapter

    info = kind.model_fields[name]
    kind_of_value = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return TypeAdapter(list[kind_of_value])


def _stored_column(kind: type[Record], name: str, values: Sequence[Any]) -> list[Any]:
    return _column_reader(kind, name).validate_python(list(values), context={"stored": True})


def _field_default(kind: type[Record], name: str) -> Any:
    """What a record holds for a field its stored JSON lacks (saved before the field existed)."""
    return kind.model_fields[name].get_default(call_default_factory=True)
