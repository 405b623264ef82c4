"""Every page of the course and the workbook checked by axe-core in Chromium, with records
of every kind saved first so the pages show lists and the dashboard draws its charts.

axe-core is the version tests/browser/package-lock.json pins; `make test` installs it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from factories import sample

from conftest import ROOT

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practice (landmarks, headings).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
# axe's violations of any impact, each with the nodes it found
AUDIT = """tags => axe.run(document,
        {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
    .then(found => found.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target}))})))"""
# Every page a learner opens; the nbgrader sources under workbook/assignments are not pages.
PAGES = sorted(
    path.relative_to(ROOT).as_posix()
    for path in [*ROOT.glob("course/**/*.ipynb"), *ROOT.glob("workbook/*.ipynb")]
    if not any(part.startswith(".") for part in path.relative_to(ROOT).parts)
)


@pytest.fixture(scope="module")
def records(server):
    """Three records of every kind, so that every list and chart has something to show."""
    from mentorkit.records import KINDS
    from mentorkit.store import Store

    with Store.open(server.db) as store:
        for kind in KINDS.values():
            for n in (1, 5, 12):
                store.add(sample(kind, n))
    return server


def axe() -> Path:
    if not AXE.exists():
        if os.environ.get("MENTORKIT_REQUIRE_BROWSER"):
            pytest.fail(f"axe-core is missing: run `npm ci --prefix {AXE.parents[2]}`")
        pytest.skip("no axe-core here: `make test` installs it with npm")
    return AXE


def settled(page) -> None:
    """Wait until Voilà has shown the cells and the widgets have stopped arriving."""
    page.locator("#rendered_cells").wait_for(state="visible")  # shown when the last cell ran
    page.wait_for_function(
        """() => new Promise(done => {
            const size = () => document.body.innerHTML.length;
            const first = size();
            setTimeout(() => done(size() === first), 400);
        })""",
        polling=100,
    )


def described(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(str(n["target"]) for n in v["nodes"][:4])
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}: {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("notebook", PAGES)
def test_the_page_has_no_accessibility_violations(notebook, records, watched):
    page = watched.page
    page.goto(records.app(notebook))
    settled(page)
    page.add_script_tag(path=axe())
    violations = page.evaluate(AUDIT, TAGS)
    assert violations == [], f"{notebook}:\n{described(violations)}"


@pytest.mark.parametrize(
    ("notebook", "title"),
    [
        ("workbook/learning-log.ipynb", "Learning log · mentorkit"),
        ("course/guides/01-how-it-works.ipynb", "Guide 1: How mentoring works here · mentorkit"),
        ("course/index.ipynb", "Welcome to mentorkit"),
    ],
)
def test_the_browser_tab_names_the_page_in_words(notebook, title, server, watched):
    page = watched.page
    page.goto(server.app(notebook))
    assert page.title() == title


def test_a_row_added_takes_the_cursor_into_its_first_box(watched, server):
    """Focus stayed on "Add a row" and a keyboard user had to go back to find the row."""
    page = watched.page
    watched.open(server.app("workbook/goal.ipynb"))
    page.get_by_role("button", name="Add a row to tasks").click()
    task = page.get_by_label(re.compile(r"^Task \(row 1\)"))
    task.wait_for()
    page.wait_for_function("() => document.activeElement?.labels?.[0]?.textContent")
    assert task.evaluate("box => box === document.activeElement")
    page.keyboard.type("Draft the agenda")
    assert task.input_value() == "Draft the agenda"


# The focused control's outline: its style, width, and whether any box around it cuts it off.
RING = """box => { const s = getComputedStyle(box), r = box.getBoundingClientRect();
    const out = parseFloat(s.outlineWidth) + parseFloat(s.outlineOffset);
    let cut = false;
    for (let a = box.parentElement; a; a = a.parentElement) {
        if (getComputedStyle(a).overflow === "visible") continue;
        const c = a.getBoundingClientRect();
        cut ||= r.left - out < c.left + a.clientLeft || r.top - out < c.top + a.clientTop;
    }
    return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor, cut] }"""


def test_the_keyboard_focus_is_a_solid_dark_ring_two_pixels_wide_and_whole(watched, server):
    """Save's focus ring was a faint 1 px line, and a ring set further out was cut off."""
    page = watched.page
    watched.open(server.app("workbook/learning-log.ipynb"))
    for control in [
        page.get_by_role("button", name="Save").first,
        page.get_by_label("What was going on *", exact=True),
    ]:
        control.focus()
        assert control.evaluate(RING) == ["solid", 2, "rgb(11, 12, 12)", False]
