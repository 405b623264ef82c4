"""For a mentee: choose an available mentor, send a proposal, follow and amend it."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from mentorkit.apps.cohort import (
    STATUS_WORDS,
    CohortView,
    card,
    relabelled,
    step_html,
)  # fmt: skip
from mentorkit.cohort import proposals as steps
from mentorkit.look import heading, plain
from mentorkit.records import (
    Proposal,
)
from mentorkit.render.html import record_html
from mentorkit.widgets import Field, make_field


class ProposalsView(CohortView):
    """For a mentee: choose a mentor, say what you want, send; follow and amend proposals."""

    def build(self) -> list[w.Widget]:
        return [
            heading("Choose a mentor"), *self._chooser(),
            heading("Your proposals"), self.refresh_button(), *self._sent(),
        ]  # fmt: skip

    def _chooser(self) -> list[w.Widget]:
        mentors = steps.available_mentors(self.store)
        if not mentors:
            return [plain("No mentor is taking on mentees just now. Look again soon, or ask "
                            "your programme coordinator.")]  # fmt: skip
        self.profiles = {p.owner: p for p in mentors}
        choices = [("Choose…", None), *((self.name(p.owner), p.owner) for p in mentors)]
        label = Proposal.spec("mentor").label + " *"
        self.mentor = w.Dropdown(options=choices, description=label, value=None)
        self.mentor_card = w.HTML()
        self.mentor.observe(lambda _: self._show_mentor(), names="value")
        if self._kept.get("mentor") not in self.profiles:  # no longer taking on mentees
            self._kept.pop("mentor", None)
        self.typed("mentor", self.mentor)
        self.wanted = self.typed("wanted", make_field(Proposal.spec("wanted")))
        button = w.Button(description="Send proposal", button_style="primary", icon="paper-plane")
        button.on_click(lambda _: self.propose())
        chooser = w.VBox([self.mentor], _dom_classes=["mk-field"])
        return [chooser, self.mentor_card, self.wanted, button]

    def _show_mentor(self) -> None:
        chosen = self.profiles.get(self.mentor.value)
        self.mentor_card.value = (
            f"<div class='mk-card'>{record_html(chosen)}</div>" if chosen else ""
        )

    def propose(self) -> Proposal | None:
        if self.mentor.value is None:
            self.say("Not sent yet: choose a mentor first.", ok=False)
            return None
        mentor = self.name(self.mentor.value)
        return self.send(
            lambda: steps.propose(self.store, self.mentor.value, self.wanted.value),
            {"wanted": self.wanted}, f"Sent to {mentor}. Their answer will appear below.",
            also_sent=(self.mentor,),
        )  # fmt: skip

    def _sent(self) -> list[w.Widget]:
        found = steps.sent(self.store)
        if not found:
            return [plain("You have not sent a proposal yet.")]
        return [self._proposal(p) for p in found]

    def _proposal(self, proposal: Proposal) -> w.Widget:
        story = steps.thread(self.store, proposal.id)
        now = steps.status(story)
        parts: list[w.Widget] = [w.HTML("".join(step_html(s, self.name) for s in story))]
        if now == steps.AMEND_REQUESTED:
            box = make_field(relabelled(Proposal.spec("wanted"), "amended"))
            self.typed(f"amend:{proposal.id}", box, proposal.wanted)
            button = w.Button(description="Send amended proposal", button_style="primary")
            button.on_click(lambda _: self.amend(proposal.id, box))
            parts += [box, button]
        if now in (steps.WAITING, steps.AMEND_REQUESTED):
            parts.append(self._withdrawal(proposal))
        elif now == steps.ACCEPTED:
            parts.append(plain("Your partnership is agreed: your mentor keeps the agreement "
                                 "on the partnership page, and you can both add session "
                                 "records to it."))  # fmt: skip
        title = f"To {self.name(proposal.mentor)} · {STATUS_WORDS.get(now, now)}"
        return card(title, parts)

    def _withdrawal(self, proposal: Proposal) -> w.Widget:
        """Withdraw, asked twice: a withdrawn proposal cannot be opened again."""
        mentor = self.name(proposal.mentor)
        ask = w.Button(description="Withdraw proposal", icon="undo")
        sure = plain(f"Withdraw your proposal to {mentor}? It will be closed for good; "
                       "you can send a new one afterwards.")  # fmt: skip
        yes = w.Button(description="Yes, withdraw it", button_style="danger")
        keep = w.Button(description="Keep it")
        confirm = w.VBox([sure, w.HBox([yes, keep])], layout=w.Layout(display="none"))

        def asking(shown: bool) -> None:
            confirm.layout.display = None if shown else "none"
            ask.layout.display = "none" if shown else None

        ask.on_click(lambda _: asking(True))
        keep.on_click(lambda _: asking(False))
        yes.on_click(lambda _: self.withdraw(proposal.id))
        return w.VBox([ask, confirm])

    def withdraw(self, proposal_id: str) -> Proposal | None:
        return self.send(
            lambda: steps.withdraw(self.store, proposal_id), {},
            "Withdrawn: your proposal is closed. You can choose a mentor again above.",
        )  # fmt: skip

    def amend(self, proposal_id: str, box: Field) -> Proposal | None:
        return self.send(
            lambda: steps.amend(self.store, proposal_id, box.value), {"wanted": box},
            "Your amended proposal is sent.",
        )  # fmt: skip


def proposals(store: Any = None) -> ProposalsView:
    """For a mentee: choose an available mentor, send a proposal, follow and amend it."""
    return ProposalsView(store)
