"""The assessment briefs: one nbgrader assignment per ILM unit, shaped like a centre's own.

Every criterion of a unit is evidenced by a graded cell whose rubric marks each part of it;
the word ranges a brief states are the ones its checks count (as advice); the practice
units add up the learner's own session hours and take witness testimony, supervision and
mentee feedback; and the assignments generate and autograde with nbgrader's own commands.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mentorkit.assess import fill
from mentorkit.assess.checks import check_hours, check_words, logged_hours
from mentorkit.course.catalogue import activities, criteria, pages
from mentorkit.errors import EvidenceProblem, NotMet
from mentorkit.records import (
    ActivityResponse,
    MenteeFeedback,
    ReflectiveLogEntry,
    SessionRecord,
    kind_of,
)

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "workbook" / "assignments"
BRIEFS = sorted(SOURCE.glob("*/*.ipynb"))
BIN = Path(sys.executable).parent
UNITS = sorted({c.unit for c in criteria()})
TODAY = dt.date.today()


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _nbgrader(cell: dict) -> dict:
    return cell["metadata"].get("nbgrader", {})


def _spec(cell: dict) -> dict:
    return cell["metadata"].get("mentorkit", {})


def _graded_answers(path: Path) -> list[dict]:
    return [c for c in _cells(path) if _nbgrader(c).get("grade") and _nbgrader(c).get("solution")]


def _brief(unit: str) -> Path:
    (path,) = [p for p in BRIEFS if p.stem.startswith(f"unit{unit}-")]
    return path


def _parts(criterion) -> set[str]:
    """The keys of a criterion's parts (one part, the whole, when it names none)."""
    found = getattr(criterion, "parts", None) or ()
    return {getattr(p, "key", p) for p in found} or {""}


def _checks(path: Path) -> list[tuple[dict, str]]:
    return [(c, "".join(c["source"])) for c in _cells(path) if c["cell_type"] == "code"]


# the briefs, one per unit -----------------------------------------------------------


def test_there_is_one_brief_for_each_unit_of_the_qualification():
    assert [p.stem.split("-")[0] for p in BRIEFS] == [f"unit{u}" for u in UNITS]
    assert all(p.stem == p.parent.name for p in BRIEFS)


@pytest.mark.parametrize("unit", UNITS)
def test_every_criterion_of_a_unit_is_evidenced_by_a_graded_cell(unit):
    graded = {c for cell in _graded_answers(_brief(unit)) for c in _spec(cell)["criteria"]}
    assert graded == {c.id for c in criteria() if c.unit == unit}


@pytest.mark.parametrize("unit", UNITS)
def test_each_part_of_each_criterion_is_marked_by_a_rubric_line(unit):
    lines = [line for cell in _graded_answers(_brief(unit)) for line in _spec(cell)["rubric"]]
    marked = {(line["criterion"], line["part"]) for line in lines}
    wanted = {(c.id, part) for c in criteria() if c.unit == unit for part in _parts(c)}
    assert marked == wanted
    assert all(line["points"] == 1 and line["text"].strip() for line in lines)


@pytest.mark.parametrize("path", BRIEFS, ids=[p.stem for p in BRIEFS])
def test_a_criterion_is_met_only_when_every_part_of_it_is(path):
    """No "met with 2 of 3": a cell's pass mark is every point of its rubric."""
    for cell in _graded_answers(path):
        spec, points = _spec(cell), _nbgrader(cell)["points"]
        assert spec["pass_mark"] == points == sum(line["points"] for line in spec["rubric"])
        assert {line["criterion"] for line in spec["rubric"]} == set(spec["criteria"])
        prompt = "".join(_cells(path)[_cells(path).index(cell) - 1]["source"])
        assert "met only when" in prompt and all(line["text"] in prompt for line in spec["rubric"])


@pytest.mark.parametrize("path", BRIEFS, ids=[p.stem for p in BRIEFS])
def test_answer_cells_name_real_activities_and_show_their_questions(path):
    refs = {(a.topic, a.activity): a for a in activities()}
    topics = {page.key: page.title for page in pages(REPO / "course")}
    cells = _cells(path)
    for previous, cell in zip(cells, cells[1:], strict=False):
        spec = _spec(cell)
        if "activity" not in spec:
            continue
        ref = refs[(spec["topic"], spec["activity"])]
        assert spec["title"] == ref.title and spec["questions"] == len(ref.questions)
        assert spec["topic_title"] == topics[spec["topic"]]
        mirrored = {c.id: getattr(c, "mirrors", None) or c.id for c in criteria()}
        assert {mirrored[c] for c in spec["criteria"]} <= set(ref.criteria), ref.title
        asked = [spec["question"]] if "question" in spec else range(1, len(ref.questions) + 1)
        prompt = "".join(previous["source"])
        assert all(f"{n}. {ref.questions[n - 1]}" in prompt for n in asked), ref.title


@pytest.mark.parametrize("path", BRIEFS, ids=[p.stem for p in BRIEFS])
def test_the_checks_are_advice_never_points(path):
    for cell, source in _checks(path):
        assert not _nbgrader(cell)["grade"] and _nbgrader(cell)["locked"]
        assert _spec(cell)["advice"] is True and _spec(cell)["criteria"]
        assert source.startswith("from mentorkit.assess.checks import check_")


#: Course characters and stand-ins for a mentee the learner does not have.
INVENTED = re.compile(
    r"\b(Grace|Ellie|Helen|Daniel|Jas|Owen|Tom|Priya|Sam)\b|expect to mentor|not mentoring yet"
    r"|have not started mentoring|an imagined mentee|a made-up mentee"
)


@pytest.mark.parametrize("path", BRIEFS, ids=[p.stem for p in BRIEFS])
def test_no_brief_mentions_an_invented_mentee(path):
    text = "\n".join("".join(c["source"]) for c in _cells(path))
    assert not INVENTED.search(text), INVENTED.search(text)


def test_the_briefs_are_what_the_maintainers_tool_writes(tmp_path):
    """The notebooks are written by tools/briefs.py from tools/briefs_plan.py: a change to an
    activity's questions or a criterion's parts means running it again."""
    subprocess.run([sys.executable, REPO / "tools" / "briefs.py", "--out", tmp_path],
                   check=True, capture_output=True, timeout=120)  # fmt: skip
    for path in BRIEFS:
        written = tmp_path / path.parent.name / path.name
        assert written.read_bytes() == path.read_bytes(), f"run tools/briefs.py ({path.stem})"
    assert sorted(p.parent.name for p in tmp_path.glob("*/*.ipynb")) == [p.stem for p in BRIEFS]


# word ranges: stated by the brief, counted by its checks ---------------------------


def _stated_range(text: str) -> tuple[int, int]:
    low, high = re.search(r"\*\*([\d,]+) to ([\d,]+) words\*\*", text).groups()
    return int(low.replace(",", "")), int(high.replace(",", ""))


def _filled_copy(path: Path, folder: Path, words_per_answer: int) -> Path:
    """The brief with every answer cell holding this many words under one question."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if _nbgrader(cell).get("solution"):
            text = " ".join(f"word{n}" for n in range(words_per_answer))
            cell["source"] = f"**Question 1**\n\n```text\n{text}\n```"
    copy = folder / path.name
    copy.write_text(json.dumps(nb), encoding="utf-8")
    return copy


def _run_check(source: str, path: Path, copy: Path) -> str:
    """Run a check cell's code on the copy, as autograding would: what it says."""
    import contextlib
    import io

    said = io.StringIO()
    try:
        with contextlib.redirect_stdout(said):
            exec(source.replace(repr(path.name), repr(str(copy))), {})  # noqa: S102
    except NotMet as exc:
        return f"not met: {exc}"
    return said.getvalue()


@pytest.mark.parametrize("path", BRIEFS, ids=[p.stem for p in BRIEFS])
def test_each_brief_states_its_word_range_and_its_check_counts_it(path, tmp_path):
    intro = "".join(_cells(path)[0]["source"])
    low, high = _stated_range(intro)
    ((check, source),) = [(c, s) for c, s in _checks(path) if "check_all_words(" in s]
    assert f", {low}, {high}, " in source
    written = len([c for c in _graded_answers(path) if "activity" in _spec(c)])
    for words, verdict in ((low // written - 20, "add to it"), ((low + high) // 2 // written,
                           "✓"), (high // written + 20, "cut it down")):  # fmt: skip
        said = _run_check(source, path, _filled_copy(path, tmp_path, words))
        assert verdict in said, (words * written, said)


@pytest.mark.parametrize("path", BRIEFS, ids=[p.stem for p in BRIEFS])
def test_each_section_states_its_word_range_and_its_check_counts_it(path):
    cells = _cells(path)
    sections = [c for c in cells if _nbgrader(c).get("grade_id", "").startswith("section-")
                and c["cell_type"] == "markdown"]  # fmt: skip
    assert sections
    checks = {_nbgrader(c)["grade_id"]: s for c, s in _checks(path)}
    for section in sections:
        low, high = _stated_range("".join(section["source"]))
        check = checks.get(f"{_nbgrader(section)['grade_id']}-words")
        if check is not None:  # a section of records only has no words to count
            assert f", {low}, {high}, " in check


def test_the_understanding_unit_asks_for_about_3000_words_in_all():
    low, high = _stated_range("".join(_cells(_brief("304"))[0]["source"]))
    assert (low, high) == (2500, 3500)


def test_a_section_counts_the_answers_and_not_the_records_after_them(tmp_path):
    cell = {"cell_type": "markdown", "metadata": {"nbgrader": {"grade_id": "a", "solution": True}},
            "source": "**Question 1**\n\n```text\none two three\n```\n\n"
                      "**Records you chose to hand in**\n\n" + "many words " * 50}  # fmt: skip
    notebook = tmp_path / "nb.ipynb"
    notebook.write_text(json.dumps({"cells": [cell, {**cell, "metadata": {
        "nbgrader": {"grade_id": "b", "solution": True}}}]}), encoding="utf-8")  # fmt: skip
    check_words(str(notebook), ["a", "b"], 6, 6, "Section 1")
    with pytest.raises(NotMet, match="Section 1 has 6 words; the assignment asks for 7 to 9"):
        check_words(str(notebook), ["a", "b"], 7, 9, "Section 1")


# the practice units: hours, witness, supervision, feedback --------------------------


def _one_cell_notebook(folder: Path, spec: dict) -> Path:
    cell = {"cell_type": "markdown", "source": "", "id": "log",
            "metadata": {"nbgrader": {"grade_id": "log", "solution": True, "grade": True,
                                      "points": 1}, "mentorkit": spec}}  # fmt: skip
    notebook = folder / "log.ipynb"
    notebook.write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4,
                                    "nbformat_minor": 5}), encoding="utf-8")  # fmt: skip
    return notebook


def _session(store, days_ago: int, hours: float | None, words: str = "") -> None:
    when = TODAY - dt.timedelta(days=days_ago)
    summary = words or "We talked it through."
    store.add(SessionRecord(date=when, duration=hours, mode="Video call", summary=summary))


def test_the_practice_log_adds_up_the_learners_own_past_sessions(tmp_path, store):
    for days_ago, hours in ((30, 2.5), (20, 1.5), (10, None)):
        _session(store, days_ago, hours, words="private words about my mentee")
    _session(store, -7, 3.0)  # planned, not held: not practice
    notebook = _one_cell_notebook(tmp_path, {"hours": "session-record", "columns": ["mode"]})
    fill(notebook, store)
    text = "".join(json.loads(notebook.read_text(encoding="utf-8"))["cells"][0]["source"])
    assert "private words" not in text  # only the date, hours and mode leave the store
    assert logged_hours(text) == 4.0 and "Total: 4 hours, in 3 session records" in text
    assert text.count("Video call") == 3 and "not recorded" in text
    with pytest.raises(NotMet, match="adds up to 4 hours; this unit asks for at least 6"):
        check_hours(str(notebook), "log", 6, "Your practice log")
    _session(store, 5, 2.0)
    fill(notebook, store)
    check_hours(str(notebook), "log", 6, "Your practice log")
    with pytest.raises(NotMet, match="adds up to 6 hours; this unit asks for at least 36"):
        check_hours(str(notebook), "log", 36, "Your practice log")


def test_a_cell_can_ask_for_so_many_entries_of_each_kind(tmp_path, store):
    spec = {"evidence": ["reflective-log", "feedback"],
            "at_least": {"reflective-log": 1, "feedback": 1}}  # fmt: skip
    notebook = _one_cell_notebook(tmp_path, spec)
    log = store.add(ReflectiveLogEntry(date=TODAY, how_it_went="It went well."))
    wanted = "besides your answers: 1 mentee feedback record (you chose none)."
    with pytest.raises(EvidenceProblem, match=re.escape(wanted) + ".*assess evidence` lists"):
        fill(notebook, store, evidence=[log.id])
    every = "1 reflective log entry (you chose none) and 1 mentee feedback record (you chose none)."
    with pytest.raises(EvidenceProblem, match=re.escape(every)):
        fill(notebook, store)  # every shortfall at once
    said = store.add(MenteeFeedback(rating=5, went_well="Clear questions."))
    assert fill(notebook, store, evidence=[log.id, said.id]).evidence == [log.id, said.id]


#: The practice units: at least 6 hours (the Award), at least 36 (the Certificate).
PRACTICE = [unit for unit in ("305", "306") if unit in UNITS]


@pytest.mark.parametrize("unit", PRACTICE)
def test_a_practice_unit_logs_hours_from_session_records(unit):
    (log,) = [c for c in _graded_answers(_brief(unit)) if _spec(c).get("hours")]
    assert _spec(log)["hours"] == "session-record"


@pytest.mark.parametrize("unit", PRACTICE)
def test_a_practice_unit_takes_its_hours_witness_supervision_and_feedback(unit):
    path = _brief(unit)
    taken = {k for c in _graded_answers(path) for k in _spec(c).get("evidence", ())}
    assert {"witness-testimony", "supervision", "feedback", "reflective-log"} <= taken
    assert all(kind_of(k) for k in taken)
    (log,) = [c for c in _graded_answers(path) if _spec(c).get("hours")]
    wanted = {"305": 6, "306": 36}[unit]
    ((_, source),) = [(c, s) for c, s in _checks(path) if "check_hours(" in s]
    assert f"'{_nbgrader(log)['grade_id']}', {wanted}," in source
    assert f"at least **{wanted} hours**" in "".join(_cells(path)[0]["source"])


@pytest.mark.parametrize("unit", PRACTICE)
def test_a_practice_unit_asks_how_the_mentoring_ended_not_how_it_will(unit):
    refs = {a.activity: a for a in activities()}
    for cell in _graded_answers(_brief(unit)):
        spec = _spec(cell)
        if "activity" in spec:
            asked = [spec["question"]] if "question" in spec else range(1, spec["questions"] + 1)
            questions = [refs[spec["activity"]].questions[n - 1] for n in asked]
            assert not any("how will you end" in q.lower() for q in questions)
            assert not any(
                q.startswith("How will you help your mentee look back") for q in questions
            )


# nbgrader's own commands ------------------------------------------------------------


def _run(args: list, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, f"{args[:3]}:\n{done.stdout}\n{done.stderr}"
    return done


def _practice_store(store_path: Path):
    from mentorkit.store import Store

    store = Store.open(store_path, owner="kim")
    for ref in activities():
        answers = [{"question": q, "answer": f"Kim's answer: {' '.join(['word'] * 40)}"}
                   for q in ref.questions]  # fmt: skip
        store.add(ActivityResponse(topic=ref.topic, activity=ref.activity, answers=answers))
    for days_ago in (60, 45, 30, 15):
        _session(store, days_ago, 1.5)
    chosen = [r.id for r in store.find(SessionRecord)][:2]
    chosen += [store.add(ReflectiveLogEntry(date=TODAY, how_it_went=f"Session {n}.")).id
               for n in range(4)]  # fmt: skip
    chosen.append(store.add(MenteeFeedback(rating=4, went_well="Good questions.")).id)
    for kind, fields in (
        ("witness-testimony", dict(witness="R. Shah", witness_role="Team leader",
                                   relationship="My line manager", observed="Calm and clear.",
                                   observed_on=TODAY, date=TODAY)),
        ("supervision", dict(date=TODAY, supervisor="A. Lee, scheme coordinator",
                             discussed=[{"topic": "Endings"}], takeaways="Plan the ending.")),
    ):  # fmt: skip
        chosen.append(store.add(kind_of(kind)(**fields)).id)
    return store, chosen


@pytest.mark.slow
def test_the_briefs_generate_and_a_practice_unit_autogrades_with_nbgrader(tmp_path):
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
           "JUPYTER_DATA_DIR": str(tmp_path / "assessor")}  # fmt: skip
    course = tmp_path / "course"
    said = _run([BIN / "mentorkit", "assess", "init", course], tmp_path, env).stdout
    assert f"Added {len(BRIEFS)} assignments" in said
    _run([BIN / "nbgrader", "generate_assignment", "*"], course, env)
    name = _brief("305").stem
    _run([BIN / "nbgrader", "release_assignment", name], course, env)
    work = tmp_path / "kim"
    work.mkdir()
    store, chosen = _practice_store(tmp_path / "kim.db")
    learner = {**env, "JUPYTERHUB_USER": "kim", "JUPYTER_DATA_DIR": str(tmp_path / "kim-data")}
    evidence = [arg for rid in chosen for arg in ("--evidence", rid)]
    _run([BIN / "mentorkit", "assess", "submit", name, "--declare", "--course-dir", course,
          "--store", store.path, *evidence], work, learner)  # fmt: skip
    store.close()
    _run([BIN / "nbgrader", "collect", name], course, env)
    _run([BIN / "nbgrader", "autograde", name], course, env)
    graded = course / "autograded" / "kim" / name / f"{name}.ipynb"
    outputs = {_nbgrader(c)["grade_id"]: c.get("outputs", []) for c in _cells(graded)
               if c["cell_type"] == "code"}  # fmt: skip
    shown = json.dumps(outputs["hours-hours"])
    assert "adds up to 6 hours, at least the 6 this unit asks for" in shown
    assert "Traceback" not in json.dumps(outputs)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "mentoring") as gb:
        notebook = gb.find_submission_notebook(name, name, "kim")
        maxima = {g.name: g.max_score for g in notebook.grades}
    rubric = {
        _nbgrader(c)["grade_id"]: _nbgrader(c)["points"] for c in _graded_answers(_brief("305"))
    }
    assert maxima == rubric  # the checks add no points: the assessor decides


def test_a_lettered_topic_is_named_as_a_learner_knows_it_when_an_answer_is_missing():
    """Topics placed between others (04a) were named by their bare key, "04a-stakeholders-…"."""
    from mentorkit.assess.cells import _topic

    assert _topic("04a-stakeholders-and-contracting") == ("Topic 4a (stakeholders and contracting)")
    assert _topic("06-smart-goals") == "Topic 6 (smart goals)"
    assert _topic("guides/05-learning-log") == "guides/05-learning-log"
