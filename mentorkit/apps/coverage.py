"""The coverage page: every assessment criterion with its evidence, what is done, and the gaps."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from mentorkit.apps.base import filled_when_requested
from mentorkit.course.progress import coverage_rows
from mentorkit.errors import MentorkitError
from mentorkit.look import status_html
from mentorkit.page import open_store


def coverage(store: Any = None) -> w.Widget:
    """Every assessment criterion with its evidence, what is answered, and the gaps."""
    return filled_when_requested(lambda: _coverage_parts(store))


def _coverage_parts(store: Any) -> list[w.Widget]:
    try:
        rows = coverage_rows(open_store(store))
    except (MentorkitError, FileNotFoundError) as exc:
        return [w.HTML(status_html(str(exc), ok=False))]
    done = sum(r["evidenced"] for r in rows)
    share = round(100 * done / len(rows)) if rows else 0
    bar = (
        f'<div role="img" aria-label="{done} of {len(rows)} criteria evidenced" '
        'style="background:#e6e6e6;border-radius:4px;width:100%;max-width:40rem">'
        f'<div style="background:#17612e;width:{share}%;height:1.2rem;border-radius:4px">'
        "</div></div>"
        f"<p><strong>{done} of {len(rows)}</strong> criteria have evidence so far.</p>"
    )
    body = "".join(_coverage_row(r) for r in rows)
    table = (
        "<table class='mk-table'><thead><tr><th>Criterion</th><th>Where you can evidence it"
        f"</th><th>Done</th></tr></thead><tbody>{body}</tbody></table>"
    )
    return [w.HTML(bar + table)]


def _coverage_row(row: dict[str, Any]) -> str:
    where = [*row["activities"], *(f"{k} (workbook)" for k in row["records"])]
    done = [*row["answered"], *(f"{k} (workbook)" for k in row["records_kept"])]
    mark = "✓ Evidenced" if row["evidenced"] else "Gap: not yet"
    return (
        f"<tr><td><strong>{html.escape(row['criterion'])}</strong> {html.escape(row['text'])}</td>"
        f"<td>{'<br>'.join(html.escape(x) for x in where) or '—'}</td>"
        f"<td>{html.escape(mark)}<br>{'<br>'.join(html.escape(x) for x in done)}</td></tr>"
    )
