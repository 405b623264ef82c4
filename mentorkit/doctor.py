"""`mentorkit doctor`: look the store over and say what to do about anything wrong.

Every check reads the file as it is (the store is never opened for writing, never
created, never migrated), so the doctor is safe to run on a store that will not open.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from mentorkit.store import SCHEMA_VERSION, current_version, known_copies
from mentorkit.wording import count

OK, NOTE, PROBLEM = "ok", "note", "problem"
LOW_SPACE = 100 * 1024**2
BIG_WAL = 64 * 1024**2


@dataclass(frozen=True)
class Finding:
    """One thing the doctor looked at: what it found and, when it matters, what to do."""

    topic: str
    state: str
    detail: str
    advice: str = ""


def size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return ""


def examine(path: Path, owner: str) -> list[Finding]:
    """Every finding about the store at `path`, in the order a person would check them."""
    path = Path(path)
    found = [Finding("Where", OK, str(path))]
    if not path.exists():
        return found + [_missing(path)]
    found += [_permissions(path), _space(path)]
    found += _database(path, owner)
    found += [_wal(path), _copies(path)]
    return found


def _missing(path: Path) -> Finding:
    folder = path.parent
    if folder.exists() and not os.access(folder, os.W_OK):
        return Finding(
            "Store", PROBLEM, f"there is no store yet, and its folder {folder} is read-only",
            "Set MENTORKIT_HOME to a folder you own, or ask for write access to this one.",
        )  # fmt: skip
    return Finding("Store", NOTE, "there is no store yet: one is made when you first save")


def _permissions(path: Path) -> Finding:
    mode, folder_mode = stat.S_IMODE(path.stat().st_mode), stat.S_IMODE(path.parent.stat().st_mode)
    detail = f"file {mode:04o}, folder {folder_mode:04o}, owned by user {path.stat().st_uid}"
    if not (mode & 0o200 and os.access(path, os.W_OK)):
        return Finding(
            "Permissions", PROBLEM, f"{detail}: the store is read-only, so nothing can be saved",
            f"Make it yours to write: chmod 600 '{path}'",
        )  # fmt: skip
    if mode & 0o077 or folder_mode & 0o077:
        return Finding(
            "Permissions", PROBLEM, f"{detail}: other people on this computer may read it",
            f"Make it private: chmod 600 '{path}' && chmod 700 '{path.parent}'",
        )  # fmt: skip
    if path.stat().st_uid != os.getuid():
        return Finding(
            "Permissions", NOTE, f"{detail}: the file belongs to another user",
            "If you did not mean to share it, copy it with mentorkit backup and use the copy.",
        )  # fmt: skip
    return Finding("Permissions", OK, f"{detail}: private to you")


def _space(path: Path) -> Finding:
    wal = path.with_name(path.name + "-wal")
    used = path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    free = shutil.disk_usage(path.parent).free
    detail = f"{size(used)}; {size(free)} free on its disk"
    if free < LOW_SPACE:
        return Finding(
            "Size", PROBLEM, f"{detail}: the disk is nearly full",
            "Free some space, or saving may fail.",
        )  # fmt: skip
    return Finding("Size", OK, detail)


def _database(path: Path, owner: str) -> list[Finding]:
    """Schema version, integrity (file and search index) and what it holds."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=2)) as conn:
            version = current_version(conn)
            if version is None:
                return [_damaged("it is not a mentorkit store")]
            checks = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            held = _held(conn, owner) if version else ""
    except sqlite3.Error as exc:
        return [_damaged(f"it cannot be read ({exc})")]
    found = [_version(version)]
    if checks != ["ok"]:
        found.append(_damaged("; ".join(checks[:3])))
    else:
        found.append(Finding("Integrity", OK, "every page checked: no damage"))
    found.append(_search_index(path))
    if held:
        found.append(Finding("Records", OK, held))
    return found


def _held(conn: sqlite3.Connection, owner: str) -> str:
    live, trash = conn.execute(
        "SELECT count(*) FILTER (WHERE deleted IS NULL), count(*) FILTER (WHERE deleted IS NOT "
        "NULL) FROM records WHERE owner = ?",
        (owner,),
    ).fetchone()
    return f"{count(live, 'record')} and {trash} in the trash, kept as {owner}"


def _version(version: int) -> Finding:
    if version > SCHEMA_VERSION:
        return Finding(
            "Schema", PROBLEM,
            f"version {version}, written by a newer mentorkit (this one knows {SCHEMA_VERSION})",
            "Update mentorkit (make install).",
        )  # fmt: skip
    if version < SCHEMA_VERSION:
        return Finding(
            "Schema", NOTE, f"version {version}; it is brought up to {SCHEMA_VERSION} when opened"
        )
    return Finding("Schema", OK, f"version {version}, up to date")


def _damaged(why: str) -> Finding:
    return Finding(
        "Integrity", PROBLEM, f"the store is damaged: {why}",
        "Restore your latest backup (mentorkit backups lists them; then mentorkit restore "
        "BACKUP). The damaged file is kept aside, not deleted.",
    )  # fmt: skip


def _search_index(path: Path) -> Finding:
    """FTS5's own check, run inside a transaction that is rolled back: nothing changes."""
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=2, isolation_level=None)) as conn:
            conn.execute("BEGIN")
            try:
                conn.execute("INSERT INTO search (search) VALUES ('integrity-check')")
            finally:
                conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return Finding("Search index", NOTE, "not checked: the store is busy just now")
        return _broken_index(exc)
    except sqlite3.DatabaseError as exc:
        return _broken_index(exc)
    return Finding("Search index", OK, "matches the records")


def _broken_index(exc: Exception) -> Finding:
    return Finding(
        "Search index", PROBLEM, f"the search index does not match the records ({exc})",
        "Your records are intact; export them (mentorkit export all.zip), then import them "
        "into a new store (mentorkit --store NEW.db import all.zip).",
    )  # fmt: skip


def _wal(path: Path) -> Finding:
    wal = path.with_name(path.name + "-wal")
    held = wal.stat().st_size if wal.exists() else 0
    if held > BIG_WAL:
        return Finding(
            "Journal (WAL)", PROBLEM, f"{size(held)} of changes not yet copied into the store",
            "Close every mentorkit window and notebook: the journal is copied in and emptied "
            "when the last one closes.",
        )  # fmt: skip
    if held:
        return Finding("Journal (WAL)", OK, f"{size(held)} of recent changes, copied in as it goes")
    return Finding("Journal (WAL)", OK, "empty: everything is in the store file")


def _copies(path: Path) -> Finding:
    made = known_copies(path)
    backups = [c for c in made if c.kind == "backup" and c.exists]
    if not backups:
        return Finding(
            "Backups", NOTE, "no backup made with mentorkit yet",
            "Make one now and then: mentorkit backup ~/mentorkit-backup.db",
        )  # fmt: skip
    latest = max(backups, key=lambda c: c.made)
    return Finding(
        "Backups", OK,
        f"{len(backups)} backup(s); the latest, {latest.path}, made {latest.made[:10]}",
    )  # fmt: skip
