"""My data: everything you keep as one download; one record, or all of them, erased for good;
the backups and exports made of your store deleted. Nothing goes without a confirmation that
names what will go, and in a cohort only your own records do."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as w

from mentorkit.apps.base import StoreView
from mentorkit.cohort.proposals import in_cohort, profiles, seen_by, who
from mentorkit.downloads import download_link
from mentorkit.errors import StoreError
from mentorkit.look import heading, lean, plain, shared_layout, status_html
from mentorkit.page import when_requested
from mentorkit.records import Record
from mentorkit.wording import count

#: Above this, an export is not handed to the browser inside the page.
MAX_LINK_BYTES = 24 * 1024 * 1024
NO_UNDO = "There is no undo: once gone, it cannot be brought back."
CHOOSE = "Choose a record"


def _button(description: str, icon: str = "trash", **traits: Any) -> w.Button:
    """A button as wide as its words (ipywidgets cuts longer words off at 148 px)."""
    return lean(w.Button, description=description, icon=icon,
                layout=traits.pop("layout", shared_layout(width="auto")), **traits)  # fmt: skip


def _named(record: Record) -> str:
    """A record as a confirmation names it: “Session record of 3 December 2026: Meeting…”."""
    return f"“{record.label(60)}”"


def _revisions(number: int) -> str:
    """What goes with a record besides its latest words."""
    return (
        "" if number <= 1 else f" and {'both' if number == 2 else f'all {number}'} of its revisions"
    )


class Confirmation(w.VBox):
    """A question that names what will go, a button that does it and one that does not, and
    below them what happened, where the learner is looking."""

    def __init__(self, yes: str):
        self.question = w.HTML()
        self.yes = _button(yes, button_style="danger")
        self.no = _button("Cancel", icon="")
        self.asking = w.VBox(
            [self.question, w.HBox([self.yes, self.no])],
            layout=w.Layout(display="none"),
            _dom_classes=["mk-confirm"],
        )
        self.said = w.HTML()
        super().__init__([self.asking, self.said])

    def show(self, question: str) -> None:
        self.question.value = status_html(question, ok=None)
        self.said.value = ""
        self.asking.layout.display = None
        self.no.focus()  # the safe choice first: Enter on it keeps everything

    def hide(self) -> None:
        self.asking.layout.display = "none"
        self.question.value = ""


class MyData(StoreView):
    """Download, erase and delete copies. Methods mirror the buttons, for tests: an `ask_…`
    shows its question, and only `confirm()` then does it."""

    def __init__(self, store: Any = None):
        self.prepare_button = _button("Prepare the download", "download")
        self.prepare_button.on_click(lambda _: self.prepare_download())
        self.download = w.HTML()
        self.download_said = w.HTML()
        self.record = w.Dropdown(description="Record", options=[(CHOOSE, None)],
                                 layout=w.Layout(width="36rem", max_width="100%"))  # fmt: skip
        self.erase_button = _button("Erase this record…")
        self.erase_all_button = _button("Erase everything…")
        self.erase_button.on_click(lambda _: self.ask_erase())
        self.erase_all_button.on_click(lambda _: self.ask_erase_all())
        self.keeps = w.HTML()
        self.copies = w.VBox()
        self.delete_all_button = _button("Delete every copy…", layout=w.Layout(width="auto"))
        self.delete_all_button.on_click(lambda _: self.ask_delete_copies())
        self.erasing = Confirmation("Yes, erase for good")
        self.deleting = Confirmation("Yes, delete for good")
        for box in (self.erasing, self.deleting):
            box.yes.on_click(lambda _: self.confirm())
            box.no.on_click(lambda _: self.cancel())
        self._pending: tuple[Confirmation, Callable[[], str]] | None = None
        self._here: w.HTML | None = None  # where the next message goes: beside the last action
        super().__init__(self._parts(), store, _dom_classes=["mk-my-data"])
        when_requested(self.refresh)

    def _parts(self) -> list[w.Widget]:
        return [
            heading("Download everything", 2),
            plain(
                "One zip file with every record you keep, every revision and the trash, as "
                "JSON and as spreadsheet tables."
            ),
            self.prepare_button,
            self.download,
            self.download_said,
            heading("Erase records for good", 2),
            plain(
                "Erasing takes a record, every earlier revision of it, its place in the "
                "search and anything typed into it but not saved. " + NO_UNDO
            ),
            self.keeps,
            w.HBox([self.record, self.erase_button]),
            self.erase_all_button,
            self.erasing,
            heading("Backups and exports made", 2),
            self.copies,
            self.delete_all_button,
            self.deleting,
        ]

    def say(self, message: str, *, ok: bool | None) -> None:
        """Say it beside the part of the page last used (the page's own line before that)."""
        (self._here or self.status).value = status_html(message, ok=ok)

    # what the page shows -----------------------------------------------------

    def refresh(self) -> None:
        """List the learner's own records and the copies made, as they are now."""
        self.attempt(self._refresh)

    def _refresh(self) -> None:
        mine = self._own()
        options = [(f"{r.line(50)} · {r.title}" + (" (in the trash)" if r.deleted else ""), r.id)
                   for r in mine]  # fmt: skip
        self.record.options = [(CHOOSE, None), *options]
        self.record.value = None
        self.erase_all_button.disabled = not mine
        self.keeps.value = self._partners_keep()
        self._list_copies()

    def _own(self) -> list[Record]:
        """Every record this learner wrote, newest first, then their trash."""
        store = self.store
        return [r for r in store.find() if r.owner == store.owner] + store.trash()

    def _path(self) -> Path | None:
        """The store's file; None for a cohort's database."""
        return getattr(self.store, "path", None)

    def _partners_keep(self) -> str:
        """In a cohort, what stays when the learner erases: what their partners wrote."""
        if not in_cohort(self.store):
            return ""
        store = self.store
        theirs = [r for r in store.find() if r.owner != store.owner and r.audience != "cohort"]
        theirs = seen_by(store, theirs)  # a partnership named by the partner, as ever
        words = (
            "In a cohort, only the records you wrote are erased. Records you wrote in a shared "
            "partnership go from your partner's view too."
        )
        if theirs:
            known = profiles(store)
            names = {owner: who(store, owner, known) for owner in {r.owner for r in theirs}}
            listed = "; ".join(f"{r.label(40)}, by {names[r.owner]}" for r in theirs[:10])
            more = f" and {len(theirs) - 10} more" if len(theirs) > 10 else ""
            words += (
                " What your partners wrote and share with you stays theirs and is not touched "
                f"({count(len(theirs), 'record')}): {listed}{more}. To have any of it erased, "
                "ask whoever wrote it."
            )
        return status_html(words, ok=None)

    # download ------------------------------------------------------------------

    def prepare_download(self) -> bytes | None:
        """Make the export zip and offer it as a link in the page; its bytes, for tests."""
        self._here = self.download_said
        self.say("Preparing your download…", ok=None)
        made = self.attempt(self._export)
        if made is None:
            return None
        data, records = made
        name = f"mentorkit-export-{date.today():%Y-%m-%d}.zip"
        if len(data) > MAX_LINK_BYTES:
            instead = ("On your own computer, run: mentorkit export FILE.zip" if self._path()
                       else "Ask your cohort's coordinator for a copy.")  # fmt: skip
            self.say(
                f"Your export is {len(data) / 2**20:.0f} MB, too big to hand to your "
                f"browser from this page. Nothing has been kept. {instead}",
                ok=False,
            )
            return None
        size = f"{len(data) // 1024 + 1} KB"
        self.download.value = download_link(data, name, f"Download everything ({name}, {size})",
                                            "application/zip").value  # fmt: skip
        self.say(
            f"Your download of {count(records, 'record')} is ready. It holds your confidential "
            "records: keep it where only you can open it. This page keeps no copy of it.",
            ok=True,
        )
        return data

    def _export(self) -> tuple[bytes, int]:
        """The export zip's bytes, written privately (0600 in a 0700 folder) and removed."""
        from mentorkit.transfer import export_archive

        with tempfile.TemporaryDirectory(prefix="mentorkit-export-") as folder:
            path = Path(folder) / "export.zip"
            contents = export_archive(self.store, path)
            data = path.read_bytes()
        self._forget_copy(path, delete=False)  # gone with its folder: not a copy to list
        return data, contents.count

    # erasing -------------------------------------------------------------------

    def ask_erase(self, record_id: str | None = None) -> None:
        """Ask before erasing one record (the one chosen in the list, unless given)."""
        self._here = self.erasing.said
        record_id = record_id or self.record.value
        if not record_id:
            self.say("Choose a record in the list first, then press Erase.", ok=False)
            return
        self.attempt(self._ask_erase, record_id)

    def _ask_erase(self, record_id: str) -> None:
        store = self.store
        record = store.get(record_id)
        if record.owner != store.owner:
            self.say(f"{_named(record)} was written by {record.owner}, who shares it with you: "
                     "only they can erase it. Nothing has been erased.", ok=False)  # fmt: skip
            return
        what = _named(record) + _revisions(len(store.history(record_id)))
        self._ask(
            self.erasing,
            f"Erase {what} for good? Its place in the search and any unsaved changes to it "
            f"go too. {NO_UNDO}",
            lambda: self._erase(record_id, what),
        )

    def ask_erase_all(self) -> None:
        """Ask before erasing every record the learner keeps."""
        self._here = self.erasing.said
        self.attempt(self._ask_erase_all)

    def _ask_erase_all(self) -> None:
        mine = len(self._own())
        if not mine:
            self.say("You keep no records here, so there is nothing to erase.", ok=None)
            return
        kept = " Records your partners wrote stay theirs." if in_cohort(self.store) else ""
        self._ask(
            self.erasing,
            f"Erase all {count(mine, 'record')} you keep for good, with every revision, the "
            f"search index and every unsaved draft?{kept} {NO_UNDO}",
            self._erase_all,
        )

    def _erase(self, record_id: str, what: str) -> str:
        self.store.purge(record_id)
        return f"Erased {what} for good. {self._after_erasing()}"

    def _erase_all(self) -> str:
        erased = self.store.purge_all()
        return (f"Erased {count(erased, 'record')} for good, with every revision and draft. "
                f"{self._after_erasing()}")  # fmt: skip

    def _after_erasing(self) -> str:
        """What may still hold erased words: the journal of a store another page has open,
        and the copies made earlier."""
        self.download.value = ""  # a link made earlier holds what was just erased
        notes = []
        path = self._path()
        wal = path.with_name(path.name + "-wal") if path is not None else None
        if wal is not None and wal.exists() and wal.stat().st_size:
            notes.append(
                "Another page has your store open, so erased words may stay in its journal "
                f"({wal.name}) until that page is closed: close your other mentorkit pages."
            )
        left = [c for c in self.store.backups() if c.exists]
        if left:
            notes.append(
                f"The {count(len(left), 'copy', 'copies')} listed under Backups and exports "
                "may still hold what you erased: delete them there too."
            )
        return " ".join(notes)

    # copies --------------------------------------------------------------------

    def _list_copies(self) -> None:
        if self._path() is None:
            self.copies.children = [plain(
                "In a cohort your records live in the cohort's database, which keeps no list "
                "of copies. A download you made is wherever your browser saved it: only you "
                "can delete it there."
            )]  # fmt: skip
            self.delete_all_button.layout.display = "none"
            return
        made = self.store.backups()
        rows = [self._copy_row(c) for c in made]
        if not made:
            rows = [plain("No backups or exports have been made of your store.")]
        else:
            rows.insert(0, plain("Copies of your records that mentorkit made, oldest first. "
                                 "A download from this page is not listed: your browser "
                                 "keeps it, wherever it saves files."))  # fmt: skip
        self.copies.children = rows
        self.delete_all_button.layout.display = None if len(made) > 1 else "none"

    def _copy_row(self, copy: Any) -> w.Widget:
        gone = "" if copy.exists else " (no longer there)"
        button = _button("Delete…", tooltip=f"Delete the {copy.description} at {copy.path}")
        button.on_click(lambda _, p=copy.path: self.ask_delete_copy(p))
        return w.HBox([button, plain(f"{_made(copy)} · {copy.description} · {copy.path}{gone}")])

    def ask_delete_copy(self, path: str | Path) -> None:
        """Ask before deleting one copy the store's list names."""
        self._here = self.deleting.said
        self.attempt(self._ask_delete, [Path(path).resolve()])

    def ask_delete_copies(self) -> None:
        """Ask before deleting every copy listed."""
        self._here = self.deleting.said
        self.attempt(self._ask_delete, None)

    def _ask_delete(self, paths: list[Path] | None) -> None:
        """Ask before deleting these copies (every one listed, if None)."""
        made = {c.path: c for c in self.store.backups()}
        chosen = [made[p] for p in (made if paths is None else paths) if p in made]
        if not chosen and paths is None:
            self.say("No copies are listed, so there is nothing to delete.", ok=None)
            return
        if not chosen:
            self.say("That is not a copy of your store that mentorkit made, so nothing has "
                     "been deleted.", ok=False)  # fmt: skip
            return
        named = [f"the {c.description} made {_made(c)} at {c.path}" for c in chosen]
        what = named[0] if len(chosen) == 1 else f"all {len(chosen)} copies ({'; '.join(named)})"
        self._ask(
            self.deleting,
            f"Delete {what} for good? {NO_UNDO}",
            lambda: self._delete([c.path for c in chosen]),
        )

    def _delete(self, paths: list[Path]) -> str:
        for path in paths:
            self._forget_copy(path)
        return f"Deleted {count(len(paths), 'copy', 'copies')} for good."

    def _forget_copy(self, path: Path, *, delete: bool = True) -> None:
        from mentorkit.store import forget_copy

        store_path = self._path()
        if store_path is None:
            return
        try:
            forget_copy(store_path, path, delete=delete)
        except OSError as exc:
            raise StoreError(
                f"{path} could not be deleted ({exc.strerror}). It is still there and still "
                "listed: check you own that folder, then try again."
            ) from None

    # confirming ----------------------------------------------------------------

    def _ask(self, where: Confirmation, question: str, action: Callable[[], str]) -> None:
        """Show the question beside what asked it; `action` waits for `confirm()`."""
        for box in (self.erasing, self.deleting):
            box.hide()
        self._pending = (where, action)
        where.show(question)

    def confirm(self) -> bool:
        """Do what the question waiting named; True if it was done."""
        if self._pending is None:  # e.g. the second click of a double click: already done
            return False
        where, action = self._pending
        self._pending = None
        where.hide()
        self._here = where.said
        done = self.attempt(action)
        if done is None:
            return False
        self.refresh()
        self.say(done.strip(), ok=True)
        return True

    def cancel(self) -> None:
        """Answer No: nothing goes."""
        if self._pending is not None:
            self._here = self._pending[0].said
            self._pending[0].hide()
        self._pending = None
        self.say("Cancelled: nothing has been erased or deleted.", ok=None)


def _made(copy: Any) -> str:
    """When a copy was made, as a learner reads a date."""
    try:
        return f"{date.fromisoformat(copy.made[:10]):%-d %b %Y}"
    except ValueError:
        return copy.made[:10]


def my_data(store: Any = None) -> MyData:
    """The My data page: download everything, erase for good, delete copies."""
    return MyData(store)
