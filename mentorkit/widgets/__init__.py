"""Widgets: forms generated from the record kinds, and the views over the learner's store.

Each view's module, and the record kinds behind it (pydantic models), load when the view
is first asked for, not on `import mentorkit.widgets`: a kernel pays only for what its
page shows, and importing this package costs little more than importing ipywidgets.
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any

from mentorkit.widgets.common import StoreView, open_store, status_html, style

if TYPE_CHECKING:
    from mentorkit.records import Record
    from mentorkit.widgets.fields import Field, RowsField, make_field
    from mentorkit.widgets.forms import Form

#: Names this package gives from a module it loads on first use.
_LAZY = {
    "Field": "mentorkit.widgets.fields",
    "RowsField": "mentorkit.widgets.fields",
    "make_field": "mentorkit.widgets.fields",
    "Form": "mentorkit.widgets.forms",
}

__all__ = [
    "Field", "Form", "RowsField", "StoreView", "dashboard", "ending", "form", "goal_board",
    "journal", "make_field", "mentor_inbox", "open_store", "partnership", "profile", "proposals",
    "status_html", "style",
]  # fmt: skip


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def form(kind: str | type[Record], store: Any = None, **preset: Any) -> Form:
    """The form for a record kind, e.g. `form(LearningLogEntry)` or `form("learning-log")`."""
    from mentorkit.widgets.forms import form as make_form

    return make_form(kind, store, **preset)


def journal(kinds=None, store=None):
    """Every entry, newest first: filter, search, open, edit, history, delete with undo."""
    from mentorkit.widgets.journal_app import Journal

    return Journal(kinds, store)


def goal_board(store=None):
    """Goals with their tasks done, due and overdue, and the wins to celebrate."""
    from mentorkit.widgets.board import GoalBoard

    return GoalBoard(store)


def dashboard(store=None):
    """Sessions, hours, actions, feedback and competency ratings as plots."""
    from mentorkit.widgets.dashboard_app import Dashboard

    return Dashboard(store)


def profile(store=None):
    """Your profile in a cohort: role, skills, knowledge, experience and availability."""
    from mentorkit.widgets.cohort import ProfileView

    return ProfileView(store)


def proposals(store=None):
    """For a mentee: choose an available mentor, send a proposal, follow and amend it."""
    from mentorkit.widgets.cohort import ProposalsView

    return ProposalsView(store)


def mentor_inbox(store=None):
    """For a mentor: proposals sent to you, to accept, ask to amend or reject with a comment."""
    from mentorkit.widgets.cohort import MentorInbox

    return MentorInbox(store)


def partnership(store=None):
    """A mentoring partnership: in a cohort, the ones agreed through proposals (the mentor
    keeps the agreement, both read it); on a laptop, the form to record your own."""
    from mentorkit.proposals import in_cohort
    from mentorkit.store import URL_VARIABLE, is_url

    # Asked without opening the store: the page says so if it cannot be opened.
    cohort = is_url(os.environ.get(URL_VARIABLE)) if store is None else in_cohort(store)
    if not cohort:
        return form("partnership", store)
    from mentorkit.widgets.cohort import PartnershipView

    return PartnershipView(store)


def ending(store=None):
    """The end of a partnership: the mentor signs it off, then both give a closing survey."""
    from mentorkit.widgets.cohort import EndingView

    return EndingView(store)
