"""The interactive parts of a topic: activities, self-check quizzes, and "mark complete".

Each saves to the learner's store and shows what they saved before when they return.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import ipywidgets as w

from mentorkit.apps.base import StoreView
from mentorkit.apps.reflection import offer_check
from mentorkit.course.catalogue import activity_ref, pages, quiz
from mentorkit.drafts import KeepsDrafts, untouched
from mentorkit.errors import CourseNotFound, MentorkitError
from mentorkit.page import when_requested
from mentorkit.records import ActivityResponse, FieldSpec, QuizAttempt, Record, TopicProgress
from mentorkit.store import activity_draft
from mentorkit.widgets import Field

log = logging.getLogger(__name__)


def _latest(store: Any, kind: type[Record], **match: str) -> Record | None:
    """The newest record of a kind whose fields equal `match` (records are few per learner)."""
    for record in store.find(kind):
        if all(getattr(record, k) == v for k, v in match.items()):
            return record
    return None


def _saved_on(record: Record) -> str:
    return f"{record.updated.astimezone():%-d %B %Y at %H:%M}"


class _Saving(StoreView):
    """A topic's part: a view over the store laid out as a form."""

    def __init__(self, children: list[w.Widget], store: Any):
        super().__init__(children, store, _dom_classes=["mk-form"])


class Activity(KeepsDrafts, _Saving):
    """Questions answered in text boxes, saved as one `ActivityResponse`; what is typed
    and not yet saved is kept as a draft and brought back (a reload, a restarted kernel)."""

    def __init__(
        self, topic: str, activity: str, questions: Sequence[str], *,
        criteria: Sequence[str] = (), title: str | None = None, store: Any = None,
    ):  # fmt: skip
        self.topic, self.activity, self.criteria = topic, activity, tuple(criteria)
        self.questions = list(questions)
        self.fields = [
            Field(FieldSpec(f"q{n}", q, "", "longtext", False, "assessor"))
            for n, q in enumerate(self.questions, 1)
        ]
        self.save_button = w.Button(description="Save my answers", button_style="primary")
        self.save_button.on_click(lambda _: self.save())
        heading = w.HTML(f"<h3>{html.escape(title or activity)}</h3>")
        evidence = w.Label(f"Evidence for: {', '.join(self.criteria)}") if criteria else w.Label()
        super().__init__([heading, evidence, *self.fields, self.save_button], store)
        self.record: Record | None = None
        self._loading = True
        for f in self.fields:
            f.on_change(self._changed)
        when_requested(self._open)

    @property
    def draft_key(self) -> str:
        return activity_draft(self.topic, self.activity)

    def _open(self) -> None:
        self.record = self.attempt(self._load)
        self.attempt(self._offer_draft)
        self._loading = False

    def _load(self) -> Record | None:
        record = _latest(self.store, ActivityResponse, topic=self.topic, activity=self.activity)
        if record is not None:
            self._fill({a.question: a.answer for a in record.answers})
            self.say(f"Your answers, saved on {_saved_on(record)}.", ok=True)
        return record

    def _fill(self, answers: dict[str, str | None]) -> None:
        for question, f in zip(self.questions, self.fields, strict=True):
            f.value = answers.get(question) or ""

    def _offer_draft(self) -> None:
        draft = self.store.drafts.get(self.draft_key)
        if not draft or draft == self.typed():
            return
        self._fill(draft)
        self.say("We kept what you were typing last time: it is below, not yet saved. "
                 "Press Save my answers to keep it.", ok=None)  # fmt: skip

    def _changed(self) -> None:
        if not self._loading:
            self._draft_later()

    def draft_values(self) -> dict[str, str | None]:
        """The answers typed, or nothing while they are the ones saved (or all blank)."""
        typed = self.typed()
        saved = {a.question: a.answer for a in self.record.answers} if self.record else {}
        return {} if untouched(typed, {q: saved.get(q) for q in typed}) else typed

    def typed(self) -> dict[str, str | None]:
        """Each question's answer as the boxes hold it now."""
        return {a["question"]: a["answer"] for a in self.answers()}

    def answers(self) -> list[dict[str, str | None]]:
        pairs = zip(self.questions, self.fields, strict=True)
        return [{"question": q, "answer": f.value} for q, f in pairs]

    def save(self) -> Record | None:
        if not any((a["answer"] or "").strip() for a in self.answers()):
            self.say("Write an answer to at least one question, then press Save.", ok=False)
            return None
        self._cancel_pending()
        saved = self.attempt(self._save)
        if saved is not None:
            self.record = saved
            self.say(f"Saved at {datetime.now():%H:%M}.", ok=True)
            try:
                self.store.drafts.discard(self.draft_key)
            except MentorkitError:
                pass  # the answers are saved; a stale draft only costs an offer later
        return saved

    def _save(self) -> Record:
        if self.record is None:
            return self.store.add(
                ActivityResponse(
                    topic=self.topic, activity=self.activity, answers=self.answers(),
                    criteria=list(self.criteria),
                )
            )  # fmt: skip
        return self.store.update(self.record.id, answers=self.answers())


class SelfCheck(_Saving):
    """A multiple-choice quiz: every option explains itself; each attempt is saved."""

    def __init__(self, topic: str, *, store: Any = None):
        self.topic = topic
        self.items = quiz(topic)["items"]
        self.choices = [
            w.RadioButtons(
                options=[(o["text"], n) for n, o in enumerate(item["options"])],
                value=None, description=f"{i}. {item['question']}", layout=w.Layout(width="100%"),
            )
            for i, item in enumerate(self.items, 1)
        ]  # fmt: skip
        self.feedback = [w.HTML() for _ in self.items]
        for choice, note in zip(self.choices, self.feedback, strict=True):
            # a changed answer has not been checked yet: its old verdict would mislead
            choice.observe(lambda _, note=note: setattr(note, "value", ""), names="value")
        boxes = [
            w.VBox([choice, note], _dom_classes=["mk-field"])
            for choice, note in zip(self.choices, self.feedback, strict=True)
        ]
        self.check_button = w.Button(description="Check my answers", button_style="primary")
        self.check_button.on_click(lambda _: self.check())
        super().__init__([*boxes, self.check_button], store)
        when_requested(self._show_best)

    def _show_best(self) -> None:
        best = self.attempt(self._best)
        if best:
            self.say(best, ok=True)

    def score(self) -> int:
        return sum(
            choice.value is not None and item["options"][choice.value]["correct"]
            for item, choice in zip(self.items, self.choices, strict=True)
        )

    def check(self) -> Record | None:
        missing = [str(n) for n, choice in enumerate(self.choices, 1) if choice.value is None]
        if missing:
            which = f"question {missing[0]}" if len(missing) == 1 else (
                f"questions {', '.join(missing[:-1])} and {missing[-1]}"
            )  # fmt: skip
            self.say(f"Choose an answer for {which}, then check again.", ok=False)
            return None
        for item, choice, note in zip(self.items, self.choices, self.feedback, strict=True):
            note.value = _explain(item, choice.value)
        saved = self.attempt(self._save)
        if saved is not None:
            scored = f"You scored {self.score()} out of {len(self.items)}."
            self.say(f"{scored} {self.attempt(self._best) or ''}".strip(), ok=True)
        return saved

    def _save(self) -> Record:
        answers = [
            {"question": item["question"], "answer": item["options"][choice.value]["text"]}
            for item, choice in zip(self.items, self.choices, strict=True)
        ]
        attempt = QuizAttempt(
            topic=self.topic, score=self.score(), out_of=len(self.items), answers=answers
        )
        return self.store.add(attempt)

    def _best(self) -> str:
        attempts = [a for a in self.store.find(QuizAttempt) if a.topic == self.topic]
        if not attempts:
            return ""
        best = max(a.score for a in attempts)
        tries = "attempt" if len(attempts) == 1 else "attempts"
        return f"Your best so far: {best} out of {attempts[0].out_of} ({len(attempts)} {tries})."


def _explain(item: dict, chosen: int) -> str:
    option = item["options"][chosen]
    right = next(o for o in item["options"] if o["correct"])
    if option["correct"]:
        text = f"✓ Right. {option['why']}"
    else:
        text = f"✗ Not quite. {option['why']} The answer is: {right['text']}. {right['why']}"
    css = "mk-status-ok" if option["correct"] else "mk-error"
    return f'<div class="{css}">{html.escape(text)}</div>'


class MarkComplete(_Saving):
    """A tick box that records the learner has finished a topic or guide, then the links
    back to the course and on to the next page."""

    def __init__(self, topic: str, *, store: Any = None):
        self.topic = topic
        self.box = w.Checkbox(description="I have finished this", indent=False)
        super().__init__([w.HTML("<h3>Finished?</h3>"), self.box], store)
        self.links = course_links(topic)
        self.children = (*self.children, self.links)  # after the status line
        self.record: Record | None = None
        when_requested(self._start)

    def _start(self) -> None:
        """Show what was saved, then save each change the learner makes (not the loading)."""
        self.record = self.attempt(self._load)
        self.box.observe(lambda change: self.set(change["new"]), names="value")

    def _load(self) -> Record | None:
        record = _latest(self.store, TopicProgress, topic=self.topic)
        if record is not None:
            self.box.value = record.complete
            if record.complete:
                self.say(f"Marked complete on {_saved_on(record)}.", ok=True)
        return record

    def set(self, complete: bool) -> None:
        def save() -> Record:
            if self.record is None:
                return self.store.add(TopicProgress(topic=self.topic, complete=complete))
            return self.store.update(self.record.id, complete=complete)

        saved = self.attempt(save)
        if saved is not None:
            self.record = saved
            self.say("Marked complete. Well done." if complete else "Marked as not finished.",
                     ok=True)  # fmt: skip


def course_links(key: str) -> w.HTML:
    """A navigation landmark at the foot of a guide or topic (its key, as `pages()` gives
    it): back to the course's home page, and to the pages before and after in the course's
    order. The links are relative, so they work wherever the course is served."""
    try:
        found = pages()
    except (CourseNotFound, OSError, ValueError):
        found = []
    keys = [page.key for page in found]
    links = [
        '<a href="../index.ipynb"><span aria-hidden="true">← </span>Back to the course '
        "home page</a>"
    ]
    if key in keys:
        at = keys.index(key)
        for rel, word, n in (("prev", "Previous", at - 1), ("next", "Next", at + 1)):
            if 0 <= n < len(found):
                page = found[n]
                href = html.escape(f"../{page.section}/{page.path.name}")
                title = html.escape(page.title)
                links.append(f'<a href="{href}" rel="{rel}">{word}: {title}</a>')
    return w.HTML(f'<nav class="mk-course-nav" aria-label="Course pages">{"".join(links)}</nav>')


def activity(activity: str, store: Any = None) -> Activity:
    """The activity with this id (see mentorkit/data/activities.json) as a form that saves
    an `ActivityResponse`."""
    ref = activity_ref(activity)
    shown = Activity(ref.topic, ref.activity, ref.questions, criteria=ref.criteria,
                     title=ref.title, store=store)  # fmt: skip
    return offer_check(shown, ref.criteria, ref.title)


def self_check(topic: str, store: Any = None) -> SelfCheck:
    """The topic's multiple-choice self-check; every attempt is saved."""
    return SelfCheck(topic, store=store)


def mark_complete(topic: str, store: Any = None) -> MarkComplete:
    """A tick box to mark a topic or guide as finished, and the links on from it."""
    return MarkComplete(topic, store=store)
