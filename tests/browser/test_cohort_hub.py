"""A cohort end to end: a real JupyterHub (deploy/jupyterhub_config.py) on loopback, the
project's own proxy, a real PostgreSQL server, and two people in Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import psycopg
import pytest

from conftest import ROOT, Server, _free_port
from mentorkit import cohort

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PROXY = ROOT / "deploy" / "node_modules" / ".bin" / "configurable-http-proxy"
CONFIG = ROOT / "deploy" / "jupyterhub_config.py"
APP = "workbook/learning-log.ipynb"


def _proxy() -> None:
    """The proxy the project pins in deploy/package.json, installed on first use."""
    if PROXY.exists():
        return
    if not shutil.which("npm"):
        if os.environ.get("MENTORKIT_REQUIRE_BROWSER"):
            pytest.fail("npm is needed to install configurable-http-proxy")
        pytest.skip("no npm here to install configurable-http-proxy")
    subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(ROOT / "deploy")],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip


class Hub:
    """`jupyterhub -f deploy/jupyterhub_config.py` in a folder of its own."""

    def __init__(self, folder: Path, pg_server):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.admin = pg_server.create_database("hub_cohort")
        cohort.init(pg_server.url(), "hub_cohort")
        (folder / "secret").write_text("the hub's secret\n")
        env = {
            **os.environ,
            "MENTORKIT_COHORT_URL": self.admin.replace("//postgres@", "//"),
            "MENTORKIT_HUB_SECRET_FILE": str(folder / "secret"),
            "MENTORKIT_ADMIN_URL": pg_server.url(),  # a trial hub enrols whoever signs in
            "MENTORKIT_HUB_PORT": str(self.port),
        }
        env.pop("MENTORKIT_STORE_URL", None)
        self.log = folder / "hub.log"
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "jupyterhub", "-f", str(CONFIG),
                f"--JupyterHub.hub_port={_free_port()}",
                f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{_free_port()}",
                f"--SimpleLocalProcessSpawner.home_dir_template={folder}/home-{{username}}",
            ],
            cwd=folder, env=env, stdout=self.log.open("wb"), stderr=subprocess.STDOUT,
        )  # fmt: skip

    def wait_until_up(self) -> None:
        Server.wait_for(f"{self.url}/hub/health", self.process, self.log, 90)

    def sign_in(self, page, name: str) -> None:
        page.goto(f"{self.url}/hub/login")
        page.fill("input[name=username]", name)
        page.fill("input[name=password]", "any password will do on a trial hub")
        page.click("[type=submit]")
        page.wait_for_url(re.compile(rf".*/user/{name}/voila/render/.*"))

    def app(self, name: str, notebook: str) -> str:
        return f"{self.url}/user/{name}/voila/render/{notebook}"

    def stop(self) -> None:
        self.process.terminate()  # the hub stops everyone's server as it goes
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="module")
def hub(tmp_path_factory, pg_server):
    pytest.importorskip("jupyterhub")
    _proxy()
    running = Hub(tmp_path_factory.mktemp("hub"), pg_server)
    try:
        running.wait_until_up()
        yield running
    finally:
        running.stop()
    print(f"hub output:\n{running.log.read_text(errors='replace')[-3000:]}")


def _save_learning_log(page, place: str) -> None:
    page.get_by_role("button", name="Save").first.wait_for()
    page.get_by_label("Date").fill("2026-11-20")
    page.get_by_label("Location").fill(place)
    page.get_by_label("The context").fill(f"A session at {place}")
    page.get_by_label("What I did").fill("Listened, then asked one open question")
    page.get_by_label("Key learning points").fill("Wait a little longer before speaking")
    page.get_by_role("button", name="Save").click()
    page.get_by_text(re.compile(r"Saved at \d\d:\d\d")).wait_for()


def test_two_people_each_save_a_learning_log_and_see_only_their_own(hub, browser):
    places = {"hana": "Hana's allotment shed", "ivo": "Ivo's boathouse"}
    pages = {}
    for name, place in places.items():
        context = browser.new_context(viewport={"width": 1100, "height": 900})
        page = context.new_page()
        page.set_default_timeout(120_000)
        hub.sign_in(page, name)
        page.goto(hub.app(name, APP))
        _save_learning_log(page, place)
        pages[name] = page

    for name, page in pages.items():
        other = next(place for who, place in places.items() if who != name)
        page.reload()
        page.get_by_role("button", name="Save").first.wait_for()
        page.get_by_text(f"20 Nov 2026 · {places[name]}").wait_for()
        assert page.get_by_text(other).count() == 0, name
        page.context.close()

    with psycopg.connect(hub.admin) as conn:
        rows = conn.execute("SELECT owner, body->>'location' FROM records").fetchall()
    assert sorted(rows) == sorted(places.items())
    with urllib.request.urlopen(f"{hub.url}/hub/health", timeout=5) as answer:
        assert answer.status == 200
