"""The assessor's page in Chromium: `assessor.ipynb`, as `mentorkit assess init` writes it
into the course folder, run with Voilà there. A learner hands in for real; the assessor
chooses the assignment and the learner, sees the evidence as text and the checks as
advice, is refused a decision without a rationale, and records one. The framing of each
answer (the question's words, the practice log's table) is shown as such; the learner's
own words, markup and all, stay text.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from assessor_round import cell_of, learner, mentorkit, nbgrader, new_course
from ports import free_port
from servers import Server

from mentorkit.assess.decisions import MET, decisions_for

pytestmark = pytest.mark.slow

PRACTICE = "unit306-extended-practice"
SHOT = Path("/tmp/s11/assessor-page-fixed.png")


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("assessor-page")
    course, env = new_course(root, release="*")
    reflecting = cell_of(course, "gibbs-reflection")["assignment"]
    alice = learner(root, "alice", env, gibbs_words=120)
    alice.hand_in(course, reflecting, "--declare")
    mentorkit(course, env, "assess", "collect", reflecting, "--course-dir", course)
    nbgrader(course, env, "autograde", reflecting)
    alice.hand_in(course, PRACTICE, "--declare")  # a practice log: a table of hours
    mentorkit(course, env, "assess", "collect", PRACTICE, "--course-dir", course)
    port, token = free_port(), "assessor-page-token"
    log = root / "voila.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "voila", "assessor.ipynb", "--no-browser", f"--port={port}",
         "--Voila.ip=127.0.0.1", f"--token={token}"],
        cwd=course, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        Server.wait_for(url + "voila/static/voila.js", process, log, 90)
        yield course, reflecting, f"{url}?token={token}"
    finally:
        process.terminate()
        process.wait(30)


def test_the_page_is_written_for_the_assessor_alone(course):
    course, _, _ = course
    assert (course / "assessor.ipynb").stat().st_mode & 0o777 == 0o600


def test_the_assessor_decides_a_criterion_with_a_rationale_in_chromium(course, browser):
    course, reflecting, url = course
    gibbs = cell_of(course, "gibbs-reflection")["criteria"][0]
    page = browser.new_page()
    page.set_default_timeout(120_000)
    page.goto(url)
    page.get_by_label("Assignment").select_option(reflecting)
    page.get_by_label("Learner").select_option("alice")
    block = page.locator(".mk-criterion").filter(has_text=gibbs).first
    block.get_by_text("Awaiting a decision").first.wait_for()
    assert page.get_by_role("heading", name="Assessor's decisions").count() == 1
    shown = block.locator(".mk-handed-in").first.inner_text()
    assert "<b>bold</b>" in shown  # the learner's markup, as text
    assert block.locator(".mk-handed-in b").count() == 0
    assert page.locator(".mk-answer b, .mk-answer script").count() == 0
    words = block.inner_text()
    assert "```" not in words and "**" not in words  # the framing is shown, not its Markdown
    asked = block.locator(".mk-question").first.inner_text()
    assert asked.startswith("1. ") and "Question 1" not in asked  # the question's own words
    assert "Advice only" in block.inner_text()
    block.get_by_role("radio", name=MET, exact=True).check()
    block.get_by_role("button", name="Record decision").click()
    block.get_by_role("alert").filter(has_text="needs its rationale").wait_for()
    assert decisions_for(course, "alice", reflecting, refresh=False)[0].decision != MET
    block.get_by_label("Rationale").fill("Every stage of Gibbs, with a real session.")
    block.get_by_role("button", name="Record decision").click()
    block.get_by_text("Recorded (met").wait_for()
    block.get_by_text("Decision: met, by").wait_for()
    said = {d.criterion: d for d in decisions_for(course, "alice", reflecting, refresh=False)}
    assert said[gibbs].decision == MET and said[gibbs].rationale.startswith("Every stage")
    page.close()


def test_the_practice_log_is_a_table_and_the_answers_are_text_in_chromium(course, browser):
    course, _, url = course
    page = browser.new_page()
    page.set_default_timeout(120_000)
    page.goto(url)
    page.get_by_label("Assignment").select_option(PRACTICE)
    page.get_by_label("Learner").select_option("alice")
    table = page.locator(".mk-answer table").first
    table.wait_for()
    assert table.locator("th").first.inner_text() == "Date"
    assert table.locator("tbody tr").count() >= 1
    words = page.locator(".mk-assessor").inner_text()
    assert "| Date |" not in words and "```" not in words and "**" not in words
    assert "*Duration" not in words
    assert "<b>bold</b>" in words and page.locator(".mk-answer b").count() == 0
    assert page.get_by_role("heading", name="Assessor's decisions").count() == 1
    SHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOT), full_page=True)
    table.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOT.with_name("assessor-page-table.png")))
    page.close()
