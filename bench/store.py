"""The store against raw SQLite: saving, searching and framing, from 1k to 100k records.

Stores are filled through the store's own insert path, in large transactions, so that a
100k store takes seconds to build rather than the hours one save per commit would take.
"""

from __future__ import annotations

import contextlib
import json
import random
import sqlite3
import statistics
import tempfile
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.common import Result, Settings, median_time, paired_times, table
from mentorkit.records import LearningLogEntry
from mentorkit.store import Store

KIND = LearningLogEntry
OWNER = "learner"
MATCHES = 100  # records that hold the searched word, whatever the store's size
WORD = "kestrel"
_VOCABULARY = (
    "listened asked open questions silence goal plan agreed session mentee mentor feedback "
    "confidence team meeting priorities career challenge reflected noticed trust rapport "
    "boundaries notes agenda actions progress review stretch support time balance learning "
    "presentation manager project deadline colleague habit energy values strengths growth"
).split()


def _text(chance: random.Random, words: int) -> str:
    return " ".join(chance.choice(_VOCABULARY) for _ in range(words)).capitalize() + "."


def _entry(chance: random.Random, n: int, total: int) -> LearningLogEntry:
    """A saved-looking entry, built without validation: the values are right by construction."""
    stamp = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=n)
    thoughts = _text(chance, 30)
    if n % max(total // MATCHES, 1) == 0:
        thoughts += f" The {WORD} again."
    return KIND.model_construct(
        id=uuid.uuid4().hex, owner=OWNER, created=stamp, updated=stamp, revision=1,
        deleted=None, tags=[], partnership=None, links=[],
        date=date(2024, 1, 1) + timedelta(days=n % 900), location="Meeting room 2",
        context=_text(chance, 20), what_i_did=_text(chance, 25), thoughts=thoughts,
        feelings=_text(chance, 10), worked_well=None, challenges=None,
        learning_points=_text(chance, 15),
    )  # fmt: skip


def fill(store, start: int, stop: int, total: int, batch: int = 5_000) -> None:
    """Add entries start..stop-1 through the store's own insert path."""
    chance = random.Random(start)
    for first in range(start, stop, batch):
        entries = [_entry(chance, n, total) for n in range(first, min(first + batch, stop))]
        with store._write() as conn:
            for entry in entries:
                store._insert(conn, entry)


def _raw(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection with the store's own pragmas."""
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "secure_delete = ON"):
        conn.execute(f"PRAGMA {pragma}")
    return conn


def _raw_find_sql() -> str:
    return (
        "SELECT id, kind, owner, created, updated, revision, tags, deleted, partnership, links,"
        " body FROM records WHERE owner = ? AND deleted IS NULL AND kind = ? AND id IN"
        " (SELECT id FROM search WHERE search MATCH ? AND owner = ?)"
        " ORDER BY day DESC, created DESC"
    )


def _raw_frame_sql() -> str:
    fields = ", ".join(f"json_extract(body, '$.{s.name}') AS {s.name}" for s in KIND.specs())
    return (
        f"SELECT id, created, updated, revision, tags, {fields} FROM records"
        " WHERE owner = ? AND kind = ? AND deleted IS NULL ORDER BY day DESC, created DESC"
    )


def search_and_frame(store, raw: sqlite3.Connection, repeats: int) -> dict[str, float]:
    """Median seconds of find(text=) and frame() against their raw equivalents."""
    import pandas as pd

    params = (OWNER, KIND.kind, f'"{WORD}"*', OWNER)
    found = len(store.find(KIND, text=WORD))
    assert found == len(raw.execute(_raw_find_sql(), params).fetchall())
    finding = paired_times(
        lambda: store.find(KIND, text=WORD),
        lambda: raw.execute(_raw_find_sql(), params).fetchall(),
        repeats,
    )
    framing = paired_times(
        lambda: store.frame(KIND),
        lambda: pd.read_sql(_raw_frame_sql(), raw, params=(OWNER, KIND.kind)),
        max(3, repeats // 2),
        calls=1,
    )
    return {
        "matches": found,
        "find": finding[0],
        "find_raw": finding[1],
        "frame": framing[0],
        "frame_raw": framing[1],
    }


def _raw_insert(raw: sqlite3.Connection, row: tuple) -> None:
    raw.execute("BEGIN IMMEDIATE")
    raw.execute(
        "INSERT INTO records (id, kind, owner, created, updated, revision, tags, partnership,"
        " links, day, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (uuid.uuid4().hex, *row),
    )
    raw.execute("COMMIT")


def save_rates(folder: Path, saves: int, repeats: int) -> tuple[float, float]:
    """Saves per second: `Store.add`, and a raw insert + commit of the very same row."""
    Store.open(folder / "raw.db", owner=OWNER).close()  # the same schema, empty
    with (
        Store.open(folder / "saves.db", owner=OWNER) as store,
        contextlib.closing(_raw(folder / "raw.db")) as raw,
    ):
        entry = store.add(_entry(random.Random(0), 1, 1))
        row = (
            entry.kind, OWNER, entry.created.isoformat(), entry.updated.isoformat(), 1, "[]",
            None, "[]", entry.when.isoformat(), json.dumps(entry.content(), ensure_ascii=False),
        )  # fmt: skip
        ours, baseline = [], []
        for _ in range(repeats):  # alternate, so both see the same machine
            ours.append(median_time(lambda: [store.add(entry) for _ in range(saves)], 1))
            baseline.append(median_time(lambda: [_raw_insert(raw, row) for _ in range(saves)], 1))
    return saves / statistics.median(ours), saves / statistics.median(baseline)


def run(settings: Settings) -> tuple[list[Result], str]:
    sizes = sorted({*settings.growth, settings.records})
    growth: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="mentorkit-bench-") as folder:
        rate, raw_rate = save_rates(Path(folder), settings.saves, max(3, settings.repeats // 2))
        results = [Result("Store.add", rate, raw_rate, "/s", 0.5, higher_is_better=True)]
        path = Path(folder) / "store.db"
        with Store.open(path, owner=OWNER) as store, contextlib.closing(_raw(path)) as raw:
            filled = 0
            for size in sizes:
                fill(store, filled, size, settings.records)
                filled = size
                timing = search_and_frame(store, raw, settings.repeats)
                timing["add"] = _add_rate(store, settings.saves // 3)
                growth.append(_growth_row(size, timing))
                if size == settings.records:
                    results += _results(size, timing)
    header = ["records", "Store.add", "matches", "find", "raw FTS5", "ratio", "frame", "read_sql",
              "ratio"]  # fmt: skip
    return results, "How the store measures grow:\n" + table(header, growth)


def _add_rate(store, saves: int) -> float:
    entry = store.find(KIND, limit=1)[0]
    return saves / median_time(lambda: [store.add(entry) for _ in range(saves)], 1)


def _growth_row(size: int, t: dict[str, float]) -> list[str]:
    return [
        f"{size:,}", f"{t['add']:,.0f}/s", str(t["matches"]), f"{t['find'] * 1000:.1f} ms",
        f"{t['find_raw'] * 1000:.1f} ms", f"{t['find'] / t['find_raw']:.2f}",
        f"{t['frame'] * 1000:.0f} ms", f"{t['frame_raw'] * 1000:.0f} ms",
        f"{t['frame'] / t['frame_raw']:.2f}",
    ]  # fmt: skip


def _results(size: int, t: dict[str, float]) -> list[Result]:
    return [
        Result(f"find(text=) over {size:,} ({t['matches']} found)", t["find"], t["find_raw"],
               "s", 1.5),
        Result(f"frame(LearningLogEntry) over {size:,}", t["frame"], t["frame_raw"], "s", 2.0),
    ]  # fmt: skip
