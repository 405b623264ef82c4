"""The self-check quizzes in a real browser: every option readable, clickable, and its own."""

from __future__ import annotations

import itertools

import pytest

from mentorkit.course.catalogue import quiz

pytestmark = pytest.mark.browser

TOPIC = "01-what-mentoring-is"


def test_each_option_is_whole_on_screen_and_a_click_on_its_words_chooses_it(watched, server):
    """Long options ran over the next one, so a click on their words chose the wrong answer."""
    page = watched.page
    page.goto(server.app(f"course/topics/{TOPIC}.ipynb"))
    page.get_by_role("button", name="Check my answers").wait_for(timeout=90_000)
    items = quiz(TOPIC)["items"]
    for item in items:
        labels = page.locator(".widget-radio").filter(has_text=item["question"]).locator("label")
        texts = [o["text"] for o in item["options"]]
        boxes = []
        for text in texts:
            label = labels.filter(has_text=text).last
            whole = label.evaluate("e => e.scrollHeight <= e.clientHeight + 1")
            assert whole, f"the option {text!r} does not fit its own box"
            boxes.append(label.bounding_box())
        for upper, lower in itertools.pairwise(boxes):
            assert upper["y"] + upper["height"] <= lower["y"] + 0.5, "options overlap"
        last = labels.filter(has_text=texts[-1]).last
        last.click(position={"x": 40, "y": last.bounding_box()["height"] - 4})
        radios = (
            page.locator(".widget-radio").filter(has_text=item["question"]).get_by_role("radio")
        )
        assert radios.last.is_checked() and not radios.first.is_checked()
    assert watched.errors == []
