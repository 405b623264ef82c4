"""The learner's progress: guides and topics done, and which criteria their work evidences
(course/coverage.py works the criteria out, for the track the learner chose)."""

from __future__ import annotations

from typing import Any

from mentorkit.course.catalogue import pages
from mentorkit.course.coverage import coverage_rows as coverage_rows
from mentorkit.course.coverage import current_track as current_track
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


def coverage_frame(store: Any = None, root=None, chosen: str | None = None):
    """The coverage of the learner's track as a pandas DataFrame, one row per criterion."""
    import pandas as pd

    if store is None:
        from mentorkit.store import Store

        store = Store.open()
    rows = coverage_rows(store, root, chosen)
    for row in rows:
        row["parts"] = [p.text for p in row["parts"]]
    return pd.DataFrame(rows)


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
