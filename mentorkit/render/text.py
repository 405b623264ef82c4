"""Records as plain text for a terminal: one record in full, or its history change by change.

Each value reads as `mentorkit.render.values` says (a course key by its title, a link by
the linked record's name), without the control characters a terminal would act on.
"""

from __future__ import annotations

import textwrap
from typing import Any

from mentorkit.records import FieldSpec, Record
from mentorkit.render.values import day, field_text, names_in, printable

WIDTH = 88


def _saved(record: Record) -> str:
    return f"{day(record.updated)} at {record.updated:%H:%M} UTC" if record.updated else ""


def _text(record: Record, spec: FieldSpec, store: Any) -> str:
    return printable(field_text(record, spec, names_in(store)))


def _field_lines(label: str, text: str) -> list[str]:
    if "\n" not in text and len(label) + len(text) < WIDTH - 2:
        return [f"{label}: {text}"]
    body = [
        textwrap.fill(line, WIDTH, initial_indent="  ", subsequent_indent="  ") if line else ""
        for line in text.splitlines()
    ]
    return [f"{label}:", *body]


def _tags(record: Record) -> str:
    return printable(", ".join(record.tags))


def fields_text(record: Record, store: Any = None) -> list[str]:
    """Every field of the record that has a value, labelled, wrapped to the terminal."""
    lines: list[str] = []
    for spec in record.specs():
        if text := _text(record, spec, store):
            lines += _field_lines(spec.label, text)
    return lines


def describe(record: Record, store: Any = None) -> str:
    """One record in full: what it is, its envelope, then every field that has a value."""
    lines = [f"{record.title} · {day(record.when)}"]
    lines.append(f"id {record.id} · revision {record.revision}, saved {_saved(record)}")
    if record.deleted:
        lines.append(f"In the trash since {day(record.deleted)}.")
    if record.tags:
        lines.append("Tags: " + _tags(record))
    return "\n".join([*lines, "", *fields_text(record, store)])


def history_text(history: list[Record], store: Any = None) -> str:
    """Every revision, oldest first: the first in full, then what each one changed."""
    blocks = [describe(history[0], store).split("\n", 1)[0]]
    before: Record | None = None
    for revision in history:
        lines = [f"Revision {revision.revision}, saved {_saved(revision)}"]
        lines += [f"  {line}" for line in _changes(before, revision, store)]
        blocks.append("\n".join(lines))
        before = revision
    return "\n\n".join(blocks)


def _changes(before: Record | None, after: Record, store: Any) -> list[str]:
    if before is None:
        return fields_text(after, store) + (["Tags: " + _tags(after)] if after.tags else [])
    lines: list[str] = []
    for spec in after.specs():
        old, new = _text(before, spec, store), _text(after, spec, store)
        if old != new:
            lines += _field_lines(spec.label, new) if new else [f"{spec.label}: (emptied)"]
    if before.tags != after.tags:
        lines.append("Tags: " + (_tags(after) or "(none)"))
    return lines or ["(nothing changed)"]
