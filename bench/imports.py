"""How long a fresh kernel takes to import our forms, against importing ipywidgets alone."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from bench.common import Result, Settings


def _fresh_import(module: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
    return time.perf_counter() - started


def run(settings: Settings) -> list[Result]:
    ours, baseline = [], []
    # Alternate the two, so that a busy moment on the machine falls on both alike.
    for _ in range(max(settings.repeats, 5)):
        ours.append(_fresh_import("mentorkit.widgets"))
        baseline.append(_fresh_import("ipywidgets"))
    return [
        Result(
            "import mentorkit.widgets (fresh interpreter)",
            statistics.median(ours),
            statistics.median(baseline),
            "s",
            1.3,
        )  # fmt: skip
    ]
