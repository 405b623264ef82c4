"""The journal: every entry newest first; search, open, edit, history, delete with undo, trash."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import ipywidgets as w

from mentorkit.apps.base import StoreView
from mentorkit.cohort.proposals import own_view
from mentorkit.course.catalogue import course_label, course_title
from mentorkit.errors import DateRangeProblem, MentorkitError
from mentorkit.look import heading, plain, status_html
from mentorkit.page import when_requested
from mentorkit.records import KINDS, Record, kind_of
from mentorkit.render import changes_html, names_in, record_html
from mentorkit.widgets import DATE_HINT
from mentorkit.wording import count

#: Kinds a learner keeps in the journal (course bookkeeping stays out of it).
JOURNAL_KINDS = tuple(k for k in KINDS.values() if not k.bookkeeping)
LIMIT = 100


def _reflection(record: Record) -> list[w.Widget]:
    """For a reflection, a gentle note on which stages of each model it covers (Gibbs'
    cycle and Kolb's, as the check beside the form offers)."""
    from mentorkit.course.reflection import MODEL_NAMES, applies_to, record_prompt

    if not applies_to(record):
        return []
    return [
        plain(f"Reflection check ({name}): {record_prompt(record, model)}")
        for model, name in MODEL_NAMES.items()
    ]


def _day(typed: str | date | None, which: str) -> date | None:
    """A filter's date from what was typed in it, or a message naming the box."""
    from mentorkit.records import parse_date

    if isinstance(typed, date) or not (typed or "").strip():
        return typed or None
    try:
        return parse_date(typed)
    except ValueError as exc:
        raise DateRangeProblem(f"{which}: {exc}") from None


class Journal(StoreView):
    """Browse, search and look after every entry. Methods mirror the buttons, for tests."""

    def __init__(self, kinds: Sequence[str | type[Record]] | None = None, store: Any = None):
        self.kinds = tuple(kind_of(k) for k in kinds) if kinds else JOURNAL_KINDS
        self.kind = w.Dropdown(
            description="Kind", options=[("All kinds", None), *((k.title, k) for k in self.kinds)]
        )
        self.search = w.Text(description="Search", placeholder="words to find",
                             continuous_update=False)  # fmt: skip
        self.since = w.Text(description="From", placeholder=DATE_HINT, continuous_update=False)
        self.until = w.Text(description="To", placeholder=DATE_HINT, continuous_update=False)
        self.tag = w.Text(description="Tag", continuous_update=False)
        self.trash_button = w.Button(description="Show trash", icon="trash")
        self.undo_button = w.Button(description="Undo", layout=w.Layout(display="none"))
        self.trash_button.on_click(lambda _: self.toggle_trash())
        self.undo_button.on_click(lambda _: self.undo())
        self.listing = w.VBox()
        self.detail = w.VBox()
        self.showing_trash = False
        self._deleted: str | None = None
        for control in (self.kind, self.search, self.since, self.until, self.tag):
            control.observe(lambda _: self.refresh(), names="value")
        filters = w.VBox([w.HBox([self.kind, self.search]), w.HBox([self.since, self.until]),
                          w.HBox([self.tag, self.trash_button])])  # fmt: skip
        super().__init__([filters, self.undo_button, self.listing, self.detail], store)
        when_requested(self.refresh)

    # listing -----------------------------------------------------------------

    def entries(self) -> list[Record]:
        """The entries the filters select, newest first."""
        if self.showing_trash:
            return [r for r in self.store.trash() if type(r) in self.kinds]
        tags = [self.tag.value.strip()] if self.tag.value.strip() else None
        since, until = self.dates()
        found = self.store.find(
            self.kind.value, text=self.search.value or None, since=since, until=until, tags=tags
        )
        if titled := self._by_course_title(since, until, tags, {r.id for r in found}):
            found = sorted([*found, *titled], key=lambda r: (r.when, r.created), reverse=True)
        return [r for r in own_view(self.store, found) if type(r) in self.kinds]

    def _by_course_title(self, since, until, tags, have: set[str]) -> list[Record]:
        """Course answers whose topic and activity titles hold every word searched for:
        they are saved under the topic's key, so the search index does not hold its title."""
        words = [word.casefold() for word in self.search.value.split()]
        chosen = self.kind.value
        kinds = [k for k in self.kinds if k.course_keys and chosen in (None, k)]
        if not words or not kinds:
            return []
        extra = []
        for kind in kinds:
            for record in self.store.find(kind, since=since, until=until, tags=tags):
                topic = getattr(record, record.course_keys[0])
                title = f"{course_label(topic)} {course_title(record)}".casefold()
                if record.id not in have and all(word in title for word in words):
                    extra.append(record)
        return extra

    def dates(self) -> tuple[date | None, date | None]:
        """The From and To filters as dates, or DateRangeProblem saying which is wrong."""
        since, until = _day(self.since.value, "From"), _day(self.until.value, "To")
        if since and until and since > until:
            raise DateRangeProblem(
                f"The From date ({since:%-d %B %Y}) is after the To date ({until:%-d %B %Y}): "
                "swap them to see the entries between the two."
            )
        return since, until

    def refresh(self) -> None:
        title = "Trash" if self.showing_trash else "Your entries"
        try:
            if not self.showing_trash:  # the filters choose from the journal, not the trash
                self.dates()
        except DateRangeProblem as problem:  # said by the list, where the learner is looking
            self.listing.children = [heading(title), w.HTML(status_html(str(problem), ok=False))]
            return
        records = self.attempt(self.entries)
        if records is None:
            return
        editing = self._being_edited()
        rows = [self._row(r, r.id in editing) for r in records[:LIMIT]]
        notes = []
        if not records:
            empty = "No entries match. Try fewer words or a wider date range."
            notes.append(w.Label("Nothing in the trash." if self.showing_trash else empty))
        elif self.showing_trash:
            notes.append(w.Label("Every entry in the trash, newest first: the filters above "
                                 "choose from the journal, not the trash."))  # fmt: skip
        elif len(records) > LIMIT:
            notes.append(w.Label(f"Showing the newest {LIMIT} of {len(records)}: narrow the "
                                 "search to see older ones."))  # fmt: skip
        self.listing.children = [heading(title), *notes, *rows]

    def _being_edited(self) -> set[str]:
        """The entries with changes typed in Edit but not yet saved (kept as drafts)."""
        try:
            return {key.rsplit(":", 1)[1] for key in self.store.drafts.keys("form:")}
        except MentorkitError:
            return set()

    def _row(self, record: Record, edited: bool = False) -> w.Widget:
        unsaved = "✎ unsaved changes · " if edited else ""
        parts = [f"{record.when:%-d %b %Y}", record.title, record.excerpt(70)]
        label = plain(unsaved + " · ".join(part for part in parts if part))
        if self.showing_trash:
            button = w.Button(description="Restore", icon="undo")
            button.on_click(lambda _, rid=record.id: self.restore(rid))
        else:
            button = w.Button(description="Open", icon="folder-open")
            button.on_click(lambda _, rid=record.id: self.open_entry(rid))
        button.tooltip = f"{record.title} of {record.when:%-d %B %Y}"
        return w.HBox([button, label])

    def toggle_trash(self) -> None:
        self.showing_trash = not self.showing_trash
        self.trash_button.description = "Back to journal" if self.showing_trash else "Show trash"
        self.trash_button.icon = "arrow-left" if self.showing_trash else "trash"
        self.detail.children = []
        self.refresh()

    # one entry ---------------------------------------------------------------

    def open_entry(self, record_id: str) -> None:
        record = self.attempt(self.store.get, record_id)
        if record is None:
            return
        actions = []
        choices = [
            ("Edit", "pencil", self.edit), ("History", "history", self.history),
            ("Delete", "trash", self.delete), ("Close", "times", self.close_entry),
        ]  # fmt: skip
        notes = []
        if record.owner != self.store.owner:  # a partner's, shared: theirs to change
            choices = [choices[1], choices[3]]
            notes.append(w.HTML(status_html(
                f"Written by {self._writer(record.owner)}, who shares it with you: you can "
                "read it, and only they can change it.", ok=None,
            )))  # fmt: skip
        elif record.cohort_step and self._in_cohort():  # a step of the proposals' story
            # Shown to read, as its page keeps the story (an edit here could undo a sign-off);
            # the kind says where the step is changed, if it can be.
            choices = [choices[1], choices[3]]
            notes.append(w.HTML(status_html(record.cohort_step, ok=None)))
        elif record.course_keys:  # its boxes hold course keys: change it in its topic
            choices = choices[1:]
            where = course_label(getattr(record, record.course_keys[0]))
            notes.append(w.HTML(status_html(f"To change these answers, open {where}.", ok=None)))
        for text, icon, handler in choices:
            button = w.Button(description=text, icon=icon)
            button.on_click(lambda _, h=handler, rid=record_id: h(rid))
            actions.append(button)
        body = w.HTML(record_html(self._seen([record])[0], names_in(self.store)))
        title = f"{record.title} · {record.when:%-d %B %Y} · revision {record.revision}"
        editable = any(text == "Edit" for text, *_ in choices)
        if editable and record_id in self._being_edited():  # else its own page offers them
            notes.append(w.HTML(status_html(
                "You were editing this entry and have changes not yet saved. Press Edit to "
                "carry on where you left off.", ok=None,
            )))  # fmt: skip
        self.detail.children = [heading(title), *notes, body, *_reflection(record),
                                w.HBox(actions)]  # fmt: skip

    def _seen(self, records: list[Record]) -> list[Record]:
        """Entries as this learner sees them: a partner's partnership turned their way."""
        from mentorkit.cohort.proposals import seen_by

        try:
            return seen_by(self.store, records)
        except MentorkitError:  # the names could not be read: the entries as written
            return records

    def _in_cohort(self) -> bool:
        from mentorkit.cohort.proposals import in_cohort

        return in_cohort(self.store)

    def _writer(self, owner: str) -> str:
        """A partner as the cohort knows them (their profile's name), else their login."""
        from mentorkit.cohort.proposals import in_cohort, who

        try:
            return who(self.store, owner) if in_cohort(self.store) else owner
        except MentorkitError:
            return owner

    def edit(self, record_id: str) -> None:
        from mentorkit.forms import Form

        record = self.attempt(self.store.get, record_id)
        if record is None:
            return
        editor = Form(type(record), self.store, record=record, show_entries=False)
        editor.saved_callbacks.append(lambda saved: self._edited(editor, saved))
        back = w.Button(description="Cancel editing")
        back.on_click(lambda _: self.cancel_edit(editor))
        self.detail.children = [heading(f"Editing: {record.title}"), editor, back]

    def _edited(self, editor: Any, saved: Record) -> None:
        """Back to the entry, saying what the Save did (the editor, and its message, go)."""
        self.refresh()
        self.open_entry(saved.id)
        message, ok = editor.said
        self.say(message, ok=bool(ok))

    def cancel_edit(self, editor: Any) -> None:
        """Leave the entry as it was saved; the changes typed can still be brought back."""
        editor.discard_draft()
        self.open_entry(editor.record.id)
        self.refresh()
        self.say("Editing cancelled: the entry is as it was last saved.", ok=True)

    def history(self, record_id: str) -> None:
        revisions = self.attempt(self.store.history, record_id)
        if not revisions:
            return
        revisions = self._seen(revisions)
        names = names_in(self.store)
        order = ", oldest first" if len(revisions) > 1 else ""
        parts = [heading(f"History: {count(len(revisions), 'revision')}{order}")]
        for before, after in zip([None, *revisions], revisions, strict=False):
            saved = f"Revision {after.revision}, saved {after.updated.astimezone():%-d %b %Y %H:%M}"
            body = "<p>First saved.</p>" if before is None else changes_html(before, after, names)
            parts.append(w.HTML(f"<div class='mk-card'><strong>{saved}</strong>{body}</div>"))
        back = w.Button(description="Back to the entry")
        back.on_click(lambda _: self.open_entry(record_id))
        self.detail.children = [*parts, back]

    def close_entry(self, _record_id: str | None = None) -> None:
        self.detail.children = []

    # delete, undo, restore ---------------------------------------------------

    def delete(self, record_id: str) -> None:
        record = self.attempt(self.store.delete, record_id)
        if record is None:
            return
        self._deleted = record_id
        self.detail.children = []
        self.refresh()
        self.undo_button.layout.display = None
        self.say(f"Moved to the trash: {record.title} of {record.when:%-d %B %Y}. "
                 "Press Undo to bring it back.", ok=True)  # fmt: skip

    def undo(self) -> None:
        if self._deleted:
            self.restore(self._deleted)

    def restore(self, record_id: str) -> None:
        record = self.attempt(self.store.restore, record_id)
        if record is None:
            return
        self._deleted = None
        self.undo_button.layout.display = "none"
        self.refresh()
        self.say(f"Restored: {record.title} of {record.when:%-d %B %Y}.", ok=True)


def journal(kinds: Sequence[Any] | None = None, store: Any = None) -> Journal:
    """Every entry, newest first: filter, search, open, edit, history, delete with undo."""
    return Journal(kinds, store)
