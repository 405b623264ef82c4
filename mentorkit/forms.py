"""The form for one record kind: generated from its fields, saved to the store.

Nothing typed is lost: a problem is named next to its field with every word kept, and
what is typed but not yet saved is kept as a draft, offered back after a reload.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from datetime import date, datetime
from typing import Any

import ipywidgets as w

from mentorkit.cohort.proposals import own_view
from mentorkit.drafts import OffersDrafts, untouched
from mentorkit.entries import SavedEntries
from mentorkit.errors import MentorkitError, ValidationProblem
from mentorkit.look import lean, status_html, style
from mentorkit.page import kernel_loop, open_store, when_requested
from mentorkit.records import FieldSpec, Record, envelope, is_empty, kind_of, parse_tags
from mentorkit.store import form_draft
from mentorkit.widgets import Field, RowsField, make_field

log = logging.getLogger(__name__)

#: Seconds of quiet in the boxes before a Save clicked in the page is carried out, and the
#: most it waits. A box sends its next update only once the kernel has taken the previous
#: one, while a click goes at once: a Save pressed straight after typing reaches the kernel
#: before the last words typed, which follow within a round trip.
SAVE_QUIET = 0.3
SAVE_WAIT_MOST = 3.0


#: The envelope's tags, typed in one box with commas; and in a cohort, for an entry both
#: partners read (a session record, feedback), the partnership it is saved in.
TAGS = dataclasses.replace(envelope.BY_NAME["tags"], type="text")
SHARED = envelope.BY_NAME["partnership"]


def _hidden() -> w.Layout:
    """A layout of its own, hidden until shown (so not a shared one)."""
    return w.Layout(display="none")


def link_choices(store: Any, spec: FieldSpec) -> list[tuple[str, str]]:
    """The learner's own records a link field may point to, newest first."""
    kind = kind_of(spec.link)
    return [(r.line(), r.id) for r in store.find(kind, limit=200)]


class Form(OffersDrafts, w.VBox):
    """A form for one record kind: fill it in, Save, see when it was saved.

    Works without a browser: set `fields[name].value`, call `save()`, read `status`.
    Give `record=` to edit a saved record: Save then keeps a new revision. With `one_entry`
    the form keeps one record (a profile, an agreement), so it offers no New entry.
    """

    def __init__(
        self, kind: type[Record], store: Any = None, *, record: Record | None = None,
        show_entries: bool = True, one_entry: bool = False, **preset: Any,
    ):  # fmt: skip
        self.kind = kind
        self._store = store
        self.preset = preset
        self.record = record
        self.show_entries = show_entries
        self.one_entry = one_entry
        self.saved_callbacks: list = []  # each called with the saved record
        self._loading = True
        self._saving: asyncio.TimerHandle | None = None
        self._save_by = 0.0  # the loop time a waiting Save is carried out by, at the latest
        self._discarded: dict[str, Any] | None = None  # a discarded draft, until undone
        self.status = lean(w.HTML)
        self.said: tuple[str, bool | None] = ("", None)
        self.notice = lean(w.HTML)  # above the form: a draft brought back
        self.fields = {s.name: make_field(s, self._choices, fill=False) for s in kind.specs()}
        self.tags = make_field(TAGS)
        self.shared = make_field(SHARED, self._choices, fill=False)
        self.shared.layout = _hidden()  # shown in a cohort, for a kind partners share
        self.save_button = lean(w.Button, description="Save", button_style="primary", icon="check")
        self.new_button = lean(w.Button, description="New entry", layout=_hidden())
        self.discard_button = lean(w.Button, description="Discard draft", layout=_hidden())
        self.save_button.on_click(lambda _: self.save_when_typed())
        self.new_button.on_click(lambda _: self.new_entry())
        self.discard_button.on_click(lambda _: self._discard_or_undo())
        self.extra = lean(w.VBox)  # what a saved entry offers (its files), changed on Save
        self.tools = lean(w.VBox)  # what a page adds beside the form, kept through it all
        self.entries = SavedEntries(self.edit_entry)
        for f in [*self.fields.values(), self.tags, self.shared]:
            f.on_change(self._changed)
        buttons = lean(w.HBox, children=[self.save_button, self.new_button, self.discard_button])
        inputs = [self.notice, self.shared, *self.fields.values(), self.tags, buttons, self.status]
        parts = [style(), *inputs, self.extra, self.tools, self.entries]
        super().__init__(parts, _dom_classes=["mk-form"])
        when_requested(self._open)

    def _open(self) -> None:
        """Fill in what depends on the moment the page is opened, not when it was built:
        the records a link may point to, today's date, the draft, and the saved entries."""
        for f in self.fields.values():
            if isinstance(f, Field) and f.box.links:
                f.set_choices(self._choices(f.spec))
        if self._shares():
            choices = self._choices(SHARED)
            # a saved entry outside any partnership is in a group of its own: only its writer
            current = (self.record.partnership or self.record.id) if self.record else None
            if current and current not in {value for _, value in choices}:  # not open now
                gone = "Only you" if current == self.record.id else "A partnership signed off"
                choices.append((gone, current))
            self.shared.set_choices(choices)
            self.shared.input.disabled = self.record is not None  # saved in it for good
            self.shared.layout.display = None
        early = self._typed_before_opening()
        self._fill(self.record.content() if self.record else None)
        self._offer_draft()
        if early:  # on top of what opened: the words are the learner's latest
            self._fill({**self.values(), TAGS.name: self.tags.value, **early})
        self._loading = False
        if early:
            self._draft_later()
        if self.show_entries:
            self.refresh_entries()

    def _typed_before_opening(self) -> dict[str, Any]:
        """What the learner typed into the boxes before the page was opened for them.

        A preheated kernel's form is on screen a moment before Voilà's request reaches the
        kernel, and the boxes start empty, so anything in them now was typed: filling in
        what opens (today's date, a draft) must not wipe it."""
        typed = {n: f.value for n, f in self.fields.items() if not is_empty(f.value)}
        if self.tags.value:
            typed[TAGS.name] = self.tags.value
        return typed

    # the store ---------------------------------------------------------------

    @property
    def store(self) -> Any:
        self._store = open_store(self._store)
        return self._store

    def _choices(self, spec: FieldSpec) -> list[tuple[str, str]]:
        try:
            if spec is SHARED:
                from mentorkit.cohort.proposals import sharing_choices

                return sharing_choices(self.store)
            return link_choices(self.store, spec)
        except MentorkitError:
            return []

    def _shares(self) -> bool:
        """Whether an entry of this kind is saved in a partnership: a kind partners read
        (not a step of the proposal story, which places its own), in a cohort's store."""
        from mentorkit.cohort.proposals import in_cohort

        return (
            self.kind.audience == "partner"
            and not self.kind.cohort_step
            and (in_cohort(self.store))
        )

    @property
    def draft_key(self) -> str:
        return form_draft(self.kind.kind, self.record.id if self.record else None)

    # values ------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """What is in the form now, shaped for the record kind (and, for a new entry in a
        cohort, the partnership it is shared in)."""
        values = {name: f.value for name, f in self.fields.items()}
        if self.record is None and self._sharing_shown:
            values[SHARED.name] = self.shared.value
        return values

    @property
    def _sharing_shown(self) -> bool:
        """Whether the form offers a partnership (decided once, when the page opens)."""
        return self.shared.layout.display is None

    def typed_tags(self) -> list[str]:
        """The tags in the Tags box, or ValidationProblem naming what is wrong with them."""
        try:
            return parse_tags(self.tags.value)
        except ValueError as exc:
            raise ValidationProblem({TAGS.name: str(exc)}, {TAGS.name: TAGS.label}) from None

    def _fill(self, values: dict[str, Any] | None) -> None:
        loading, self._loading = self._loading, True
        for name, f in self.fields.items():
            f.show_error(None)
            if values is not None:
                f.value = values.get(name)
            else:
                f.value = self.preset.get(name, self._default(f.spec))
        self.tags.show_error(None)
        saved_tags = ", ".join(self.record.tags) if self.record else ""
        self.tags.value = (values or {}).get(TAGS.name, saved_tags)
        self.shared.value = self._sharing(values)
        self._loading = loading

    def _sharing(self, values: dict[str, Any] | None) -> str | None:
        """The partnership shown: the entry's own; a draft's; else the newest one open."""
        if self.record is not None:
            return (self.record.partnership or self.record.id) if self._sharing_shown else None
        if values is not None and values.get(SHARED.name):
            return values[SHARED.name]
        open_ones = [v for _, v in self.shared.input.options if v is not None]
        return open_ones[0] if open_ones else None

    @staticmethod
    def _default(spec: FieldSpec) -> Any:
        if spec.type == "date" and spec.required:  # a new entry is most often about today
            return date.today()
        return spec.field_type.empty()

    # saving ------------------------------------------------------------------

    def save(self) -> Record | None:
        """Check and save what is in the form; on a problem, say where and keep every word."""
        self._cancel_pending()
        for f in [*self.fields.values(), self.tags]:
            f.show_error(None)
        try:
            saved = self._save({**self.preset, **self.values()}, self._checked_tags())
        except ValidationProblem as problem:
            self._show_problems(problem)
            return None
        except MentorkitError as exc:
            self._say(str(exc), ok=False)
            return None
        except Exception:  # a learner must never see a traceback
            log.exception("saving a %s failed", self.kind.kind)
            self._say(
                "Something went wrong and this was not saved. Everything you typed is still "
                "here: copy anything long somewhere safe, then try Save again.",
                ok=False,
            )
            return None
        self._after_save(saved)
        return saved

    def save_when_typed(self) -> None:
        """Save once the boxes have been quiet for a moment (at once outside a kernel).

        Clicking Save again while it waits saves once; typing while it waits is saved too.
        """
        loop = kernel_loop()
        if loop is None:
            self.save()
            return
        if self._saving is None:
            self._save_by = loop.time() + SAVE_WAIT_MOST
            self._say("Saving…", ok=None)
        self._wait_to_save(loop)

    def _wait_to_save(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._saving is not None:
            self._saving.cancel()
        delay = max(0.0, min(SAVE_QUIET, self._save_by - loop.time()))
        self._saving = loop.call_later(delay, self._save_now)

    def _save_now(self) -> None:
        self._saving = None
        self.save()

    def _checked_tags(self) -> list[str]:
        """The tags, checked with the rest: a problem in both is named in both places."""
        from mentorkit.records import validate

        try:
            return self.typed_tags()
        except ValidationProblem as tags_problem:
            try:
                validate(self.kind, {**self.preset, **self.values()})
            except ValidationProblem as problem:
                merged = {**problem.problems, **tags_problem.problems}
                raise ValidationProblem(merged, problem.labels, problem.rows) from None
            raise

    def _save(self, content: dict[str, Any], tags: list[str]) -> Record:
        from mentorkit.records import validate

        if self.record is None:
            return self.store.add(validate(self.kind, content), tags=tags)
        return self.store.update(self.record.id, **content, tags=tags)

    def _after_save(self, saved: Record) -> None:
        old_key = self.draft_key
        unchanged = self.record is not None and saved.revision == self.record.revision
        self.record = saved
        for key in {old_key, self.draft_key}:
            try:
                self.store.drafts.discard(key)
            except MentorkitError:
                pass  # the entry is saved; a stale draft only costs an offer later
        self._forget_discarded()
        self.discard_button.layout.display = "none"
        if unchanged:
            when = (saved.updated or saved.created or datetime.now()).astimezone()
            self._say(f"Nothing has changed since you saved this at {when:%H:%M}.", ok=True)
        else:
            self._say(f"Saved at {datetime.now():%H:%M}.", ok=True)
        if not self.one_entry:
            self.new_button.layout.display = None
        from mentorkit.downloads import downloads_for

        self.extra.children = downloads_for(saved)
        if self.show_entries:
            self.refresh_entries()
        for callback in self.saved_callbacks:
            callback(saved)

    def new_entry(self) -> None:
        """Start a fresh, empty entry (the saved one stays saved)."""
        self.record = None
        self._fill(None)
        self.status.value = self.notice.value = ""
        self.extra.children = []
        self.new_button.layout.display = "none"
        self.shared.input.disabled = False
        self._offer_draft()  # a new entry begun before an entry was opened

    def edit_entry(self, record_id: str) -> None:
        """Open a saved entry in the form to change it (Save keeps a new revision); what
        was typed in the form before is kept as its draft."""
        self.keep_draft()
        try:
            record = self.store.get(record_id)
        except MentorkitError as exc:
            self._say(str(exc), ok=False)
            return
        self.record, self._loading, self.notice.value = record, True, ""
        self._forget_discarded()
        self.discard_button.layout.display = "none"
        self.shared.input.disabled = True  # an entry stays in the partnership it was saved in
        self._fill(self.saved_values())
        self._offer_draft()
        self._loading = False
        self.new_button.layout.display = "none" if self.one_entry else None
        from mentorkit.downloads import downloads_for

        self.extra.children = downloads_for(record)
        if not self.notice.value:
            self._say(f"Your entry of {record.when:%-d %B %Y}, opened to change: press Save "
                      "to keep a new version, or New entry to start another.", ok=None)  # fmt: skip
        next(iter(self.fields.values())).focus()

    # drafts ------------------------------------------------------------------

    def _changed(self) -> None:
        if self._loading:
            return
        self._forget_discarded()
        loop = kernel_loop()
        if self._saving is not None and loop is not None:
            self._wait_to_save(loop)  # the words a waiting Save was pressed after
        self._draft_later()

    def draft_values(self) -> dict[str, Any]:
        """What is typed, or nothing while the form holds only what it opened with (today's
        date, an empty row added): leaving such a form keeps no draft of nothing."""
        typed = {**self.values(), TAGS.name: self.tags.value}
        if self.record is None:
            start = {n: self.preset.get(n, self._default(f.spec)) for n, f in self.fields.items()}
        else:
            start = self.record.model_dump(include=self.kind.spec_names())
        start[TAGS.name] = ", ".join(self.record.tags) if self.record else ""
        return {} if untouched(typed, start) else typed

    def saved_values(self) -> dict[str, Any] | None:
        return self.record.content() if self.record else None

    # listing and messages ----------------------------------------------------

    def refresh_entries(self) -> None:
        """List the learner's saved entries of this kind below the form, newest first."""
        try:
            saved = own_view(self.store, self.store.find(self.kind, limit=20))
        except MentorkitError as exc:
            self._say(str(exc), ok=False)
            return
        self.entries.show(saved)

    def _show_problems(self, problem: ValidationProblem) -> None:
        boxes = {**self.fields, TAGS.name: self.tags}
        wrong = [box for name, box in boxes.items() if name in problem.problems]
        for name, message in problem.problems.items():
            if name in boxes:
                boxes[name].show_error(message, problem.rows.get(name))
        if wrong:  # the browser takes the learner there, and a screen reader reads it
            wrong[0].focus(first_problem=True)
        count = len(problem.problems)
        self._say(
            f"Not saved yet: {count} {'box needs' if count == 1 else 'boxes need'} your "
            "attention (each marked ⚠, the first now has the cursor). Everything you typed is "
            "still here.",
            ok=False,
        )

    def _say(self, message: str, *, ok: bool | None) -> None:
        self.said = (message, ok)  # what the status line says now, for a view that wraps this
        self.status.value = status_html(message, ok=ok)
        if ok is not None:  # saved, discarded or refused: the draft note above has had its day
            self.notice.value = ""


def form(kind: str | type[Record], store: Any = None, **preset: Any) -> Form:
    """The form for a record kind, e.g. `form(LearningLogEntry)` or `form("learning-log")`."""
    return Form(kind_of(kind), store, **preset)


__all__ = ["Field", "Form", "RowsField", "form", "link_choices"]
