"""Time from navigation to a usable page in Chromium: a workbook app against a bare page.

Both are served by the same server class (`python -m mentorkit.serve`) from a copy of the
course and workbook with bench/bare.ipynb added, once cold (`preheat_kernel` off) and once
preheated as `make start` serves the pages learners open most. Loads alternate between the
two pages; the first of each is a warm-up. The preheated page is also held against the
cold bare page (target 0.85), and the memory the waiting kernels take is reported.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from bench.common import Result, Settings
from mentorkit.serve import sign_in
from mentorkit.serve.config import PREHEATED

ROOT = Path(__file__).resolve().parents[1]
BARE = "workbook/bench-bare.ipynb"
#: one ipywidgets button and nothing else: what any widget page costs over the bare page
FLOOR = "workbook/bench-button.ipynb"
CHROMIUM = os.environ.get("MENTORKIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--no-first-run", "--disable-component-update", "--disable-sync"]  # fmt: skip
TIMEOUT_MS = 120_000


def _served_copy(folder: Path) -> Path:
    root = folder / "root"
    skip = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for name in ("course", "workbook"):
        shutil.copytree(ROOT / name, root / name, ignore=skip)
    shutil.copy(Path(__file__).with_name("bare.ipynb"), root / BARE)
    shutil.copy(Path(__file__).with_name("button.ipynb"), root / FLOOR)
    return root


def _free_port() -> int:
    """The tests' one free-port helper (as cohort_load takes the tests' PostgreSQL server)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from ports import free_port

    return free_port()


#: Voilà's notes of each pool filled and each kernel taken are at INFO, which `make start`
#: leaves off the terminal.
NOTES = "--Voila.log_level=INFO"
COLD = [NOTES, "--VoilaConfiguration.preheat_kernel=False"]


def _preheat_flags(apps: tuple[str, ...]) -> list[str]:
    """Pools of one kernel, as `make start` has them, and for the pages measured."""
    names = dict.fromkeys((*PREHEATED, *apps, BARE))
    pools = {"default": {"pool_size": 0}, **{name: {"pool_size": 1} for name in names}}
    return [NOTES, "--preheat", f"--VoilaKernelManager.kernel_pools_config={pools!r}"]


MB = 1024 * 1024


def _kernels_memory(server: int) -> tuple[int, float]:
    """How many kernels the server runs, and their resident memory together, in MB."""
    import psutil

    kernels = [
        child
        for child in psutil.Process(server).children()
        if any("ipykernel" in part for part in child.cmdline())
    ]
    return len(kernels), sum(k.memory_info().rss for k in kernels) / MB


@contextlib.contextmanager
def _server(root: Path, log: Path, flags: list[str]) -> Iterator[tuple[str, int]]:
    port = _free_port()
    runtime = root.parent / "runtime"
    token, _ = sign_in(runtime)  # the server takes the same token from this folder
    env = {
        **os.environ,
        "MENTORKIT_HOME": str(root.parent / "home"),
        "JUPYTER_RUNTIME_DIR": str(runtime),
    }
    command = [sys.executable, "-m", "mentorkit.serve", str(root), "--port", str(port), *flags]
    with log.open("wb") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "voila/static/voila.js", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"Voilà did not start:\n{log.read_text()[-3000:]}") from None
                time.sleep(0.3)
        yield f"{url}?token={token}", server.pid
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()


#: Seconds a refilled pool's kernel may still be running its notebook: Voilà logs the pool
#: filled once the kernel has started, and runs the notebook after.
SETTLE = 3.0


def _wait_for_pools(log: Path, filled: dict[str, int]) -> None:
    """Until Voilà has logged each notebook's pool filled as many times as given, and the
    last kernel started has had time to run its notebook: a page is timed on a quiet
    server, not beside the other page's refill."""
    deadline = time.monotonic() + 120
    for notebook, times in filled.items():
        line = f"Kernel pool of {notebook} is filled"
        while log.read_text(errors="replace").count(line) < times:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the pool of {notebook} never refilled")
            time.sleep(0.1)
    time.sleep(SETTLE)


def _check_preheated(log: Path, notebooks: tuple[str, ...], loads: int) -> None:
    """Every timed load really got a preheated kernel, or the figure means nothing."""
    lines = log.read_text(errors="replace").splitlines()
    for notebook in notebooks:
        used = sum("Using pre-heated kernel" in x and x.endswith(f" for {notebook}") for x in lines)
        if used < loads:
            raise RuntimeError(f"only {used} of {loads} loads of {notebook} were preheated")


#: Watches, on every frame the page draws, for its first visible element of the given
#: role and name, and keeps that moment (milliseconds since navigation started) in
#: `window.__mkVisibleAt`. Playwright's own wait cannot time a page: it looks again after
#: 0, 20, 50, 100 and 100 ms, then only every 500 ms, so a page was "ready" up to half a
#: second after it was, by where it fell between two looks.
WATCH = """
(([selector, name]) => {
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  const look = () => {
    for (const el of document.querySelectorAll(selector)) {
      const label = (el.getAttribute("aria-label") || el.textContent).replace("¶", "").trim();
      if (label === name && visible(el)) {
        window.__mkVisibleAt = performance.now();
        return;
      }
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})
"""


def _load(context, url: str, target: tuple[str, str]) -> float:
    """Seconds from navigation until the page first draws `target` (a CSS selector and the
    element's name) visible, as the page's own clock has it."""
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.add_init_script(f"({WATCH})({list(target)!r})")
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_function("window.__mkVisibleAt !== undefined", polling="raf")
        return page.evaluate("window.__mkVisibleAt") / 1000
    finally:
        page.goto("about:blank")  # unloading sends Voilà's shutdown beacon for the kernel
        page.close()


def _load_twice(context, url: str, target: tuple[str, str]) -> float:
    """A load, tried again once if the page never got ready (a stray slow kernel start)."""
    try:
        return _load(context, url, target)
    except Exception as exc:
        print(f"a load of {url} failed ({type(exc).__name__}); trying again", file=sys.stderr)
        return _load(context, url, target)


SAVE_BUTTON = ("button", "Save")
BARE_HEADING = ("h1", "A bare page")


def _time_pages(browser, url: str, app: str, loads: int, log: Path | None) -> tuple[float, float]:
    ours, bare = [], []
    taken = {app: 0, BARE: 0}  # preheated kernels used so far, from each pool
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    try:
        for n in range(loads + 1):  # load 0 of each is a warm-up
            for notebook, target, times in ((app, SAVE_BUTTON, ours), (BARE, BARE_HEADING, bare)):
                if log is not None:
                    _wait_for_pools(log, {name: used + 1 for name, used in taken.items()})
                    taken[notebook] += 1
                page = url.replace("/?", f"/voila/render/{notebook}?")
                elapsed = _load_twice(context, page, target)
                if n:
                    times.append(elapsed)
                time.sleep(0.5)  # let the closed page's kernel go before the next load
    finally:
        context.close()
    return statistics.median(ours), statistics.median(bare)


def run(settings: Settings) -> tuple[list[Result], str]:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        print(f"no Chromium at {CHROMIUM}: page timings skipped", file=sys.stderr)
        return [], ""
    from playwright.sync_api import sync_playwright

    results, floors, memory = [], [], ""
    cold_bare: dict[str, float] = {}  # each app's cold bare page, timed beside it
    apps = (*settings.apps, FLOOR)
    with tempfile.TemporaryDirectory(prefix="mentorkit-bench-pages-") as folder:
        root = _served_copy(Path(folder))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for preheat in (False, True):
                log = Path(folder) / f"voila-{'preheat' if preheat else 'plain'}.log"
                flags = _preheat_flags(apps) if preheat else COLD
                with _server(root, log, flags) as (url, pid):
                    if preheat:
                        pooled = dict.fromkeys((*PREHEATED, *apps, BARE), 1)
                        _wait_for_pools(log, pooled)
                        count, total = _kernels_memory(pid)
                        memory = (
                            f"Memory: {count} preheated kernels waiting (the {len(PREHEATED)} "
                            f"`make start` pools and the pages timed), {total:.0f} MB resident "
                            f"together, {total / count:.0f} MB each; `make start` keeps "
                            f"{len(PREHEATED)}, about {total / count * len(PREHEATED):.0f} MB."
                        )
                    for app in apps:
                        try:
                            ours, bare = _time_pages(
                                browser, url, app, settings.loads, log if preheat else None
                            )
                        except Exception as exc:
                            tail = log.read_text(errors="replace")[-2000:]
                            raise RuntimeError(f"{app}: {exc}\nVoilà said:\n{tail}") from None
                        if preheat:
                            _check_preheated(log, (app, BARE), settings.loads + 1)
                        else:
                            cold_bare[app] = bare
                        phase = ", preheated" if preheat else ", cold"
                        label = f"Save visible: {Path(app).name}{phase}"
                        if app == FLOOR:
                            floors.append(f"{label}: {ours:.2f} s against {bare:.2f} s, "
                                          f"{ours / bare:.2f}")  # fmt: skip
                            floors += [
                                f"  {r.measure}: {r.ours / ours:.2f} x the one-button page"
                                for r in results
                                if r.measure.endswith(phase)
                            ]
                        else:
                            results.append(Result(label, ours, bare, "s", 1.15))
                            if preheat:  # as `make start` serves it, against the cold bare page
                                results.append(
                                    Result(f"{label}, against the cold bare page",
                                           ours, cold_bare[app], "s", 0.85)
                                )  # fmt: skip
            browser.close()
    return results, (
        "The floor for any widget page: a notebook whose only code makes one ipywidgets "
        "button, against the bare page in the same run, and each page against it:\n"
        + "\n".join(floors)
        + f"\n\n{memory}"
    )
