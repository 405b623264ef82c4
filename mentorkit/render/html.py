"""Saved records as HTML for the widgets: a field, a whole record, and what changed between
two revisions, each value in the words of `mentorkit.render.values`.

Every piece of user text passes through `html.escape` before it reaches an HTML widget,
so anything a learner typed is shown literally, never run.
"""

from __future__ import annotations

import difflib
import html
from typing import Any

from mentorkit.course.catalogue import shown_value
from mentorkit.records import FieldSpec, Record
from mentorkit.render.values import Names, row_cells, value_text

_LONG = 600  # characters of a changed text shown in full before it is shortened


def _labelled(spec: FieldSpec, shown: str) -> str:
    return f"<div class='mk-field'><strong>{html.escape(spec.label)}</strong>{shown}</div>"


def _table(spec: FieldSpec, rows: list[Any], names: Names) -> str:
    """A list of rows as a small table, a column per field of the row."""
    head = "".join(f"<th>{html.escape(c.label)}</th>" for c in spec.row.specs())
    body = "".join(
        "<tr>" + "".join(
            f"<td class='mk-value'>{html.escape(text)}</td>"
            for _, text in row_cells(spec, row, names)
        ) + "</tr>"
        for row in rows
    )  # fmt: skip
    return f"<table class='mk-table'><tr>{head}</tr>{body}</table>"


def field_html(spec: FieldSpec, value: Any, names: Names = None) -> str:
    """One field, labelled, its value escaped: a list item by item, rows as a small table;
    "" when there is nothing to show."""
    if spec.row is not None:  # a list of rows
        return _labelled(spec, _table(spec, value, names)) if value else ""
    text = value_text(spec, value, names)
    if not text:
        return ""
    if spec.field_type.many:  # a list of lines: each an item of an HTML list
        items = "".join(f"<li class='mk-value'>{html.escape(str(item))}</li>" for item in value)
        return _labelled(spec, f"<ul class='mk-items'>{items}</ul>")
    return _labelled(spec, f"<div class='mk-value'>{html.escape(text)}</div>")


def record_html(record: Record, names: Names = None) -> str:
    """A whole record, read-only, every value escaped; a course key by its title."""
    parts = [field_html(spec, shown_value(record, spec), names) for spec in record.specs()]
    if record.tags:
        parts.append(f"<div><strong>Tags</strong> {html.escape(', '.join(record.tags))}</div>")
    return "".join(parts) or "<p>This entry is empty.</p>"


def _words_diff(before: str, after: str) -> str:
    """Deleted words struck through, added words underlined; all of it escaped."""
    old, new = before.split(" "), after.split(" ")
    out = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if op == "equal":
            out.append(html.escape(" ".join(old[a1:a2])))
            continue
        if a2 > a1:
            out.append(f"<del>{html.escape(' '.join(old[a1:a2]))}</del>")
        if b2 > b1:
            out.append(f"<ins>{html.escape(' '.join(new[b1:b2]))}</ins>")
    return " ".join(out)


def changes_html(before: Record, after: Record, names: Names = None) -> str:
    """What changed between two revisions of a record, field by field."""
    lines = []
    for spec in after.specs():
        old, new = getattr(before, spec.name), getattr(after, spec.name)
        if old == new:
            continue
        if spec.row is not None:
            a, b = f"{len(old)} rows", f"{len(new)} rows"
        else:
            a = value_text(spec, shown_value(before, spec), names)
            b = value_text(spec, shown_value(after, spec), names)
        if len(a) + len(b) > 2 * _LONG:
            a, b = a[:_LONG] + "…", b[:_LONG] + "…"
        lines.append(
            f"<li><strong>{html.escape(spec.label)}</strong>: "
            f"<span class='mk-value'>{_words_diff(a, b)}</span></li>"
        )
    if before.tags != after.tags:
        lines.append(f"<li><strong>Tags</strong>: {html.escape(', '.join(after.tags))}</li>")
    return f"<ul>{''.join(lines)}</ul>" if lines else "<p>No change to the fields.</p>"
