"""The learner's progress: guides and topics done, and which criteria their work evidences."""

from __future__ import annotations

from typing import Any

from mentorkit.course.catalogue import all_activities, criteria, pages
from mentorkit.records import KINDS, ActivityResponse, QuizAttempt, TopicProgress

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

    if store is None:
        from mentorkit.store import Store

        store = Store.open()
    return pd.DataFrame(coverage_rows(store, root))


def coming_up(store: Any) -> list[str]:
    from mentorkit import figures

    lines = []
    meeting = figures.next_meeting(store)
    if meeting:
        day, at = meeting
        lines.append(f"Next meeting: {day:%A %-d %B %Y}" + (f" at {at:%H:%M}" if at else ""))
    actions = figures.actions_summary(store)
    if actions.open:
        lines.append(f"Open actions: {actions.open} ({actions.overdue} overdue)")
    return lines


def saved_counts(store: Any) -> list[str]:
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
