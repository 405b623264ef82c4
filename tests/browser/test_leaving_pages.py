"""Pages left in every way a learner leaves them: their kernels are shut down within a minute,
the pages still open keep theirs, and the terminal shows one address and nothing alarming."""

from __future__ import annotations

import re
import time

import pytest

from conftest import Server, Watched, close

pytestmark = pytest.mark.browser

#: Not one of the preheated pages, so its kernel is the page's own from the start.
OTHER = "workbook/reflective-log.ipynb"
#: The culler's timings, lowered so the test takes seconds: `make start` waits 30 s, and
#: looks every 15 s (mentorkit.serve.config, ABANDONED_AFTER and CULL_EVERY).
IDLE, EVERY = 6, 2


@pytest.fixture
def quick(tmp_path):
    server = Server(tmp_path / "home", args=(
        "--preheat", "--Voila.log_level=INFO",
        f"--MappingKernelManager.cull_idle_timeout={IDLE}",
        f"--MappingKernelManager.cull_interval={EVERY}",
    ))  # fmt: skip
    try:
        server.wait_until_up()
        yield server
    finally:
        server.stop()


def _wait_pools_filled(server: Server, times: int = 4) -> None:
    deadline = time.monotonic() + 120
    while server.log.read_text(errors="replace").count("Kernel pool of") < times:
        assert time.monotonic() < deadline, server.output()
        time.sleep(0.2)
    time.sleep(3)


def test_a_page_closed_without_a_word_loses_its_kernel_and_an_open_page_keeps_its_own(
    quick, browser
):
    _wait_pools_filled(quick)
    pools = quick.kernels()
    time.sleep(IDLE + 2 * EVERY)  # kernels waiting preheated are not pages gone
    assert quick.kernels() >= pools

    kept_context = browser.new_context()
    kept = Watched(kept_context.new_page())
    kept.open(quick.app("workbook/learning-log.ipynb"))  # takes its pool's kernel
    _wait_pools_filled(quick, 5)  # the refill is not the page opened next
    before = quick.kernels()
    gone_context = browser.new_context()
    Watched(gone_context.new_page()).open(quick.app(OTHER))
    opened = quick.kernels() - before
    assert len(opened) == 1
    gone_context.close()  # a killed browser: no beacon, as a page left before it loaded
    deadline = time.monotonic() + IDLE + 3 * EVERY + 10
    while quick.kernels() & opened and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not quick.kernels() & opened, "the closed page's kernel still runs"

    # the page left open all this while, idle for longer than the culler allows, still works
    page = kept.page
    page.get_by_role("button", name="Save").first.click()  # empty: the kernel answers
    page.get_by_text(re.compile(r"needs? your attention")).first.wait_for(timeout=20_000)
    close(kept_context)
    assert kept.errors == []


PAGES = ("course/index.ipynb", "workbook/learning-log.ipynb", "workbook/journal.ipynb", OTHER)


def test_the_terminal_shows_one_address_and_no_alarm_while_pages_come_and_go(tmp_path, browser):
    """What `make start` prints: the address once, then nothing about trust, pings or
    tracebacks, however quickly pages are left (that raced Jupyter's kernel socket)."""
    server = Server(tmp_path / "home")
    printed = ""
    try:
        server.wait_until_up()
        context = browser.new_context()
        page = context.new_page()
        page.goto(server.app(PAGES[0]))
        for delay in (150, 600, 3000):
            for notebook in PAGES:
                page.goto(f"{server.url}voila/render/{notebook}", wait_until="commit")
                page.wait_for_timeout(delay)
        page.get_by_role("button", name="Save").first.wait_for(timeout=90_000)  # still works
        close(context)
        time.sleep(5)
        printed = server.log.read_text(errors="replace")
    except Exception:
        print(server.log.read_text(errors="replace"))
        raise
    finally:
        server.stop()
    addresses = [line for line in printed.splitlines() if re.search(r"https?://", line)]
    assert len(addresses) == 1 and "?token=" in addresses[0], printed
    for alarm in ("Traceback", "not trusted", "websocket_ping_timeout", "Error", "500 GET"):
        assert alarm not in printed, printed
