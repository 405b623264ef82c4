"""Assessment with nbgrader: what a learner saved is what the assessor grades.

The round runs nbgrader's own commands on a real course folder in tmp_path, for two
learners with their own stores, their own student ids and their own nbgrader caches.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from mentorkit.assess import (
    EvidenceProblem,
    ExchangeProblem,
    MissingAnswers,
    fill,
    grades,
    init_course,
    submit,
)
from mentorkit.assess.answers import fenced, parts
from mentorkit.assess.checks import EVIDENCE_HEADING
from mentorkit.assess.course import TEXT_STUBS
from mentorkit.assess.preprocessors import FillAnswers
from mentorkit.course.catalogue import all_activities, criteria, pages
from mentorkit.records import ActivityResponse, LearningLogEntry, MenteeFeedback, SessionRecord
from mentorkit.records import ReflectiveLogEntry as Reflection
from mentorkit.store import Store

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "workbook" / "assignments"
NOTEBOOKS = sorted(SOURCE.glob("*/*.ipynb"))
ACTIVITIES = all_activities(REPO / "course")
TOPICS = {page.key: page.title for page in pages(REPO / "course")}
BIN = Path(sys.executable).parent
UNIT2 = "unit307-reflecting"
UNIT1 = "unit304-good-practice"

#: What each learner writes: Unicode, markup and a script that must stay text.
TRICKY = "Naïve café, 日本語, emoji 🙂, “quotes” & <b>bold</b> <script>alert('{who}')</script>"


def _answer(who: str, question: str, words: int) -> str:
    filler = " ".join(f"{who}word{n}" for n in range(words))
    return f"{who} answers “{question[:30]}”: {TRICKY.format(who=who)}\n\n```\nfence\n```\n{filler}"


def _add_answers(store: Store, who: str, *, gibbs_words: int) -> Store:
    """Answers to every activity in the course; the Gibbs reflection as long as asked."""
    for ref in ACTIVITIES:
        words = gibbs_words if ref.activity == "gibbs-reflection" else 5
        answers = [{"question": q, "answer": _answer(who, q, words)} for q in ref.questions]
        store.add(ActivityResponse(topic=ref.topic, activity=ref.activity, answers=answers))
    return store


def _chosen(store: Store, how_it_went: str) -> list[str]:
    """What a learner hands in with unit 307: a reflective log entry and mentee feedback."""
    log = store.add(Reflection(date="2026-01-05", how_it_went=how_it_went))
    said = store.add(MenteeFeedback(rating=5, went_well=f"Feedback for {store.owner}."))
    return [log.id, said.id]


def _run(args: list, cwd: Path, env: dict, ok: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=180
    )
    if ok and done.returncode != 0:
        pytest.fail(f"{args[:2]} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


@dataclass
class Learner:
    """A learner on their own account: their store, their folder, their nbgrader cache."""

    name: str
    home: Path
    store: Store
    secret: str  # in a learning log entry they never hand in
    env: dict

    @property
    def work(self) -> Path:
        return self.home / "work"

    def run(self, program: str, *args: object, ok: bool = True) -> subprocess.CompletedProcess:
        return _run([BIN / program, *args], self.work, self.env, ok)

    def notebook(self, course: Path, folder: str = "submitted") -> dict:
        path = course / folder / self.name / UNIT2 / f"{UNIT2}.ipynb"
        return json.loads(path.read_text(encoding="utf-8"))


def _learner(root: Path, name: str, assessor_env: dict, gibbs_words: int) -> Learner:
    home = root / name
    (home / "work").mkdir(parents=True)
    store = Store.open(home / "mentorkit.db", owner=name)
    _add_answers(store, name, gibbs_words=gibbs_words)
    secret = f"{name}'s private note: nobody else may read this"
    store.add(LearningLogEntry(date="2026-01-02", context=secret, what_i_did="Wrote it.",
                               learning_points="Keep it private."))  # fmt: skip
    store.add(MenteeFeedback(rating=4, for_coordinator=f"{name} tells only the coordinator"))
    # Their own user (so the owner of their records) and their own nbgrader cache.
    env = {**assessor_env, "JUPYTERHUB_USER": name, "JUPYTER_DATA_DIR": str(home / "data")}
    return Learner(name, home, store, secret, env)


@dataclass
class Round:
    course: Path
    env: dict
    alice: Learner
    bob: Learner
    export: Path
    feedback_said: str = ""
    generate_said: str = ""  # what nbgrader generate_feedback printed

    def nbgrader(self, *args: object) -> subprocess.CompletedProcess:
        return _run([BIN / "nbgrader", *args], self.course, self.env)


def _new_course(root: Path) -> tuple[Path, dict]:
    """A course folder under `root` with every assignment generated and unit 2 released."""
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "JUPYTER_CONFIG_DIR": str(root / "jupyter-config"),  # no stray settings from ~
        "JUPYTER_DATA_DIR": str(root / "assessor-data"),
    }
    course = root / "course"
    inactive = {**env, "PATH": "/usr/bin:/bin"}  # an assessor who has not activated the venv
    said = _run([BIN / "mentorkit", "assess", "init", course], root, inactive).stdout
    assert f"Added {len(NOTEBOOKS)} assignments to {course}/source" in said
    _run([BIN / "nbgrader", "generate_assignment", "*"], course, env)
    _run([BIN / "nbgrader", "release_assignment", UNIT2], course, env)
    return course, env


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course folder with every assignment generated and unit 2 released."""
    root = tmp_path_factory.mktemp("round")
    return (*_new_course(root), root)


@pytest.fixture(scope="module")
def graded(course):
    """Two learners hand in unit 2; the assessor grades it, returns feedback and exports."""
    course, env, root = course
    exchange = f"--Exchange.root={course / 'exchange'}"
    alice = _learner(root, "alice", env, gibbs_words=120)  # four answers: over 300 words
    bob = _learner(root, "bob", env, gibbs_words=10)  # too short for the account
    chosen = _chosen(alice.store, TRICKY.format(who="A"))
    alice.run("mentorkit", "assess", "submit", UNIT2, "--declare", "--course-dir", course,
              "--store", alice.store.path, "--evidence", chosen[0][:8],
              "--evidence", chosen[1])  # fmt: skip
    # Bob fetches with nbgrader's own command, then hands in from Python.
    bob.run("nbgrader", "fetch_assignment", UNIT2, "--course", "mentoring", exchange)
    chosen = _chosen(bob.store, "Bob looks back.")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_CONFIG_DIR", env["JUPYTER_CONFIG_DIR"])
        submit(UNIT2, course, bob.store, "bob", evidence=chosen, work_dir=bob.work,
               cache=bob.home / "data" / "nbgrader_cache")  # fmt: skip
    rnd = Round(course, env, alice, bob, root / "grades.csv")
    rnd.nbgrader("collect", UNIT2)
    rnd.nbgrader("autograde", UNIT2)
    _grade_as_formgrader_would(course)
    made = rnd.nbgrader("generate_feedback", UNIT2)
    rnd.generate_said = made.stdout + made.stderr
    rnd.nbgrader("release_feedback", UNIT2)
    said = alice.run("mentorkit", "assess", "feedback", UNIT2, "--course-dir", course)
    rnd.feedback_said = said.stdout
    bob.run("nbgrader", "fetch_feedback", UNIT2, "--course", "mentoring", exchange)
    rnd.nbgrader("export", "--to", rnd.export)
    yield rnd
    alice.store.close()
    bob.store.close()


#: The assessor's manual scores: Alice earns every point; Bob's Gibbs reflection one less.
BOB_SHORT = 1.0


def _grade_as_formgrader_would(course: Path) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "mentoring") as gb:
        for student in ("alice", "bob"):
            notebook = gb.find_submission_notebook(UNIT2, UNIT2, student)
            for grade in notebook.grades:
                if grade.needs_manual_grade:
                    low = student == "bob" and grade.name == "gibbs"
                    grade.manual_score = grade.max_score - BOB_SHORT if low else grade.max_score
                    grade.needs_manual_grade = False
            for comment in notebook.comments:
                comment.manual_comment = f"Thank you, {student}: a thoughtful answer."
        gb.db.commit()


def _cells(nb: dict) -> dict[str, str]:
    return {
        c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"])
        for c in nb["cells"]
        if "nbgrader" in c["metadata"]
    }


def _all_text(folder: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*") if p.is_file()
    )


# the round -------------------------------------------------------------------------


@pytest.mark.slow
def test_each_learners_answers_are_in_their_submission_exactly_as_saved(graded):
    for learner in (graded.alice, graded.bob):
        cells = _cells(learner.notebook(graded.course))
        saved = {(r.topic, r.activity): r for r in learner.store.find(ActivityResponse)}
        gibbs = saved[("10-reflective-practice", "gibbs-reflection")]
        for answer in gibbs.answers:
            assert answer.answer in cells["gibbs"]
            assert "<script>alert('" + learner.name in answer.answer
        answers_only = cells["gibbs"].split(EVIDENCE_HEADING)[0]  # the chosen entries follow
        assert parts(answers_only) == {n: a.answer.strip() for n, a in enumerate(gibbs.answers, 1)}


@pytest.mark.slow
def test_learner_a_submission_holds_nothing_of_learner_b(graded):
    alice = _all_text(graded.course / "submitted" / "alice")
    bob = _all_text(graded.course / "submitted" / "bob")
    assert "alice answers" in alice and "bob answers" in bob
    assert "bobword" not in alice and "alert('bob')" not in alice and "Bob looks back" not in alice
    assert "aliceword" not in bob and "alert('alice')" not in bob


@pytest.mark.slow
def test_nothing_private_reaches_the_exchange_but_the_chosen_evidence(graded):
    exchange = _all_text(graded.course / "exchange")
    for learner in (graded.alice, graded.bob):
        assert learner.secret not in exchange  # a learning log entry nobody chose
        assert f"{learner.name} tells only the coordinator" not in exchange
    evidence = _cells(graded.alice.notebook(graded.course))["gibbs"].split(EVIDENCE_HEADING)[1]
    assert TRICKY.format(who="A") in evidence  # the reflection Alice chose, as written


@pytest.mark.slow
def test_answers_show_as_text_in_the_feedback_never_as_markup(graded):
    assert "Feedback:" in graded.feedback_said
    assert "Generating feedback" in graded.generate_said or "feedback" in graded.generate_said
    assert "not recognized by `CriteriaSummary`" not in graded.generate_said
    for learner in (graded.alice, graded.bob):
        (page,) = (learner.work / UNIT2 / "feedback").glob("*/*.html")
        text = page.read_text(encoding="utf-8")
        assert f"<script>alert('{learner.name}')" not in text
        assert f"&lt;script&gt;alert('{learner.name}')&lt;/script&gt;" in text
        assert "&lt;b&gt;bold&lt;/b&gt;" in text and "Naïve café, 日本語, emoji 🙂" in text
        assert f"Thank you, {learner.name}" in text


@pytest.mark.slow
def test_a_short_reflection_is_told_its_word_count_without_a_traceback(graded):
    outputs = {
        c["metadata"]["nbgrader"]["grade_id"]: c.get("outputs", [])
        for c in graded.bob.notebook(graded.course, "autograded")["cells"]
        if "nbgrader" in c["metadata"]
    }
    (error,) = outputs["section-2-words"]
    shown = "\n".join(error["traceback"])
    assert "the assignment asks for 300 to 1,000 words: add to it" in shown
    assert "Traceback" not in shown and "File " not in shown
    (passed,) = outputs["gibbs-parts"]
    assert "has all 4 parts" in "".join(passed["text"])


@pytest.mark.parametrize("stub", TEXT_STUBS)
def test_an_answer_handed_in_unfilled_counts_no_words(tmp_path, stub):
    """Handed in with nbgrader's own submit, an answer cell still holds the stub."""
    from mentorkit.assess.checks import check_parts, check_words
    from mentorkit.errors import NotMet

    cell = {"cell_type": "markdown", "source": stub,
            "metadata": {"nbgrader": {"grade_id": "u2-gibbs", "solution": True}}}  # fmt: skip
    notebook = tmp_path / "handed-in.ipynb"
    notebook.write_text(json.dumps({"cells": [cell]}), encoding="utf-8")
    with pytest.raises(NotMet, match="has 0 words; the assignment asks for 300"):
        check_words(str(notebook), "u2-gibbs", 300, 1000, "Your reflective account")
    with pytest.raises(NotMet, match="is missing: Description; Feelings"):
        check_parts(str(notebook), "u2-gibbs", ["Description", "Feelings"], "Your account")


@pytest.mark.slow
def test_exported_grades_are_what_the_assessor_and_the_checks_gave(graded):
    with graded.export.open(encoding="utf-8") as fh:
        rows = {(r["assignment"], r["student_id"]): r for r in csv.DictReader(fh)}
    alice, bob = rows[(UNIT2, "alice")], rows[(UNIT2, "bob")]
    cells = json.loads(_source().read_text(encoding="utf-8"))["cells"]
    points = sum(c["metadata"]["nbgrader"].get("points", 0) for c in cells)
    assert float(alice["max_score"]) == points  # the answers' rubrics: the checks add none
    assert float(alice["score"]) == points
    # Bob: a point short on the reflection; his word count check, not met, costs nothing.
    assert float(bob["score"]) == points - BOB_SHORT


@pytest.mark.slow
def test_grades_give_the_assessor_s_decision_per_criterion_with_the_points_as_advice(graded):
    """The table once made criteria met or not yet from points (issue 20): now the points
    are advice beside the decision, which only the assessor makes."""
    from mentorkit.assess.decisions import MET, NOT_YET, decide

    def unit2() -> object:
        table = grades(graded.course)
        return table[table.unit.str.startswith("Unit 307: ")].set_index(["student", "criterion"])

    before = unit2()
    assert set(before.index.get_level_values(1)) == {c.id for c in criteria() if c.unit == "307"}
    assert (before.loc["alice"].marks == "every rubric point").all()
    assert before.loc[("bob", "307-1.2"), "marks"] == "short of the rubric"  # a point short
    assert before.loc[("bob", "307-1.3"), "status"] == "awaiting a decision"  # no one decided
    # the assessor judges otherwise than the points, both ways
    decide(graded.course, "bob", UNIT2, "307-1.2", MET, "Every part is there, and plainly "
           "his own practice: the rubric point lost was for length only.", "", "asha")  # fmt: skip
    decide(graded.course, "alice", UNIT2, "307-1.1", NOT_YET, "The ratings are not tied to "
           "any session.", "Say which session each rating draws on.", "asha")  # fmt: skip
    after = unit2()
    assert after.loc[("bob", "307-1.2"), "status"] == "met"
    assert after.loc[("alice", "307-1.1"), "status"] == "not yet"
    assert after.loc[("alice", "307-1.1"), "marks"] == "every rubric point"
    table = grades(graded.course)
    unit1 = table[table.unit.str.startswith("Unit 304: ")]
    assert set(unit1.status) == {"not submitted"} and not unit1.graded.any()


@pytest.mark.slow
def test_the_assessor_prints_grades_and_writes_a_csv(graded):
    out = graded.course.parent / "criteria.csv"
    done = _run(
        [BIN / "mentorkit", "assess", "grades", graded.course, "--csv", out],
        graded.course,
        graded.env,
    )
    assert "307-1.2" in done.stdout and "short of the rubric" in done.stdout
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {(r["student"], r["criterion"], r["marks"]) for r in rows} >= {
        ("alice", "307-1.3", "every rubric point"),
        ("bob", "307-1.3", "every rubric point"),
    }
    # no decision on 307-1.3 in this round: the points alone decide nothing
    assert {r["status"] for r in rows if r["criterion"] == "307-1.3"} == {"awaiting a decision"}
    assert out.stat().st_mode & 0o777 == 0o600  # everyone's results: the assessor's alone
    nowhere = graded.course.parent / "no-such-folder" / "criteria.csv"
    args = [BIN / "mentorkit", "assess", "grades", graded.course, "--csv", nowhere]
    refused = _run(args, graded.course, graded.env, ok=False)
    assert refused.returncode == 1 and "could not be written" in refused.stderr
    assert "unexpected" not in refused.stderr and "Traceback" not in refused.stderr


def test_a_gradebook_that_cannot_be_reached_is_said_in_words(tmp_path):
    from mentorkit.assess import CourseProblem

    course = tmp_path / "course"
    init_course(course)
    with (course / "nbgrader_config.py").open("a", encoding="utf-8") as config:
        config.write('c.CourseDirectory.db_url = "postgresql://grader:s3cret@127.0.0.1:9/x"\n')
    with pytest.raises(CourseProblem) as refused:
        grades(course)
    said = str(refused.value)
    assert "The gradebook at postgresql://grader:***@127.0.0.1:9/x could not be read" in said
    assert "c.CourseDirectory.db_url" in said and "s3cret" not in said


# learners who cannot submit yet ----------------------------------------------------


@pytest.mark.slow
def test_a_learner_with_a_missing_answer_is_told_which_activity(course, tmp_path):
    course, env, _ = course
    with Store.open(tmp_path / "carol.db", owner="carol") as store:
        for ref in ACTIVITIES:
            if ref.activity != "asking-for-feedback":
                answers = [{"question": q, "answer": "Done."} for q in ref.questions]
                store.add(ActivityResponse(topic=ref.topic, activity=ref.activity, answers=answers))
        log = store.add(Reflection(date="2026-01-05", how_it_went="It went well."))
    carol = {**env, "JUPYTERHUB_USER": "carol", "JUPYTER_DATA_DIR": str(tmp_path)}
    listed = _run([BIN / "mentorkit", "assess", "evidence", "--store", store.path], tmp_path, carol)
    assert f"{log.id}  Reflective log entry of 5 January 2026: It went well." in listed.stdout
    args = ["submit", UNIT2, "--declare", "--course-dir", course, "--store", store.path,
            "--evidence", log.id]  # fmt: skip
    done = _run([BIN / "mentorkit", "assess", *args], tmp_path, carol, ok=False)
    assert done.returncode == 1
    assert "“Ask for feedback on your mentoring” in Topic 11: Giving and receiving" in done.stderr
    assert "Nothing has been submitted" in done.stderr
    assert "Traceback" not in done.stderr
    inbound = course / "exchange" / "mentoring" / "inbound"
    assert not [p for p in inbound.iterdir() if p.name.startswith("carol+")]


@pytest.mark.slow
def test_files_that_did_not_come_with_the_assignment_are_not_handed_in(course, tmp_path, store):
    course, env, _ = course
    folder = tmp_path / UNIT2
    folder.mkdir()
    (folder / "my-notes.txt").write_text("private", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_CONFIG_DIR", env["JUPYTER_CONFIG_DIR"])
        with pytest.raises(ExchangeProblem, match="my-notes.txt"):
            submit(UNIT2, course, store, "dave", work_dir=tmp_path, cache=tmp_path / "c")


@pytest.mark.slow
def test_an_assignment_not_yet_released_is_named_with_those_that_are(course, tmp_path, store):
    course, env, _ = course
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_CONFIG_DIR", env["JUPYTER_CONFIG_DIR"])
        with pytest.raises(
            ExchangeProblem, match=f"unit9 open for hand-in.*released so far are: {UNIT2}."
        ):
            submit("unit9", course, store, "dave", work_dir=tmp_path, cache=tmp_path / "c")


def _inbound_notebook(course: Path, student: str) -> str:
    """The text of the learner's latest hand-in of unit 2, as the exchange holds it."""
    inbound = course / "exchange" / "mentoring" / "inbound"
    latest = sorted(p for p in inbound.iterdir() if p.name.startswith(f"{student}+{UNIT2}+"))
    return (latest[-1] / f"{UNIT2}.ipynb").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_copy_without_its_notebook_is_filled_from_the_release_not_handed_in_empty(
    course, tmp_path
):
    """Fetching feedback in another folder leaves ASSIGNMENT/feedback there, and nothing else;
    a hand-in from that folder must still hold the learner's answers."""
    course, env, _ = course
    (tmp_path / UNIT2 / "feedback").mkdir(parents=True)
    with Store.open(tmp_path / "erin.db", owner="erin") as store:
        _add_answers(store, "erin", gibbs_words=120)
        chosen = _chosen(store, "Erin looks back.")
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("JUPYTER_CONFIG_DIR", env["JUPYTER_CONFIG_DIR"])
            done = submit(UNIT2, course, store, "erin", evidence=chosen, work_dir=tmp_path,
                          cache=tmp_path / "c")  # fmt: skip
    assert len(done.activities) >= 6 and done.evidence
    handed_in = _inbound_notebook(course, "erin")
    assert "erin answers" in handed_in and "erinword119" in handed_in
    assert (tmp_path / UNIT2 / f"{UNIT2}.ipynb").read_text(encoding="utf-8") == handed_in


@pytest.mark.slow
def test_a_copy_fetched_before_the_assessor_changed_it_is_handed_in_as_released_now(
    course, tmp_path
):
    course, env, _ = course
    released = course / "exchange" / "mentoring" / "outbound" / UNIT2 / f"{UNIT2}.ipynb"
    stale = json.loads(released.read_text(encoding="utf-8"))
    for cell in stale["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = "An old version of this question."
    (tmp_path / UNIT2).mkdir()
    (tmp_path / UNIT2 / f"{UNIT2}.ipynb").write_text(json.dumps(stale), encoding="utf-8")
    with Store.open(tmp_path / "finn.db", owner="finn") as store:
        _add_answers(store, "finn", gibbs_words=120)
        chosen = _chosen(store, "Finn looks back.")
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("JUPYTER_CONFIG_DIR", env["JUPYTER_CONFIG_DIR"])
            submit(UNIT2, course, store, "finn", evidence=chosen, work_dir=tmp_path,
                   cache=tmp_path / "c")  # fmt: skip
    handed_in = _inbound_notebook(course, "finn")
    assert "An old version" not in handed_in and "finn answers" in handed_in


@pytest.mark.slow
def test_a_copy_of_an_assignment_no_longer_released_is_named_as_such(course, tmp_path, store):
    """The assessor withdrew it (`nbgrader list --remove`); the learner still has a copy."""
    course, env, _ = course
    withdrawn = UNIT1
    (tmp_path / withdrawn).mkdir()
    (tmp_path / withdrawn / f"{withdrawn}.ipynb").write_text("{}", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_CONFIG_DIR", env["JUPYTER_CONFIG_DIR"])
        with pytest.raises(ExchangeProblem) as refused:
            submit(withdrawn, course, store, "gail", work_dir=tmp_path, cache=tmp_path / "c")
    said = str(refused.value)
    assert f"no assignment called {withdrawn} open for hand-in" in said
    assert "not part of the assignment" not in said and "Nothing has been submitted" in said


@pytest.mark.slow
def test_feedback_asked_for_too_early_or_by_a_wrong_name_is_explained(tmp_path):
    from mentorkit.assess import fetch_feedback

    course = tmp_path / "course"
    init_course(course)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter-config")}  # fmt: skip
    _run([BIN / "nbgrader", "generate_assignment", UNIT2], course, env)
    _run([BIN / "nbgrader", "release_assignment", UNIT2], course, env)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_CONFIG_DIR", env["JUPYTER_CONFIG_DIR"])
        cache = tmp_path / "cache"
        with pytest.raises(ExchangeProblem, match=f"You have not handed in {UNIT2}, so there"):
            fetch_feedback(UNIT2, course, "hana", work_dir=tmp_path, cache=cache)
        with pytest.raises(ExchangeProblem) as unknown:
            fetch_feedback("unit9", course, "hana", work_dir=tmp_path, cache=cache)
    said = str(unknown.value)
    assert "There is no assignment called unit9 in this course" in said and UNIT2 in said


# filling, without the exchange -----------------------------------------------------


def _source(name: str = UNIT2) -> Path:
    return SOURCE / name / f"{name}.ipynb"


def _fill_cells(cells: list[dict], store: Store) -> list[dict]:
    """The cells filled by the preprocessor, as nbgrader would run it on their notebook."""
    import nbformat

    nb = nbformat.from_dict({"cells": cells, "metadata": {}})
    return FillAnswers(store=store).preprocess(nb, {})[0].cells


def test_fill_refuses_an_entry_the_assignment_does_not_take_as_evidence(tmp_path, store):
    _add_answers(store, store.owner, gibbs_words=80)
    private = store.add(SessionRecord(date="2026-01-03", summary="Not for unit 307."))
    notebook = tmp_path / "nb.ipynb"
    notebook.write_bytes(_source().read_bytes())
    with pytest.raises(EvidenceProblem) as caught:
        fill(notebook, store, evidence=[private.id])
    said = str(caught.value)
    assert said.startswith("Nothing has been handed in.")
    assert f"The record {private.id} is a session record, which this assignment does not" in said
    assert "left out" not in said  # not "left out" and "nothing submitted" at once
    assert notebook.read_bytes() == _source().read_bytes()  # nothing written
    asked = "1 record, reflective log entries or learning log entries together (you chose none)"
    with pytest.raises(EvidenceProblem, match=re.escape(asked)):
        fill(notebook, store)


def test_fill_names_every_missing_activity_at_once(store):
    cells = json.loads(_source(UNIT1).read_text(encoding="utf-8"))["cells"]
    with pytest.raises(MissingAnswers) as caught:
        _fill_cells(cells, store)
    asked = [c for c in cells if "activity" in c["metadata"].get("mentorkit", {})]
    assert len(caught.value.missing) == len(asked) >= 11
    assert (
        "“Sort the help” in Topic 1: What mentoring is, and what it is not: no answers saved"
        in str(caught.value)
    )


def test_an_answer_left_empty_is_named_by_its_question(store):
    ref = next(a for a in ACTIVITIES if a.activity == "sort-the-help")
    answers = [
        {"question": q, "answer": "" if n in (2, 4) else "Yes."}
        for n, q in enumerate(ref.questions, 1)
    ]
    store.add(ActivityResponse(topic=ref.topic, activity=ref.activity, answers=answers))
    cells = json.loads(_source(UNIT1).read_text(encoding="utf-8"))["cells"]
    with pytest.raises(MissingAnswers, match="“Sort the help”.*questions 2 and 4 not answered"):
        _fill_cells(cells, store)


def test_the_latest_revision_is_the_one_handed_in(store):
    ref = next(a for a in ACTIVITIES if a.activity == "gibbs-reflection")
    first = store.add(
        ActivityResponse(
            topic=ref.topic,
            activity=ref.activity,
            answers=[{"question": q, "answer": "draft"} for q in ref.questions],
        )
    )
    store.update(first.id, answers=[{"question": q, "answer": "final"} for q in ref.questions])
    cell = {
        "cell_type": "markdown",
        "source": "",
        "metadata": {
            "nbgrader": {"solution": True, "grade_id": "x"},
            "mentorkit": {"topic": ref.topic, "activity": ref.activity, "question": 3},
        },
    }
    [cell] = _fill_cells([cell], store)
    assert parts(cell["source"]) == {0: "final"}


@pytest.mark.parametrize("text", ["plain", "```\ncode\n```", "````` five", "ends with `"])
def test_a_fence_holds_any_text_and_reads_back_the_same(text):
    assert parts(fenced(text)) == {0: text.strip()}


def test_fenced_text_renders_as_text_in_nbconvert_html():
    import nbformat
    from nbconvert import HTMLExporter

    text = "<script>alert(1)</script> *not bold* $x$\n````\nstill inside"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(fenced(text))])
    body, _ = HTMLExporter(template_name="classic").from_notebook_node(nb)
    assert "<script>alert(1)" not in body
    assert html.escape(text, quote=False) in body


# the source assignments and the course folder -------------------------------------


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_answer_and_check_cell_carries_criteria(path):
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("grade"):
            assert cell["metadata"]["mentorkit"]["criteria"], meta["grade_id"]
        if meta.get("grade") and not meta.get("solution"):  # an automatic check
            assert "from mentorkit.assess.checks import" in "".join(cell["source"])


@pytest.mark.slow
def test_init_course_keeps_learners_work_private_and_opens_the_exchange(course):
    course, _, _ = course
    assert init_course(course) == []  # a second run keeps what is there
    mode = lambda p: p.stat().st_mode & 0o777  # noqa: E731
    assert mode(course) == 0o711 and mode(course / "exchange") == 0o777
    for name in ("source", "release", "submitted", "autograded", "feedback"):
        assert mode(course / name) == 0o700, name
    assert mode(course / "gradebook.db") == 0o600
    config = (course / "nbgrader_config.py").read_text(encoding="utf-8")
    assert "c.CourseDirectory.course_id = 'mentoring'" in config
    assert "os.path.join(here, 'exchange')" in config
    assert init_course(course, course_id="mentoring", exchange=course / "exchange") == []


@pytest.mark.slow
def test_init_refuses_other_settings_for_a_course_that_has_its_own(course, tmp_path):
    course, env, _ = course
    config = (course / "nbgrader_config.py").read_bytes()
    elsewhere = tmp_path / "srv" / "exchange"
    args = [BIN / "mentorkit", "assess", "init", course, "--exchange", elsewhere]
    refused = _run(args, tmp_path, env, ok=False)
    assert refused.returncode == 1 and "Nothing was changed" in refused.stderr
    assert f"sets the exchange to {course / 'exchange'}" in refused.stderr
    assert "c.Exchange.root" in refused.stderr and "Traceback" not in refused.stderr
    refused = _run([BIN / "mentorkit", "assess", "init", course, "--course-id", "other"],
                   tmp_path, env, ok=False)  # fmt: skip
    assert "sets the course id to mentoring" in refused.stderr
    assert not elsewhere.exists() and (course / "nbgrader_config.py").read_bytes() == config


@pytest.mark.slow
def test_the_gradebook_is_stamped_even_without_the_environment_activated(course):
    course, _, _ = course  # made with nbgrader's `alembic` not on PATH
    with sqlite3.connect(course / "gradebook.db") as db:
        (version,) = db.execute("SELECT version_num FROM alembic_version").fetchone()
    assert version


@pytest.mark.slow
def test_two_learners_on_one_account_each_get_only_their_own_feedback(tmp_path):
    """A centre's shared PC: one account, so one nbgrader cache, but each learner has their
    own folder, store and student id. nbgrader's fetch takes every submission in the cache."""
    course, env = _new_course(tmp_path)
    shared = {"JUPYTER_DATA_DIR": str(tmp_path / "shared-account-data")}
    dana = _learner(tmp_path, "dana", {**env, **shared}, gibbs_words=120)
    erin = _learner(tmp_path, "erin", {**env, **shared}, gibbs_words=120)
    for learner in (dana, erin):
        learner.env.update(shared)  # the account's one cache, whoever is at the keyboard
        chosen = _chosen(learner.store, learner.name)
        learner.run("mentorkit", "assess", "submit", UNIT2, "--declare", "--course-dir", course,
                    "--store", learner.store.path, "--student", learner.name,
                    "--evidence", chosen[0][:8], "--evidence", chosen[1])  # fmt: skip
    for step in ("collect", "autograde", "generate_feedback", "release_feedback"):
        _run([BIN / "nbgrader", step, UNIT2], course, env)
    for me, other in ((dana, erin), (erin, dana)):
        said = me.run("mentorkit", "assess", "feedback", UNIT2, "--course-dir", course,
                      "--student", me.name).stdout  # fmt: skip
        listed = [line.removeprefix("Feedback: ") for line in said.splitlines()]
        assert listed and all(line.startswith(str(me.work)) for line in listed), said
        delivered = _all_text(me.work)
        assert f"{me.name} answers" in delivered
        assert (
            f"{other.name} answers" not in delivered and f"alert('{other.name}')" not in delivered
        )
    dana.store.close()
    erin.store.close()
