"""Checks the reliability tests share: is the file sound, and is each entry whole."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path


def integrity(path: Path) -> str:
    """SQLite's own verdict on the whole file: "ok", or a list of what is broken."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    return "\n".join(row[0] for row in rows)


def count(path: Path, table: str) -> int:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
