"""What the cohort's pages share: the view they are built on, how a proposal's steps read, and
the words each says when it cannot help yet. The steps themselves are in
`mentorkit.cohort.proposals`; the pages show them and pass clicks on. On a learner's own
computer each page says, in words, that it needs a cohort.
"""

from __future__ import annotations

import dataclasses
import html
import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from mentorkit.apps.base import StoreView
from mentorkit.cohort import proposals as steps
from mentorkit.drafts import KeepsDrafts
from mentorkit.errors import ValidationProblem
from mentorkit.page import when_requested
from mentorkit.records import (
    FieldSpec,
    Proposal,
    ProposalResponse,
)
from mentorkit.records.kinds import PROPOSAL_STATUS
from mentorkit.render.html import field_html
from mentorkit.widgets import Field

#: How each of the Proposal kind's statuses reads to the people in it.
STATUS_WORDS = dict(
    zip(
        PROPOSAL_STATUS,
        ("Waiting for an answer", "Accepted", "Amendments asked for", "Not accepted", "Withdrawn"),
        strict=True,
    )
)

log = logging.getLogger(__name__)

NOT_OFFERED = (
    "New mentees cannot choose you just now: your profile does not say you are available. "
    "You can change that in your profile."
)
NO_PARTNERSHIP = (
    "You are not in a partnership yet. One starts when a mentor accepts a mentee's proposal: "
    "mentees send proposals from the proposals page, and mentors answer them in their inbox."
)
NOT_A_MENTOR = (
    "Mentees cannot choose you yet: your programme coordinator has not added you as one of "
    "this cohort's mentors. If you mean to mentor, ask them to add you."
)


def card(title: str, parts: list[w.Widget]) -> w.VBox:
    """A titled card of a cohort page (the pages lay them out with the stylesheet)."""
    return w.VBox([w.HTML(f"<h2>{html.escape(title)}</h2>"), *parts], _dom_classes=["mk-card"])


def relabelled(spec: FieldSpec, note: str) -> FieldSpec:
    """The same field under a fuller label, so two boxes on one page are told apart."""
    return dataclasses.replace(spec, label=f"{spec.label} ({note})")


def step_html(step: Proposal | ProposalResponse, names: Callable[[str], str]) -> str:
    """One step of a proposal's story, every word the learners typed escaped."""
    when = f"{step.updated.astimezone():%-d %b %Y, %H:%M}"
    if isinstance(step, Proposal) and step.status == steps.WITHDRAWN:
        title = f"Withdrawn by {names(step.owner)} on {when}"
        body = ""
    elif isinstance(step, Proposal):
        title = f"Version {step.revision}, sent by {names(step.owner)} on {when}"
        body = field_html(Proposal.spec("wanted"), step.wanted)
    else:
        title = f"{names(step.owner)} answered on {when}: {step.decision}"
        body = field_html(ProposalResponse.spec("comment"), step.comment)
    return f"<div class='mk-card'><strong>{html.escape(title)}</strong>{body}</div>"


class CohortView(KeepsDrafts, StoreView):
    """A view of the cohort's shared records; on a learner's own file it says what to do.

    The boxes a step is typed into are kept as a draft (`typed`) until the step is sent: the
    view is built afresh after every step and at "Check for news", and a page reloads.
    """

    def __init__(self, store: Any = None):
        self.body = w.VBox()
        self._typed: dict[str, Any] = {}  # draft name -> the box it is typed in now
        self._given: dict[str, Any] = {}  # what a box starts with when nothing was typed
        self._kept: dict[str, Any] = {}  # what the boxes held, for the next build
        self._sent_boxes: set[str] = set()  # boxes whose step was sent: start empty
        self._building = False
        super().__init__([self.body], store)
        when_requested(self._open)  # what the others did up to the moment it is opened

    @property
    def draft_key(self) -> str:
        return f"cohort:{type(self).__name__}"

    def _open(self) -> None:
        self._kept = self.attempt(self.store.drafts.get, self.draft_key) or {}
        self.refresh()
        if any(self._kept.get(name) for name in self._typed):
            self.say("We kept what you were typing last time; it is below, not yet sent.", ok=None)

    def refresh(self) -> None:
        """Read the store again (the other person may have answered)."""
        self.attempt(self._redraw)

    def _redraw(self) -> None:
        self._cancel_pending()
        self._kept = {**self._kept, **self._now_typed()}
        for name in self._sent_boxes:
            self._kept.pop(name, None)
        self._sent_boxes, self._typed = set(), {}
        self.body.children = []
        steps.require_cohort(self.store)
        self._known = steps.profiles(self.store)
        self._building = True
        try:
            self.body.children = self.build()
        finally:
            self._building = False
        self.keep_draft()

    def typed(self, name: str, box: Any, default: Any = None) -> Any:
        """`box`, holding what was typed in it before (else `default`), kept as a draft."""
        self._typed[name], self._given[name] = box, default
        value = self._kept.get(name) or default
        if value is not None:
            box.value = value
        if isinstance(box, Field):
            box.on_change(self._changed)
        else:
            box.observe(lambda _: self._changed(), names="value")
        return box

    def _now_typed(self) -> dict[str, Any]:
        return {name: box.value for name, box in self._typed.items()}

    def _changed(self) -> None:
        if not self._building:
            self._draft_later()

    def draft_values(self) -> dict[str, Any]:
        """The boxes typed in: not one left empty, nor one still as it was given."""
        return {
            name: value for name, value in self._now_typed().items()
            if value and value != self._given.get(name)
        }  # fmt: skip

    def build(self) -> list[w.Widget]:
        raise NotImplementedError

    def name(self, owner: str) -> str:
        return steps.who(self.store, owner, self._known)

    def refresh_button(self) -> w.Button:
        button = w.Button(description="Check for news", icon="refresh")
        button.on_click(lambda _: self.check_news())
        return button

    def check_news(self) -> None:
        self.status.value = ""
        self.refresh()

    def send(
        self, action: Callable[[], Any], fields: dict[str, Field], done: str,
        also_sent: tuple[Any, ...] = (),
    ) -> Any:  # fmt: skip
        """Run one step and say how it went; a problem is also named next to its box. Once
        sent, its boxes (`fields`, and any others it took) start empty."""
        for f in fields.values():
            f.show_error(None)
        result = self.attempt(self._marked, action, fields)
        if result is not None:
            sent = [*fields.values(), *also_sent]
            self._sent_boxes = {name for name, box in self._typed.items() if box in sent}
            self.refresh()
            self.say(done, ok=True)
        return result

    @staticmethod
    def _marked(action: Callable[[], Any], fields: dict[str, Field]) -> Any:
        try:
            return action()
        except ValidationProblem as problem:
            for name, message in problem.problems.items():
                if name in fields:
                    fields[name].show_error(message)
            raise
