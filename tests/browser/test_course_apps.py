"""The course in a real browser: answers saved in Voilà and in JupyterLab are one and the same."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from ports import free_port

from conftest import ROOT, Server
from mentorkit.course.catalogue import activities_in

pytestmark = pytest.mark.browser

TOPIC = "course/topics/01-what-mentoring-is.ipynb"


def _first_activity(path: str):
    return activities_in(ROOT / path)[0]


def test_an_answer_saved_in_voila_is_shown_again_after_a_reload(watched, server):
    page = watched.page
    ref = _first_activity("course/topics/02-benefits.ipynb")
    watched.page.goto(server.app("course/topics/02-benefits.ipynb"))
    box = page.get_by_label(ref.questions[0], exact=True)
    box.wait_for(timeout=90_000)
    box.fill("Confidence, a wider network <b>and</b> a sounding board")
    page.get_by_role("button", name="Save my answers").first.click()
    page.get_by_text(re.compile(r"Saved at \d\d:\d\d")).first.wait_for()
    page.reload()
    box = page.get_by_label(ref.questions[0], exact=True)
    box.wait_for(timeout=90_000)
    assert box.input_value() == "Confidence, a wider network <b>and</b> a sounding board"
    page.get_by_text("Your answers, saved on").first.wait_for()
    assert watched.dialogs == []


def test_an_answer_typed_but_not_saved_is_offered_back_after_a_reload(watched, server):
    page = watched.page
    ref = _first_activity("course/topics/03-roles-and-skills.ipynb")
    page.goto(server.app("course/topics/03-roles-and-skills.ipynb"))
    box = page.get_by_label(ref.questions[0], exact=True)
    box.wait_for(timeout=90_000)
    box.fill("Half a thought about listening")
    page.wait_for_timeout(1500)  # a pause in the typing: the draft is kept
    page.reload()
    box = page.get_by_label(ref.questions[0], exact=True)
    box.wait_for(timeout=90_000)
    page.get_by_text("We kept what you were typing last time").first.wait_for()
    assert box.input_value() == "Half a thought about listening"
    assert watched.dialogs == []


@pytest.fixture
def lab(server, tmp_path):
    """JupyterLab as `make lab` starts it, sharing the Voilà server's store."""
    port = free_port()
    log = (tmp_path / "lab.log").open("wb")
    # Render every cell at once (JupyterLab 4 only renders cells near the viewport).
    settings = tmp_path / "lab-settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
         f"--port={port}", "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=",
         "--ServerApp.password=", f"--ServerApp.root_dir={ROOT}",
         f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}"],  # no tabs left from before
        env={**os.environ, "MENTORKIT_HOME": str(server.home),
             "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "lab-settings")}, stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    Server.wait_for(url + "api/status", process, tmp_path / "lab.log")
    yield url
    process.terminate()
    process.wait(15)


def _looks_like_the_page(page, box) -> None:
    """Typing in the page's own font, and buttons their own size (in JupyterLab a button
    stretched the width of the notebook and the boxes were in a typewriter font)."""
    assert "monospace" not in box.evaluate("e => getComputedStyle(e).fontFamily")
    save = page.get_by_role("button", name="Save my answers").first
    assert save.bounding_box()["width"] < 300


def test_an_answer_given_in_jupyterlab_appears_in_the_voila_app(watched, server, lab):
    page = watched.page
    ref = _first_activity(TOPIC)
    page.goto(f"{lab}lab/tree/{TOPIC}")
    note = page.locator(".jp-RenderedMarkdown .mk-lab-only", has_text="Run All Cells")
    note.filter(visible=True).first.wait_for()  # it says how to bring its forms to life
    page.locator(".jp-Notebook .jp-Cell").first.click()
    page.locator("#jp-main-statusbar").get_by_text(re.compile("Idle")).wait_for()
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()
    box = page.get_by_label(ref.questions[0], exact=True)
    box.wait_for(timeout=90_000)
    _looks_like_the_page(page, box)
    box.fill("Written in JupyterLab ✍️")
    page.get_by_role("button", name="Save my answers").first.click()
    page.get_by_text(re.compile(r"Saved at \d\d:\d\d")).first.wait_for()

    voila = page.context.new_page()  # JupyterLab asks before leaving an edited notebook
    voila.goto(server.app(TOPIC))
    box = voila.get_by_label(ref.questions[0], exact=True)
    box.wait_for(timeout=90_000)
    assert box.input_value() == "Written in JupyterLab ✍️"
    _looks_like_the_page(voila, box)
    assert voila.locator(".mk-lab-only").count() == 1  # a web page runs itself: not said
    assert not voila.locator(".mk-lab-only").is_visible()
    assert not voila.locator(".jp-MarkdownCell:has(.mk-lab-only)").is_visible()
