"""The reflection check reads the form being filled, wherever a reflection is written.

It was a separate box under the reflective log, into which a learner pasted again what
they had just typed, and it knew only Gibbs. Now it is a button beside the form that reads
the form's own boxes, offering Gibbs' or Kolb's cycle; the reflective and learning logs
have it, and so has every activity that evidences reflecting with a model.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import ipywidgets as w
import pytest

from mentorkit.apps.reflection import reflection_check
from mentorkit.apps.topic import activity
from mentorkit.course.catalogue import activities
from mentorkit.course.reflection import applies_to, reflects
from mentorkit.forms import form
from mentorkit.records import KINDS, LearningLogEntry, ReflectiveLogEntry

WORKBOOK = Path(__file__).resolve().parents[1] / "workbook"


def _descendants(widget: w.Widget) -> list[w.Widget]:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += _descendants(child)
    return found


def test_the_check_beside_the_reflective_log_reads_what_is_typed_in_its_boxes(store):
    log = reflection_check(form(ReflectiveLogEntry, store))
    assert log.reflection in log.tools.children  # under Save, above the saved entries
    assert not [x for x in _descendants(log.reflection) if isinstance(x, w.Textarea)]

    assert "Write something in the boxes above first" in log.reflection.check()
    log.fields["how_it_went"].value = "We met after the shift and talked about her rota."
    log.fields["what_worked"].value = "I felt calm, and the open questions worked well."
    said = log.reflection.check()
    assert said.startswith("Gibbs' reflective cycle:")
    assert "description, feelings, evaluation" in said and "action plan" in said.split("add")[1]

    log.fields["differently"].value = "Next time I will wait longer, because she had ideas."
    assert "action plan" not in log.reflection.check().split("add")[-1]
    assert store.find(ReflectiveLogEntry) == []  # checking is not saving


def test_the_kolb_check_is_offered_and_names_kolbs_stages(store):
    log = reflection_check(form(LearningLogEntry, store))
    log.fields["context"].value = "In the session I noticed I talked over her pauses."
    log.reflection.model.value = "kolb"
    said = log.reflection.check()
    assert said.startswith("Kolb's learning cycle:")
    assert "concrete experience" in said and "active experimentation" in said
    log.reflection.model.value = "gibbs"  # a check already shown follows the model chosen
    assert "Gibbs" in log.reflection.result.value


def test_html_typed_in_a_box_comes_back_as_text_in_the_check(store):
    log = reflection_check(form(ReflectiveLogEntry, store))
    log.fields["how_it_went"].value = "<img src=x onerror=alert(1)> we met"
    log.reflection.check()
    assert "<img" not in log.reflection.result.value


@pytest.mark.parametrize("ref", activities(), ids=[a.activity for a in activities()])
def test_an_activity_offers_the_check_when_it_evidences_reflecting_with_a_model(ref, store):
    shown = activity(ref.activity, store=store)
    offered = hasattr(shown, "reflection")
    assert offered == reflects(ref.criteria)
    if offered:
        assert shown.reflection in shown.children
        shown.fields[0].value = "In the session I felt nervous, and I noticed it."
        assert "You have written about" in shown.reflection.check()


def test_the_kolb_activity_opens_on_kolb_and_the_gibbs_one_on_gibbs(store):
    assert activity("kolb-experiment", store=store).reflection.model.value == "kolb"
    assert activity("gibbs-reflection", store=store).reflection.model.value == "gibbs"


def _form_calls(path: Path) -> list[tuple[str, str]]:
    """(function, kind) for each form a workbook notebook builds: form(X), reflection_check(X)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    calls = []
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
                arg = node.args[0]
                kind = arg.id if isinstance(arg, ast.Name) else getattr(arg, "value", "")
                calls.append((node.func.id, str(kind)))
    return calls


def test_every_workbook_page_where_a_reflection_is_written_has_the_check_and_no_paste_box():
    kinds = {k.__name__: k for k in KINDS.values()} | dict(KINDS)
    pages = {p.name: _form_calls(p) for p in sorted(WORKBOOK.glob("*.ipynb"))}
    reflective = {n for n, calls in pages.items() for f, k in calls
                  if k in kinds and applies_to(kinds[k].model_construct())}  # fmt: skip
    assert {"reflective-log.ipynb", "learning-log.ipynb"} <= reflective
    for name in reflective:
        assert [f for f, k in pages[name] if k in kinds] == ["reflection_check"], name
    bare = [n for n, calls in pages.items() for f, k in calls if f == "reflection_check" and not k]
    assert bare == []


def test_the_check_stays_beside_the_form_after_save_a_new_entry_and_an_opened_one(store):
    """Save, New entry and opening a saved entry each replaced what sat under Save, and
    the check went with it until the page was reloaded."""
    log = reflection_check(form(ReflectiveLogEntry, store))
    log.fields["how_it_went"].value = "We met after the shift and talked about her rota."
    saved = log.save()
    assert saved is not None and log.reflection in log.tools.children
    log.new_entry()
    assert log.reflection in log.tools.children
    log.edit_entry(saved.id)
    assert log.reflection in log.tools.children
