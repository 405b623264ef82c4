"""The learner's progress: guides and topics done, and which criteria their work evidences."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from mentorkit.course.catalogue import all_activities, course_root, criteria, pages
from mentorkit.errors import MentorkitError
from mentorkit.records import KINDS, ActivityResponse, QuizAttempt, TopicProgress
from mentorkit.widgets import open_store, status_html, style
from mentorkit.widgets.common import plain, when_requested

STATUSES = ("Complete", "Started", "Not started")


def page_statuses(store: Any, root=None) -> list[tuple[str, str, str]]:
    """(key, title, status) for every guide and topic, in course order."""
    complete = {p.topic for p in store.find(TopicProgress) if p.complete}
    started = {a.topic for a in store.find(ActivityResponse)}
    started |= {q.topic for q in store.find(QuizAttempt)}
    rows = []
    for page in pages(root):
        status = (
            "Complete" if page.key in complete
            else "Started" if page.key in started else "Not started"
        )  # fmt: skip
        rows.append((page.key, page.title, status))
    return rows


def coverage_rows(store: Any, root=None) -> list[dict[str, Any]]:
    """For every criterion: the activities and record kinds that evidence it, and what is done."""
    answered = {(a.topic, a.activity) for a in store.find(ActivityResponse)}
    activities = all_activities(root)
    rows = []
    for criterion in criteria():
        refs = [a for a in activities if criterion.id in a.criteria]
        kinds = [k for k in KINDS.values() if criterion.id in k.evidences]
        done = [a for a in refs if (a.topic, a.activity) in answered]
        kinds_done = [k for k in kinds if store.find(k, limit=1)]
        rows.append({
            "criterion": criterion.id,
            "text": criterion.text,
            "activities": [f"{a.topic}: {a.title}" for a in refs],
            "answered": [f"{a.topic}: {a.title}" for a in done],
            "records": [k.title for k in kinds],
            "records_kept": [k.title for k in kinds_done],
            "evidenced": bool(done or kinds_done),
        })  # fmt: skip
    return rows


def coverage_frame(store: Any = None, root=None):
    """The coverage table as a pandas DataFrame, one row per criterion."""
    import pandas as pd

    return pd.DataFrame(coverage_rows(open_store(store), root))


def coverage(store: Any = None) -> w.Widget:
    """Every assessment criterion with its evidence, what is answered, and the gaps."""
    return _filled_when_requested(lambda: _coverage_parts(store))


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


def _filled_when_requested(parts: Callable[[], list[w.Widget]]) -> w.Widget:
    """A view whose content is read from the store when the page is opened (see
    `when_requested`: a preheated kernel runs the notebook before that)."""
    view = w.VBox([style()])
    when_requested(lambda: setattr(view, "children", (view.children[0], *parts())))
    return view


def _coverage_row(row: dict[str, Any]) -> str:
    where = [*row["activities"], *(f"{k} (workbook)" for k in row["records"])]
    done = [*row["answered"], *(f"{k} (workbook)" for k in row["records_kept"])]
    mark = "✓ Evidenced" if row["evidenced"] else "Gap: not yet"
    return (
        f"<tr><td><strong>{html.escape(row['criterion'])}</strong> {html.escape(row['text'])}</td>"
        f"<td>{'<br>'.join(html.escape(x) for x in where) or '—'}</td>"
        f"<td>{html.escape(mark)}<br>{'<br>'.join(html.escape(x) for x in done)}</td></tr>"
    )


def welcome(store: Any = None) -> w.Widget:
    """The landing page's glance: progress through the course and what has been saved."""
    return _filled_when_requested(lambda: _welcome_parts(store))


def _welcome_parts(store: Any) -> list[w.Widget]:
    try:
        store = open_store(store)
        statuses = page_statuses(store, course_root())
        saved = _saved_counts(store)
    except (MentorkitError, FileNotFoundError) as exc:
        return [w.HTML(status_html(str(exc), ok=False))]
    done = sum(s == "Complete" for _, _, s in statuses)
    rows = "".join(
        f"<tr><td>{html.escape(title)}</td><td>{html.escape(status)}</td></tr>"
        for _, title, status in statuses
    )
    summary = (
        f"<h2>Where you are</h2><p>{done} of {len(statuses)} guides and topics complete.</p>"
        f"<table class='mk-table'><thead><tr><th>Guide or topic</th><th>Status</th></tr>"
        f"</thead><tbody>{rows}</tbody></table><h3>Your records</h3>"
    )
    return [w.HTML(summary), *(plain(line) for line in saved + _coming_up(store))]


def _coming_up(store: Any) -> list[str]:
    from mentorkit import reports

    lines = []
    meeting = reports.next_meeting(store)
    if meeting:
        day, at = meeting
        lines.append(f"Next meeting: {day:%A %-d %B %Y}" + (f" at {at:%H:%M}" if at else ""))
    actions = reports.actions_summary(store)
    if actions.open:
        lines.append(f"Open actions: {actions.open} ({actions.overdue} overdue)")
    return lines


def _saved_counts(store: Any) -> list[str]:
    """How many records of each kind are yours, and (in a cohort) how many a partner shares."""
    lines = []
    for kind in KINDS.values():
        if kind.bookkeeping:
            continue
        found = store.find(kind)
        mine = [r for r in found if r.owner == store.owner]
        shared = len(found) - len(mine)
        parts = [f"{len(mine)} saved, latest {mine[0].when:%-d %B %Y}"] if mine else []
        parts += [f"{shared} shared with you"] if shared else []
        if parts:
            lines.append(f"{kind.title}: {'; '.join(parts)}")
    return lines or ["Nothing saved yet. The learning log is a good place to begin."]
