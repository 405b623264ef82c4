"""A kernel killed mid-save (power cut, out of memory, `kill -9`) loses nothing it said was saved.

MENTORKIT_CRASH_RUNS sets the number of kills (50 in CI); MENTORKIT_CRASH_SEED repeats a run.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from checks import integrity
from crash_writer import text
from factories import learning_log

from mentorkit.store import Store

RUNS = int(os.environ.get("MENTORKIT_CRASH_RUNS", "50"))
SEED = int(os.environ.get("MENTORKIT_CRASH_SEED", str(random.randrange(1_000_000))))
WRITER = Path(__file__).with_name("crash_writer.py")


def _acknowledged(acks: Path) -> dict[str, int]:
    """Every save the writer was told had succeeded (a half-written last line was not)."""
    lines = acks.read_text().split("\n")[:-1] if acks.exists() else []
    return {rid: int(n) for rid, n in (line.split() for line in lines)}


def _assert_all_whole(store_path: Path, acked: dict[str, int]) -> None:
    with Store.open(store_path, owner="learner") as store:
        found = {entry.id: entry for entry in store.find()}
    missing = sorted(set(acked) - set(found))
    assert missing == [], f"{len(missing)} acknowledged saves are gone"
    for rid, n in acked.items():
        entry = found[rid]
        assert entry.revision == 1 and entry.owner == "learner"
        assert entry.content() == learning_log(thoughts=text(n)).content(), rid


def test_a_writer_killed_at_random_moments_loses_no_acknowledged_save(tmp_path):
    store_path, acks = tmp_path / "home" / "mentorkit.db", tmp_path / "acks.txt"
    Store.open(store_path, owner="learner").close()
    chance = random.Random(SEED)
    writer = subprocess.Popen(
        [sys.executable, str(WRITER), str(store_path), str(acks)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
    )  # fmt: skip
    try:
        for run in range(RUNS):
            writer.stdin.write(f"go {run * 1_000_000}\n")
            pid = int(writer.stdout.readline())
            time.sleep(chance.uniform(0.0, 0.15))
            with contextlib.suppress(ProcessLookupError):  # it died by itself: said below
                os.kill(pid, signal.SIGKILL)
            died = writer.stdout.readline().split()
            assert died == ["died", str(int(signal.SIGKILL))], f"run {run}: writer failed itself"
            assert integrity(store_path) == "ok", f"run {run} (seed {SEED})"
            _assert_all_whole(store_path, _acknowledged(acks))
    finally:
        writer.stdin.close()
        writer.wait(10)
    saves = len(_acknowledged(acks))
    print(f"\n{RUNS} kills, {saves} acknowledged saves all present (seed {SEED})")
    assert saves >= RUNS, "the writer hardly saved anything: the kills tested nothing"
