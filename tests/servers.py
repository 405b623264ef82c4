"""A running `python -m mentorkit.serve`, for the browser tests and the attacks on the server."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from ports import free_port

from mentorkit.serve import sign_in

ROOT = Path(__file__).resolve().parents[1]


class Server:
    """A running `python -m mentorkit.serve` with its own store folder."""

    def __init__(
        self,
        home: Path,
        env: dict[str, str] | None = None,
        args: tuple[str, ...] = (),
        *,
        root: Path = ROOT,
        runtime: Path | None = None,
        port: int | None = None,
    ):
        self.home = home
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = home.parent / f"voila-{self.port}.log"
        # The server signs in with the token it finds kept here: the one a learner is shown.
        self.runtime = runtime or home.parent / f"runtime-{self.port}"
        self.token, _ = sign_in(self.runtime)
        env = {
            **os.environ,
            "MENTORKIT_HOME": str(home),
            "JUPYTER_RUNTIME_DIR": str(self.runtime),
            **(env or {}),
        }
        command = [sys.executable, "-m", "mentorkit.serve", str(root), "--port", str(self.port)]
        self.process = subprocess.Popen(
            [*command, "--no-browser", *args],
            env=env, stdout=self.log.open("wb"), stderr=subprocess.STDOUT,
        )  # fmt: skip

    @property
    def db(self) -> Path:
        return self.home / "mentorkit.db"

    def app(self, notebook: str) -> str:
        """A page's address with the token, as the learner's first visit has it."""
        return f"{self.url}voila/render/{notebook}?token={self.token}"

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

    def kernels(self) -> set[int]:
        """The kernels the server runs now: its child processes running ipykernel."""
        found = set()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                command = (entry / "cmdline").read_bytes()
            except (OSError, IndexError, ValueError):
                continue
            if ppid == self.process.pid and b"ipykernel" in command:
                found.add(int(entry.name))
        return found

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-5000:]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@contextlib.contextmanager
def serving(home: Path, **options):
    """A server started for the length of a `with` block, stopped however the block ends."""
    running = Server(home, **options)
    try:
        running.wait_until_up()
        yield running
    finally:
        running.stop()
