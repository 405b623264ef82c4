"""A real Voilà server (our `mentorkit.serve`) and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import contextlib
import os
import re
import shutil

import pytest
from servers import ROOT, Server, serving  # noqa: F401  (tests here import them from conftest)

CHROMIUM = os.environ.get("MENTORKIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
PAGE_TIMEOUT_MS = 90_000


#: Most modules' server keeps no kernels preheated: each page a test opened from a pool
#: started another to take its place, which ran the notebook while the next test ran,
#: and made the browser tests half as slow again. The server as `make start` runs it,
#: preheated, is tested where that matters: `as_served`, test_preheated.py and
#: test_leaving_pages.py.
PLAIN = ("--no-preheat",)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("voila") / "home", args=PLAIN) as running:
        yield running


@pytest.fixture(scope="module")
def as_served(tmp_path_factory):
    """The server exactly as `make start` runs it, preheated pools and all."""
    with serving(tmp_path_factory.mktemp("voila-served") / "home") as running:
        yield running


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

    def open_in_journal(self, server, words: str) -> None:
        """Find the newest entry holding `words` in the journal, and open it there."""
        self.page.goto(server.app("workbook/journal.ipynb"))
        search = self.page.get_by_label("Search")
        search.wait_for()
        search.fill(words)
        search.press("Enter")
        self.page.get_by_role("button", name="Open").first.click()
        self.page.get_by_text(re.compile(r"revision 1")).wait_for()


@pytest.fixture
def watched(browser, server, request):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    watch = Watched(page)
    yield watch
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        print(f"Voilà output:\n{server.output()}")
    close(context)


def close(context) -> None:
    """Close the context once each page has said it is leaving, as a tab does when closed,
    so Voila's page sends its kernel's shutdown beacon (closing a context sends none).

    The event is dispatched by hand: a real unload could be held by a page that asks
    before leaving (JupyterLab with an edited notebook), and the dialog is dismissed here.
    """
    for page in context.pages:
        with contextlib.suppress(Exception):  # a page already gone has nothing to say
            page.evaluate("window.dispatchEvent(new Event('beforeunload'))")
    context.close()
