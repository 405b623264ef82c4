"""Records as plain text for a terminal: one record in full, or its history change by change."""

from __future__ import annotations

import textwrap
from typing import Any

from mentorkit.portfolio.document import day, plain
from mentorkit.records import FieldSpec, Record

WIDTH = 88


def _saved(record: Record) -> str:
    return f"{day(record.updated)} at {record.updated:%H:%M} UTC" if record.updated else ""


def value_text(spec: FieldSpec, value: Any, store: Any = None) -> str:
    """A field's value as text; lists of rows one per line."""
    if spec.type != "rows":
        return plain(spec, value, store)
    lines = []
    for n, row in enumerate(value or [], 1):
        parts = [
            f"{c.label}: {text}"
            for c in spec.row.specs()
            if (text := plain(c, getattr(row, c.name), store))
        ]
        lines.append(f"{n}. " + " · ".join(parts))
    return "\n".join(lines)


def _field_lines(label: str, text: str) -> list[str]:
    if "\n" not in text and len(label) + len(text) < WIDTH - 2:
        return [f"{label}: {text}"]
    body = [
        textwrap.fill(line, WIDTH, initial_indent="  ", subsequent_indent="  ") if line else ""
        for line in text.splitlines()
    ]
    return [f"{label}:", *body]


def fields_text(record: Record, store: Any = None) -> list[str]:
    lines: list[str] = []
    for spec in record.specs():
        if text := value_text(spec, getattr(record, spec.name), store):
            lines += _field_lines(spec.label, text)
    return lines


def describe(record: Record, store: Any = None) -> str:
    """One record in full: what it is, its envelope, then every field that has a value."""
    lines = [f"{record.title} · {day(record.when)}"]
    lines.append(f"id {record.id} · revision {record.revision}, saved {_saved(record)}")
    if record.deleted:
        lines.append(f"In the trash since {day(record.deleted)}.")
    if record.tags:
        lines.append("Tags: " + ", ".join(record.tags))
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
        return fields_text(after, store) + (
            ["Tags: " + ", ".join(after.tags)] if after.tags else []
        )
    lines: list[str] = []
    for spec in after.specs():
        old = value_text(spec, getattr(before, spec.name), store)
        new = value_text(spec, getattr(after, spec.name), store)
        if old != new:
            lines += _field_lines(spec.label, new) if new else [f"{spec.label}: (emptied)"]
    if before.tags != after.tags:
        lines.append("Tags: " + (", ".join(after.tags) or "(none)"))
    return lines or ["(nothing changed)"]
