"""The assessor's page: each criterion of a learner's hand-in, its evidence, and a form to
decide it, met or not yet, with the rationale.

It is `assessor.ipynb` in the nbgrader course folder (written there by `mentorkit assess
init`, readable by the assessor alone), opened in JupyterLab beside formgrader, or with
`voila assessor.ipynb` from that folder. It is never under course/ or workbook/, so the
learners' server never serves it. Everything shown is the learner's text as handed in,
escaped; automatic checks and scores are shown as advice only.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import ipywidgets as w

from mentorkit.assess.attempts import ATTEMPTS, archive
from mentorkit.assess.decisions import MET, NOT_YET, UNDECIDED, decide, reopen
from mentorkit.assess.review import AWAITING, CriterionReview, iqa_line, moment, review
from mentorkit.assess.shown import as_html
from mentorkit.errors import MentorkitError
from mentorkit.look import heading, plain, status_html, style


def assessor_page(course_dir: str | os.PathLike = ".") -> w.VBox:
    """The page, for the course folder it is opened in."""
    return AssessorPage(Path(course_dir))


def _learners(course: Path, assignment: str) -> list[str]:
    archive(course, assignment)
    return sorted(p.parent.name for p in (course / ATTEMPTS).glob(f"*/{assignment}"))


def _text(text: str) -> w.HTML:
    """A learner's answer exactly as handed in: escaped, its lines kept."""
    shown = html.escape(text, quote=False)
    return w.HTML(f'<div class="mk-plain mk-handed-in" style="white-space:pre-wrap">{shown}</div>')


class AssessorPage(w.VBox):
    def __init__(self, course: Path):
        from mentorkit.store import owner_name

        self.course = course
        names = sorted(p.name for p in (course / "source").glob("*") if p.is_dir())
        self.assessor = w.Text(value=owner_name(), description="Assessor")
        self.assignment = w.Dropdown(options=names, value=None, description="Assignment")
        self.learner = w.Dropdown(options=[], value=None, description="Learner")
        self.body = w.VBox()
        self.assignment.observe(self._chose_assignment, "value")
        self.learner.observe(lambda _: self.show(), "value")
        # The heading and its words are the notebook's own (`assess/page.py`), said once.
        super().__init__([style(), self.assessor, self.assignment, self.learner, self.body])
        self.add_class("mk-assessor")

    def _chose_assignment(self, _=None) -> None:
        self.learner.options = (
            _learners(self.course, self.assignment.value) if self.assignment.value else []
        )
        self.learner.value = None
        self.show()

    def show(self) -> None:
        if not (self.assignment.value and self.learner.value):
            self.body.children = ()
            return
        found = review(self.course, self.learner.value, self.assignment.value)
        parts: list[w.Widget] = [heading(f"{found.student}: {found.assignment}", 2)]
        for attempt in found.attempts:
            declared = attempt.declaration
            said = "declared their own work" if declared else "no declaration"
            parts.append(plain(f"Handed in {moment(attempt.timestamp)} ({said})."))
        parts += [self._criterion(item) for item in found.criteria]
        self.body.children = parts

    def _criterion(self, item: CriterionReview) -> w.VBox:
        one = item.decision
        standing = plain(_standing(item))
        parts: list[w.Widget] = [heading(f"{one.criterion} {one.text}", 3), standing]
        if item.diff:
            parts += [heading("What changed since the attempt last assessed", 4),
                      _text("\n".join(item.diff))]  # fmt: skip
        asked = item.asked or [{}] * len(item.evidence.answers)
        for (title, text), words in zip(item.evidence.answers, asked, strict=False):
            parts += [
                heading(title, 4),
                w.HTML(f'<div class="mk-answer">{as_html(text, words)}</div>'),
            ]
        for title, said in item.evidence.checks:
            parts.append(plain(f"Advice only, {title}: {said}"))
        parts += [plain(iqa_line(outcome)) for outcome in item.iqa]
        parts.append(self._form(one.criterion, standing))
        box = w.VBox(parts)
        box.add_class("mk-criterion")
        return box

    def _form(self, criterion: str, standing: w.HTML) -> w.VBox:
        choice = w.RadioButtons(options=[MET, NOT_YET], value=None, description="Decision")
        rationale = w.Textarea(description="Rationale", placeholder="Why: required")
        next_steps = w.Textarea(description="Next steps", placeholder="Required for not yet")
        record = w.Button(description="Record decision", button_style="primary")
        again = w.Button(description="Reopen")
        status = w.HTML()

        def recorded(_):
            self._attempt(status, standing, criterion, lambda who: decide(
                self.course, self.learner.value, self.assignment.value, criterion,
                choice.value or "", rationale.value, next_steps.value, who,
            ))  # fmt: skip

        def reopened(_):
            self._attempt(status, standing, criterion, lambda who: reopen(
                self.course, self.learner.value, self.assignment.value, criterion,
                rationale.value, who,
            ))  # fmt: skip

        record.on_click(recorded)
        again.on_click(reopened)
        form = w.VBox([choice, rationale, next_steps, w.HBox([record, again]), status])
        form.add_class("mk-decide")
        return form

    def _attempt(self, status: w.HTML, standing: w.HTML, criterion: str, act) -> None:
        try:
            row = act(self.assessor.value.strip() or None)
        except MentorkitError as exc:
            status.value = status_html(str(exc), ok=False)
            return
        if not self.assessor.value.strip():
            self.assessor.value = row.assessor
        found = review(self.course, self.learner.value, self.assignment.value, refresh=False)
        item = next(i for i in found.criteria if i.decision.criterion == criterion)
        standing.value = plain(_standing(item)).value
        status.value = status_html(f"Recorded ({row.decision}, entry {row.id}).", ok=True)


def _standing(item: CriterionReview) -> str:
    one = item.decision
    change = f" Since the attempt last assessed: {item.change}."
    if one.decision == UNDECIDED:
        said = AWAITING[0].upper() + AWAITING[1:]
        return said + (f": {one.review}." if one.review else ".") + change
    carried = " Carried forward: the evidence is unchanged." if one.carried_forward else ""
    said = f"Decision: {one.decision}, by {one.assessor}, {moment(one.decided_at)}. "
    said += f"Rationale: {one.rationale}"
    if one.next_steps:
        said += f" Next: {one.next_steps}"
    return said + carried + change
