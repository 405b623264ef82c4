"""The dashboard and the goal board as Chromium lays them out: charts named for a screen
reader, side by side where there is room, text at the page's size, and no blank bands."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mentorkit.records import Goal, MenteeFeedback, ProgressReview, SessionRecord
from mentorkit.store import Store

pytestmark = pytest.mark.browser

TODAY = date.today()
#: The tallest gap between two things a reader sees (a line of text, a chart, a control),
#: over the whole page: a blank band is a gap with nothing beside it either.
WIDEST_BAND = """() => {
  const spans = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || node.parentElement.closest('svg, style, script')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) if (r.height > 0) spans.push([r.top, r.bottom]);
  }
  for (const e of document.querySelectorAll('svg, img, button, input, select, textarea')) {
    if (e.parentElement.closest('svg')) continue;
    const r = e.getBoundingClientRect();
    if (r.height > 0) spans.push([r.top, r.bottom]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let widest = 0, reach = spans[0][1];
  for (const [top, bottom] of spans.slice(1)) {
    widest = Math.max(widest, top - reach);
    reach = Math.max(reach, bottom);
  }
  return widest;
}"""
#: A heading's margins and a paragraph's make gaps of 30 to 60 px; an empty line of a
#: column was 200 px (ipywidgets' Label given a flex basis of 12rem in a column).
BAND_PX = 80


def _open(page, server, notebook: str, ready: str) -> None:
    page.goto(server.app(notebook))
    page.get_by_text(ready).first.wait_for()


def _cards(page) -> list[dict]:
    return [card.bounding_box() for card in page.locator(".mk-charts > .mk-card").all()]


def test_no_blank_bands_on_the_dashboard_or_the_goal_board_before_any_records(watched, server):
    page = watched.page
    _open(page, server, "workbook/dashboard.ipynb", "No past sessions recorded yet.")
    assert page.evaluate(WIDEST_BAND) < BAND_PX
    _open(page, server, "workbook/goals.ipynb", "No goals under way.")
    assert page.evaluate(WIDEST_BAND) < BAND_PX
    assert watched.errors == []


def test_charts_are_named_by_their_sentence_and_sit_side_by_side_in_the_pages_type(watched, server):
    with Store.open(server.db) as store:
        actions = [{"what": "Book a room", "done": True},
                   {"what": "Draft the rota", "due": TODAY - timedelta(days=1)}]  # fmt: skip
        store.add(SessionRecord(date=TODAY - timedelta(days=2), duration=1.5,
                                summary="Rotas", actions=actions))  # fmt: skip
        store.add(MenteeFeedback(rating=4))
        store.add(ProgressReview(date=TODAY, stage="Mid-way", ratings=[
            {"competency": "Listening", "before": 2, "after": 4}]))  # fmt: skip
        store.add(Goal(specific="Chair the team meeting", status="Under way"))
    page = watched.page
    _open(page, server, "workbook/dashboard.ipynb", "Running total of hours")
    page.locator("svg[role=img]").first.wait_for()

    sentences = page.locator(".mk-charts details p").all_text_contents()
    assert len(sentences) == 5
    for sentence in sentences:  # each chart's accessible name is the sentence under it
        assert page.get_by_role("img", name=sentence, exact=True).count() == 1
    assert page.locator(".mk-charts img, .mk-charts canvas").count() == 0  # shapes, not pixels

    cards = _cards(page)  # 1100 px wide: two charts a row
    assert cards[0]["y"] == cards[1]["y"] and cards[1]["x"] > cards[0]["x"] + cards[0]["width"]
    assert len({card["y"] for card in cards}) == 3
    type_px = page.evaluate("""() => {
      const chart = document.querySelector('.mk-chart');
      const scale = chart.getBoundingClientRect().width / chart.viewBox.baseVal.width;
      const tick = parseFloat(getComputedStyle(chart.querySelector('text')).fontSize);
      const page = parseFloat(getComputedStyle(document.querySelector('.mk-plain')).fontSize);
      return [tick * scale, page];
    }""")
    assert abs(type_px[0] - type_px[1]) <= 1  # the charts' words are the page's size
    assert page.evaluate(WIDEST_BAND) < BAND_PX

    page.set_viewport_size({"width": 600, "height": 900})  # a narrow window: one column
    page.wait_for_function("() => new Set([...document.querySelectorAll('.mk-charts > .mk-card')]"
                           ".map(c => c.getBoundingClientRect().x)).size === 1")  # fmt: skip
    cards = _cards(page)
    assert all(card["x"] + card["width"] <= 600 for card in cards)  # nothing cut off
    assert watched.errors == [] and watched.dialogs == []
