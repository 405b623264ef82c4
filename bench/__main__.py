"""`python -m bench [--quick] [--only GROUP,...] [--strict]`: run the benchmarks, print one table.

Sizes: MENTORKIT_BENCH_RECORDS, _GROWTH (e.g. 1000,10000,100000), _REPEATS, _LOADS (page
loads per app), _SAVES, _APPS (workbook notebooks to time, comma-separated).
"""

from __future__ import annotations

import argparse
import compileall
import importlib
import sys
import time
from pathlib import Path

from bench.common import Result, Settings, table

GROUPS = ("imports", "store", "kernels", "pages")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller stores, fewer repeats")
    parser.add_argument("--only", default=",".join(GROUPS), help=f"some of {', '.join(GROUPS)}")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)
    settings = Settings.from_env(args.quick)
    # Timed as a learner meets it: `make start` compiles mentorkit ahead, so that no kernel
    # compiles it again where Python may not write bytecode (PYTHONDONTWRITEBYTECODE).
    compileall.compile_dir(Path(__file__).resolve().parents[1] / "mentorkit", quiet=1)
    results: list[Result] = []
    notes: list[str] = []
    for group in args.only.split(","):
        if group not in GROUPS:
            parser.error(f"no benchmark group {group!r}; choose from {', '.join(GROUPS)}")
        started = time.monotonic()
        print(f"running {group} …", file=sys.stderr, flush=True)
        try:
            found = importlib.import_module(f"bench.{group}").run(settings)
        except Exception as exc:  # the other groups' figures are still worth printing
            notes.append(f"{group} could not be measured: {type(exc).__name__}: {exc}")
            continue
        if isinstance(found, tuple):
            found, note = found
            notes.append(note)
        results += found
        print(f"  {group} took {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    header = ["measure", "ours", "baseline", "ratio", "target", "met?"]
    print(table(header, [r.cells() for r in results]))
    for result in results:
        notes += [f"{result.measure}: {note}" for note in result.notes]
    for note in notes:
        print(f"\n{note}")
    return 1 if args.strict and not all(r.met for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
