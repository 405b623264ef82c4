"""With Voilà's preheated kernels a notebook runs before anyone asks for it; what the
learner typed or saved since must still be what the page offers when it is opened."""

from __future__ import annotations

import re
import time

import pytest

from conftest import Server, Watched

pytestmark = pytest.mark.browser

APP = "workbook/reflective-log.ipynb"
BOX = "How the session went *"  # required, and first: the saved entry is listed by it
DRAFT = "Typed after the preheat 🌱"


class PreheatedServer(Server):
    """`python -m mentorkit.serve` with a pool of one preheated kernel for one app."""

    def __init__(self, home, notebook: str):
        self.notebook = notebook
        # without a "default" entry every notebook under the root gets a pool of one
        pools = {"default": {"pool_size": 0}, notebook: {"pool_size": 1}}
        super().__init__(home, args=(
            NOTES, "--preheat", f"--VoilaKernelManager.kernel_pools_config={pools!r}",
        ))  # fmt: skip

    def count(self, line: str) -> int:
        return count(self, line)

    def wait_until_preheated(self, kernels: int, settle: float = 6.0) -> None:
        wait_until_preheated(self, self.notebook, kernels, settle)


#: Voilà notes each pool filled and each kernel taken at INFO, which the terminal leaves out.
NOTES = "--Voila.log_level=INFO"


def count(server: Server, line: str) -> int:
    return server.log.read_text(errors="replace").count(line)


def wait_until_preheated(server: Server, notebook: str, kernels: int, settle: float = 6.0):
    """Until `kernels` kernels have been started for the notebook's pool, and had time to
    run the notebook (Voilà does not say when that is done)."""
    deadline = time.monotonic() + 120
    while count(server, f"Kernel pool of {notebook} is filled") < kernels:
        assert time.monotonic() < deadline, f"the pool never refilled:\n{server.output()}"
        time.sleep(0.2)
    time.sleep(settle)


def _serve(tmp_path_factory, notebook: str):
    running = PreheatedServer(tmp_path_factory.mktemp("voila-preheated") / "home", notebook)
    running.wait_until_up()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def preheated(tmp_path_factory):
    yield from _serve(tmp_path_factory, APP)


@pytest.fixture
def alone(browser):
    """A page watched for dialogs and console errors, in a context of its own."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    yield Watched(context.new_page())
    context.close()


def test_a_draft_and_a_saved_entry_made_after_the_kernel_was_preheated_are_shown(alone, preheated):
    watched, page = alone, alone.page
    preheated.wait_until_preheated(1)
    watched.open(preheated.app(APP))
    # the kernel the reload will get has run the notebook before anything is typed
    preheated.wait_until_preheated(2)
    page.get_by_label(BOX, exact=True).fill(DRAFT)
    page.wait_for_timeout(2500)  # the draft is kept after half a second of quiet
    page.reload()
    page.get_by_text("We kept what you were typing").wait_for()
    assert page.get_by_label(BOX, exact=True).input_value() == DRAFT

    preheated.wait_until_preheated(3)
    page.get_by_role("button", name="Save").click()
    page.get_by_text(re.compile(r"Saved at \d\d:\d\d")).wait_for()
    page.reload()
    page.get_by_role("button", name="Save").first.wait_for()
    listed = page.locator(".mk-entries button").filter(has_text=DRAFT)
    listed.wait_for()
    assert page.get_by_text("We kept what you were typing").count() == 0
    assert preheated.count("Using pre-heated kernel") >= 3, preheated.output()
    assert watched.dialogs == [] and watched.errors == []


TOPIC = "course/topics/02-benefits.ipynb"


@pytest.fixture(scope="module")
def preheated_topic(tmp_path_factory):
    yield from _serve(tmp_path_factory, TOPIC)


def test_a_topic_shows_answers_saved_after_its_kernel_was_preheated(alone, preheated_topic):
    from test_course_apps import _first_activity

    question = _first_activity(TOPIC).questions[0]
    answer = "A sounding board outside my own team 🌱"
    watched, page = alone, alone.page
    preheated_topic.wait_until_preheated(1)
    page.goto(preheated_topic.app(TOPIC))
    # the kernel the reload will get has run the topic before the answer is saved
    preheated_topic.wait_until_preheated(2)
    page.get_by_label(question, exact=True).fill(answer)
    page.get_by_role("button", name="Save my answers").first.click()
    page.get_by_text(re.compile(r"Saved at \d\d:\d\d")).first.wait_for()

    page.reload()
    page.get_by_text("Your answers, saved on").first.wait_for()
    assert page.get_by_label(question, exact=True).input_value() == answer
    assert preheated_topic.count("Using pre-heated kernel") >= 2, preheated_topic.output()
    assert watched.dialogs == [] and watched.errors == []


def test_the_pages_learners_open_most_wait_for_their_request_before_reading_anything(
    alone, tmp_path_factory
):
    """As `make start` serves them: each of the four has a kernel that ran it ahead, and
    shows what was saved after that, because nothing of the learner's was read before."""
    from factories import learning_log, sample

    from mentorkit.records import SessionRecord
    from mentorkit.serve.config import PREHEATED
    from mentorkit.store import Store

    server = Server(tmp_path_factory.mktemp("voila-default") / "home", args=(NOTES,))
    try:
        server.wait_until_up()
        for notebook in PREHEATED:
            wait_until_preheated(server, notebook, 1, settle=0)
        time.sleep(6)  # each kernel has run its notebook
        # not even opened: the store's file is made by the first page that reads it
        assert not server.db.exists(), "a preheated kernel opened the learner's store"
        context = "Saved after the kernels were preheated 🌱"
        with Store.open(server.db) as store:
            store.add(learning_log(context=context))
            store.add(sample(SessionRecord))
        page = alone.page
        shown = {
            "course/index.ipynb": page.get_by_text("Learning log", exact=False).filter(
                has_text="1 saved"
            ),
            "workbook/learning-log.ipynb": page.locator(".mk-entries button"),
            "workbook/session-record.ipynb": page.locator(".mk-entries button"),
            "workbook/journal.ipynb": page.locator(".mk-plain", has_text=context),
        }
        for notebook in PREHEATED:
            page.goto(server.app(notebook))
            shown[notebook].first.wait_for()
            assert "Using pre-heated kernel" in server.output()
            used = [x for x in server.log.read_text().splitlines() if "pre-heated" in x]
            assert used and used[-1].endswith(f" for {notebook}"), used
        assert page.get_by_text("Nothing saved yet").count() == 0
        assert alone.dialogs == [] and alone.errors == []
    finally:
        server.stop()


LOG = "workbook/learning-log.ipynb"


@pytest.fixture(scope="module")
def preheated_log(tmp_path_factory):
    yield from _serve(tmp_path_factory, LOG)


def test_words_typed_the_moment_a_page_shows_stay_while_its_kernel_finishes_preheating(
    alone, preheated_log
):
    """Opened again at once, a page took a kernel still running the notebook. Its form was
    on screen a second or two before the kernel heard of the request (Voilà's own waiting
    imports JupyterLab's server first), and today's date, filled in then, wiped the words
    typed meanwhile."""
    watched, page = alone, alone.page
    for attempt in range(1, 4):
        # no settling: the pool's kernel may still be running the notebook
        wait_until_preheated(preheated_log, LOG, attempt, settle=0)
        words = f"Typed the moment the page showed, visit {attempt} 🌱"
        watched.open(preheated_log.app(LOG))
        page.get_by_label("How I felt").fill(words)
        date_box = page.get_by_label("Date")
        deadline = time.monotonic() + 30
        while date_box.input_value() == "":  # today's date, filled in once opened
            assert time.monotonic() < deadline, "the page was never opened for the learner"
            page.wait_for_timeout(50)
        page.wait_for_timeout(1000)
        assert page.get_by_label("How I felt").input_value() == words
    assert preheated_log.count("Using pre-heated kernel") >= 3, preheated_log.output()
    assert watched.dialogs == [] and watched.errors == []
