"""How every page looks and speaks: the stylesheet, lean widgets (one layout and style model
shared by every widget that never changes its own), text shown exactly as written, headings
and status lines."""

from __future__ import annotations

import functools
import html
from typing import Any

import ipywidgets as w


@functools.cache
def stylesheet() -> str:
    """Our own CSS (no user text), from `mentorkit/data/style.css`."""
    from importlib import resources

    return f"<style>\n{(resources.files('mentorkit') / 'data' / 'style.css').read_text()}</style>"


def style() -> w.HTML:
    """The stylesheet every mentorkit view shares."""
    return lean(w.HTML, value=stylesheet())


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


def heading(text: str, level: int = 2) -> w.HTML:
    return w.HTML(f"<h{level}>{html.escape(text)}</h{level}>")
