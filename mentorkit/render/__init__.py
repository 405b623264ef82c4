"""One way to show a saved value and a saved record: as plain text (`values`, `text` for a
terminal) and as escaped HTML (`html`, for the widgets). The journal, the CLI, the
portfolio and the assessment bridge all show a record through here."""

from __future__ import annotations

from mentorkit.render.html import changes_html, field_html, record_html
from mentorkit.render.text import describe, history_text
from mentorkit.render.values import (
    Names,
    day,
    field_text,
    linked,
    name_of,
    names_in,
    printable,
    row_cells,
    value_text,
)

__all__ = [
    "Names",
    "changes_html",
    "day",
    "describe",
    "field_html",
    "field_text",
    "history_text",
    "linked",
    "name_of",
    "names_in",
    "printable",
    "record_html",
    "row_cells",
    "value_text",
]
