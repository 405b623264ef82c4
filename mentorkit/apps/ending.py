"""The end of a partnership: the mentor signs it off, then both give a closing survey."""

from __future__ import annotations

import dataclasses
from typing import Any

import ipywidgets as w

from mentorkit.apps.cohort import (
    CohortView,
    card,
)  # fmt: skip
from mentorkit.cohort import proposals as steps
from mentorkit.forms import Form
from mentorkit.look import heading, plain
from mentorkit.records import (
    ClosingSurvey,
    Partnership,
)
from mentorkit.render.html import field_html, record_html
from mentorkit.widgets import Field, make_field


class _SurveyForm(Form):
    """The generated closing-survey form, saved through the process (one survey each)."""

    def __init__(self, store: Any, partnership_id: str, record: ClosingSurvey | None):
        self.partnership_id = partnership_id
        super().__init__(ClosingSurvey, store, record=record, show_entries=False,
                         mentoring=partnership_id)  # fmt: skip
        # always this partnership; a layout of its own, as a field's is shared with the others
        self.fields["mentoring"].layout = w.Layout(display="none")
        self.tags.layout = w.Layout(display="none")  # a survey is not kept in the journal

    def _save(self, content: dict[str, Any], tags: list[str]) -> ClosingSurvey:
        return steps.closing_survey(self.store, self.partnership_id, **content)


class EndingView(CohortView):
    """The end of a partnership: the mentor signs it off; then both fill in the closing survey."""

    def build(self) -> list[w.Widget]:
        found = steps.partnerships(self.store)
        if not found:
            return [plain("You are not in a partnership yet. When a mentor accepts a "
                            "proposal, the partnership appears here.")]  # fmt: skip
        return [self.refresh_button(), *(self._partnership(p) for p in found)]

    def _partnership(self, partnership: Partnership) -> w.Widget:
        mine = partnership.owner == self.store.owner
        other = partnership.partner if mine else self.name(partnership.owner)
        title = f"With {other} · {partnership.status}"
        if partnership.status != steps.COMPLETE:
            return card(title, self._sign_off(partnership) if mine else [plain(
                f"When mentoring ends, {other} signs the partnership off here, and your "
                "closing survey opens.")])  # fmt: skip
        return card(title, self._closing(partnership))

    def _sign_off(self, partnership: Partnership) -> list[w.Widget]:
        spec = dataclasses.replace(Partnership.spec("closing_survey"), required=True)
        words = self.typed(f"sign-off:{partnership.id}", make_field(spec))
        button = w.Button(description="Sign off as complete", button_style="primary")
        button.on_click(lambda _: self.sign_off(partnership.id, words))
        return [words, button]

    def sign_off(self, partnership_id: str, words: Field) -> Partnership | None:
        return self.send(
            lambda: steps.sign_off(self.store, partnership_id, words.value),
            {"closing_survey": words}, "Signed off as complete. Thank you for mentoring.",
        )  # fmt: skip

    def _closing(self, partnership: Partnership) -> list[w.Widget]:
        when = partnership.completed_on
        done = f"Signed off as complete on {when:%-d %B %Y}." if when else "Signed off as complete."
        parts: list[w.Widget] = [plain(done)]
        if partnership.closing_survey:
            said = field_html(Partnership.spec("closing_survey"), partnership.closing_survey)
            parts += [plain(f"From {self.name(partnership.owner)}, signing off:"), w.HTML(said)]
        given = steps.surveys(self.store, partnership.id)
        names = {partnership.id: f"{partnership.title}, started {partnership.when:%-d %B %Y}"}
        for survey in given:
            shown = f"<div class='mk-card'>{record_html(survey, names)}</div>"
            parts += [plain(f"Closing survey from {self.name(survey.owner)}:"), w.HTML(shown)]
        mine = next((s for s in given if s.owner == self.store.owner), None)
        parts += [heading("Your closing survey", 3), _SurveyForm(self.store, partnership.id, mine)]
        return parts


def ending(store: Any = None) -> EndingView:
    """The end of a partnership: the mentor signs it off, then both give a closing survey."""
    return EndingView(store)
