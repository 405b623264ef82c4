"""The reflection check in a real browser: a button under the reflective log's own form
reads what was typed in its boxes (no second box to paste into) and offers Kolb too."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_the_check_reads_the_reflective_log_form_as_typed(watched, server):
    page = watched.page
    watched.open(server.app("workbook/reflective-log.ipynb"))
    page.get_by_label("How the session went *", exact=True).fill(
        "We met and talked about the rota."
    )
    page.get_by_label("What worked", exact=True).fill("I felt calm <b>and</b> it worked well.")
    assert page.locator(".mk-reflection textarea").count() == 0
    page.get_by_role("button", name="Check my reflection").click()
    said = page.locator(".mk-reflection [role=status]")
    said.filter(has_text="You have written about description, feelings").wait_for()
    assert "You might also add a line on" in said.inner_text()

    page.get_by_role("button", name="Kolb's learning cycle").click()
    said.filter(has_text="Kolb's learning cycle").wait_for()
    assert "concrete experience" in said.inner_text()
    assert "<b>" not in said.inner_html()
    assert "Traceback" not in page.inner_text("body")
