"""A learner's answer cells show their words, never their markup, to the assessor: nbconvert
passes a Markdown cell's HTML through as it is, and formgrader shows the autograded
notebook in the assessor's own Jupyter, so a script typed into an answer ran as them."""

from __future__ import annotations

import json

import nbformat
import pytest
from assessor_round import learner, mentorkit, nbgrader, new_course
from nbconvert import HTMLExporter

from mentorkit.assess.preprocessors import inert_markdown

ATTACK = (
    "My answer <img src=x onerror=\"fetch('/api/contents')\"> and "
    "<script>alert(2)</script> and [a link](JavaScript:alert(3))\n\n"
    "```text\n<b>typed inside a block, shown as typed</b>\n```\n"
)


def _rendered(markdown: str) -> str:
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_markdown_cell(markdown))
    body, _ = HTMLExporter().from_notebook_node(notebook)
    return body[body.index("My answer") :]


def test_markup_typed_into_an_answer_is_shown_as_the_characters_typed():
    assert "<img" in _rendered(ATTACK) and "<script>alert(2)" in _rendered(ATTACK)  # as it was
    shown = _rendered(inert_markdown(ATTACK))
    assert "<img" not in shown and "<script" not in shown
    assert "&lt;img src=x onerror=" in shown and "&lt;script&gt;alert(2)" in shown
    assert 'href="javascript' not in shown.lower()
    assert "&lt;b&gt;typed inside a block, shown as typed&lt;/b&gt;" in shown  # not doubled


@pytest.mark.slow
def test_an_answer_typed_into_the_notebook_by_hand_is_inert_once_autograded(tmp_path):
    course, env = new_course(tmp_path, release="unit307-reflecting")
    one = learner(tmp_path, "mallory", env)
    one.hand_in(course, "unit307-reflecting", "--declare")
    mentorkit(course, env, "assess", "collect", "unit307-reflecting", "--course-dir", course)
    [handed_in] = (course / "submitted" / "mallory" / "unit307-reflecting").glob("*.ipynb")
    notebook = json.loads(handed_in.read_text(encoding="utf-8"))
    answers = [c for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("solution")]
    answers[0]["source"] = ATTACK  # as if typed in JupyterLab and handed in with nbgrader
    handed_in.write_text(json.dumps(notebook), encoding="utf-8")

    nbgrader(course, env, "autograde", "unit307-reflecting", "--force")
    graded = course / "autograded" / "mallory" / "unit307-reflecting" / handed_in.name
    cells = json.loads(graded.read_text(encoding="utf-8"))["cells"]
    [shown] = [c for c in cells if "My answer" in "".join(c["source"])]
    assert "<img" not in _rendered("".join(shown["source"]))
    assert "&lt;script>alert(2)" in "".join(shown["source"])  # every word kept
