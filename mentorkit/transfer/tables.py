"""One CSV table per record kind, for spreadsheets: the current revision of every record.

Any text cell a spreadsheet could take for a formula is prefixed with an apostrophe, so
opening the file never runs anything: one starting with = + - @ or | (a DDE command), a tab
or a line break, also after spaces, and in the full-width forms some spreadsheets read too.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from typing import Any

from mentorkit.records import Record

ENVELOPE = ("id", "created", "updated", "revision", "deleted", "tags", "partnership", "links")
FORMULA_STARTS = ("=", "+", "-", "@", "|")
LINE_STARTS = ("\t", "\r", "\n")


def neutralise(cell: str) -> str:
    """Text a spreadsheet shows as it is, never evaluates (OWASP's advice for CSV injection).

    Spreadsheets skip leading spaces and read ＝ as =, so the first character that is not a
    space is judged in its compatibility form (NFKC).
    """
    first = unicodedata.normalize("NFKC", cell.lstrip(" \u00a0\u3000")[:1])
    risky = cell.startswith(LINE_STARTS) or first.startswith(FORMULA_STARTS)
    return "'" + cell if risky else cell


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
