"""What every mentorkit view shares: the stylesheet, status lines, the store, lean widgets,
and the moment a page is really asked for."""

from __future__ import annotations

import functools
import html
import logging
import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as w

if TYPE_CHECKING:  # asyncio costs a plain interpreter 45 ms to import; a kernel has it
    import asyncio

log = logging.getLogger(__name__)

CSS = """<style>
.mk-form { max-width: 52rem; }
.mk-field { margin: 0 0 0.8rem 0; }
.mk-field .widget-inline-hbox { flex-direction: column; align-items: stretch;
  height: auto !important; }
.mk-field > .widget-inline-hbox { width: calc(100% - 4px) !important; }
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
.mk-form .jupyter-button, .mk-view .jupyter-button { align-self: flex-start; }
.mk-form textarea, .mk-view textarea, .mk-form input, .mk-view input, .mk-form select,
.mk-view select { font-family: var(--jp-ui-font-family, system-ui, sans-serif); }
.mk-field .widget-radio-box { margin-bottom: 0 !important; }
.mk-field .widget-radio-box label { display: flex; flex-direction: row-reverse;
  justify-content: flex-end; align-items: flex-start; gap: 0.5rem; height: auto !important;
  line-height: 1.4 !important; white-space: normal; padding: 0.2rem 0; margin: 0 !important; }
.mk-field .widget-radio-box input { flex: 0 0 auto; height: auto !important;
  margin: 0.2rem 0 0 0 !important; }
.mk-view .widget-hbox, .mk-form .widget-hbox { flex-wrap: wrap; max-width: 100%; }
.mk-view .widget-inline-hbox { max-width: 100%; }
.mk-view .widget-box > .widget-label { white-space: normal; height: auto; line-height: 1.4;
  flex: 1 1 12rem; min-width: 0; overflow-wrap: anywhere; }
.mk-row { border-left: 3px solid #c8d6e5; padding-left: 0.8rem; margin: 0.4rem 0; }
.mk-row .mk-field { margin-bottom: 0.3rem; }
.mk-help { color: #555; font-size: 0.9em; }
.mk-error { color: #a4000f; font-weight: 600; }
.mk-status-ok { color: #17612e; font-weight: 600; }
.mk-status-bad { color: #a4000f; font-weight: 600; }
.mk-status-busy { color: #4a4a4a; }
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
    return lean(w.HTML, value=CSS)


@functools.cache
def shared(kind: type[w.Widget]) -> w.Widget:
    """One layout or style model for every lean widget that uses it.

    The browser fetches and builds one model per widget, per layout and per style; a form
    of ten fields made about 120 of them, most of them identical defaults. Nothing may
    change a shared model: a widget that is ever hidden or restyled needs its own.
    """
    return kind()


@functools.cache
def shared_layout(**traits: str) -> w.Layout:
    """One layout with these settings for every widget that never changes its own."""
    return w.Layout(**traits)


def lean(kind: type[w.Widget], **traits: Any) -> w.Widget:
    """A widget of `kind` with a shared layout and style (unless given): one model, not three."""
    own = kind.class_traits()
    if "layout" in own and "layout" not in traits:
        traits["layout"] = shared_layout()
    if "style" in own and "style" not in traits:
        traits["style"] = shared(own["style"].klass)
    return kind(**traits)


def status_html(message: str, *, ok: bool | None) -> str:
    """A status line (escaped); problems are announced to screen readers as alerts.

    `ok=None`: something still under way (“Saving…”), neither a success nor a problem.
    """
    css = {True: "mk-status-ok", False: "mk-status-bad", None: "mk-status-busy"}[ok]
    role = "alert" if ok is False else "status"
    return f'<div class="{css}" role="{role}">{html.escape(message)}</div>'


def plain(text: str) -> w.HTML:
    """A line of text shown exactly as written, whoever wrote it.

    Not a `Label`: ipywidgets hands a Label's text to the page's maths typesetter, so a
    learner's "$5 and $10" came out as mathematics. An HTML widget is never typeset, and
    the text is escaped, so markup typed into a box shows as the characters typed.
    """
    return w.HTML(f'<div class="mk-plain">{html.escape(text, quote=False)}</div>')


def heading(text: str, level: int = 3) -> w.HTML:
    return w.HTML(f"<h{level}>{html.escape(text)}</h{level}>")


def own_view(store: Any, records: list) -> list:
    """Records for the learner's own lists: cohort-wide ones (profiles) only if theirs, each
    as the learner sees it (see `proposals.seen_by`)."""
    from mentorkit.proposals import seen_by

    return seen_by(store, [r for r in records if r.audience != "cohort" or r.owner == store.owner])


def open_store(store: Any = None) -> Any:
    """The store given, else the learner's own (opened on first use)."""
    if store is not None:
        return store
    from mentorkit.store import Store

    return Store.open()


#: Actions waiting for the request a preheated kernel was started ahead of.
_waiting: list[Callable[[], None]] = []
_requested = threading.Event()


def _preheated() -> bool:
    """In a kernel Voilà started before any page asked for it, which has not yet been asked."""
    return os.environ.get("VOILA_PREHEAT") == "True" and not _requested.is_set()


def when_requested(action: Callable[[], None]) -> None:
    """Run `action` once the page is really asked for: at once, except in a preheated kernel.

    With `preheat_kernel`, Voilà runs a notebook before anyone opens it; a draft or an entry
    list read then would be stale when the learner arrives. So what depends on that moment
    waits for Voilà's request, while the widgets themselves are built ahead. Voilà's
    `wait_for_request` blocks, and a notebook cell blocked for longer than the executor's
    timeout loses its output, so it waits on a thread and the action runs on the kernel's
    own loop, before the page can ask for any widget's state.
    """
    loop = kernel_loop()
    if not _preheated() or loop is None:
        action()
        return
    _waiting.append(action)
    if len(_waiting) == 1:
        threading.Thread(target=_wait_for_request, args=(loop,), daemon=True).start()


def kernel_loop() -> asyncio.AbstractEventLoop | None:
    """The running kernel's event loop (None outside a kernel, e.g. in a test or a script)."""
    from IPython import get_ipython

    if getattr(get_ipython(), "kernel", None) is None:
        return None
    import asyncio

    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _wait_for_request(loop: asyncio.AbstractEventLoop) -> None:
    try:
        from voila.utils import wait_for_request

        wait_for_request()
    except Exception:  # no request info: run anyway, late rather than never
        log.warning("could not wait for Voilà's request", exc_info=True)
    loop.call_soon_threadsafe(_run_waiting)


def _run_waiting() -> None:
    _requested.set()
    while _waiting:
        action = _waiting.pop(0)
        try:
            action()
        except Exception:
            log.exception("a view could not load what the page shows")


class StoreView(w.VBox):
    """A view over the learner's store with a status line that never shows a traceback."""

    def __init__(self, children: list[w.Widget], store: Any = None, **kwargs: Any):
        self._store = store
        self.status = w.HTML()
        classes = ["mk-view", *kwargs.pop("_dom_classes", ())]
        super().__init__([style(), *children, self.status], _dom_classes=classes, **kwargs)

    @property
    def store(self) -> Any:
        self._store = open_store(self._store)
        return self._store

    def say(self, message: str, *, ok: bool | None) -> None:
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
