"""A page of widgets as the learner sees it, for tests: a widget found by the words it is
labelled with (never by its place, `children[1]`), and the words shown."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator

import ipywidgets as w


def walk(widget: w.Widget) -> Iterator[w.Widget]:
    """The widget and every widget inside it, depth first: in the order they are shown."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def label(widget: w.Widget) -> str | None:
    """What a learner reads as a widget's name: a field's label, a button's or a box's
    description, the words of a line of text (its markup left out), or a card's heading."""
    spec = getattr(widget, "spec", None)
    if spec is not None:
        return spec.label
    if getattr(widget, "description", ""):
        return widget.description
    if isinstance(widget, w.Label | w.HTML):
        return html.unescape(re.sub(r"<[^>]+>", "", widget.value)).strip()
    first = next(iter(getattr(widget, "children", ())), None)
    if isinstance(first, w.HTML) and re.match(r"\s*<h\d", first.value):
        return label(first)  # a card, or a part of a page, is named by the heading it opens with
    return None


def find(
    view: w.Widget,
    name: str | None = None,
    *,
    kind: type | tuple[type, ...] = w.Widget,
    where: Callable[[w.Widget], bool] | None = None,
):
    """The first widget of `kind` in `view` labelled `name` (any, if no name is given) and
    for which `where` holds; None if there is none. `find(view, "Save")` is the Save button."""
    for widget in walk(view):
        if not isinstance(widget, kind) or (name is not None and label(widget) != name):
            continue
        if where is None or where(widget):
            return widget
    return None


def field(view: w.Widget, name: str):
    """The form field labelled `name` (its box, its problem and its value), or None."""
    return find(view, name, where=lambda widget: getattr(widget, "spec", None) is not None)


def visible(widget: w.Widget) -> bool:
    """Whether the widget is shown (not laid out with `display: none`)."""
    return getattr(getattr(widget, "layout", None), "display", None) != "none"


def text(widget: w.Widget) -> str:
    """The words a learner sees (hidden widgets left out): every Label's and HTML's value."""
    if widget is None:  # found nowhere: its words are not "", or a test that it lacks some passes
        raise LookupError("no such widget on the page to read")
    if not visible(widget):
        return ""
    found = []
    if isinstance(widget, w.Label | w.HTML):
        found.append(widget.value)
    for child in getattr(widget, "children", ()):
        found.append(text(child))
    return " ".join(found)


def lines(widget: w.Widget) -> list[str]:
    """The text of every Label and HTML widget (hidden ones too); a plain line, as `plain()`
    writes it, as the learner reads it."""
    if widget is None:
        raise LookupError("no such widget on the page to read")
    found = []
    if isinstance(widget, w.Label | w.HTML):
        plain = re.fullmatch(r'<div class="mk-plain">(.*)</div>', widget.value, re.DOTALL)
        found.append(html.unescape(plain.group(1)) if plain else widget.value)
    for child in getattr(widget, "children", ()):
        found.extend(lines(child))
    return found
