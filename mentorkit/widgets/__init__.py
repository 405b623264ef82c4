"""Widgets: forms generated from the record kinds, and the views over the learner's store."""

from __future__ import annotations

from mentorkit.widgets.common import StoreView, open_store, status_html, style
from mentorkit.widgets.fields import Field, RowsField, make_field
from mentorkit.widgets.form import Form, form

__all__ = [
    "Field", "Form", "RowsField", "StoreView", "dashboard", "form", "goal_board", "journal",
    "make_field", "open_store", "status_html", "style",
]  # fmt: skip


def journal(kinds=None, store=None):
    """Every entry, newest first: filter, search, open, edit, history, delete with undo."""
    from mentorkit.widgets.journal import Journal

    return Journal(kinds, store)


def goal_board(store=None):
    """Goals with their tasks done, due and overdue, and the wins to celebrate."""
    from mentorkit.widgets.board import GoalBoard

    return GoalBoard(store)


def dashboard(store=None):
    """Sessions, hours, actions, feedback and competency ratings as plots."""
    from mentorkit.widgets.dashboard import Dashboard

    return Dashboard(store)
