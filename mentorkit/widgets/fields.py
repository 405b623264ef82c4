"""One input per record field, chosen from a table by the field's type.

Pipeline: record field → `FieldSpec` → `make_field(spec)`. A list-of-rows field is a
field type too (`RowsField`), built from the row kind's own specs, so actions, tasks
and ratings need no hand-written widgets.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable
from datetime import date, time
from typing import Any

import ipywidgets as w

from mentorkit.records import FieldSpec

#: Given a field spec of type "link", the (label, id) choices the learner may pick from.
Choices = Callable[[FieldSpec], list[tuple[str, str]]]

_EMPTY = ("Choose…", None)
_WIDE = w.Layout(width="100%")


def _dropdown(options: list[tuple[str, Any]]) -> w.Dropdown:
    return w.Dropdown(options=[_EMPTY, *options], value=None, layout=_WIDE)


def _rating(spec: FieldSpec) -> w.Dropdown:
    low, high = int(spec.minimum or 1), int(spec.maximum or 5)
    return _dropdown([(str(n), n) for n in range(low, high + 1)])


_INPUTS: dict[str, Callable[[FieldSpec], w.Widget]] = {
    "text": lambda spec: w.Text(layout=_WIDE),
    "longtext": lambda spec: w.Textarea(rows=4, layout=_WIDE),
    "date": lambda spec: w.DatePicker(layout=_WIDE),
    "time": lambda spec: w.TimePicker(layout=_WIDE),
    "number": lambda spec: w.Text(
        placeholder="for example 1.5", layout=_WIDE, _dom_classes=["mk-short"]
    ),
    "rating": _rating,
    "choice": lambda spec: _dropdown([(o, o) for o in spec.options]),
    "yesno": lambda spec: w.Checkbox(indent=False),
    "items": lambda spec: w.Textarea(rows=3, placeholder="one per line", layout=_WIDE),
    "link": lambda spec: _dropdown([]),
}


def _to_widget(spec: FieldSpec, value: Any) -> Any:
    """A stored (or drafted) value as the input widget holds it."""
    if spec.type == "items":
        return "\n".join(value or [])
    if spec.type == "number":
        return "" if value is None else f"{value:g}" if isinstance(value, float | int) else value
    if spec.type in ("text", "longtext"):
        return value or ""
    if spec.type == "yesno":
        return bool(value)
    if spec.type == "date" and isinstance(value, str):
        return date.fromisoformat(value) if value else None
    if spec.type == "time" and isinstance(value, str):
        return time.fromisoformat(value) if value else None
    return value


def _from_widget(spec: FieldSpec, value: Any) -> Any:
    """What the learner entered, in the shape the record kind validates."""
    if spec.type == "items":
        return [line for line in (value or "").splitlines() if line.strip()]
    return value


class Field(w.VBox):
    """One labelled input with its help text and the place its error appears."""

    def __init__(self, spec: FieldSpec):
        self.spec = spec
        self.input = _INPUTS[spec.type](spec)
        self.input.description = spec.label + (" *" if spec.required else "")
        self.input.tooltip = spec.prompt or None
        self.error = w.HTML()
        parts = [self.input]
        if spec.prompt:
            parts.append(w.HTML(f'<div class="mk-help">{html.escape(spec.prompt)}</div>'))
        super().__init__([*parts, self.error], _dom_classes=["mk-field"])

    @property
    def value(self) -> Any:
        return _from_widget(self.spec, self.input.value)

    @value.setter
    def value(self, value: Any) -> None:
        if self.spec.type == "link":
            self._keep_choice(value)
        self.input.value = _to_widget(self.spec, value)

    def on_change(self, callback: Callable[[], None]) -> None:
        self.input.observe(lambda _: callback(), names="value")

    def set_choices(self, choices: list[tuple[str, str]]) -> None:
        """For a link: the learner's own records to pick from."""
        current = self.input.value
        self.input.options = [_EMPTY, *choices]
        self._keep_choice(current)
        self.input.value = current

    def _keep_choice(self, value: Any) -> None:
        """A link to a record that is gone stays, shown as "(deleted)", rather than failing."""
        if value is not None and value not in [v for _, v in self.input.options]:
            self.input.options = [*self.input.options, ("(deleted)", value)]

    def show_error(self, message: str | None) -> None:
        self.error.value = (
            f'<div class="mk-error" role="alert">⚠ {html.escape(message)}</div>' if message else ""
        )


class RowEditor(w.VBox):
    """One row of a list-of-rows field: a field per column and a Remove button."""

    def __init__(self, spec: FieldSpec, number: int, choices: Choices | None):
        self.fields = {
            sub.name: make_field(
                dataclasses.replace(sub, label=f"{sub.label} (row {number})"), choices
            )  # fmt: skip
            for sub in spec.row.specs()
        }
        self.remove_button = w.Button(
            description=f"Remove row {number}", icon="trash", layout=w.Layout(width="auto")
        )
        super().__init__([*self.fields.values(), self.remove_button], _dom_classes=["mk-row"])

    @property
    def value(self) -> dict[str, Any]:
        return {name: f.value for name, f in self.fields.items()}

    @value.setter
    def value(self, values: dict[str, Any]) -> None:
        for name, f in self.fields.items():
            f.value = values.get(name)


class RowsField(w.VBox):
    """A list-of-rows field (actions, tasks, ratings): add and remove rows freely."""

    def __init__(self, spec: FieldSpec, choices: Choices | None = None):
        self.spec = spec
        self._choices = choices
        self._callbacks: list[Callable[[], None]] = []
        self.rows: list[RowEditor] = []
        self.box = w.VBox()
        noun = spec.label.lower()
        self.add_button = w.Button(
            description=f"Add a row to {noun}", icon="plus", layout=w.Layout(width="auto")
        )
        self.add_button.on_click(lambda _: self.add_row())
        self.error = w.HTML()
        title = html.escape(spec.label + (" *" if spec.required else ""))
        parts = [w.HTML(f"<div class='widget-label'><strong>{title}</strong></div>")]
        if spec.prompt:
            parts.append(w.HTML(f'<div class="mk-help">{html.escape(spec.prompt)}</div>'))
        super().__init__([*parts, self.box, self.add_button, self.error], _dom_classes=["mk-field"])

    @property
    def value(self) -> list[dict[str, Any]]:
        return [row.value for row in self.rows]

    @value.setter
    def value(self, rows: list[Any] | None) -> None:
        self.rows = []
        for values in rows or []:
            row = self.add_row(notify=False)
            row.value = values if isinstance(values, dict) else values.model_dump()
        self._redraw()

    def add_row(self, *, notify: bool = True) -> RowEditor:
        row = RowEditor(self.spec, len(self.rows) + 1, self._choices)
        row.remove_button.on_click(lambda _, r=row: self.remove_row(r))
        for f in row.fields.values():
            for callback in self._callbacks:
                f.on_change(callback)
        self.rows.append(row)
        self._redraw()
        if notify:
            self._notify()
        return row

    def remove_row(self, row: RowEditor) -> None:
        values = [r.value for r in self.rows if r is not row]
        self.value = values  # renumber, so labels stay "row 1, row 2…"
        self._notify()

    def on_change(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)
        for row in self.rows:
            for f in row.fields.values():
                f.on_change(callback)

    def set_choices(self, choices: list[tuple[str, str]]) -> None:
        pass  # rows ask `choices` when they are made

    def show_error(self, message: str | None) -> None:
        self.error.value = (
            f'<div class="mk-error" role="alert">⚠ {html.escape(message)}</div>' if message else ""
        )

    def _redraw(self) -> None:
        self.box.children = self.rows

    def _notify(self) -> None:
        for callback in self._callbacks:
            callback()


def make_field(spec: FieldSpec, choices: Choices | None = None) -> Field | RowsField:
    """The input for one field spec; links are filled from `choices`."""
    if spec.type == "rows":
        return RowsField(spec, choices)
    made = Field(spec)
    if spec.type == "link" and choices is not None:
        made.set_choices(choices(spec))
    return made
