"""Show saved records as text: read-only views and what changed between revisions.

Every piece of user text passes through `html.escape` before it reaches an HTML
widget, so anything a learner typed is shown literally, never run.
"""

from __future__ import annotations

import difflib
import html
from datetime import date, time
from typing import Any

from mentorkit.course.catalogue import shown_value
from mentorkit.records import FieldSpec, Record

_LONG = 600  # characters of a changed text shown in full before it is shortened


def plain(spec: FieldSpec, value: Any, names: dict[str, str] | None = None) -> str:
    """A field's value as plain text (not HTML)."""
    if value is None or value == [] or value == "":
        return ""
    if spec.type == "yesno":
        return "Yes" if value else "No"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if spec.type == "link":
        return (names or {}).get(value, "(deleted)")
    if spec.type == "items":
        return "\n".join(f"• {item}" for item in value)
    if spec.type == "number" and isinstance(value, float):
        return f"{value:g}"
    return str(value)


def field_html(spec: FieldSpec, value: Any, names: dict[str, str] | None = None) -> str:
    """One field, labelled, with its value escaped; rows become a small table."""
    if spec.type == "rows":
        if not value:
            return ""
        columns = spec.row.specs()
        head = "".join(f"<th>{html.escape(c.label)}</th>" for c in columns)
        body = "".join(
            "<tr>" + "".join(
                f"<td class='mk-value'>{html.escape(plain(c, getattr(row, c.name), names))}</td>"
                for c in columns
            ) + "</tr>"
            for row in value
        )  # fmt: skip
        table = f"<table class='mk-table'><tr>{head}</tr>{body}</table>"
        return f"<div><strong>{html.escape(spec.label)}</strong>{table}</div>"
    text = plain(spec, value, names)
    if not text:
        return ""
    return (
        f"<div class='mk-field'><strong>{html.escape(spec.label)}</strong>"
        f"<div class='mk-value'>{html.escape(text)}</div></div>"
    )


def record_html(record: Record, names: dict[str, str] | None = None) -> str:
    """A whole record, read-only, every value escaped."""
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


def changes_html(before: Record, after: Record, names: dict[str, str] | None = None) -> str:
    """What changed between two revisions of a record, field by field."""
    lines = []
    for spec in after.specs():
        old, new = getattr(before, spec.name), getattr(after, spec.name)
        if old == new:
            continue
        a, b = plain(spec, old, names), plain(spec, new, names)
        if spec.type == "rows":
            a, b = f"{len(old)} rows", f"{len(new)} rows"
        if len(a) + len(b) > 2 * _LONG:
            a, b = a[:_LONG] + "…", b[:_LONG] + "…"
        lines.append(
            f"<li><strong>{html.escape(spec.label)}</strong>: "
            f"<span class='mk-value'>{_words_diff(a, b)}</span></li>"
        )
    if before.tags != after.tags:
        lines.append(f"<li><strong>Tags</strong>: {html.escape(', '.join(after.tags))}</li>")
    return f"<ul>{''.join(lines)}</ul>" if lines else "<p>No change to the fields.</p>"
