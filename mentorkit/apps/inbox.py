"""For a mentor: proposals sent to you, to accept, ask to amend or reject with a comment."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from mentorkit.apps.cohort import (
    NOT_A_MENTOR,
    NOT_OFFERED,
    STATUS_WORDS,
    CohortView,
    card,
    relabelled,
    step_html,
)  # fmt: skip
from mentorkit.cohort import proposals as steps
from mentorkit.look import plain
from mentorkit.records import (
    Proposal,
    ProposalResponse,
)
from mentorkit.widgets import Field, make_field


class MentorInbox(CohortView):
    """For a mentor: proposals sent to you, each answered with a decision and a comment."""

    def build(self) -> list[w.Widget]:
        parts: list[w.Widget] = [self.refresh_button()]
        mine = self._known.get(self.store.owner)
        self.answers = steps.is_mentor(self.store)  # only a cohort's mentors answer
        if not self.answers:
            parts.append(plain(NOT_A_MENTOR))
        elif mine is None or mine.availability != steps.AVAILABLE:
            parts.append(plain(NOT_OFFERED))
        found = steps.received(self.store)
        if not found:
            parts.append(plain("No proposals yet. When a mentee sends you one, it appears here."))
        return parts + [self._proposal(p) for p in found]

    def _proposal(self, proposal: Proposal) -> w.Widget:
        story = steps.thread(self.store, proposal.id)
        now = steps.status(story)
        parts: list[w.Widget] = [w.HTML("".join(step_html(s, self.name) for s in story))]
        if now == steps.WAITING and self.answers:
            whose = f"for {self.name(proposal.owner)}"
            comment = make_field(relabelled(ProposalResponse.spec("comment"), whose))
            self.typed(f"comment:{proposal.id}", comment)
            buttons = []
            for decision in steps.DECISIONS:
                button = w.Button(description=decision, tooltip=f"{decision}, with your comment")
                button.on_click(lambda _, d=decision: self.answer(proposal.id, d, comment))
                buttons.append(button)
            parts += [comment, w.HBox(buttons)]
        title = f"From {self.name(proposal.owner)} · {STATUS_WORDS.get(now, now)}"
        return card(title, parts)

    def answer(self, proposal_id: str, decision: str, comment: Field) -> Any:
        done = {
            steps.ACCEPT: "Accepted: your partnership is agreed. At your first session, agree "
            "how you will work together, then write it down on the partnership page.",
            steps.AMEND: "Sent: your mentee can now amend their proposal.",
            steps.REJECT: "Sent: your mentee will see your answer and your comment.",
        }[decision]
        return self.send(
            lambda: steps.respond(self.store, proposal_id, decision, comment.value),
            {"comment": comment}, done,
        )  # fmt: skip


def mentor_inbox(store: Any = None) -> MentorInbox:
    """For a mentor: proposals sent to you, to accept, ask to amend or reject with a comment."""
    return MentorInbox(store)
