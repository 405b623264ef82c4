"""A mentoring partnership: in a cohort, the agreements made through proposals; on a laptop,
the form to record your own."""

from __future__ import annotations

import os
from typing import Any

import ipywidgets as w

from mentorkit.apps.cohort import (
    NO_PARTNERSHIP,
    CohortView,
    card,
)  # fmt: skip
from mentorkit.cohort import proposals as steps
from mentorkit.errors import ValidationProblem
from mentorkit.forms import Form
from mentorkit.look import plain
from mentorkit.records import (
    Partnership,
)
from mentorkit.render.html import record_html


class _AgreementForm(Form):
    """The agreement of a partnership, for the partner who keeps it (the mentor)."""

    def __init__(self, store: Any, partnership: Partnership):
        super().__init__(Partnership, store, record=partnership, show_entries=False,
                         one_entry=True)  # fmt: skip
        for name, box in self.fields.items():
            if name not in Partnership.agreement:
                box.layout = w.Layout(display="none")

    def _save(self, content: dict[str, Any], tags: list[str]) -> Partnership:
        # Only the agreement: a sign-off saved meanwhile (another tab) is not undone.
        return self.store.update(
            self.record.id, **{n: content[n] for n in Partnership.agreement}, tags=tags
        )

    def _show_problems(self, problem: ValidationProblem) -> None:
        """A problem in a part not shown here (a sign-off date before a changed start) is
        named in the status line, where the mentor can read it."""
        super()._show_problems(problem)
        labels, problems = problem.labels, problem.problems
        unseen = [
            f"{labels.get(n, n)}: {said}"
            for n, said in problems.items()
            if n not in Partnership.agreement
        ]
        if unseen:
            self._say(f"Not saved yet: {'; '.join(unseen)}. Everything you typed is still here.",
                      ok=False)  # fmt: skip


class PartnershipView(CohortView):
    """Your partnerships in a cohort: the mentor keeps each agreement, both partners read it."""

    def build(self) -> list[w.Widget]:
        found = steps.partnerships(self.store)
        if not found:
            return [plain(NO_PARTNERSHIP)]
        return [self.refresh_button(), *(self._partnership(p) for p in found)]

    def _partnership(self, partnership: Partnership) -> w.Widget:
        mine = partnership.owner == self.store.owner
        seen = steps.as_seen_by(self.store, partnership, self._known)
        theirs = "mentee" if seen.my_role == steps.MENTOR else "mentor"
        title = f"Your {theirs}: {seen.partner} · {partnership.status}"
        if partnership.status == steps.COMPLETE:
            when = partnership.completed_on
            on = f" on {when:%-d %B %Y}" if when else ""
            note = f"Signed off{on}, so the agreement can no longer be changed."
        elif mine:
            note = (f"Write down here what you and {seen.partner} agree about working "
                    "together: they can read it but not change it. To end the partnership, "
                    "sign it off on the sign-off page.")  # fmt: skip
            return card(title, [plain(note), _AgreementForm(self.store, partnership)])
        else:
            note = (f"{self.name(partnership.owner)} keeps your agreement: this is how they "
                    "last saved it.")  # fmt: skip
        shown = f"<div class='mk-card'>{record_html(seen)}</div>"
        return card(title, [plain(note), w.HTML(shown)])


def partnership(store: Any = None) -> w.Widget:
    """A mentoring partnership: in a cohort, the ones agreed through proposals (the mentor
    keeps the agreement, both read it); on a laptop, the form to record your own."""
    from mentorkit.cohort.proposals import in_cohort
    from mentorkit.forms import form
    from mentorkit.store import URL_VARIABLE, is_url

    # Asked without opening the store: the page says so if it cannot be opened.
    cohort = is_url(os.environ.get(URL_VARIABLE)) if store is None else in_cohort(store)
    if not cohort:
        return form(Partnership, store)
    return PartnershipView(store)
