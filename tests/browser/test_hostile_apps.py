"""The hostile-input corpus typed into every text box of every workbook app in Chromium.

Accepted text is saved exactly (as the browser delivers it) and shown literally in the
journal; refused text gets a message next to its box and the page keeps working.
"""

from __future__ import annotations

import itertools
import json
import re
import sqlite3

import pytest
from hostile import load_cases
from test_workbook_apps import APPS, fill_form, wait_saved

pytestmark = pytest.mark.browser

ACCEPTED = [c for c in load_cases() if c.expect == "accept"]
BIG = 100_000  # characters: a case this long gets a box to itself
# Lone surrogates cannot cross Jupyter's message layer (jupyter_client encodes messages as
# UTF-8 and drops one that holds them), so the page turns each into U+FFFD as it is typed
# (tests/browser/test_broken_text.py); the store's own refusal of them is tested in
# tests/test_hostile_store.py.
REFUSED = [
    c for c in load_cases()
    if c.expect == "refuse" and not any(0xD800 <= ord(ch) <= 0xDFFF for ch in c.text)
]  # fmt: skip


def _as_typed(text: str, multiline: bool) -> str:
    """What a browser box holds after the text is typed: line ends become \\n, and a
    one-line box drops line breaks altogether."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if multiline else text.replace("\n", "")


def _plan() -> dict[str, dict[str, str]]:
    """Spread the accepted cases over every text box of every app, every case used once at
    least: the megabyte ones get a long box each, the rest share boxes line by line."""
    boxes = [(app, spec) for app, kind in APPS.items() for spec in kind.specs() if spec.is_text]
    multi = [b for b in boxes if b[1].type == "longtext"]
    single = [b for b in boxes if b[1].type == "text"]
    plan: dict[str, dict[str, str]] = {app: {} for app in APPS}
    big = [c for c in ACCEPTED if len(c.text) >= BIG]
    small = [c for c in ACCEPTED if len(c.text) < BIG]
    one_line = [c for c in small if "\n" not in c.text and "\r" not in c.text]
    for (app, spec), case in zip(multi, big, strict=False):
        plan[app][spec.name] = case.text
    shared = multi[len(big) :]
    for (app, spec), case in zip(single, itertools.cycle(one_line), strict=False):
        plan[app][spec.name] = case.text
    for n, case in enumerate(small):
        app, spec = shared[n % len(shared)]
        before = plan[app].get(spec.name)
        plan[app][spec.name] = case.text if before is None else f"{before}\n{case.text}"
    return plan


PLAN = _plan()


def paste(box, text: str) -> None:
    """Put text into a box as a paste does: one input event (Playwright's `fill` slows to a
    crawl on text with thousands of line breaks)."""
    box.evaluate(
        "(el, text) => { el.value = text; el.dispatchEvent(new Event('input', {bubbles: true}));"
        " el.dispatchEvent(new Event('change', {bubbles: true})); }",
        text,
    )


def _stored(db, kind: str) -> dict:
    with sqlite3.connect(db) as conn:
        (body,) = conn.execute(
            "SELECT body FROM records WHERE kind = ? ORDER BY created DESC LIMIT 1", (kind,)
        ).fetchone()
    return json.loads(body)


def test_the_plan_uses_every_accepted_case():
    used = "\n".join(v for p in PLAN.values() for v in p.values())
    assert [c.name for c in ACCEPTED if c.text not in used] == []


@pytest.mark.parametrize("app", list(APPS))
def test_hostile_text_in_every_box_is_saved_exactly_and_shown_literally(app, watched, server):
    kind, page = APPS[app], watched.page
    watched.open(server.app(f"workbook/{app}.ipynb"))
    fill_form(page, kind, "placeholder")
    for name, text in PLAN[app].items():
        spec = kind.spec(name)
        paste(page.get_by_label(spec.label + (" *" if spec.required else ""), exact=True), text)
    page.get_by_role("button", name="Save").click()
    status = page.locator(".mk-status-ok, .mk-status-bad").first
    status.wait_for()
    problems = [a.inner_text()[:200] for a in page.get_by_role("alert").all()]
    assert status.inner_text().startswith("Saved at"), problems
    stored = _stored(server.db, kind.kind)
    for name, text in PLAN[app].items():
        expected = _as_typed(text, kind.spec(name).type == "longtext")
        assert stored[name] == expected, f"{app}.{name} was not saved exactly"

    page.goto(server.app("workbook/journal.ipynb"))
    page.get_by_label("Kind").select_option(kind.title)
    page.get_by_role("button", name="Open").first.click()
    page.get_by_text(re.compile(r"revision 1")).wait_for()
    for name in PLAN[app]:
        spec = kind.spec(name)
        box = page.locator(".mk-field").filter(
            has=page.locator("strong", has_text=re.compile(f"^{re.escape(spec.label)}$"))
        )
        shown = box.locator(".mk-value").first.text_content()
        assert shown == stored[name], f"{app}.{name} is not shown literally"
    assert page.locator("img[src='x'], svg[onload], iframe").count() == 0
    assert watched.dialogs == [] and watched.errors == []


@pytest.mark.parametrize("case", REFUSED, ids=[c.name for c in REFUSED])
def test_refused_text_is_named_next_to_its_box_and_the_page_keeps_working(case, watched, server):
    page = watched.page
    watched.open(server.app("workbook/learning-log.ipynb"))
    fill_form(page, APPS["learning-log"], "Refusal check")
    box = page.get_by_label("What went through my mind", exact=True)
    paste(box, case.text)
    page.get_by_role("button", name="Save").click()
    field = page.locator(".mk-field").filter(has=box)
    field.get_by_role("alert").wait_for()
    page.get_by_text("1 box needs your attention").wait_for()
    box.fill("A shorter, ordinary thought")
    page.get_by_role("button", name="Save").click()
    wait_saved(page)
    assert watched.dialogs == []


def test_dollar_signs_a_learner_types_are_shown_as_typed_never_as_mathematics(server, watched):
    """Jupyter typesets a Label's text: "$5 and $" was drawn as a formula in the journal."""
    from factories import learning_log

    from mentorkit.store import Store

    typed = "Budget $5 and $10, then $$x^2$$"
    with Store.open(server.db) as store:
        store.add(learning_log(context=typed))
    page = watched.page
    page.goto(server.app("workbook/journal.ipynb"))
    page.get_by_role("button", name="Open").first.wait_for()
    listed = page.locator(".mk-plain", has_text="Budget").first.inner_text(timeout=30_000)
    assert typed in listed
    assert page.locator("mjx-container, .MathJax, mjx-math").count() == 0
