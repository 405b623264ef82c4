"""The assessor's decisions, kept beside nbgrader's gradebook: `COURSE_DIR/decisions.db`.

A small SQLite file of its own (WAL, 0600 in the assessor's course folder), not the
learner's store: the store holds one person's records and knows nothing of nbgrader,
while this holds every learner's assessment and is read beside the gradebook. nbgrader's
own database is left as nbgrader made it, so its upgrades cannot lose a decision.

A decision is never changed or deleted (triggers refuse both): a new one supersedes it,
and a reopening is a row of its own. Each row names the evidence it was made on: the
submission's time and a SHA-256 of the criterion's answers as handed in.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from mentorkit.errors import DecisionProblem

FILE = "decisions.db"
MET, NOT_YET, REOPENED = "met", "not yet", "reopened"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY,
    student TEXT NOT NULL,
    assignment TEXT NOT NULL,
    criterion TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('met', 'not yet', 'reopened')),
    rationale TEXT NOT NULL CHECK (length(trim(rationale)) > 0),
    next_steps TEXT NOT NULL DEFAULT '',
    assessor TEXT NOT NULL CHECK (length(trim(assessor)) > 0),
    decided_at TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    evidence_sha256 TEXT NOT NULL,
    supersedes INTEGER REFERENCES decisions (id),
    CHECK (decision != 'not yet' OR length(trim(next_steps)) > 0)
);
CREATE INDEX IF NOT EXISTS decisions_by_learner ON decisions (student, assignment, criterion);
CREATE TRIGGER IF NOT EXISTS decisions_kept BEFORE DELETE ON decisions
BEGIN SELECT RAISE(ABORT, 'a decision is never deleted: record a new one'); END;
CREATE TRIGGER IF NOT EXISTS decisions_unchanged BEFORE UPDATE ON decisions
BEGIN SELECT RAISE(ABORT, 'a decision is never changed: record a new one'); END;
"""


@dataclass(frozen=True)
class Row:
    """One decision (or reopening) as recorded."""

    id: int
    student: str
    assignment: str
    criterion: str
    decision: str
    rationale: str
    next_steps: str
    assessor: str
    decided_at: str
    submitted_at: str
    evidence_sha256: str
    supersedes: int | None


def path_of(course_dir: str | os.PathLike) -> Path:
    return Path(course_dir) / FILE


def connect(course_dir: str | os.PathLike, *, read_only: bool = False) -> sqlite3.Connection:
    """The decisions file; read-only opens it with SQLite's mode=ro, so nothing can be written."""
    path = path_of(course_dir)
    if read_only:
        if not path.exists():
            raise DecisionProblem(
                f"No decisions have been recorded in {path.parent} yet: there is nothing to "
                "read. The assessor records them with `mentorkit assess decide`."
            )
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    else:
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            os.chmod(path, 0o600)
        db = sqlite3.connect(path, timeout=10, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(_SCHEMA)
    db.row_factory = sqlite3.Row
    return db


def record(
    db: sqlite3.Connection, *, student: str, assignment: str, criterion: str, decision: str,
    rationale: str, next_steps: str, assessor: str, submitted_at: str, evidence_sha256: str,
) -> Row:  # fmt: skip
    """Add a decision (or a reopening) that supersedes the learner's latest for the criterion."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        db.execute("BEGIN IMMEDIATE")
        latest = _latest(db, student, assignment, criterion)
        cursor = db.execute(
            "INSERT INTO decisions (student, assignment, criterion, decision, rationale, "
            "next_steps, assessor, decided_at, submitted_at, evidence_sha256, supersedes) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (student, assignment, criterion, decision, rationale.strip(), next_steps.strip(),
             assessor.strip(), now, submitted_at, evidence_sha256,
             latest.id if latest else None),
        )  # fmt: skip
        db.execute("COMMIT")
    except sqlite3.Error as exc:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise DecisionProblem(
            f"The decision was not recorded: {exc}. Nothing was changed."
        ) from None
    return get(db, cursor.lastrowid)


def _latest(db: sqlite3.Connection, student: str, assignment: str, criterion: str) -> Row | None:
    rows = history(db, student, assignment, criterion)
    return rows[-1] if rows else None


def history(db: sqlite3.Connection, student: str, assignment: str, criterion: str) -> list[Row]:
    """Every decision on the learner's criterion, oldest first (the last one stands)."""
    found = db.execute(
        "SELECT * FROM decisions WHERE student = ? AND assignment = ? AND criterion = ? "
        "ORDER BY id", (student, assignment, criterion),
    )  # fmt: skip
    return [Row(**dict(r)) for r in found]


def current(db: sqlite3.Connection) -> list[Row]:
    """The decisions that stand: each learner's latest per assignment and criterion."""
    found = db.execute(
        "SELECT * FROM decisions d WHERE NOT EXISTS (SELECT 1 FROM decisions n WHERE "
        "n.supersedes = d.id) ORDER BY id"
    )
    return [Row(**dict(r)) for r in found]


def get(db: sqlite3.Connection, decision_id: int) -> Row:
    found = db.execute("SELECT * FROM decisions WHERE id = ?", (decision_id,)).fetchone()
    if found is None:
        raise DecisionProblem(
            f"No decision has the number {decision_id}. `mentorkit assess decisions` lists "
            "them with their numbers."
        )
    return Row(**dict(found))


def assessors_first(db: sqlite3.Connection) -> dict[str, tuple[str, int]]:
    """Each assessor's first decision date and how many decisions they have made."""
    found = db.execute(
        "SELECT assessor, min(decided_at), count(*) FROM decisions WHERE decision != ? "
        "GROUP BY assessor", (REOPENED,),
    )  # fmt: skip
    return {name: (first, n) for name, first, n in found}
