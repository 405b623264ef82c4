"""The landing page's glance: the qualification chosen, progress through the course and what
has been saved."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from mentorkit.apps.base import filled_when_requested
from mentorkit.course.catalogue import track
from mentorkit.course.coverage import hours_so_far
from mentorkit.course.progress import coming_up, current_track, page_statuses, saved_counts
from mentorkit.errors import MentorkitError
from mentorkit.look import plain, status_html
from mentorkit.page import open_store


def welcome(store: Any = None) -> w.Widget:
    """The landing page's glance: the qualification chosen, progress through the course and what
    has been saved."""
    return filled_when_requested(lambda: _welcome_parts(store))


def _welcome_parts(store: Any) -> list[w.Widget]:
    try:
        store = open_store(store)
        statuses = page_statuses(store)
        saved = saved_counts(store)
        qualification = track_html(store)
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
    return [
        w.HTML(qualification),
        w.HTML(summary),
        *(plain(line) for line in saved + coming_up(store)),
    ]


#: Where the learner chooses their track, from the landing page (course/index.ipynb).
COVERAGE_PAGE = "../workbook/coverage.ipynb"


def track_html(store: Any) -> str:
    """The qualification the learner works towards, their hours against it, and where to
    change it (the coverage page)."""
    chosen = current_track(store)
    shown = track(chosen)
    held = f"You have {hours_so_far(store):g} of its {shown.hours} hours of mentoring so far."
    said = (
        f"You are working towards the ILM Level 3 {html.escape(shown.title)} in Workplace "
        f"Mentoring. {held} <a href='{COVERAGE_PAGE}'>Change it on the criteria coverage "
        "page</a>."
        if chosen
        else "Choose between the ILM Level 3 Award and Certificate in Workplace Mentoring on "
        f"the <a href='{COVERAGE_PAGE}'>criteria coverage page</a>; until you do, the Award "
        f"is shown. {held}"
    )
    return f"<h2>Your qualification</h2><p>{said}</p>"
