"""The entries saved with a form, listed under it newest first: each one a button that
opens it in the form above, to read it or change it."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from mentorkit.look import lean, shared_layout
from mentorkit.records import Record

HEADING = "<h2>Your saved entries</h2>"


class SavedEntries(w.VBox):
    """The saved entries under a form; pressing one calls `opened` with its id.

    Each entry is one lean button (its layout and style shared), so twenty entries are
    twenty small models rather than sixty.
    """

    def __init__(self, opened: Callable[[str], None]):
        self._opened = opened
        self.heading = lean(w.HTML, value=HEADING)
        self.buttons: list[w.Button] = []
        super().__init__([self.heading], layout=shared_layout(), _dom_classes=["mk-entries"])

    def show(self, records: list[Record]) -> None:
        """List these entries (newest first), or say there are none yet."""
        for button in self.buttons:
            button.close()  # the browser lets go of the old list's models
        self.buttons = [self._button(record) for record in records]
        self.heading.value = HEADING if records else f"{HEADING}<p>Nothing saved yet.</p>"
        self.children = [self.heading, *self.buttons]

    def _button(self, record: Record) -> w.Button:
        button = lean(w.Button, description=record.line(80), icon="pencil",
                      tooltip=f"Open this {record.title.lower()} in the form above")  # fmt: skip
        button.on_click(lambda _, record_id=record.id: self._opened(record_id))
        return button

    @property
    def lines(self) -> list[str]:
        """The entries as listed, newest first."""
        return [button.description for button in self.buttons]
