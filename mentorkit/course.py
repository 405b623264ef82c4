"""The course side: the landing page's glance at the learner's progress."""

from __future__ import annotations

import ipywidgets as w

from mentorkit.errors import MentorkitError
from mentorkit.records import KINDS

__all__ = ["welcome"]


def progress_lines(store) -> list[str]:
    """One plain sentence per kind the learner has saved, e.g. `Learning log entries: 3`."""
    lines = []
    for kind in KINDS.values():
        saved = store.find(kind, limit=1)
        if saved:
            count = len(store.find(kind))
            lines.append(f"{kind.title}: {count} saved, the latest dated {saved[0].when:%-d %B %Y}")
    return lines or ["Nothing saved yet. The learning log is a good place to begin."]


def welcome(store=None) -> w.VBox:
    """A short, plain-text summary of what the learner has saved so far."""
    heading = w.HTML("<h2>Where you are</h2>")
    try:
        if store is None:
            from mentorkit.store import Store

            store = Store.open()
        lines = progress_lines(store)
    except MentorkitError as exc:
        lines = [str(exc)]
    return w.VBox([heading, *(w.Label(line) for line in lines)])
