"""Drafts: what a learner types is kept as it is typed, so a reload or a crash loses nothing.

A view that keeps drafts (a form, an activity, a cohort page) says what its draft is; this
module keeps it once typing pauses, and at the kernel's exit if it is still waiting. A form
also offers its draft back when it opens, with Discard draft and an undo (`OffersDrafts`).
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import weakref
from typing import Any

from mentorkit.errors import MentorkitError
from mentorkit.look import status_html
from mentorkit.page import kernel_loop
from mentorkit.records import is_empty

log = logging.getLogger(__name__)

#: Seconds of quiet before what is being typed is kept as a draft.
DRAFT_DELAY = 0.5

#: Forms with typing not yet kept as a draft: kept when the kernel shuts down, as Voilà
#: shuts it down when the page is reloaded or closed (the words typed in the last moment
#: before a reload were lost while their draft waited for a pause).
_WAITING: weakref.WeakSet[KeepsDrafts] = weakref.WeakSet()


@atexit.register
def _keep_waiting_drafts() -> None:
    for waiting in list(_WAITING):
        waiting.keep_draft()


def untouched(typed: dict[str, Any], start: dict[str, Any]) -> bool:
    """Whether what is typed is what the view opened with (each name of `start`), leaving
    aside what holds nothing: an empty row added, an unticked box, a blank line."""
    return all(_bare(typed.get(name)) == _bare(value) for name, value in start.items())


def _blank(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_blank(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(_blank(v) for v in value)
    return value is False or is_empty(value)


def _bare(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [v for v in value if not _blank(v)]
    return None if _blank(value) else value


class KeepsDrafts:
    """A view whose typing is kept as a draft once it pauses (at once outside a kernel, and
    at the kernel's exit if it is still waiting). The view says what a draft is: its
    `store`, its `draft_key` and its `draft_values()`."""

    _pending: asyncio.TimerHandle | None = None
    store: Any
    draft_key: str

    def draft_values(self) -> dict[str, Any]:
        """What is typed and not saved; empty when there is nothing to keep."""
        raise NotImplementedError

    def keep_draft(self) -> None:
        """Keep what is typed but not saved, so a reload does not lose it; with nothing
        typed, let go of an earlier draft."""
        self._cancel_pending()
        try:
            if values := self.draft_values():
                self.store.drafts.save(self.draft_key, values)
            elif self.store.drafts.get(self.draft_key) is not None:
                self.store.drafts.discard(self.draft_key)
        except (MentorkitError, TypeError, ValueError):
            log.warning("could not keep a draft of %s", self.draft_key, exc_info=True)

    def _draft_later(self) -> None:
        self._cancel_pending()
        loop = kernel_loop()  # it delays drafts until typing pauses
        if loop is None:  # not in a kernel (a script or a test): keep the draft at once
            self.keep_draft()
            return
        self._pending = loop.call_later(DRAFT_DELAY, self.keep_draft)
        _WAITING.add(self)

    def _cancel_pending(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        _WAITING.discard(self)


class OffersDrafts(KeepsDrafts):
    """A view that, when it opens, brings back the draft left last time and says so, with a
    button to discard it (and to undo that, until the learner types or saves again).

    The view has a `notice` line at its top and a `discard_button`; it fills its boxes with
    `_fill(values)`, says how things went with `_say(message, ok=...)`, and knows its
    `saved_values()` (None for a new entry)."""

    _discarded: dict[str, Any] | None = None  # a discarded draft, until undone

    def saved_values(self) -> dict[str, Any] | None:
        raise NotImplementedError

    def _offer_draft(self) -> None:
        try:
            draft = self.store.drafts.get(self.draft_key)
        except MentorkitError as exc:
            self._say(str(exc), ok=False)
            return
        if not draft:
            return
        try:
            self._fill(draft)
        except Exception:  # a draft from an older form shape: offer nothing, lose nothing saved
            log.warning("ignoring an unreadable draft %s", self.draft_key, exc_info=True)
            self._fill(self.saved_values())
            return
        if not self.draft_values():  # a draft of nothing (an older release kept them)
            self._fill(self.saved_values())
            self.keep_draft()  # which lets it go
            return
        self.discard_button.layout.display = None
        draft_kept = (
            "We kept what you were typing last time; it is below, not yet saved. "
            "Press Save to keep it, or Discard draft to start again."
        )
        self.notice.value = status_html(draft_kept, ok=None)  # at the top, where one looks
        self._say("Not saved yet: this is your draft from last time.", ok=None)

    def _discard_or_undo(self) -> None:
        if self._discarded is None:
            self.discard_draft()
        else:
            self.undo_discard()

    def discard_draft(self) -> None:
        """Put the form back as it was saved; the button then offers to undo that."""
        discarded = self.draft_values()
        try:
            self.store.drafts.discard(self.draft_key)
        except MentorkitError as exc:
            self._say(str(exc), ok=False)
            return
        self._fill(self.saved_values())
        self._discarded = discarded
        self.discard_button.description = "Undo discard"
        self._say("Draft discarded. Changed your mind? Press Undo discard.", ok=True)

    def undo_discard(self) -> None:
        """Bring back the draft just discarded, and keep it as a draft again."""
        if self._discarded is None:
            return
        self._fill(self._discarded)
        self.keep_draft()
        self._discarded = None
        self.discard_button.description = "Discard draft"
        self._say("Your draft is back, not yet saved. Press Save to keep it.", ok=True)

    def _forget_discarded(self) -> None:
        """Once the learner types or saves again, the discarded draft has had its chance."""
        if self._discarded is not None:
            self._discarded = None
            self.discard_button.description = "Discard draft"
            self.discard_button.layout.display = "none"
