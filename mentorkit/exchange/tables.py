"""One CSV table per record kind, for spreadsheets: the current revision of every record.

Any text cell a spreadsheet could take for a formula (it starts with = + - @, a tab or a
carriage return) is prefixed with an apostrophe, so opening the file never runs anything.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from mentorkit.records import Record

ENVELOPE = ("id", "created", "updated", "revision", "deleted", "tags", "partnership", "links")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Text a spreadsheet shows as it is, never evaluates (OWASP's advice for CSV injection)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def cell(value: Any) -> str:
    """One value as the text of a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return neutralise("\n".join(value))
    if isinstance(value, list | dict):
        return neutralise(json.dumps(value, ensure_ascii=False))
    return neutralise(str(value))


def csv_text(kind: type[Record], records: list[Record]) -> str:
    """The table of one kind: envelope columns, then one column per declared field."""
    names = [s.name for s in kind.specs()]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*ENVELOPE, *names])
    for record in records:
        values = record.model_dump(mode="json", include={*ENVELOPE, *names})
        writer.writerow([cell(values.get(name)) for name in (*ENVELOPE, *names)])
    return out.getvalue()


def csv_bytes(kind: type[Record], records: list[Record]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs show accents and emoji rightly."""
    return csv_text(kind, records).encode("utf-8-sig")
