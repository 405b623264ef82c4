"""Widgets: forms generated from the record kinds, and the views over the learner's store."""

from __future__ import annotations

from mentorkit.widgets.common import StoreView, open_store, status_html, style
from mentorkit.widgets.fields import Field, RowsField, make_field
from mentorkit.widgets.form import Form, form

__all__ = [
    "Field", "Form", "RowsField", "StoreView", "dashboard", "ending", "form", "goal_board",
    "journal", "make_field", "mentor_inbox", "open_store", "profile", "proposals",
    "status_html", "style",
]  # fmt: skip


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


def ending(store=None):
    """The end of a partnership: the mentor signs it off, then both give a closing survey."""
    from mentorkit.widgets.cohort import EndingView

    return EndingView(store)
