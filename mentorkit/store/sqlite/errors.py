"""Turn SQLite's failures into mentorkit errors that say what happened and what to do."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from mentorkit.errors import (
    StoreCorrupt,
    StoreError,
    StoreFull,
    StoreLocked,
    StoreReadOnly,
)

NOTHING_CHANGED = "Nothing has been changed and nothing you typed is lost."


def locked(path: Path, waited: float) -> StoreLocked:
    return StoreLocked(
        f"Your store at {path} is busy: another program has been writing to it for more "
        f"than {waited:g} seconds. {NOTHING_CHANGED} Wait a moment and press Save again; "
        "if it keeps happening, close other mentorkit windows and restart them."
    )


def read_only(path: Path) -> StoreReadOnly:
    return StoreReadOnly(
        f"Your store at {path} cannot be written: the file or its folder is read-only. "
        f"{NOTHING_CHANGED} Ask whoever manages this computer to give you write access, "
        "or set MENTORKIT_HOME to a folder you own."
    )


def corrupt(path: Path) -> StoreCorrupt:
    return StoreCorrupt(
        f"The file at {path} is not a mentorkit store, or it is damaged. It has not been "
        "changed. Restore your latest backup (mentorkit restore BACKUP), or move this "
        "file aside and mentorkit will start a new, empty store."
    )


def full(path: Path) -> StoreFull:
    return StoreFull(
        f"The disk that holds your store ({path.parent}) is full, so this could not be "
        f"saved. {NOTHING_CHANGED} Free some space, then press Save again."
    )


def translate(exc: sqlite3.Error, path: Path, timeout: float) -> StoreError:
    """The StoreError that explains a SQLite failure to a learner."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return locked(path, timeout)
    if name.startswith(("SQLITE_READONLY", "SQLITE_PERM", "SQLITE_CANTOPEN")) or "readonly" in text:
        return read_only(path)
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return full(path)
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text:
        return corrupt(path)
    if "not a database" in text:
        return corrupt(path)
    return StoreError(
        f"Your store at {path} could not be used ({exc}). {NOTHING_CHANGED} "
        "Run `mentorkit doctor` to check it."
    )
