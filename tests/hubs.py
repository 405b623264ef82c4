"""A real JupyterHub for tests: one of deploy/'s configurations, the project's own proxy, and
a cohort database of its own on the session's PostgreSQL server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from factories import set_up_cohort
from ports import free_port

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
PROXY = DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy"


def proxy() -> None:
    """The proxy the project pins in deploy/package.json, installed on first use."""
    if PROXY.exists():
        return
    if not shutil.which("npm"):
        if os.environ.get("MENTORKIT_REQUIRE_BROWSER"):
            pytest.fail("npm is needed to install configurable-http-proxy")
        pytest.skip("no npm here to install configurable-http-proxy")
    subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(DEPLOY)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip


class Hub:
    """`jupyterhub -f CONFIG` run from `folder`, on a fresh cohort database `database`."""

    def __init__(self, folder: Path, pg_server, config: Path, database: str, env=None, args=()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.admin = set_up_cohort(pg_server.create_database(database)).url
        self.secret = folder / "secret"
        self.secret.write_text("the hub's secret\n")
        self.secret.chmod(0o600)
        env = {
            **os.environ,
            "MENTORKIT_COHORT_URL": self.admin.replace("//postgres@", "//"),
            "MENTORKIT_HUB_SECRET_FILE": str(self.secret),
            "MENTORKIT_HUB_PORT": str(self.port),
            **(env or {}),
        }
        env.pop("MENTORKIT_STORE_URL", None)
        self.log = folder / "hub.log"
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "jupyterhub", "-f", str(config),
                f"--JupyterHub.hub_port={free_port()}",
                f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{free_port()}",
                *args,
            ],
            cwd=folder, env=env, stdout=self.log.open("wb"), stderr=subprocess.STDOUT,
        )  # fmt: skip

    def wait_until_up(self, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                urllib.request.urlopen(f"{self.url}/hub/health", timeout=2)
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        self.stop()
        pytest.fail(f"the hub at {self.url} did not start; its output:\n{self.output()}")

    def api(self, method: str, path: str, token: str, body=None):
        """A call to the hub's REST API (or a server's, for a path under /user/)."""
        url = self.url + (path if path.startswith("/user/") else f"/hub/api{path}")
        request = urllib.request.Request(
            url, method=method, data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
        )  # fmt: skip
        with urllib.request.urlopen(request, timeout=60) as answer:
            text = answer.read()
        return json.loads(text) if text else None

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-5000:]

    def stop(self) -> None:
        self.process.terminate()  # the hub stops everyone's server as it goes
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
