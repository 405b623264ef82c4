"""The reflection check, beside a form where a reflection is written: a button that reads
the form's own text boxes and says which stages of Gibbs' or Kolb's cycle they touch."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from mentorkit.course.reflection import MODEL_NAMES, reflects
from mentorkit.course.reflection import prompt as reflection_prompt
from mentorkit.look import lean, status_html


def written(source: Any) -> str:
    """Every text typed into a form's (or an activity's) boxes, in the order shown."""
    fields = source.fields.values() if isinstance(source.fields, dict) else source.fields
    return "\n".join(f.value for f in fields if isinstance(f.value, str) and f.value.strip())


class ReflectionCheck(w.VBox):
    """Which stages of a model the form's boxes touch, when asked. It prompts; it never
    grades, and it reads the boxes as they are, saved or not."""

    def __init__(self, source: Any, model: str = "gibbs"):
        self.source = source
        self.model = lean(w.ToggleButtons, options=[(n, k) for k, n in MODEL_NAMES.items()],
                          value=model, description="Model")  # fmt: skip
        self.button = lean(w.Button, description="Check my reflection", icon="search")
        self.result = lean(w.HTML)
        self.button.on_click(lambda _: self.check())
        self.model.observe(lambda _: self.result.value and self.check(), "value")
        intro = w.HTML(
            '<div class="mk-plain">Want a second look? The check reads the boxes above and '
            "says which stages of the model your writing touches.</div>"
        )
        bar = lean(w.HBox, children=[self.model, self.button])
        super().__init__([intro, bar, self.result], _dom_classes=["mk-field", "mk-reflection"])

    def check(self) -> str:
        text = written(self.source)
        if not text:
            said = "Write something in the boxes above first, then check it."
        else:
            said = f"{MODEL_NAMES[self.model.value]}: {reflection_prompt(text, self.model.value)}"
        self.result.value = status_html(said, ok=None)
        return said


def reflection_check(source: Any, model: str | None = None) -> Any:
    """A reflective form with the check beside it: `reflection_check(ReflectiveLogEntry)`
    builds the kind's form; an activity or form already made gets the check added."""
    if isinstance(source, str | type):
        from mentorkit.forms import form

        source = form(source)
    check = ReflectionCheck(source, model or "gibbs")
    holder = getattr(source, "tools", None)  # a form's place between Save and its entries
    if holder is not None:
        holder.children = (*holder.children, check)
    else:
        source.children = (*source.children, check)
    source.reflection = check
    return source


def offer_check(shown: Any, criteria: tuple[str, ...], title: str) -> Any:
    """An activity that evidences reflecting with a model gets the check; the model it
    opens on is the one its title names (Kolb's experiment opens on Kolb)."""
    if not reflects(criteria):
        return shown
    model = next((k for k in MODEL_NAMES if k in html.unescape(title).lower()), "gibbs")
    return reflection_check(shown, model)
