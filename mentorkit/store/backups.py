"""Copies of the store: backups written, checked and restored, one store's records copied
into another, and a list of every copy mentorkit made.

A learner who erases their records must be able to find every other copy too, so each
file mentorkit writes with records in it is noted in a small JSON file beside the store.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from mentorkit.errors import ArchiveProblem, StoreError
from mentorkit.store.dialect import Dialect
from mentorkit.store.paths import create_private, prepare_file, private_file
from mentorkit.store.rows import LATEST
from mentorkit.store.schema import SCHEMA_VERSION, current_version
from mentorkit.store.sqlite import errors

if TYPE_CHECKING:
    from mentorkit.records import Record

#: What each kind of copy is, in the words `mentorkit backups` uses.
KINDS = {
    "backup": "backup",
    "export": "export of every record",
    "portfolio": "portfolio",
    "kept-aside": "store kept aside before a restore",
}


@dataclass(frozen=True)
class Copy:
    """One file mentorkit wrote with some of the learner's records in it."""

    path: Path
    kind: str
    made: str

    @property
    def exists(self) -> bool:
        return self.path.exists()

    @property
    def description(self) -> str:
        return KINDS.get(self.kind, self.kind)


def registry_path(store_path: Path) -> Path:
    """`mentorkit.db.copies.json` beside the store file."""
    return store_path.with_name(store_path.name + ".copies.json")


def known_copies(store_path: Path) -> list[Copy]:
    """Every copy noted for this store, oldest first (also those since deleted by hand)."""
    try:
        entries = json.loads(registry_path(store_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # no registry yet, or an unreadable one: nothing to list
    return [Copy(Path(e["path"]), e["kind"], e["made"]) for e in entries if "path" in e]


def note_copy(store_path: Path, target: Path, kind: str) -> None:
    """Note a copy; a registry that cannot be written never stops the copy itself."""
    target = Path(target).resolve()
    entries = [c for c in known_copies(store_path) if c.path != target]
    entries.append(Copy(target, kind, datetime.now(UTC).isoformat(timespec="seconds")))
    _write(store_path, entries)


def forget_copy(store_path: Path, target: Path, *, delete: bool = True) -> bool:
    """Delete a noted copy (if asked) and drop it from the list; True if a file was deleted."""
    target = Path(target).resolve()
    removed = False
    if delete and target.is_file():
        target.unlink()
        removed = True
    _write(store_path, [c for c in known_copies(store_path) if c.path != target])
    return removed


def _write(store_path: Path, entries: list[Copy]) -> None:
    path = registry_path(store_path)
    data = [{"path": str(c.path), "kind": c.kind, "made": c.made} for c in entries]
    partial = path.with_name(path.name + ".partial")
    try:
        fd = os.open(partial, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1)
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)  # the list is a help, not the learner's data


# copying records ------------------------------------------------------------


class Copying(Dialect):
    """How a store's records are copied into another store (part of `BaseStore`, whose
    `history` and row writes it uses)."""

    def histories(self) -> Iterator[list[Record]]:
        """Every record of this owner, trash included, each as its revisions oldest first."""
        rows = self._rows("SELECT id FROM records WHERE owner = ? ORDER BY created", (self.owner,))
        for (record_id,) in rows:
            yield self.history(record_id)

    def merge_history(self, history: Sequence[Record]) -> int:
        """Add the revisions of one record that this store lacks, as this store's owner.

        For copying a store into another (a cohort database, a backup): every revision
        keeps its number, time and content; running it again adds nothing twice.
        """
        first = history[0]
        with self._write() as conn:
            row = conn.execute(LATEST + self.lock_row, (first.id,)).fetchone()
            have = row[0] if row else 0
            missing = [
                r.model_copy(update={"owner": self.owner}) for r in history if r.revision > have
            ]
            if row is None and missing:
                self._insert(conn, missing.pop(0))
            for revision in missing:
                self._write_revision(conn, revision)
            deleted = history[-1].deleted
            conn.execute(
                "UPDATE records SET deleted = ? WHERE id = ?",
                (deleted.isoformat() if deleted else None, first.id),
            )
        self._after_save()
        return len([r for r in history if r.revision > have])


# writing a backup -----------------------------------------------------------


@contextlib.contextmanager
def backup_file(target: Path) -> Iterator[Path]:
    """A private file to write a backup into, put in place at `target` only once whole."""
    prepare_file(target, create=False)
    try:
        with private_file(target) as partial:
            yield partial
    except OSError as exc:
        raise StoreError(
            f"The backup could not be written to {target}: {exc.strerror}. "
            "Your store has not been changed. Choose a folder you can write to."
        ) from None


# restoring a backup -------------------------------------------------------


def check_backup(path: Path, *, named: Path | None = None) -> int:
    """Check every page of a backup; its schema version, or ArchiveProblem saying what is wrong."""
    # immutable: read the file exactly as it is, leaving no journal files beside it
    named = named or path
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
            version = current_version(conn)
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    except sqlite3.Error as exc:
        raise _refused(named, f"it is not a SQLite database, or it is damaged ({exc})") from None
    if problems != ["ok"]:
        raise _refused(named, f"it is damaged ({'; '.join(problems[:3])})")
    if version is None or version == 0:
        raise _refused(named, "it is a database, but not a mentorkit store")
    if version > SCHEMA_VERSION:
        raise _refused(
            named,
            f"it was made by a newer mentorkit (schema {version}; this release knows up to "
            f"{SCHEMA_VERSION}). Update mentorkit (make install), then restore it",
        )
    return version


def restore_backup(store_path: Path, backup: Path, *, timeout: float = 10.0) -> Path | None:
    """Replace the store with a checked backup; returns where the old store was kept aside.

    The backup is copied beside the store and checked there first, so a damaged or foreign
    file never touches the store. A healthy store is overwritten through SQLite's backup
    API, which is safe while other programs have it open.
    """
    backup = Path(backup)
    if not backup.is_file():
        raise _refused(backup, "there is no file there")
    if backup.resolve() == store_path.resolve():
        raise _refused(backup, "it is the store itself")
    prepare_file(store_path, create=False)  # a first restore on a new machine makes the folder
    staged = store_path.with_name(f".{store_path.name}.restoring")
    try:
        _copy_file(backup, staged)
        check_backup(staged, named=backup)
        aside = _keep_aside(store_path, timeout)
        _replace(store_path, staged, timeout)
    finally:
        for leftover in (staged, *_sidecars(staged)):
            leftover.unlink(missing_ok=True)
    return aside


def _refused(path: Path, why: str) -> ArchiveProblem:
    return ArchiveProblem(
        f"The backup {path} cannot be restored: {why}. Your store has not been changed."
    )


def _sidecars(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _copy_file(source: Path, target: Path) -> None:
    """Copy a backup beside the store, with its journal if it has one, folded into the file."""
    try:
        pairs = [(source, target), (_sidecars(source)[0], _sidecars(target)[0])]
        for one, other in pairs:
            if one.exists():
                shutil.copyfile(one, create_private(other))
    except OSError as exc:
        raise _refused(
            source, f"it could not be copied beside your store ({exc.strerror})"
        ) from None
    if _sidecars(target)[0].exists():
        try:
            with contextlib.closing(sqlite3.connect(target)) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            raise _refused(source, f"it is damaged ({exc})") from None


def _healthy(path: Path) -> bool:
    try:
        with contextlib.closing(sqlite3.connect(path)) as conn:
            return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.Error:
        return False


def _keep_aside(store_path: Path, timeout: float) -> Path | None:
    """Copy the current store to `mentorkit.db.before-restore-<time>`; None if there is none."""
    if not store_path.exists() or store_path.stat().st_size == 0:
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = store_path.with_name(f"{store_path.name}.before-restore-{stamp}")
    try:
        if _healthy(store_path):
            with (
                contextlib.closing(sqlite3.connect(store_path, timeout=timeout)) as live,
                contextlib.closing(sqlite3.connect(create_private(aside))) as copy,
            ):
                live.backup(copy)
        else:  # a damaged store is kept byte for byte, journal included
            for source, target in zip(
                (store_path, *_sidecars(store_path)), (aside, *_sidecars(aside)), strict=True
            ):
                if source.exists():
                    shutil.copyfile(source, create_private(target))
    except (OSError, sqlite3.Error) as exc:
        aside.unlink(missing_ok=True)
        raise StoreError(
            f"Your store at {store_path} could not be kept aside before the restore ({exc}), "
            "so nothing has been restored and your store has not been changed. "
            "Free some space, or close other mentorkit windows, and try again."
        ) from None
    note_copy(store_path, aside, "kept-aside")
    return aside


def _replace(store_path: Path, staged: Path, timeout: float) -> None:
    if store_path.exists() and _healthy(store_path):
        try:
            with (
                contextlib.closing(sqlite3.connect(staged)) as source,
                contextlib.closing(sqlite3.connect(store_path, timeout=timeout)) as live,
            ):
                source.backup(live)
        except sqlite3.Error as exc:
            raise errors.translate(exc, store_path, timeout) from None
        return
    # Missing or damaged: swap the file in, and drop its journal, which belongs to the old one.
    try:
        os.replace(staged, store_path)
        for sidecar in _sidecars(store_path):
            sidecar.unlink(missing_ok=True)
    except OSError as exc:
        raise StoreError(
            f"The backup could not be put in place at {store_path} ({exc.strerror}). Your "
            "store as it was is kept aside; run mentorkit backups to see where."
        ) from None
