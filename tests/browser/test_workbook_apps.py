"""Every workbook app in a real browser: fill, save, find in the journal, edit, history,
delete and undo, with HTML typed into every text box shown as inert text throughout."""

from __future__ import annotations

import re
from datetime import date

import pytest

from mentorkit.records import (
    Evidence,
    Goal,
    LearningLogEntry,
    MenteeFeedback,
    Partnership,
    ProgressReview,
    ReflectiveLogEntry,
    SessionRecord,
)

pytestmark = pytest.mark.browser

APPS = {
    "learning-log": LearningLogEntry, "session-record": SessionRecord,
    "feedback": MenteeFeedback, "reflective-log": ReflectiveLogEntry, "goal": Goal,
    "review": ProgressReview, "evidence": Evidence, "partnership": Partnership,
}  # fmt: skip
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)> 👩🏽‍💻 Zoë مرحبا"


def _label(spec) -> str:
    return spec.label + (" *" if spec.required else "")


def fill_form(page, kind, marker: str) -> None:
    """Fill every field a learner must, and every text box, using only what the kind declares."""
    for spec in kind.specs():
        box = page.get_by_label(_label(spec), exact=True)
        if spec.is_text:
            box.fill(f"{marker} {HOSTILE}" if spec.required or spec.type == "longtext" else marker)
        elif not spec.required:
            continue
        elif spec.type == "date":
            box.fill(date.today().isoformat())
        elif spec.type in ("choice", "rating"):
            box.select_option(index=1)


def wait_saved(page) -> None:
    page.get_by_text(re.compile(r"Saved at \d\d:\d\d")).wait_for()


@pytest.mark.parametrize("app", list(APPS))
def test_each_app_saves_and_the_journal_edits_shows_history_deletes_and_undoes(
    app, watched, server, tmp_path
):
    kind, page = APPS[app], watched.page
    marker = f"Kestrel{app.replace('-', '')}"
    watched.open(server.app(f"workbook/{app}.ipynb"))
    fill_form(page, kind, marker)
    page.get_by_role("button", name="Save").click()
    wait_saved(page)
    page.screenshot(path=tmp_path / f"{app}.png", full_page=True)
    assert "Traceback" not in page.inner_text("body")

    watched.open_in_journal(server, marker)
    assert page.get_by_text(HOSTILE).first.is_visible()

    page.get_by_role("button", name="Edit").click()
    first_text = next(s for s in kind.specs() if s.is_text)
    page.get_by_label(_label(first_text), exact=True).fill(f"{marker} edited")
    page.get_by_role("button", name="Save").click()
    page.get_by_text(re.compile(r"revision 2")).wait_for()
    page.get_by_role("button", name="History").click()
    page.get_by_text("Revision 2, saved").wait_for()
    assert page.locator("ins").filter(has_text="edited").count() >= 1

    page.get_by_role("button", name="Back to the entry").click()
    page.get_by_role("button", name="Delete").click()
    page.get_by_text("Moved to the trash").wait_for()
    page.get_by_role("button", name="Undo").click()
    page.get_by_text("Restored:").wait_for()
    assert page.locator("img[src='x']").count() == 0
    assert watched.dialogs == [] and watched.errors == []
    assert "Traceback" not in page.inner_text("body")


def test_a_whole_form_is_filled_and_saved_with_the_keyboard_alone(watched, server):
    page = watched.page
    watched.open(server.app("workbook/learning-log.ipynb"))
    page.locator("body").click(position={"x": 5, "y": 5})
    typed = {
        "What was going on *": "Keyboard-only entry",
        "What I did or said *": "Used Tab",
        "What I will take from this *": "It works",
    }
    for _ in range(80):
        page.keyboard.press("Tab")
        label = page.evaluate(
            "() => { const e = document.activeElement;"
            " const text = e && e.labels && e.labels[0] ? e.labels[0].textContent : e.textContent;"
            " return text.trim() }"
        )
        if label in typed:
            page.keyboard.type(typed.pop(label))
        if not typed and label == "Save":
            page.keyboard.press("Enter")
            break
    assert not typed, f"never reached {list(typed)} with Tab"
    wait_saved(page)


def test_text_typed_but_not_saved_is_still_there_after_a_reload(watched, server):
    page = watched.page
    watched.open(server.app("workbook/reflective-log.ipynb"))
    page.get_by_label("What worked", exact=True).fill("Draft that must survive 🌱")
    page.wait_for_timeout(2500)  # the draft is kept after half a second of quiet
    page.reload()
    page.get_by_role("button", name="Save").first.wait_for()
    box = page.get_by_label("What worked", exact=True)
    assert box.input_value() == "Draft that must survive 🌱"
    page.get_by_text("We kept what you were typing").wait_for()


def test_words_typed_the_moment_before_a_reload_are_kept_too(watched, server):
    """The draft waited for a second of quiet, and a reload inside it lost the words."""
    page = watched.page
    watched.open(server.app("workbook/reflective-log.ipynb"))
    page.get_by_label("What worked", exact=True).fill("Typed and straight away reloaded")
    page.wait_for_timeout(150)  # the words on their way to the kernel, no pause for a draft
    page.reload()
    page.get_by_role("button", name="Save").first.wait_for()
    box = page.get_by_label("What worked", exact=True)
    assert box.input_value() == "Typed and straight away reloaded"


def test_errors_are_announced_next_to_their_field(watched, server):
    page = watched.page
    watched.open(server.app("workbook/session-record.ipynb"))
    page.get_by_label("Agenda", exact=True).fill("one\ntwo\nthree\nfour")
    page.get_by_label("Duration (hours)").fill("an hour")
    page.get_by_role("button", name="Save").click()
    agenda = page.locator(".mk-field").filter(has=page.get_by_label("Agenda", exact=True))
    agenda.get_by_role("alert").filter(has_text="three main items").wait_for()
    duration = page.locator(".mk-field").filter(has=page.get_by_label("Duration (hours)"))
    assert "please give a number" in duration.get_by_role("alert").inner_text()
    assert page.get_by_label("Agenda", exact=True).input_value() == "one\ntwo\nthree\nfour"
