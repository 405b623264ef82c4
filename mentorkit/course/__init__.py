"""The course: activities that save answers, self-checks, progress and criteria coverage."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as w

from mentorkit.course.activities import Activity, MarkComplete, SelfCheck
from mentorkit.course.progress import coverage, coverage_frame, welcome
from mentorkit.course.reflection import prompt as reflection_prompt
from mentorkit.course.reflection import stages_present

__all__ = [
    "activity", "coverage", "coverage_frame", "mark_complete", "reflection_check",
    "reflection_prompt", "self_check", "stages_present", "welcome",
]  # fmt: skip


def activity(
    topic: str, activity: str, questions: Sequence[str], *, criteria: Sequence[str] = (),
    title: str | None = None, store: Any = None,
) -> Activity:  # fmt: skip
    """An activity's questions as a form that saves an `ActivityResponse`."""
    return Activity(topic, activity, questions, criteria=criteria, title=title, store=store)


def self_check(topic: str, store: Any = None) -> SelfCheck:
    """The topic's multiple-choice self-check; every attempt is saved."""
    return SelfCheck(topic, store=store)


def mark_complete(topic: str, store: Any = None) -> MarkComplete:
    """A tick box to mark a topic or guide as finished."""
    return MarkComplete(topic, store=store)


def reflection_check(model: str = "gibbs") -> w.Widget:
    """Paste or write a reflection and see which stages of the model it touches."""
    text = w.Textarea(description="Your reflection", rows=6, layout=w.Layout(width="100%"))
    result = w.Label()
    button = w.Button(description="Check my reflection")
    button.on_click(lambda _: setattr(result, "value", reflection_prompt(text.value, model)))
    return w.VBox([text, button, result], _dom_classes=["mk-field"])
