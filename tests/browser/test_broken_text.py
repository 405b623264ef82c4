"""Text holding a broken character (a lone surrogate, as a bad copy can paste) is saved.

Jupyter's message layer cannot carry a lone surrogate: it dropped the box's whole update,
so Save kept what the box held before, and the learner was told it was saved. The page
now does what a browser does when it sends a web form: each broken character becomes
U+FFFD (shown as �), in the box itself, so what is saved is what the learner sees.
"""

from __future__ import annotations

import re

import pytest
from test_learning_log import _rows

pytestmark = pytest.mark.browser

APP = "workbook/learning-log.ipynb"
# A JavaScript string may hold what a Python one cannot send, so it is built in the page.
BROKEN_PASTE = """box => {
    box.value = "before " + String.fromCharCode(0xD800) + " after 🌱";
    box.dispatchEvent(new Event("input", { bubbles: true }));
}"""


def test_a_lone_surrogate_pasted_into_a_box_is_saved_as_a_replacement_character(watched, server):
    page = watched.page
    watched.open(server.app(APP))
    page.get_by_label("Date").fill("2026-11-20")
    page.get_by_label("What was going on").fill("Broken paste session")
    page.get_by_label("What I did or said").fill("Pasted notes from an old file")
    page.get_by_label("What I will take from this").fill("Check what was pasted")
    thoughts = page.get_by_label("What went through my mind")
    thoughts.evaluate(BROKEN_PASTE)
    assert thoughts.input_value() == "before \ufffd after 🌱"
    page.get_by_role("button", name="Save").click()
    page.get_by_text(re.compile(r"Saved at \d\d:\d\d")).wait_for()

    [saved] = _rows(server.db, "Broken paste session")
    assert saved["thoughts"] == "before \ufffd after 🌱"
    assert watched.dialogs == [] and watched.errors == []
