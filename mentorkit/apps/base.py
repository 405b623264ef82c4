"""What every page's view shares: the store it reads and a status line that never shows a
traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from mentorkit.errors import MentorkitError
from mentorkit.look import status_html, style
from mentorkit.page import UNEXPECTED, open_store, when_requested

log = logging.getLogger(__name__)


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
        try:
            return action(*args)
        except MentorkitError as exc:
            self.say(str(exc), ok=False)
        except Exception:
            log.exception("%s failed", type(self).__name__)
            self.say(UNEXPECTED, ok=False)
        return None


def filled_when_requested(parts: Callable[[], list[w.Widget]]) -> w.Widget:
    """A view whose content is read from the store when the page is opened (see
    `when_requested`: a preheated kernel runs the notebook before that)."""
    view = w.VBox([style()])
    when_requested(lambda: setattr(view, "children", (view.children[0], *parts())))
    return view
