"""Memory a workbook page costs: a kernel that ran the app's notebook, against a bare kernel."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import Result, Settings

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024


def _code_cells(notebook: Path) -> list[str]:
    import nbformat

    cells = nbformat.read(notebook, as_version=4).cells
    return [cell.source for cell in cells if cell.cell_type == "code"]


def _quiet(message: dict) -> None:
    """Outputs of the notebook's cells are not the point here."""


def _kernel_rss(cells: list[str], home: str) -> float:
    """Resident memory (bytes) of a fresh kernel after running `cells`."""
    import psutil
    from jupyter_client.manager import start_new_kernel

    env = {**os.environ, "MENTORKIT_HOME": home}
    manager, client = start_new_kernel(
        kernel_name="python3", env=env, startup_timeout=120,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for source in cells:
            reply = client.execute_interactive(source, timeout=120, output_hook=_quiet)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"the notebook's code failed: {reply['content'].get('evalue')}")
        client.execute_interactive("import gc; _ = gc.collect()", timeout=60, output_hook=_quiet)
        time.sleep(0.5)
        return psutil.Process(manager.provisioner.pid).memory_info().rss
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def run(settings: Settings) -> list[Result]:
    app = settings.apps[0]
    cells = _code_cells(ROOT / app)
    ours, bare = [], []
    with tempfile.TemporaryDirectory(prefix="mentorkit-bench-home-") as home:
        for _ in range(max(3, settings.repeats // 2)):
            ours.append(_kernel_rss(cells, home))
            bare.append(_kernel_rss([], home))
    return [
        Result(
            f"kernel memory (RSS) after {Path(app).name}",
            statistics.median(ours) / MB,
            statistics.median(bare) / MB,
            "MB",
            1.5,
        )  # fmt: skip
    ]
