"""Widgets as ipywidgets means them: one input per record field, its box chosen from a table
by the field's type (`BOXES`). The pieces every page is built from (lean widgets, plain
text, status lines, the stylesheet) are in `mentorkit.look`.

Pipeline: record field → `FieldSpec` → `make_field(spec)`. A list-of-rows field is a
field type too (`RowsField`), built from the row kind's own specs, so actions, tasks
and ratings need no hand-written widgets.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable
from datetime import date, time
from typing import Any

import ipywidgets as w

from mentorkit.look import lean, shared_layout
from mentorkit.records import FieldSpec, is_empty, parse_date, parse_time

#: Given a field spec of type "link", the (label, id) choices the learner may pick from.
Choices = Callable[[FieldSpec], list[tuple[str, str]]]

_EMPTY = ("Choose…", None)

#: How a date is written in a form: day first, as a British learner writes it.
DATE_HINT = "for example 23/11/2026"
#: How a time is written in a form: the 24-hour clock.
TIME_HINT = "for example 14:30"


def date_text(value: date | None) -> str:
    """A date as the form shows it, day first: 3/11/2026."""
    return "" if value is None else f"{value.day}/{value.month}/{value.year}"


def _auto() -> w.Layout:
    """The layout of the row buttons, shared by all of them."""
    return shared_layout(width="auto")


def _wide() -> w.Layout:
    """The full-width layout, shared by every input (nothing hides or resizes one input)."""
    return shared_layout(width="100%")


def _dropdown(options: list[tuple[str, Any]]) -> w.Dropdown:
    return lean(w.Dropdown, options=[_EMPTY, *options], value=None, layout=_wide())


class Box:
    """How a field type is typed in a form: its input, and a value into and out of it.

    The record kind's own `FieldType` (records/fields.py) parses and checks what comes out;
    a box only turns a stored or drafted value into what its input holds, and back.
    """

    #: a link picks one of the learner's records, and keeps one that is gone
    links = False
    #: say back, under the box, the value understood (a date typed as 3/11)
    says_back = False

    def make(self, spec: FieldSpec) -> w.Widget:
        return lean(w.Text, layout=_wide())

    def show(self, value: Any) -> Any:
        """A stored (or drafted) value as the input holds it."""
        return value

    def read(self, typed: Any) -> Any:
        """What the learner entered, in the shape the record kind validates."""
        return typed


class _Words(Box):
    def __init__(self, rows: int = 0):
        self.rows = rows

    def make(self, spec: FieldSpec) -> w.Widget:
        if self.rows:
            return lean(w.Textarea, rows=self.rows, layout=_wide())
        return lean(w.Text, layout=_wide())

    def show(self, value: Any) -> Any:
        return value or ""


class _Short(Box):
    """A short typed value. A date or a time is typed, not picked: the browser's date box
    kept showing a date it could not hand over (31 February, the year 12026) while the
    kernel held the last one it could, or nothing, so the learner saw one date and saved
    another; its time box sent half a time (the hour, no minutes) as no time at all.
    Typed, every value reaches the record kind, which names what is wrong with it."""

    def __init__(self, hint: str):
        self.hint = hint

    def make(self, spec: FieldSpec) -> w.Widget:
        return lean(w.Text, placeholder=self.hint, _dom_classes=["mk-short"], layout=_wide())


class _Number(_Short):
    def show(self, value: Any) -> Any:
        return "" if value is None else f"{value:g}" if isinstance(value, float | int) else value


class _When(_Short):
    """A date or a time: shown day first or as 14:30; a drafted text exactly as typed."""

    def __init__(self, hint: str, kind: type, parse: Callable[[str], Any], shown: Callable):
        super().__init__(hint)
        self.kind, self.parse, self.shown = kind, parse, shown
        self.says_back = kind is date

    def show(self, value: Any) -> Any:
        if isinstance(value, self.kind):
            return self.shown(value)
        try:
            return self.shown(self.kind.fromisoformat(value)) if value else ""
        except ValueError:
            return value  # half-typed in a draft, or impossible: keep every character

    def read(self, typed: Any) -> Any:
        try:
            return self.parse(typed.strip()) if typed.strip() else None
        except ValueError:
            return typed.strip()  # the record kind names what is wrong with it


class _Pick(Box):
    """One of a list: a rating's marks, a choice's options, or (filled later) records."""

    def __init__(self, options: Callable[[FieldSpec], list[tuple[str, Any]]], links=False):
        self.options, self.links = options, links

    def make(self, spec: FieldSpec) -> w.Widget:
        return _dropdown(self.options(spec))


class _YesNo(Box):
    def make(self, spec: FieldSpec) -> w.Widget:
        return lean(w.Checkbox, indent=False)

    def show(self, value: Any) -> Any:
        return bool(value)


class _Lines(Box):
    def make(self, spec: FieldSpec) -> w.Widget:
        return lean(w.Textarea, rows=3, placeholder="one per line", layout=_wide())

    def show(self, value: Any) -> Any:
        return "\n".join(value or [])

    def read(self, typed: Any) -> Any:
        return [line for line in (typed or "").splitlines() if line.strip()]


def _marks(spec: FieldSpec) -> list[tuple[str, Any]]:
    low, high = int(spec.minimum or 1), int(spec.maximum or 5)
    return [(str(n), n) for n in range(low, high + 1)]


#: The box for each field type a form shows (a list of rows is a `RowsField` of boxes).
BOXES: dict[str, Box] = {
    "text": _Words(),
    "longtext": _Words(rows=4),
    "date": _When(DATE_HINT, date, parse_date, date_text),
    "time": _When(TIME_HINT, time, parse_time, lambda t: f"{t:%H:%M}"),
    "number": _Number("for example 1.5"),
    "rating": _Pick(_marks),
    "choice": _Pick(lambda spec: [(o, o) for o in spec.options]),
    "yesno": _YesNo(),
    "items": _Lines(),
    "link": _Pick(lambda spec: [], links=True),
}


def _note_html(prompt: str | None, problem: str | None, title: str | None = None) -> str:
    """A field's title (rows only), help and problem as one piece of escaped HTML."""
    parts = []
    if title:
        parts.append(f"<div class='widget-label'><strong>{html.escape(title)}</strong></div>")
    if prompt:
        parts.append(f'<div class="mk-help">{html.escape(prompt)}</div>')
    if problem:
        parts.append(f'<div class="mk-error" role="alert">⚠ {html.escape(problem)}</div>')
    return "".join(parts)


class Field(w.VBox):
    """One labelled input with its help text and the place its problem appears.

    The input's own `description` is its label (a real <label>, so a screen reader and
    `get_by_label` find the box by it); help and problem share one HTML widget under it.
    Fewer widgets per field is what lets a long form show quickly. The layout is shared
    with every other field: to hide one, give it a layout of its own.
    """

    def __init__(self, spec: FieldSpec):
        self.spec = spec
        self.problem: str | None = None
        self.box = BOXES[spec.type]
        self.input = self.box.make(spec)
        self.input.description = spec.label + (" *" if spec.required else "")
        self.input.tooltip = spec.prompt or None
        self.note = lean(w.HTML, value=_note_html(self._help(), None))
        super().__init__([self.input, self.note], layout=shared_layout(), _dom_classes=["mk-field"])
        if self.box.says_back:  # say back the day understood: 3/11 is 3 November, not 11 March
            self.input.observe(lambda _: self._say_back(), names="value")

    def _help(self) -> str:
        """The field's help; for a date, how to write it and the day it is read as."""
        if not self.box.says_back:
            return self.spec.prompt
        typed = self.value
        read_as = f" Read as {typed:%A %-d %B %Y}." if isinstance(typed, date) else ""
        return f"{self.spec.prompt} Day first, like 23/11/2026.{read_as}".strip()

    def _say_back(self) -> None:
        self.note.value = _note_html(self._help(), self.problem)

    @property
    def value(self) -> Any:
        return self.box.read(self.input.value)

    @value.setter
    def value(self, value: Any) -> None:
        if self.box.links:
            self._keep_choice(value)
        self.input.value = self.box.show(value)

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

    def show_error(self, message: str | None, _rows: Any = None) -> None:
        """Name a problem under the input (announced as an alert), or clear it with None."""
        self.problem = message or None
        self.note.value = _note_html(self._help(), self.problem)

    def focus(self, *, first_problem: bool = False) -> None:
        """Put the cursor in the input, in the page that shows it."""
        self.input.focus()


class RowEditor(w.VBox):
    """One row of a list-of-rows field: a field per column and a Remove button."""

    def __init__(self, spec: FieldSpec, number: int, choices: Choices | None):
        self.fields = {
            sub.name: make_field(
                dataclasses.replace(sub, label=f"{sub.label} (row {number})"), choices
            )  # fmt: skip
            for sub in spec.row.specs()
        }
        self.remove_button = lean(
            w.Button, description=f"Remove row {number}", icon="trash", layout=_auto()
        )
        super().__init__(
            [*self.fields.values(), self.remove_button],
            layout=shared_layout(), _dom_classes=["mk-row"],
        )  # fmt: skip

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
        self.problem: str | None = None
        self.box = lean(w.VBox)
        noun = spec.label.lower()
        self.add_button = lean(
            w.Button, description=f"Add a row to {noun}", icon="plus", layout=_auto()
        )
        self.add_button.on_click(lambda _: self._add_and_focus())
        self.title = spec.label + (" *" if spec.required else "")
        self.note = lean(w.HTML, value=_note_html(spec.prompt, None, self.title))
        parts = [self.note, self.box, self.add_button]
        super().__init__(parts, layout=shared_layout(), _dom_classes=["mk-field"])

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

    def _add_and_focus(self) -> None:
        """A row added by a press of Add: the cursor goes into its first box, where the
        learner will type next (left on the button, a keyboard user had to find the row)."""
        row = self.add_row()
        next(iter(row.fields.values())).focus()

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

    def focus(self, *, first_problem: bool = False) -> None:
        """Put the cursor in the first box of the first row (or on Add, with no rows); with
        `first_problem`, in the first box a problem is named at."""
        boxes = [f for row in self.rows for f in row.fields.values()]
        wrong = [f for f in boxes if f.problem] if first_problem else []
        if wrong or boxes:
            (wrong or boxes)[0].focus()
        else:
            self.add_button.focus()

    def show_error(
        self, message: str | None, rows: dict[tuple[int, str], str] | None = None
    ) -> None:
        """Name a problem under the title (announced as an alert), or clear it with None;
        `rows` names each problem inside a row at its own box too."""
        # Empty rows are left out before checking, so the kind counts filled rows only:
        # its second row may be the third shown. Say and show each at the row it is.
        filled = [n for n, row in enumerate(self.rows) if not is_empty(row.value)]
        shown = {(filled[k], name): text for (k, name), text in (rows or {}).items()
                 if k < len(filled)}  # fmt: skip
        if message and (m := re.match(r"row (\d+),", message)) and int(m[1]) <= len(filled):
            message = f"row {filled[int(m[1]) - 1] + 1},{message[m.end() :]}"
        self.problem = message or None
        self.note.value = _note_html(self.spec.prompt, self.problem, self.title)
        for number, row in enumerate(self.rows):
            for name, f in row.fields.items():
                f.show_error(shown.get((number, name)))

    def _redraw(self) -> None:
        self.box.children = self.rows

    def _notify(self) -> None:
        for callback in self._callbacks:
            callback()


def make_field(
    spec: FieldSpec, choices: Choices | None = None, *, fill: bool = True
) -> Field | RowsField:
    """The input for one field spec; links are filled from `choices` (rows ask it as they are
    added). With `fill=False` a link waits for `set_choices`, e.g. until the page is opened."""
    if spec.row is not None:
        return RowsField(spec, choices)
    made = Field(spec)
    if made.box.links and choices is not None and fill:
        made.set_choices(choices(spec))
    return made
