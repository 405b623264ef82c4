"""The reflection check beside the reflective log: which stages of a model a text touches."""

from __future__ import annotations

import ipywidgets as w

from mentorkit.course.reflection import prompt as reflection_prompt


def reflection_check(model: str = "gibbs") -> w.Widget:
    """Paste or write a reflection and see which stages of the model it touches."""
    text = w.Textarea(description="Your reflection", rows=6, layout=w.Layout(width="100%"))
    result = w.Label()
    button = w.Button(description="Check my reflection")
    button.on_click(lambda _: setattr(result, "value", reflection_prompt(text.value, model)))
    return w.VBox([text, button, result], _dom_classes=["mk-field"])
