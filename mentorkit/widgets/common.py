"""What every mentorkit view shares: the stylesheet, status lines, and the store."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

CSS = """<style>
.mk-form { max-width: 52rem; }
.mk-field { margin: 0 0 0.8rem 0; }
.mk-field .widget-inline-hbox { flex-direction: column; align-items: stretch;
  height: auto !important; }
.mk-field .widget-datepicker, .mk-field .widget-timepicker, .mk-field .widget-dropdown,
.mk-field .mk-short { max-width: 20rem; }
.mk-field .widget-label { width: auto !important; max-width: none; white-space: normal;
  height: auto; overflow: visible; line-height: 1.4; font-weight: 600; text-align: left;
  margin-bottom: 0.2rem; }
.mk-field .widget-textarea textarea { min-height: 4.5rem; }
.mk-field select, .mk-field input:not([type=checkbox]) { flex: 0 0 auto !important;
  height: var(--jp-widgets-inline-height, 28px); }
.mk-form .jupyter-button, .mk-form .widget-button { width: auto; min-width: 6rem;
  padding: 0 0.8rem; }
.mk-row { border-left: 3px solid #c8d6e5; padding-left: 0.8rem; margin: 0.4rem 0; }
.mk-row .mk-field { margin-bottom: 0.3rem; }
.mk-help { color: #555; font-size: 0.9em; }
.mk-error { color: #a4000f; font-weight: 600; }
.mk-status-ok { color: #17612e; font-weight: 600; }
.mk-status-bad { color: #a4000f; font-weight: 600; }
.mk-table { border-collapse: collapse; margin: 0.5rem 0 1rem 0; }
.mk-table th, .mk-table td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.6rem;
  text-align: left; vertical-align: top; }
.mk-card { border: 1px solid #ddd; border-radius: 6px; padding: 0.6rem 0.9rem;
  margin: 0.5rem 0; }
.mk-value { white-space: pre-wrap; overflow-wrap: anywhere; }
.mk-win { color: #17612e; }
.mk-download { color: #0b5cad; text-decoration: underline; }
.mk-overdue { color: #a4000f; font-weight: 600; }
</style>"""


def style() -> w.HTML:
    """The stylesheet every mentorkit view shares (our own CSS, no user text)."""
    return w.HTML(CSS)


def status_html(message: str, *, ok: bool) -> str:
    """A status line (escaped); problems are announced to screen readers as alerts."""
    css = "mk-status-ok" if ok else "mk-status-bad"
    role = "status" if ok else "alert"
    return f'<div class="{css}" role="{role}">{html.escape(message)}</div>'


def heading(text: str, level: int = 3) -> w.HTML:
    return w.HTML(f"<h{level}>{html.escape(text)}</h{level}>")


def own_view(store: Any, records: list) -> list:
    """Records for the learner's own lists: cohort-wide ones (profiles) only if theirs."""
    return [r for r in records if r.audience != "cohort" or r.owner == store.owner]


def open_store(store: Any = None) -> Any:
    """The store given, else the learner's own (opened on first use)."""
    if store is not None:
        return store
    from mentorkit.store import Store

    return Store.open()


class StoreView(w.VBox):
    """A view over the learner's store with a status line that never shows a traceback."""

    def __init__(self, children: list[w.Widget], store: Any = None, **kwargs: Any):
        self._store = store
        self.status = w.HTML()
        super().__init__([style(), *children, self.status], **kwargs)

    @property
    def store(self) -> Any:
        self._store = open_store(self._store)
        return self._store

    def say(self, message: str, *, ok: bool) -> None:
        self.status.value = status_html(message, ok=ok)

    def attempt(self, action, *args: Any) -> Any:
        """Run an action; turn any failure into words in the status line."""
        import logging

        from mentorkit.errors import MentorkitError

        try:
            return action(*args)
        except MentorkitError as exc:
            self.say(str(exc), ok=False)
        except Exception:
            logging.getLogger(__name__).exception("%s failed", type(self).__name__)
            self.say(UNEXPECTED, ok=False)
        return None


UNEXPECTED = (
    "Something went wrong and this was not saved. Everything you typed is still here: "
    "copy anything long somewhere safe, then try again."
)
