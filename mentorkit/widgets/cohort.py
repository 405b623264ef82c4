"""The cohort apps: your profile, proposals to a mentor, the mentor's inbox, and the end of a
partnership. The steps themselves are in `mentorkit.proposals`; these views show them and pass
clicks on. On a learner's own computer each says, in words, that it needs a cohort.
"""

from __future__ import annotations

import dataclasses
import html
import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from mentorkit import proposals as steps
from mentorkit.errors import MentorkitError, ValidationProblem
from mentorkit.records import (
    ClosingSurvey,
    FieldSpec,
    Partnership,
    Profile,
    Proposal,
    ProposalResponse,
)
from mentorkit.records.kinds import PROPOSAL_STATUS
from mentorkit.widgets.common import StoreView, heading, plain, when_requested
from mentorkit.widgets.fields import Field, make_field
from mentorkit.widgets.forms import Form, KeepsDrafts
from mentorkit.widgets.show import field_html, record_html

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


def _card(title: str, parts: list[w.Widget]) -> w.VBox:
    return w.VBox([w.HTML(f"<h4>{html.escape(title)}</h4>"), *parts], _dom_classes=["mk-card"])


def _relabelled(spec: FieldSpec, note: str) -> FieldSpec:
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
        self._kept = self.attempt(self.store.draft, self.draft_key) or {}
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
            box = make_field(_relabelled(Proposal.spec("wanted"), "amended"))
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
        return _card(title, parts)

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
            comment = make_field(_relabelled(ProposalResponse.spec("comment"), whose))
            self.typed(f"comment:{proposal.id}", comment)
            buttons = []
            for decision in steps.DECISIONS:
                button = w.Button(description=decision, tooltip=f"{decision}, with your comment")
                button.on_click(lambda _, d=decision: self.answer(proposal.id, d, comment))
                buttons.append(button)
            parts += [comment, w.HBox(buttons)]
        title = f"From {self.name(proposal.owner)} · {STATUS_WORDS.get(now, now)}"
        return _card(title, parts)

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
            return _card(title, [plain(note), _AgreementForm(self.store, partnership)])
        else:
            note = (f"{self.name(partnership.owner)} keeps your agreement: this is how they "
                    "last saved it.")  # fmt: skip
        shown = f"<div class='mk-card'>{record_html(seen)}</div>"
        return _card(title, [plain(note), w.HTML(shown)])


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
            return _card(title, self._sign_off(partnership) if mine else [plain(
                f"When mentoring ends, {other} signs the partnership off here, and your "
                "closing survey opens.")])  # fmt: skip
        return _card(title, self._closing(partnership))

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
        parts += [heading("Your closing survey", 4), _SurveyForm(self.store, partnership.id, mine)]
        return parts
