"""Internal quality assurance: read the assessors' decisions and evidence, change neither.

The IQA opens the decisions file read-only (SQLite's mode=ro: a write is refused by
SQLite itself) and reads the archived attempts without archiving anything. What the IQA
decides lives in a file of its own, `COURSE_DIR/iqa.db` (0600): each sample as drawn (its
decisions, seed, share and the plan's explanation), and each outcome (agree, or refer back
with a comment) against the decision it looked at. The report reads the samples as they
were drawn, never drawing them again, and lists every outcome ever recorded, also on a
decision since reopened or decided again (with why, and what superseded it) and on a
decision outside any sample, so an external verifier can follow the whole trail.

The sampling plan takes a share of each assessor's standing decisions (twice the share
for a new assessor), then makes sure every unit and both outcomes (met and not yet) are
in it. It is drawn with a seed, so the same seed on the same decisions draws the same
sample, and it explains why each decision is in it.
"""

from __future__ import annotations

import math
import os
import random
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from mentorkit.assess import ledger
from mentorkit.errors import DecisionProblem

FILE = "iqa.db"
AGREE, REFER_BACK = "agree", "refer back"
#: An assessor with fewer decisions than this on file counts as new.
NEW_BELOW = 20

_SCHEMA = """
CREATE TABLE IF NOT EXISTS draws (
    id INTEGER PRIMARY KEY, seed INTEGER NOT NULL, share REAL NOT NULL,
    drawn_at TEXT NOT NULL, iqa TEXT NOT NULL, explanation TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS samples (
    seed INTEGER NOT NULL, share REAL NOT NULL, drawn_at TEXT NOT NULL, iqa TEXT NOT NULL,
    decision_id INTEGER NOT NULL, reason TEXT NOT NULL, draw INTEGER REFERENCES draws (id)
);
CREATE TABLE IF NOT EXISTS outcomes (
    id INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('agree', 'refer back')),
    comment TEXT NOT NULL CHECK (length(trim(comment)) > 0),
    iqa TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    evidence_sha256 TEXT NOT NULL
);
"""


def decisions(course_dir: str | os.PathLike) -> sqlite3.Connection:
    """The assessors' decisions, opened read-only: the IQA's only way in to them."""
    return ledger.connect(course_dir, read_only=True)


def _own(course_dir: str | os.PathLike) -> sqlite3.Connection:
    path = Path(course_dir) / FILE
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        os.chmod(path, 0o600)
    db = sqlite3.connect(path, timeout=10)
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript(_SCHEMA)
    if "draw" not in {r[1] for r in db.execute("PRAGMA table_info(samples)")}:
        db.execute("ALTER TABLE samples ADD COLUMN draw INTEGER")  # a file made before draws
    db.row_factory = sqlite3.Row
    return db


def _read_own(course_dir: str | os.PathLike) -> sqlite3.Connection | None:
    path = Path(course_dir) / FILE
    if not path.exists():
        return None
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    db.row_factory = sqlite3.Row
    return db


@dataclass
class Sample:
    """A drawn sample: the decisions, and why each is in it."""

    seed: int
    share: float
    chosen: list[ledger.Row] = field(default_factory=list)
    reasons: dict[int, str] = field(default_factory=dict)
    explanation: list[str] = field(default_factory=list)
    number: int | None = None  # once kept in iqa.db
    drawn_at: str = ""
    iqa: str = ""


def _unit(criterion: str) -> str:
    from mentorkit.course.catalogue import criteria

    known = {c.id: c.unit for c in criteria()}
    return known.get(criterion, criterion.split("-")[0])


def plan(
    course_dir: str | os.PathLike, *, share: float = 0.25, seed: int = 1,
    new_assessors: tuple[str, ...] = (),
) -> Sample:  # fmt: skip
    """Draw the sample from the decisions that stand (see the module's docstring)."""
    if not 0 < share <= 1:
        raise DecisionProblem(f"The share to sample must be above 0 and at most 1, not {share}.")
    db = decisions(course_dir)
    try:
        standing = [r for r in ledger.current(db) if r.decision != ledger.REOPENED]
        known = ledger.assessors_first(db)
    finally:
        db.close()
    rng = random.Random(seed)
    found = Sample(seed, share)
    said = found.explanation
    said.append(f"Drawn with seed {seed} from {len(standing)} standing decisions: the same "
                "seed on the same decisions draws the same sample.")  # fmt: skip
    by_assessor = defaultdict(list)
    for row in standing:
        by_assessor[row.assessor].append(row)
    for assessor, theirs in sorted(by_assessor.items()):
        new = assessor in new_assessors or known.get(assessor, ("", 0))[1] < NEW_BELOW
        rate = min(1.0, share * 2 if new else share)
        take = max(1, math.ceil(rate * len(theirs)))
        why = f"{rate:.0%} of {assessor}'s decisions" + (
            " (a new assessor: doubled)" if new else ""
        )
        said.append(f"{assessor}: {take} of {len(theirs)} decisions, {why}.")
        for row in rng.sample(theirs, take):
            _add(found, row, why)
    _cover(found, standing, rng, "unit", lambda r: _unit(r.criterion))
    _cover(found, standing, rng, "outcome", lambda r: r.decision)
    found.chosen.sort(key=lambda r: r.id)
    return found


def _cover(found: Sample, standing: list, rng: random.Random, what: str, key) -> None:
    have = {key(r) for r in found.chosen}
    for value in sorted({key(r) for r in standing} - have):
        row = rng.choice(sorted((r for r in standing if key(r) == value), key=lambda r: r.id))
        why = f"every {what} is sampled: {value}"
        found.explanation.append(f"Added decision {row.id} so that {why}.")
        _add(found, row, why)


def _add(found: Sample, row: ledger.Row, why: str) -> None:
    if row.id not in found.reasons:
        found.chosen.append(row)
        found.reasons[row.id] = why


def draw(course_dir: str | os.PathLike, iqa: str | None = None, **options) -> Sample:
    """Draw the sample and keep it in the IQA's own file."""
    from mentorkit.store import owner_name

    found = plan(course_dir, **options)
    found.drawn_at = datetime.now(UTC).isoformat(timespec="seconds")
    found.iqa = iqa or owner_name()
    db = _own(course_dir)
    with db:
        found.number = db.execute(
            "INSERT INTO draws (seed, share, drawn_at, iqa, explanation) VALUES (?, ?, ?, ?, ?)",
            (found.seed, found.share, found.drawn_at, found.iqa, "\n".join(found.explanation)),
        ).lastrowid
        db.executemany(
            "INSERT INTO samples (seed, share, drawn_at, iqa, decision_id, reason, draw) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(found.seed, found.share, found.drawn_at, found.iqa, r.id, found.reasons[r.id],
              found.number) for r in found.chosen],
        )  # fmt: skip
    db.close()
    return found


def drawn(course_dir: str | os.PathLike) -> list[Sample]:
    """Every sample kept in iqa.db, oldest first, as it was drawn (never drawn again)."""
    own = _read_own(course_dir)
    if own is None:
        return []
    try:
        draws = {r["id"]: r for r in own.execute("SELECT * FROM draws ORDER BY id")}
        picked = own.execute("SELECT * FROM samples ORDER BY rowid").fetchall()
    finally:
        own.close()
    found: dict[object, Sample] = {}
    for n, d in draws.items():
        found[n] = Sample(d["seed"], d["share"], explanation=d["explanation"].splitlines(),
                          number=n, drawn_at=d["drawn_at"], iqa=d["iqa"])  # fmt: skip
    db = decisions(course_dir)
    try:
        for r in picked:
            key = r["draw"] or (r["drawn_at"], r["iqa"], r["seed"], r["share"])
            if key not in found:  # kept before the plan's explanation was
                found[key] = Sample(
                    r["seed"], r["share"], drawn_at=r["drawn_at"], iqa=r["iqa"],
                    explanation=["(The plan's explanation was not kept.)"],
                )  # fmt: skip
            found[key].chosen.append(ledger.get(db, r["decision_id"]))
            found[key].reasons[r["decision_id"]] = r["reason"]
    finally:
        db.close()
    return sorted(found.values(), key=lambda s: s.drawn_at)


def record_outcome(
    course_dir: str | os.PathLike, decision_id: int, outcome: str, comment: str,
    iqa: str | None = None,
) -> int:  # fmt: skip
    """Record the IQA's outcome against a decision; returns the outcome's number."""
    from mentorkit.store import owner_name

    outcome = " ".join(outcome.lower().replace("-", " ").replace("_", " ").split())
    if outcome not in (AGREE, REFER_BACK):
        raise DecisionProblem(f"“{outcome}” is not an IQA outcome: use agree or refer back.")
    if not (comment or "").strip():
        raise DecisionProblem(
            "An IQA outcome needs a comment: say what you checked and, for refer back, what "
            "the assessor should look at again. Nothing was recorded."
        )
    iqa = iqa or owner_name()
    db = decisions(course_dir)
    try:
        row = ledger.get(db, decision_id)
    finally:
        db.close()
    if row.assessor == iqa:
        raise DecisionProblem(
            f"Decision {decision_id} is {iqa}'s own: an IQA does not quality-assure their "
            "own decisions. Ask another IQA. Nothing was recorded."
        )
    now = datetime.now(UTC).isoformat(timespec="seconds")
    db = _own(course_dir)
    with db:
        cursor = db.execute(
            "INSERT INTO outcomes (decision_id, outcome, comment, iqa, recorded_at, "
            "evidence_sha256) VALUES (?, ?, ?, ?, ?, ?)",
            (decision_id, outcome, comment.strip(), iqa, now, row.evidence_sha256),
        )
    db.close()
    return int(cursor.lastrowid)


def outcomes(course_dir: str | os.PathLike) -> dict[int, list[dict]]:
    """Every IQA outcome, by the decision it is recorded against (oldest first)."""
    db = _read_own(course_dir)
    if db is None:
        return {}
    try:
        found = defaultdict(list)
        for r in db.execute("SELECT * FROM outcomes ORDER BY id"):
            found[r["decision_id"]].append(dict(r))
        return dict(found)
    finally:
        db.close()


def evidence_text(course_dir: str | os.PathLike, decision_id: int) -> str:
    """The decision and the evidence it was made on, from the attempt it names, read-only.

    The evidence is hashed again and compared with the hash the decision recorded, so the
    IQA knows it reads what the assessor read.
    """
    from mentorkit.assess.attempts import attempts, evidence

    db = decisions(course_dir)
    try:
        row = ledger.get(db, decision_id)
    finally:
        db.close()
    tried = attempts(course_dir, row.student, row.assignment, refresh=False)
    made_on = next((a for a in tried if a.timestamp == row.submitted_at), None)
    lines = [
        f"Decision {row.id}: {row.criterion} {row.decision} for {row.student} "
        f"({row.assignment}), by {row.assessor} on {row.decided_at}.",
        f"Rationale: {row.rationale}",
        *([f"Next: {row.next_steps}"] if row.next_steps else []),
    ]
    if made_on is None:
        return "\n".join([*lines, f"The attempt handed in {row.submitted_at} is not archived."])
    held = evidence(course_dir, made_on).get(row.criterion)
    same = held is not None and held.sha256 == row.evidence_sha256
    lines.append(
        f"Evidence handed in {made_on.timestamp}: "
        + ("the same as the assessor decided on (SHA-256 matches)." if same
           else "NOT the evidence the decision names: its SHA-256 differs.")
    )  # fmt: skip
    for title, text in held.answers if held else []:
        lines += [f"-- {title} --", *[f"  {line}" for line in text.splitlines()]]
    for title, said in held.checks if held else []:
        lines.append(f"Advice, {title}: {said}")
    return "\n".join(lines)


def report(course_dir: str | os.PathLike, samples: list[Sample] | None = None) -> str:
    """The sampling report: each sample as drawn (its plan explained, each decision and its
    outcome), then every IQA outcome ever recorded, wherever it was recorded. Given
    `samples` (one just drawn), only those, without the outcomes."""
    kept = drawn(course_dir)
    shown = kept if samples is None else samples
    said = outcomes(course_dir)
    db = decisions(course_dir)
    try:
        every = {r.id: r for r in (ledger.Row(**dict(x)) for x in db.execute(
            "SELECT * FROM decisions ORDER BY id"))}  # fmt: skip
    finally:
        db.close()
    after = {r.supersedes: r for r in every.values() if r.supersedes}
    lines = [] if shown else ["No sample has been drawn yet: draw one with "
                              "`mentorkit assess iqa sample`.", ""]  # fmt: skip
    sampled_in = defaultdict(list)
    for n, found in enumerate(kept, 1):
        for row in found.chosen:
            sampled_in[row.id].append(str(found.number or n))
    for n, found in enumerate(shown, 1):
        lines += [f"Sample {found.number or n}, drawn by {found.iqa} on "
                  f"{found.drawn_at[:10]} (seed {found.seed}, share {found.share:.0%})",
                  *[f"  {line}" for line in found.explanation], "Decisions sampled"]  # fmt: skip
        counts = defaultdict(int)
        for row in found.chosen:
            last = said.get(row.id, [{}])[-1]
            result = last.get("outcome", "not yet looked at")
            counts[result] += 1
            lines.append(
                f"  #{row.id} {row.student} {row.criterion} ({_unit(row.criterion)}): "
                f"{row.decision} by {row.assessor} on {row.decided_at[:10]}; sampled as "
                f"{found.reasons[row.id]}. IQA: {result}"
                + (f" ({last['iqa']}: {last['comment']})" if last else "")
                + _since(row, after)
            )
        summary = ", ".join(f"{k} {what}" for what, k in sorted(counts.items()))
        lines += [f"{len(found.chosen)} decisions sampled: {summary or 'none'}.", ""]
    if samples is not None:
        return "\n".join(lines).rstrip()
    lines.append("Every IQA outcome recorded")
    listed = sorted((o for made in said.values() for o in made), key=lambda o: o["id"])
    for o in listed:
        row = every.get(o["decision_id"])
        where = (f"in sample {', '.join(sampled_in[row.id])}" if row and sampled_in[row.id]
                 else "outside any sample")  # fmt: skip
        about = (f"#{row.id} {row.student} {row.criterion}: {row.decision} by {row.assessor} "
                 f"on {row.decided_at[:10]}" if row else f"#{o['decision_id']}")  # fmt: skip
        since = _since(row, after) if row else ""
        lines.append(f"  {o['recorded_at'][:10]} {o['iqa']}: {o['outcome']} on {about} "
                     f"({where}): {o['comment']}{since}")  # fmt: skip
    lines.append(f"{len(listed)} outcomes recorded." if listed else "  none yet")
    return "\n".join(lines)


def _since(row: ledger.Row, after: dict[int, ledger.Row]) -> str:
    """What happened to a decision after it: reopened (and why), decided again."""
    said, one = [], after.get(row.id)
    while one is not None:
        when = f"by {one.assessor} on {one.decided_at[:10]}"
        said.append(f"reopened {when}: {one.rationale}" if one.decision == ledger.REOPENED
                    else f"superseded by #{one.id}, {one.decision} {when}")  # fmt: skip
        one = after.get(one.id)
    return f" Since then: {'; '.join(said)}." if said else ""
