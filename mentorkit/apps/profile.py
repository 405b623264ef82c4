"""Your profile in a cohort: role, skills, knowledge, experience and availability."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from mentorkit.apps.cohort import (
    NOT_A_MENTOR,
    CohortView,
)  # fmt: skip
from mentorkit.cohort import proposals as steps
from mentorkit.errors import MentorkitError
from mentorkit.forms import Form
from mentorkit.records import (
    Profile,
)


class ProfileView(CohortView):
    """Your profile, which everyone in the cohort can read: one, kept up to date."""

    def build(self) -> list[w.Widget]:
        mine = self._known.get(self.store.owner)
        self.form = Form(Profile, self.store, record=mine, show_entries=False, one_entry=True)
        self.mentoring = w.Label(NOT_A_MENTOR, layout=w.Layout(display="none"))
        self.form.saved_callbacks.append(self._show_mentoring)
        self._show_mentoring(mine)
        return [self.form, self.mentoring]

    def _show_mentoring(self, profile: Profile | None) -> None:
        """Say so when a profile offers to mentor but the coordinator has not added a mentor."""
        offers = profile is not None and profile.role in steps.MENTORING_ROLES
        try:
            unlisted = offers and not steps.is_mentor(self.store)
        except MentorkitError:  # a note, not worth a problem of its own: the page says those
            unlisted = False
        self.mentoring.layout.display = None if unlisted else "none"


def profile(store: Any = None) -> ProfileView:
    """Your profile in a cohort: role, skills, knowledge, experience and availability."""
    return ProfileView(store)
