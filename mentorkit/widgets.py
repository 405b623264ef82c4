"""Forms generated from the record kinds, for JupyterLab and Voilà.

Pipeline: record field → `FieldSpec` → an input widget chosen from `_INPUTS` by the
field's type. User text only ever reaches the page through widget values, `Label`
or `html.escape`: the HTML widgets insert raw HTML, so they never see it unescaped.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import ipywidgets as w

from mentorkit.errors import MentorkitError, ValidationProblem
from mentorkit.records import FieldSpec, Record, kind_of

__all__ = ["Field", "Form", "form", "open_store", "status_html"]

log = logging.getLogger(__name__)

_CSS = """<style>
.mk-form { max-width: 52rem; }
.mk-field { margin: 0 0 0.8rem 0; }
.mk-field .widget-inline-hbox { flex-direction: column; align-items: stretch;
  height: auto !important; }
.mk-field .widget-datepicker, .mk-field .widget-timepicker, .mk-field .widget-dropdown,
.mk-field .mk-short { max-width: 20rem; }
.mk-field .widget-label { width: auto !important; max-width: none; white-space: normal;
  height: auto; overflow: visible; line-height: 1.4; font-weight: 600; text-align: left;
  margin-bottom: 0.2rem; }
.mk-table { border-collapse: collapse; margin: 0.5rem 0 1rem 0; }
.mk-table th, .mk-table td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.6rem;
  text-align: left; vertical-align: top; }
.mk-field .widget-textarea textarea { min-height: 4.5rem; }
.mk-help { color: #555; font-size: 0.9em; }
.mk-error { color: #a4000f; font-weight: 600; }
.mk-status-ok { color: #17612e; font-weight: 600; }
.mk-status-bad { color: #a4000f; font-weight: 600; }
</style>"""

_EMPTY = ("Choose…", None)
_WIDE = w.Layout(width="100%")


def status_html(message: str, *, ok: bool) -> str:
    """A status line (escaped); problems are announced to screen readers as alerts."""
    css = "mk-status-ok" if ok else "mk-status-bad"
    role = "status" if ok else "alert"
    return f'<div class="{css}" role="{role}">{html.escape(message)}</div>'


def style() -> w.HTML:
    """The stylesheet every mentorkit view shares (our own CSS, no user text)."""
    return w.HTML(_CSS)


def open_store(store: Any = None) -> Any:
    """The store given, else the learner's own (opened on first use)."""
    if store is not None:
        return store
    from mentorkit.store import Store

    return Store.open()


def _dropdown(spec: FieldSpec, options: list[tuple[str, Any]]) -> w.Dropdown:
    return w.Dropdown(options=[_EMPTY, *options], value=None, layout=_WIDE)


_INPUTS: dict[str, Callable[[FieldSpec], w.Widget]] = {
    "text": lambda spec: w.Text(layout=_WIDE),
    "longtext": lambda spec: w.Textarea(rows=4, layout=_WIDE),
    "date": lambda spec: w.DatePicker(layout=_WIDE),
    "time": lambda spec: w.TimePicker(layout=_WIDE),
    "number": lambda spec: w.Text(
        placeholder="for example 1.5", layout=_WIDE, _dom_classes=["mk-short"]
    ),
    "rating": lambda spec: _dropdown(
        spec, [(str(n), n) for n in range(int(spec.minimum or 1), int(spec.maximum or 5) + 1)]
    ),
    "choice": lambda spec: _dropdown(spec, [(o, o) for o in spec.options]),
    "yesno": lambda spec: w.Checkbox(indent=False),
    "items": lambda spec: w.Textarea(rows=3, placeholder="one per line", layout=_WIDE),
}


def _to_widget(spec: FieldSpec, value: Any) -> Any:
    """A stored value as the input widget holds it."""
    if spec.type == "items":
        return "\n".join(value or [])
    if spec.type == "number":
        return "" if value is None else f"{value:g}"
    if spec.type in ("text", "longtext"):
        return value or ""
    if spec.type == "yesno":
        return bool(value)
    if spec.type == "date" and isinstance(value, str):
        return date.fromisoformat(value)
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
        self.input.value = _to_widget(self.spec, value)

    def show_error(self, message: str | None) -> None:
        self.error.value = (
            f'<div class="mk-error" role="alert">⚠ {html.escape(message)}</div>' if message else ""
        )


class Form(w.VBox):
    """A form for one record kind: fill it in, Save, see when it was saved.

    Works without a browser: set `fields[name].value`, call `save()`, read `status`.
    """

    def __init__(self, kind: type[Record], store: Any = None, **preset: Any):
        self.kind = kind
        self._store = store
        self.preset = preset
        self.record: Record | None = None
        self.fields = {spec.name: Field(spec) for spec in kind.specs() if spec.type in _INPUTS}
        self.status = w.HTML()
        self.save_button = w.Button(description="Save", button_style="primary", icon="check")
        self.new_button = w.Button(description="New entry", layout=w.Layout(display="none"))
        self.save_button.on_click(lambda _: self.save())
        self.new_button.on_click(lambda _: self.new_entry())
        self.entries = w.VBox()
        self._reset()
        super().__init__(
            [
                style(),
                *self.fields.values(),
                w.HBox([self.save_button, self.new_button]),
                self.status,
                self.entries,
            ],
            _dom_classes=["mk-form"],
        )
        self.refresh_entries()

    @property
    def store(self) -> Any:
        self._store = open_store(self._store)
        return self._store

    def values(self) -> dict[str, Any]:
        """What is in the form now, shaped for the record kind."""
        return {name: f.value for name, f in self.fields.items()}

    def save(self) -> Record | None:
        """Check and save what is in the form; on a problem, say where and keep every word."""
        for f in self.fields.values():
            f.show_error(None)
        try:
            content = {**self.preset, **self.values()}
            if self.record is None:
                from mentorkit.records import validate

                self.record = self.store.add(validate(self.kind, content))
            else:
                self.record = self.store.update(self.record.id, **content)
        except ValidationProblem as problem:
            self._show_problems(problem)
            return None
        except MentorkitError as exc:
            self._say(str(exc), ok=False)
            return None
        except Exception:  # a learner must never see a traceback
            log.exception("saving a %s failed", self.kind.kind)
            self._say(
                "Something went wrong and this was not saved. Everything you typed is still "
                "here: copy anything long somewhere safe, then try Save again.",
                ok=False,
            )
            return None
        self._say(f"Saved at {datetime.now():%H:%M}.", ok=True)
        self.new_button.layout.display = None
        self.refresh_entries()
        return self.record

    def new_entry(self) -> None:
        """Start a fresh, empty entry (the saved one stays saved)."""
        self.record = None
        self._reset()
        self.status.value = ""
        self.new_button.layout.display = "none"

    def refresh_entries(self) -> None:
        """List the learner's saved entries of this kind below the form, newest first."""
        try:
            saved = self.store.find(self.kind, limit=20)
        except MentorkitError as exc:
            self._say(str(exc), ok=False)
            return
        heading = w.HTML("<h3>Your saved entries</h3>")
        if not saved:
            self.entries.children = [heading, w.Label("Nothing saved yet.")]
            return
        rows = [w.Label(f"{r.when:%-d %b %Y} · {r.excerpt()}") for r in saved]
        self.entries.children = [heading, *rows]

    def _reset(self) -> None:
        for name, f in self.fields.items():
            f.show_error(None)
            f.value = self.preset.get(name, self._default(f.spec))

    @staticmethod
    def _default(spec: FieldSpec) -> Any:
        if spec.type == "date" and spec.required and spec.not_future:
            return date.today()
        return [] if spec.type == "items" else None

    def _show_problems(self, problem: ValidationProblem) -> None:
        for name, message in problem.problems.items():
            if name in self.fields:
                self.fields[name].show_error(message)
        count = len(problem.problems)
        self._say(
            f"Not saved yet: {count} {'box needs' if count == 1 else 'boxes need'} your "
            "attention (marked ⚠ below each one). Everything you typed is still here.",
            ok=False,
        )

    def _say(self, message: str, *, ok: bool) -> None:
        self.status.value = status_html(message, ok=ok)


def form(kind: str | type[Record], store: Any = None, **preset: Any) -> Form:
    """The form for a record kind, e.g. `form(LearningLogEntry)` or `form("learning-log")`."""
    return Form(kind_of(kind), store, **preset)
