"""A cohort end to end: a real JupyterHub (deploy/trial_hub_config.py) on loopback, the
project's own proxy, a real PostgreSQL server, and two people in Chromium."""

from __future__ import annotations

import re
import urllib.request

import psycopg
import pytest
from hubs import DEPLOY, Hub, proxy

pytestmark = [pytest.mark.browser, pytest.mark.slow]

APP = "workbook/learning-log.ipynb"


@pytest.fixture(scope="module")
def hub(tmp_path_factory, pg_server):
    pytest.importorskip("jupyterhub")
    proxy()
    folder = tmp_path_factory.mktemp("hub")
    running = Hub(
        folder, pg_server, DEPLOY / "trial_hub_config.py", "hub_cohort",
        env={"MENTORKIT_ADMIN_URL": pg_server.url()},  # a trial hub enrols whoever signs in
        args=[f"--SimpleLocalProcessSpawner.home_dir_template={folder}/home-{{username}}"],
    )  # fmt: skip
    try:
        running.wait_until_up()
        yield running
    finally:
        running.stop()
    print(f"hub output:\n{running.output()[-3000:]}")


def _sign_in(hub: Hub, page, name: str) -> None:
    page.goto(f"{hub.url}/hub/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", "any password will do on a trial hub")
    page.click("[type=submit]")
    page.wait_for_url(re.compile(rf".*/user/{name}/voila/render/.*"))


def _save_learning_log(page, place: str) -> None:
    page.get_by_role("button", name="Save").first.wait_for()
    page.get_by_label("Date").fill("2026-11-20")
    page.get_by_label("Where it happened").fill(place)
    page.get_by_label("What was going on").fill(f"A session at {place}")
    page.get_by_label("What I did or said").fill("Listened, then asked one open question")
    page.get_by_label("What I will take from this").fill("Wait a little longer before speaking")
    page.get_by_role("button", name="Save").click()
    page.get_by_text(re.compile(r"Saved at \d\d:\d\d")).wait_for()


def test_two_people_each_save_a_learning_log_and_see_only_their_own(hub, browser):
    places = {"hana": "Hana's allotment shed", "ivo": "Ivo's boathouse"}
    pages = {}
    for name, place in places.items():
        context = browser.new_context(viewport={"width": 1100, "height": 900})
        page = context.new_page()
        page.set_default_timeout(120_000)
        _sign_in(hub, page, name)
        page.goto(f"{hub.url}/user/{name}/voila/render/{APP}")
        _save_learning_log(page, place)
        pages[name] = page

    for name, page in pages.items():
        other = next(place for who, place in places.items() if who != name)
        page.reload()
        page.get_by_role("button", name="Save").first.wait_for()
        page.get_by_text(f"20 Nov 2026 · A session at {places[name]}").wait_for()
        assert page.get_by_text(other).count() == 0, name
        page.context.close()

    with psycopg.connect(hub.admin) as conn:
        rows = conn.execute("SELECT owner, body->>'location' FROM records").fetchall()
    assert sorted(rows) == sorted(places.items())
    with urllib.request.urlopen(f"{hub.url}/hub/health", timeout=5) as answer:
        assert answer.status == 200
