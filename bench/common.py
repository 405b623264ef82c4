"""What every benchmark shares: its settings, a median timer, and one row of the table."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Settings:
    """Sizes and repeats; `--quick` shrinks them, environment variables override them."""

    records: int = 100_000
    growth: tuple[int, ...] = (1_000, 10_000, 100_000)
    repeats: int = 7
    loads: int = 7
    saves: int = 300
    #: issue 4 names the session record's app; the learning log is the simplest form
    apps: tuple[str, ...] = ("workbook/learning-log.ipynb", "workbook/session-record.ipynb")

    @classmethod
    def from_env(cls, quick: bool) -> Settings:
        base = cls(10_000, (1_000, 10_000), 3, 3, 100) if quick else cls()
        env = os.environ.get
        growth = env("MENTORKIT_BENCH_GROWTH")
        apps = env("MENTORKIT_BENCH_APPS")
        return cls(
            records=int(env("MENTORKIT_BENCH_RECORDS", base.records)),
            growth=tuple(int(n) for n in growth.split(",")) if growth else base.growth,
            repeats=int(env("MENTORKIT_BENCH_REPEATS", base.repeats)),
            loads=int(env("MENTORKIT_BENCH_LOADS", base.loads)),
            saves=int(env("MENTORKIT_BENCH_SAVES", base.saves)),
            apps=tuple(apps.split(",")) if apps else base.apps,
        )


@dataclass
class Result:
    """One measure against its baseline, both taken in this run."""

    measure: str
    ours: float
    baseline: float
    unit: str
    target: float
    #: rates: ours / baseline must reach the target; times and sizes must stay under it
    higher_is_better: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline if self.baseline else float("inf")

    @property
    def met(self) -> bool:
        return self.ratio >= self.target if self.higher_is_better else self.ratio <= self.target

    def cells(self) -> list[str]:
        sign = ">=" if self.higher_is_better else "<="
        return [
            self.measure, _amount(self.ours, self.unit), _amount(self.baseline, self.unit),
            f"{self.ratio:.2f}", f"{sign} {self.target:g}", "yes" if self.met else "NO",
        ]  # fmt: skip


def _amount(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "/s":
        return f"{value:,.0f}/s"
    return f"{value:,.1f} {unit}"


def median_time(run: Callable[[], object], repeats: int) -> float:
    """The median wall time of `run`, in seconds."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def paired_times(
    ours: Callable[[], object], baseline: Callable[[], object], repeats: int, calls: int = 5
) -> tuple[float, float]:
    """Median times of two measures taken in turn, so a busy moment falls on both alike.

    Each turn times `calls` calls of one, then of the other; the medians are of the turns.
    """
    mine, theirs = [], []
    for _ in range(repeats):
        mine.append(median_time(ours, calls))
        theirs.append(median_time(baseline, calls))
    return statistics.median(mine), statistics.median(theirs)


def table(header: list[str], rows: list[list[str]]) -> str:
    """A plain-text table with aligned columns (Markdown-compatible)."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), rule, *(line(r) for r in rows)])
