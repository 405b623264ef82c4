"""A learner fills the learning log in a real browser, served by a real Voilà."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest
from test_workbook_apps import APPS, fill_form

pytestmark = pytest.mark.browser

APP = "workbook/learning-log.ipynb"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
TEXT_FIELDS = [
    "Where it happened", "What was going on", "What I did or said",
    "What went through my mind", "How I felt", "What went well",
    "What was hard, and how I handled it", "What I will take from this",
]  # fmt: skip


@pytest.fixture(scope="module")
def server(as_served):
    """The page learners open most, tested as `make start` serves it: preheated, where its
    form was once filled in after the learner had begun typing, and lost the words."""
    return as_served


def _rows(db, like: str) -> list[dict]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT body FROM records WHERE kind = 'learning-log' AND body LIKE ?", (f"%{like}%",)
        ).fetchall()
    return [json.loads(body) for (body,) in rows]


def test_saved_entry_is_in_the_store_and_listed_after_reload(watched, server):
    page = watched.page
    watched.open(server.app(APP))
    page.get_by_label("Date").fill("2026-11-20")
    page.get_by_label("Where it happened").fill("Library meeting room")
    page.get_by_label("What was going on").fill("Kestrel session one: agreeing our ground rules")
    page.get_by_label("What I did or said").fill("Drafted the agreement together")
    page.get_by_label("What I will take from this").fill("Agree the note-taker early")
    page.get_by_role("button", name="Save").click()
    page.get_by_text(re.compile(r"Saved at \d\d:\d\d")).wait_for()
    assert page.get_by_role("button", name="New entry").is_visible()

    [saved] = _rows(server.db, "Kestrel session one")
    assert saved["date"] == "2026-11-20" and saved["location"] == "Library meeting room"

    page.reload()
    page.get_by_role("button", name="Save").wait_for()
    page.get_by_text("20 Nov 2026 · Kestrel session one: agreeing our ground rules").wait_for()
    assert watched.dialogs == [] and watched.errors == []


def test_every_box_fits_inside_its_field_with_all_four_edges_showing(watched, server):
    """Full-width boxes were 100% wide plus their margins, so their right edge was cut off."""
    page = watched.page
    watched.open(server.app(APP))
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('.mk-field')].flatMap(field => {
            const edge = field.getBoundingClientRect().right;
            return [...field.querySelectorAll('input, textarea, select')]
                .filter(box => box.getBoundingClientRect().right > edge + 0.5)
                .map(box => box.closest('.widget-inline-hbox').innerText.trim());
        })"""
    )
    assert overflowing == []


def test_the_journal_fits_a_phone_screen_without_sideways_scrolling(watched, server):
    page = watched.page
    page.set_viewport_size({"width": 400, "height": 800})
    page.goto(server.app("workbook/journal.ipynb"))
    page.get_by_role("button", name="Show trash").wait_for()
    page.wait_for_timeout(500)  # the entries listed after the filters
    cut_off = page.evaluate(
        """() => [...document.querySelectorAll('input, select, button, .widget-label, .mk-plain')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth)
            .map(e => e.innerText || e.placeholder || e.tagName)"""
    )
    assert cut_off == []


def test_empty_required_fields_are_named_and_typed_text_stays(watched, server):
    page = watched.page
    watched.open(server.app(APP))
    page.get_by_label("How I felt").fill("Nervous but hopeful")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("boxes need your attention").wait_for()
    alerts = page.get_by_role("alert").filter(has_text="please fill this in")
    assert alerts.count() == 3
    for label in ("What was going on", "What I did or said", "What I will take from this"):
        field = page.locator(".mk-field").filter(has=page.get_by_label(label))
        assert "please fill this in" in field.inner_text(), label
    assert page.get_by_label("How I felt").input_value() == "Nervous but hopeful"
    assert _rows(server.db, "Nervous but hopeful") == []
    from playwright.sync_api import expect

    expect(page.get_by_label("What was going on")).to_be_focused()  # taken to the first problem


def test_an_impossible_date_typed_with_the_keyboard_is_named_and_kept(watched, server):
    """With the browser's date picker, 23/11/12026 stayed on screen while 1202 was saved."""
    page = watched.page
    watched.open(server.app(APP))
    fill_form(page, APPS["learning-log"], "Yeartypo")
    date_box = page.get_by_label("Date")
    date_box.fill("")
    date_box.press_sequentially("23/11/12026")
    page.get_by_role("button", name="Save").click()
    field = page.locator(".mk-field").filter(has=date_box)
    field.get_by_role("alert").filter(has_text="is not a date").wait_for()
    assert date_box.input_value() == "23/11/12026"
    assert _rows(server.db, "Yeartypo") == []

    date_box.fill("31/02/2026")
    page.get_by_role("button", name="Save").click()
    field.get_by_role("alert").filter(has_text="February 2026 has 28 days").wait_for()
    date_box.fill("28/02/2026")
    page.get_by_role("button", name="Save").click()
    page.get_by_text(re.compile(r"Saved at \d\d:\d\d")).wait_for()
    [saved] = _rows(server.db, "Yeartypo")
    assert saved["date"] == "2026-02-28"
    assert watched.dialogs == [] and watched.errors == []


def test_html_typed_into_every_field_stays_inert_text(watched, server):
    page = watched.page
    watched.open(server.app(APP))
    hostile = f"{SCRIPT} {IMG}"
    for label in TEXT_FIELDS:
        page.get_by_label(label).fill(hostile)
    page.get_by_role("button", name="Save").click()
    page.get_by_text(re.compile(r"Saved at")).wait_for()
    [saved] = [r for r in _rows(server.db, "onerror") if r["location"] == hostile]
    assert all(saved[key] == hostile for key in ("context", "what_i_did", "learning_points"))

    page.reload()
    page.get_by_role("button", name="Save").wait_for()
    page.get_by_text(f"· {hostile}").first.wait_for()
    assert page.locator("img[src='x']").count() == 0
    page.wait_for_timeout(500)  # give any injected handler the chance to fire
    assert watched.dialogs == []
    assert not [e for e in watched.errors if "alert" in e]


def test_the_last_words_typed_before_save_are_saved(watched, server):
    """A box holds back its next update while the previous one is on its way to the kernel,
    but a click goes at once: a Save pressed straight after typing reaches the kernel
    before the last words did. What is saved must be everything typed."""
    page = watched.page
    watched.open(server.app(APP))
    page.get_by_label("What was going on").fill("Quick typist session")
    page.get_by_label("What I did or said").fill("Typed fast and pressed Save at once")
    page.get_by_label("What I will take from this").evaluate(
        """(box) => {
            for (const text of ["First words", "First words and the last ones"]) {
                box.value = text;
                box.dispatchEvent(new Event("input", {bubbles: true}));
            }
            [...document.querySelectorAll("button")]
                .find((b) => b.textContent.trim() === "Save").click();
        }"""
    )
    page.get_by_text(re.compile(r"Saved at \d\d:\d\d")).wait_for()
    [saved] = _rows(server.db, "Quick typist session")
    assert saved["learning_points"] == "First words and the last ones"
    assert watched.dialogs == [] and watched.errors == []
