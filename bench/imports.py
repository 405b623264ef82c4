"""How long a fresh kernel takes to import a form page, against the libraries it cannot do
without (ipywidgets and pydantic).

A page imports its own module (`mentorkit.forms`, `mentorkit.apps.journal`, …) and nothing
of the other pages; the note beside the ratio gives what building the first form then
costs: the page-load rows measure the whole of it as a learner meets it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

from bench.common import Result, Settings

PAGE = "from mentorkit.forms import form; from mentorkit.records import LearningLogEntry"
FIRST_FORM = f"{PAGE}; form(LearningLogEntry)"
BASELINE = "import ipywidgets, pydantic"


def _fresh(code: str, env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    return time.perf_counter() - started


def run(settings: Settings) -> list[Result]:
    ours, baseline, first_form = [], [], []
    with tempfile.TemporaryDirectory(prefix="mentorkit-bench-") as home:
        env = {**os.environ, "MENTORKIT_HOME": home}
        # Alternate, so that a busy moment on the machine falls on each alike.
        for _ in range(max(settings.repeats, 5)):
            ours.append(_fresh(PAGE))
            baseline.append(_fresh(BASELINE))
            first_form.append(_fresh(FIRST_FORM, env))
    result = Result(
        "import a form page (fresh interpreter)",
        statistics.median(ours),
        statistics.median(baseline),
        "s",
        1.3,
    )
    result.notes.append(
        f"import and build the learning-log form (store included): "
        f"{statistics.median(first_form) * 1000:.0f} ms, "
        f"{statistics.median(first_form) / statistics.median(baseline):.2f} x the baseline import"
    )
    return [result]
