"""Ways on from a page, in a real browser: from a topic back to the course and on to the
next one; from the entries listed under a form to the entry itself, to change it."""

from __future__ import annotations

import re
from datetime import date

import pytest

from conftest import ROOT
from mentorkit.course.catalogue import pages

pytestmark = pytest.mark.browser


def test_a_topic_leads_back_to_the_course_and_on_to_the_next_topic(watched, server):
    page = watched.page
    found = pages(ROOT / "course")
    at = next(n for n, p in enumerate(found) if p.key == "02-benefits")
    before, after = found[at - 1], found[at + 1]
    page.goto(server.app("course/topics/02-benefits.ipynb"))
    links = page.get_by_role("navigation", name="Course pages")
    links.get_by_role("link", name=f"Next: {after.title}").click()
    page.wait_for_url(re.compile(r"/voila/render/course/topics/03-roles-and-skills\.ipynb"))
    page.get_by_role("heading", name=after.title, level=1).wait_for()
    links.get_by_role("link", name=f"Previous: {found[at].title}").click()
    page.wait_for_url(re.compile(r"/voila/render/course/topics/02-benefits\.ipynb"))
    links.get_by_role("link", name=f"Previous: {before.title}").wait_for()
    links.get_by_role("link", name="Back to the course home page").click()
    page.wait_for_url(re.compile(r"/voila/render/course/index\.ipynb"))
    page.get_by_role("heading", name="Welcome to mentorkit").wait_for()
    assert watched.dialogs == [] and watched.errors == []


def test_a_saved_entry_under_a_form_opens_on_a_click_to_be_changed(watched, server):
    from factories import learning_log

    from mentorkit.store import Store

    with Store.open(server.db) as store:
        store.add(learning_log(location="Meeting room 2, Leeds office",
                               context="Opened from the list", date=date(2026, 12, 3)))  # fmt: skip
    page = watched.page
    watched.open(server.app("workbook/learning-log.ipynb"))
    entry = page.get_by_role("button", name="3 Dec 2026 · Opened from the list")
    entry.click()
    context = page.get_by_label("What was going on *", exact=True)
    page.get_by_text("opened to change").wait_for()
    assert context.input_value() == "Opened from the list"
    assert (
        page.get_by_label("Where it happened", exact=True).input_value()
        == "Meeting room 2, Leeds office"
    )
    page.get_by_label("What went through my mind", exact=True).fill("Added from the form")
    page.get_by_role("button", name="Save").first.click()
    page.get_by_text(re.compile(r"Saved at \d\d:\d\d")).wait_for()
    with Store.open(server.db) as store:
        [saved] = [r for r in store.find() if r.context == "Opened from the list"]
    assert (saved.revision, saved.thoughts) == (2, "Added from the form")
    assert watched.dialogs == [] and watched.errors == []
