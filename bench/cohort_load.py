"""A cohort under load: 200 learners, each with their own connection, saving 20 records at once
on one local PostgreSQL server. Every record must be there, with no errors, and the slowest
saves (p95) must stay within 3x of one save on a quiet server.

`python -m bench.cohort_load [--learners 200] [--saves 20] [--pace 1.0] [--workers 200]`
Two runs: learners pressing Save every `pace` seconds on average (a busy class), and a burst
with no pause at all (every learner saving as fast as the machine allows).

For information it also times one learner saving alone with pauses like the paced run's: a
save after a pause is slower than one in a tight loop (the baseline) even with nobody else
on the server, so that figure is the best the paced run's p95 could be. The machine's load
average is printed too: other work running at the same time shows in the tail.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 3.0


def _server():
    sys.path.insert(0, str(ROOT / "tests"))
    from pgserver import PgServer

    # Durable like a real server (fsync on): the tests' server skips the disk, this must not.
    return PgServer(Path(tempfile.mkdtemp()), max_connections=260, durable=True).start()


def _record(learner: str, n: int):
    from datetime import date

    from mentorkit.records import LearningLogEntry

    return LearningLogEntry(
        date=date(2026, 11, 2), context=f"{learner}'s session {n} with a mentee.",
        what_i_did="Listened more than I spoke, and asked open questions.",
        learning_points="Silence gives the mentee room to think.",
    )  # fmt: skip


def _learner(url: str, name: str, saves: int, pace: float, start_at: float, out: list) -> None:
    """One learner: connect, wait for the whistle, then save (pausing `pace` s on average)."""
    from mentorkit.cohort import with_user
    from mentorkit.store import Store

    times, errors = [], []
    try:
        store = Store.open(with_user(url, name), owner=name)
    except Exception as exc:
        out.append(([], [f"{name} could not connect: {exc}"]))
        return
    rng = random.Random(name)
    time.sleep(max(0.0, start_at - time.time()))
    with store:
        for n in range(saves):
            if pace:
                time.sleep(rng.uniform(0, 2 * pace))
            started = time.perf_counter()
            try:
                store.add(_record(name, n))
                times.append(time.perf_counter() - started)
            except Exception as exc:
                errors.append(f"{name}: {type(exc).__name__}: {exc}")
    out.append((times, errors))


def _worker(url: str, names: list[str], saves: int, pace: float, start_at: float):
    """One process (a kernel, or a few): a thread per learner, each with its own connection."""
    out: list = []
    threads = [
        threading.Thread(target=_learner, args=(url, name, saves, pace, start_at, out))
        for name in names
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [t for times, _ in out for t in times], [e for _, errors in out for e in errors]


def _cohort(server, database: str, learners: int) -> tuple[str, list[str]]:
    from mentorkit import cohort

    cohort.init(server.url(), database)
    names = [f"learner{n:03d}" for n in range(learners)]
    for name in names:
        cohort.add_person(server.url(), name)
    return server.url(database), names


def single_save(url: str, name: str, repeats: int = 100) -> tuple[float, float]:
    """The median and p95 time of one save with nobody else on the server."""
    from mentorkit.cohort import with_user
    from mentorkit.store import Store

    with Store.open(with_user(url, name), owner=name) as store:
        for n in range(10):  # warm the connection and the caches
            store.add(_record(name, n))
        times = []
        for n in range(repeats):
            started = time.perf_counter()
            store.add(_record(name, n))
            times.append(time.perf_counter() - started)
    return statistics.median(times), sorted(times)[int(repeats * 0.95)]


def alone(url: str, name: str, pace: float, saves: int = 40) -> tuple[float, float]:
    """The median and p95 time of a save after a pause like the paced run's, on a quiet server."""
    from mentorkit.cohort import with_user
    from mentorkit.store import Store

    rng = random.Random(name)
    times = []
    with Store.open(with_user(url, name), owner=name) as store:
        for n in range(saves):
            time.sleep(rng.uniform(0, 2 * pace))
            started = time.perf_counter()
            store.add(_record(name, n))
            times.append(time.perf_counter() - started)
    return statistics.median(times), sorted(times)[int(saves * 0.95)]


def load(url: str, names: list[str], saves: int, pace: float, workers: int) -> dict:
    """Every learner saving at once; latencies, errors and how many records are there after."""
    import psycopg

    import mentorkit.store  # noqa: F401  (imported once here, shared by every forked learner)

    start_at = time.time() + 10  # time for every process to start and every learner to connect
    groups = [names[i::workers] for i in range(workers)]
    # Forked, so 200 kernels' worth of processes start at once without 200 imports.
    with get_context("fork").Pool(workers) as pool:
        parts = pool.starmap(_worker, [(url, g, saves, pace, start_at) for g in groups])
    elapsed = time.time() - start_at
    times = sorted(t for part, _ in parts for t in part)
    errors = [e for _, part in parts for e in part]
    with psycopg.connect(url) as conn:
        stored = conn.execute(
            "SELECT count(*) FROM records WHERE owner = ANY(%s)", (names,)
        ).fetchone()[0]
    return {
        "stored": stored, "errors": errors, "elapsed": elapsed, "saves": len(times),
        "p50": times[len(times) // 2] if times else float("nan"),
        "p95": times[int(len(times) * 0.95)] if times else float("nan"),
        "max": times[-1] if times else float("nan"),
    }  # fmt: skip


def measure(learners: int = 200, saves: int = 20, pace: float = 1.0, workers: int = 200):
    """(quiet median, quiet p95, (median, p95) of a learner saving alone with pauses,
    {mode: figures}) for a paced run and a burst, each on a fresh database."""
    server = _server()
    try:
        url, names = _cohort(server, "quiet", 2)
        baseline, quiet_p95 = single_save(url, names[0])
        paused = alone(url, names[1], pace)
        runs = {}
        for mode, mode_pace in (("paced", pace), ("burst", 0.0)):
            url, names = _cohort(server, f"load_{mode}", learners)
            load_before = os.getloadavg()[0]
            runs[mode] = load(url, names, saves, mode_pace, workers)
            runs[mode]["load"] = (load_before, os.getloadavg()[0])
        return baseline, quiet_p95, paused, runs
    finally:
        server.stop()


def report(baseline: float, quiet_p95: float, paused: tuple[float, float], runs: dict,
           learners: int, saves: int, pace: float) -> bool:  # fmt: skip
    print(
        f"one save on a quiet server: median {baseline * 1000:.1f} ms, "
        f"p95 {quiet_p95 * 1000:.1f} ms (100 saves)\n"
        f"one learner alone, pausing up to {2 * pace:g} s between saves: median "
        f"{paused[0] * 1000:.1f} ms, p95 {paused[1] * 1000:.1f} ms "
        f"(p95 / quiet median = {paused[1] / baseline:.2f}: the best the paced run could do)"
    )
    met_all = True
    for mode, r in runs.items():
        how = f"a save every {pace:g} s on average" if mode == "paced" else "no pause at all"
        ratio = r["p95"] / baseline
        met = r["stored"] == learners * saves and not r["errors"] and ratio <= TARGET
        # The burst is for information: on 2 cores, 200 learners saving flat out must queue.
        met_all &= met or mode == "burst"
        print(
            f"\n{mode}: {learners} learners x {saves} saves, {how}\n"
            f"  records stored {r['stored']} of {learners * saves}, errors {len(r['errors'])}\n"
            f"  save p50 {r['p50'] * 1000:.1f} ms, p95 {r['p95'] * 1000:.1f} ms, "
            f"max {r['max'] * 1000:.1f} ms; {r['saves'] / r['elapsed']:.0f} saves/s overall\n"
            f"  p95 / quiet median save = {ratio:.2f} (target <= {TARGET:g}): "
            + ("met" if met else "NOT met")
            + f"\n  p95 / median of a save alone after a pause = {r['p95'] / paused[0]:.2f},"
            f" p95 / its p95 = {r['p95'] / paused[1]:.2f} (what contention adds)"
            + "\n  machine load average {:.1f} before, {:.1f} after".format(*r["load"])
        )
        for error in r["errors"][:5]:
            print(f"  {error}")
    return met_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cohort_load", description=__doc__)
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--saves", type=int, default=20, help="records each learner saves")
    parser.add_argument("--pace", type=float, default=1.0, help="mean seconds between saves")
    parser.add_argument(
        "--workers", type=int, default=200,
        help="processes the learners share (default: one each, like one kernel each)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    baseline, quiet_p95, paused, runs = measure(args.learners, args.saves, args.pace, args.workers)
    met = report(baseline, quiet_p95, paused, runs, args.learners, args.saves, args.pace)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
