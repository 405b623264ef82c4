"""A real Voilà server (our `mentorkit.serve`) and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("MENTORKIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
PAGE_TIMEOUT_MS = 90_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A running `python -m mentorkit.serve` with its own store folder."""

    def __init__(self, home: Path, env: dict[str, str] | None = None, args: tuple[str, ...] = ()):
        self.home = home
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = home.parent / f"voila-{self.port}.log"
        env = {**os.environ, "MENTORKIT_HOME": str(home), **(env or {})}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mentorkit.serve", str(ROOT), "--port", str(self.port), *args],
            env=env, stdout=self.log.open("wb"), stderr=subprocess.STDOUT,
        )  # fmt: skip

    @property
    def db(self) -> Path:
        return self.home / "mentorkit.db"

    def app(self, notebook: str) -> str:
        return f"{self.url}voila/render/{notebook}"

    def wait_until_up(self, seconds: float = 60) -> None:
        self.wait_for(self.url + "voila/static/voila.js", self.process, self.log, seconds)

    @staticmethod
    def wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
        """Wait until `url` answers; fail with the server's output if it never does."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and process.poll() is None:
            try:
                urllib.request.urlopen(url, timeout=2)
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        process.terminate()
        output = log.read_text(errors="replace")[-5000:]
        pytest.fail(f"the server at {url} did not start; its output:\n{output}")

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-5000:]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("voila") / "home")
    running.wait_until_up()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        if os.environ.get("MENTORKIT_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium is required but not found at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Watched:
    """A page that records every dialog and console error it sees."""

    def __init__(self, page):
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.set_default_timeout(PAGE_TIMEOUT_MS)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.get_by_role("button", name="Save").first.wait_for()


@pytest.fixture
def watched(browser, server, request):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    watch = Watched(page)
    yield watch
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        print(f"Voilà output:\n{server.output()}")
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
