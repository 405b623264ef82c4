"""One value of one field as the plain text a learner reads, wherever it is shown.

The records' `FieldType` table says how each type of value reads; this module adds what
showing it needs besides: a rating out of its top mark, a linked record by its name, a
list of rows one labelled line each, and a course key by its title (`shown_value`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from mentorkit.course.catalogue import shown_value
from mentorkit.errors import RecordNotFound
from mentorkit.records import FieldSpec, Record

#: How a link names the record it points to: a function of the id, a mapping from ids to
#: names, or None (then the id itself is shown).
Names = Callable[[str], str] | Mapping[str, str] | None

#: A linked record that was purged: nothing is left to name it by.
GONE = "(no longer in the store)"
#: Added to the name of a linked record that is in the trash.
IN_TRASH = " (deleted)"

_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def printable(text: str) -> str:
    """Text without control characters, which a terminal, DOCX and PDF cannot show."""
    return _UNPRINTABLE.sub("", text)


def day(value: date) -> str:
    """A date as a reader says it: 3 March 2026."""
    return f"{value:%-d %B %Y}"


def linked(store: Any, record_id: str) -> str:
    """A linked record by its kind, date and first words, never by its id."""
    try:
        other = store.get(record_id)
    except (RecordNotFound, AttributeError):
        return GONE
    return other.label() + (IN_TRASH if other.deleted else "")


def names_in(store: Any) -> Callable[[str], str]:
    """How links are named from `store`: each linked record read when it is shown."""
    return lambda record_id: linked(store, record_id)


def name_of(names: Names) -> Callable[[str], str] | None:
    """`names` as a function of a record's id (a mapping names what it lacks as gone)."""
    if isinstance(names, Mapping):
        return lambda record_id: names.get(record_id, GONE)
    return names


def value_text(spec: FieldSpec, value: Any, names: Names = None) -> str:
    """One value of the field `spec` as plain text; "" when there is nothing to show."""
    return spec.field_type.text(spec, value, name_of(names))


def field_text(record: Record, spec: FieldSpec, names: Names = None) -> str:
    """A record's field as plain text, a course key by its title."""
    return value_text(spec, shown_value(record, spec), names)


def row_cells(spec: FieldSpec, row: Any, names: Names = None) -> list[tuple[str, str]]:
    """One row of a list of rows: each column's label and its value as text."""
    return [(c.label, value_text(c, getattr(row, c.name), names)) for c in spec.row.specs()]
