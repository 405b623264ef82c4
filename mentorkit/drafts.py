"""Drafts: what a learner types is kept as it is typed, so a reload or a crash loses nothing.

A view that keeps drafts (a form, an activity, a cohort page) says what its draft is; this
module keeps it once typing pauses, and at the kernel's exit if it is still waiting.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import weakref
from typing import Any

from mentorkit.errors import MentorkitError
from mentorkit.page import kernel_loop

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
