"""A whole assessment round, as docs/assessor.md runs it, with nbgrader's own commands on a
real course folder: three learners (Dana and Erin hand in from one computer account, each
with their own work folder, store and student id), the assessor's decision with a rationale
on every criterion, a resubmission with one answer changed, an IQA sample and its outcome,
and the export; each learner's feedback page opened in Chromium with the network shut off.

Criteria are read through the course (`decisions.criteria_of`), never written here by id.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from assessor_round import run as _run

from mentorkit.course.catalogue import all_activities, criteria
from mentorkit.records import KINDS, ActivityResponse, LearningLogEntry
from mentorkit.records import ReflectiveLogEntry as Reflection
from mentorkit.store import Store

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ACTIVITIES = all_activities(REPO / "course")
GIBBS = "gibbs-reflection"


def _taking(activity: str) -> str:
    """The assignment whose answers include an activity (assignments are named by unit)."""
    for path in sorted((REPO / "workbook" / "assignments").glob("*/*.ipynb")):
        if f'"activity": "{activity}"' in path.read_text(encoding="utf-8"):
            return path.parent.name
    raise LookupError(activity)


#: The reflective unit: the one with the Gibbs reflection and its automatic checks.
UNIT2 = _taking(GIBBS)
TOO_SHORT = "For {}: the account is <em>too short</em> to analyse."
NEXT = "Add analysis to your Gibbs account: why it went as it did."
#: What every learner writes somewhere: markup and a script that must stay text.
TRICKY = "<b>bold</b> <script>alert('{who}')</script> & “quotes”"


def _answer(who: str, question: str, words: int, version: str) -> str:
    filler = " ".join(f"{who}word{n}" for n in range(words))
    return f"{who}{version} answers “{question[:30]}”: {TRICKY.format(who=who)} {filler}"


@dataclass
class Learner:
    """A learner: their store, their work folder, and the account they hand in from."""

    name: str
    home: Path
    env: dict
    feedback: list[Path] = field(default_factory=list)

    @property
    def work(self) -> Path:
        return self.home / "work"

    @property
    def store_path(self) -> Path:
        return self.home / "mentorkit.db"

    def mentorkit(self, *args: object) -> subprocess.CompletedProcess:
        return _run([BIN / "mentorkit", *args], self.work, self.env)

    def save(self, activity: str | None = None, gibbs_words: int = 120, version: str = "") -> None:
        with Store.open(self.store_path, owner=self.env["JUPYTERHUB_USER"]) as store:
            for ref in ACTIVITIES:
                if activity in (None, ref.activity):
                    words = gibbs_words if ref.activity == GIBBS else 5
                    given = [{"question": q, "answer": _answer(self.name, q, words, version)}
                             for q in ref.questions]  # fmt: skip
                    store.add(ActivityResponse(topic=ref.topic, activity=ref.activity,
                                               answers=given))  # fmt: skip

    def hand_in(self, course: Path) -> None:
        """Hand in with two log entries of each kind the assignment takes as evidence."""
        from factories import sample

        chosen = []
        with Store.open(self.store_path, owner=self.env["JUPYTERHUB_USER"]) as store:
            for kind in _evidence_kinds(course):
                for n in (1, 2):
                    made = sample(KINDS[kind], n)
                    if kind == "reflective-log":
                        made = Reflection(date="2026-01-05", how_it_went=f"{self.name} looks back.")
                    chosen.append(store.add(made).id[:8])
        evidence = [arg for entry in chosen for arg in ("--evidence", entry)]
        self.mentorkit("assess", "submit", UNIT2, "--declare", "--course-dir", course,
                       "--store", self.store_path, "--student", self.name, *evidence)  # fmt: skip

    def fetch_feedback(self, course: Path) -> list[Path]:
        said = self.mentorkit("assess", "feedback", UNIT2, "--course-dir", course,
                              "--student", self.name).stdout  # fmt: skip
        return [Path(line.removeprefix("Feedback: ")) for line in said.splitlines()
                if line.startswith("Feedback: ")]  # fmt: skip


@dataclass
class Round:
    root: Path
    course: Path
    env: dict
    learners: dict[str, Learner]
    criteria: list[str]
    gibbs_criteria: list[str]
    carried: dict = field(default_factory=dict)
    iqa: dict = field(default_factory=dict)

    def nbgrader(self, *args: object) -> subprocess.CompletedProcess:
        return _run([BIN / "nbgrader", *args], self.course, self.env)

    def mentorkit(self, *args: object, ok: bool = True) -> subprocess.CompletedProcess:
        return _run([BIN / "mentorkit", *args], self.course, self.env, ok)


def _grade_as_formgrader_would(course: Path, students: list[str]) -> None:
    """Points and a comment on every answer, as the assessor gives them in formgrader."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "mentoring") as gb:
        for student in students:
            notebook = gb.find_submission_notebook(UNIT2, UNIT2, student)
            for grade in notebook.grades:
                if grade.needs_manual_grade:
                    grade.manual_score, grade.needs_manual_grade = grade.max_score, False
            for comment in notebook.comments:
                comment.manual_comment = f"Comment for {student}: <i>clear</i> and honest."
        gb.db.commit()


def _decide(rnd: Round, student: str, criterion: str, decision: str, **words: str) -> None:
    args = ["assess", "decide", rnd.course, student, UNIT2, criterion, decision,
            "--rationale", words["rationale"], "--assessor", "asha"]  # fmt: skip
    if "next" in words:
        args += ["--next", words["next"]]
    rnd.mentorkit(*args)


def _evidence_kinds(course: Path) -> list[str]:
    """The kinds of log entry the assignment's cells take as evidence, from its source."""
    found: dict[str, None] = {}
    for cell in json.loads((course / "source" / UNIT2 / f"{UNIT2}.ipynb").read_text())["cells"]:
        found.update(dict.fromkeys(cell["metadata"].get("mentorkit", {}).get("evidence", [])))
    return list(found)


def _gibbs_criteria(course: Path) -> list[str]:
    for cell in json.loads((course / "source" / UNIT2 / f"{UNIT2}.ipynb").read_text())["cells"]:
        if cell["metadata"].get("mentorkit", {}).get("activity") == GIBBS:
            return list(cell["metadata"]["mentorkit"]["criteria"])
    raise LookupError(GIBBS)


@pytest.fixture(scope="module")
def done(tmp_path_factory) -> Round:
    """The round, start to finish (each step as docs/assessor.md gives it)."""
    from mentorkit.assess.decisions import criteria_of

    root = tmp_path_factory.mktemp("assessment-round")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "JUPYTER_CONFIG_DIR": str(root / "jupyter-config"),
           "JUPYTER_DATA_DIR": str(root / "assessor-data"), "JUPYTERHUB_USER": "asha"}  # fmt: skip
    course = root / "course"
    _run([BIN / "mentorkit", "assess", "init", course], root, env)
    rnd = Round(root, course, env, {}, criteria_of(course, UNIT2), _gibbs_criteria(course))
    rnd.nbgrader("generate_assignment", "*")  # every unit in the gradebook; unit 2 released
    rnd.nbgrader("release_assignment", UNIT2)
    # Dana and Erin share the centre's PC: one user, one nbgrader cache, their own folders.
    accounts = {"alice": "alice", "dana": "centre-pc", "erin": "centre-pc"}
    for name, user in accounts.items():
        home = root / name
        (home / "work").mkdir(parents=True)
        data = {"JUPYTERHUB_USER": user, "JUPYTER_DATA_DIR": str(root / f"{user}-account")}
        rnd.learners[name] = one = Learner(name, home, {**env, **data})
        one.save(gibbs_words=10 if name == "erin" else 120)  # Erin's account is too short
        one.hand_in(course)
    rnd.nbgrader("collect", UNIT2)
    rnd.nbgrader("autograde", UNIT2)
    _grade_as_formgrader_would(course, list(accounts))
    for name in accounts:
        for criterion in rnd.criteria:
            if name == "dana" and criterion == rnd.criteria[-1]:
                continue  # not decided yet: the learner sees "awaiting a decision"
            if name == "erin" and criterion in rnd.gibbs_criteria:
                _decide(rnd, name, criterion, "not-yet", rationale=TOO_SHORT.format(name),
                        next=NEXT)  # fmt: skip
            else:
                _decide(rnd, name, criterion, "met", rationale=f"For {name}: clear evidence.")
    rnd.nbgrader("generate_feedback", UNIT2)
    rnd.nbgrader("release_feedback", UNIT2)
    for one in rnd.learners.values():
        one.feedback = one.fetch_feedback(course)
    # Erin changes one answer and hands in again; the assessor decides what changed.
    erin = rnd.learners["erin"]
    erin.save(GIBBS, gibbs_words=120, version=" (second attempt)")
    erin.hand_in(course)
    rnd.nbgrader("collect", "--update", UNIT2)
    rnd.nbgrader("autograde", UNIT2)
    from mentorkit.assess.decisions import decisions_for

    rnd.carried = {d.criterion: d for d in decisions_for(course, "erin", UNIT2)}
    for criterion in rnd.gibbs_criteria:
        _decide(rnd, "erin", criterion, "met", rationale="For erin: now a full analysis.")
    rnd.nbgrader("generate_feedback", UNIT2)
    rnd.nbgrader("release_feedback", UNIT2)
    erin.feedback = erin.fetch_feedback(course)
    # Internal quality assurance: a sample, and an outcome on one decision in it.
    from mentorkit.assess import iqa

    sampled = rnd.mentorkit("assess", "iqa", "sample", course, "--share", "0.5", "--iqa", "ivy")
    drawn = iqa.plan(course, share=0.5, seed=1)
    rnd.iqa = {"said": sampled.stdout, "chosen": [r.id for r in drawn.chosen]}
    rnd.mentorkit(
        "assess",
        "iqa",
        "outcome",
        course,
        str(drawn.chosen[0].id),
        "agree",
        "--comment",
        "Evidence read; the rationale follows from it.",
        "--iqa",
        "ivy",
    )
    rnd.iqa["outcomes"] = iqa.outcomes(course)
    (root / "grades").mkdir(mode=0o700)
    rnd.nbgrader("export", "--to", root / "grades" / "grades.csv")
    rnd.mentorkit("assess", "grades", course, "--csv", root / "grades" / "criteria.csv")
    rnd.mentorkit("assess", "record", course, "--csv", root / "grades" / "record.csv")
    return rnd


def _words_of(name: str) -> list[str]:
    return [f"{name}word", f"{name} answers", f"alert('{name}')", f"For {name}:",
            f"Comment for {name}", f"{name} looks back"]  # fmt: skip


# the feedback: each learner's own, in a clean folder ---------------------------------


@pytest.mark.slow
def test_each_learner_fetches_only_their_own_feedback_into_a_folder_without_spaces(done):
    for name, one in done.learners.items():
        assert one.feedback, name
        for page in one.feedback:
            assert page.is_relative_to(one.work / UNIT2 / "feedback")
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}-\d{6}", page.parent.name), page
        everything = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                               for p in one.work.rglob("*") if p.is_file())  # fmt: skip
        for other in set(done.learners) - {name}:
            assert not [w for w in _words_of(other) if w in everything], (name, other)


@pytest.mark.slow
def test_the_feedback_page_holds_no_code_no_prompts_and_nothing_from_the_web(done):
    for one in done.learners.values():
        for page in one.feedback:
            text = page.read_text(encoding="utf-8")
            assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", text), page
            assert "https://" not in text and "http://" not in text
            for code in ("In [", "check_words", "check_parts", "import ", "Test cell",
                         "Written response", "Score:", "<script"):  # fmt: skip
                assert code not in text, (page, code)
            quote = "(&#39;|')"
            assert re.search(
                f"&lt;script&gt;alert\\({quote}{one.name}{quote}\\)&lt;/script&gt;", text
            )


@pytest.mark.slow
def test_a_resubmission_keeps_decisions_on_unchanged_evidence_and_reopens_the_changed(done):
    for criterion, standing in done.carried.items():
        if criterion in done.gibbs_criteria:
            assert standing.decision == "undecided" and "changed" in (standing.review or "")
        else:
            assert standing.decision == "met" and standing.carried_forward, criterion
    first, second = sorted(done.learners["erin"].feedback)
    assert "not yet" in first.read_text(encoding="utf-8").lower()
    assert "(second attempt)" in second.read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_iqa_samples_decisions_and_records_an_outcome(done):
    assert done.iqa["chosen"], done.iqa["said"]
    (recorded,) = done.iqa["outcomes"][done.iqa["chosen"][0]]
    assert recorded["outcome"] == "agree" and recorded["iqa"] == "ivy"


@pytest.mark.slow
def test_units_never_handed_in_say_not_submitted_in_the_export_and_the_grades(done):
    with (done.root / "grades" / "grades.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    others = [r for r in rows if r["assignment"] != UNIT2]
    assert others and {r["score"] for r in others} == {"not submitted"}
    assert all(float(r["score"]) > 0 for r in rows if r["assignment"] == UNIT2)
    assert (done.root / "grades" / "grades.csv").stat().st_mode & 0o777 == 0o600
    with (done.root / "grades" / "criteria.csv").open(encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    units = {c.id: f"Unit {c.unit}: {c.unit_title}" for c in criteria()}
    assert all(r["unit"] == units[r["criterion"]] for r in table)
    ours = set(done.criteria)
    assert {r["status"] for r in table if r["criterion"] not in ours} == {"not submitted"}
    assert "not submitted" not in {r["status"] for r in table if r["criterion"] in ours}


def test_evidence_lists_a_learning_log_by_what_happened_not_where(tmp_path):
    store = tmp_path / "mentorkit.db"
    with Store.open(store, owner="gail") as opened:
        entry = opened.add(
            LearningLogEntry(date="2026-01-02", location="Room 4, the depot",
                             context="A first session with a new mentee",
                             what_i_did="Listened.", learning_points="Wait.")
        )  # fmt: skip
    env = {**os.environ, "JUPYTERHUB_USER": "gail"}
    said = _run([BIN / "mentorkit", "assess", "evidence", "--store", store], tmp_path, env).stdout
    assert f"{entry.id}  {entry.label(60)}" in said
    assert "A first session with a new mentee" in said and "Room 4" not in said


def test_a_course_folder_made_before_gets_mentorkits_nbgrader_settings_once(tmp_path):
    from mentorkit.assess import init_course, load_config
    from mentorkit.assess.course import SETTINGS_LINE

    course = tmp_path / "course"
    init_course(course)
    config = course / "nbgrader_config.py"
    text = config.read_text(encoding="utf-8")
    config.write_text(text[: text.index("# mentorkit's parts")], encoding="utf-8")  # older
    assert "FeedbackExporter" not in str(load_config(course).GenerateFeedback)
    for _ in range(2):
        init_course(course)
    assert config.read_text(encoding="utf-8").count(SETTINGS_LINE) == 1
    settings = load_config(course)
    assert settings.GenerateFeedback.exporter_class.endswith("feedback.FeedbackExporter")
    assert settings.ExportApp.plugin_class.endswith("export.CsvExport")


# the feedback in a browser, offline -----------------------------------------------


def _offline(asked: list[str]):
    """A route that lets the page read files and nothing else, noting what else it asked for."""

    def route(request_route) -> None:
        if request_route.request.url.startswith("file:"):
            request_route.continue_()
        else:
            asked.append(request_route.request.url)
            request_route.abort()

    return route


@pytest.mark.slow
@pytest.mark.browser
def test_each_learner_reads_their_criteria_then_their_work_in_chromium_offline(done, browser):
    from test_accessibility import AUDIT, TAGS, axe, described

    from mentorkit.assess.decisions import criteria_of

    wording = {c.id: c.text for c in criteria()}
    words = [wording[c] for c in criteria_of(done.course, UNIT2)]
    for name, one in done.learners.items():
        context = browser.new_context()
        asked: list[str] = []

        context.route("**/*", _offline(asked))
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.goto(sorted(one.feedback)[-1].as_uri())
        page.get_by_role("heading", name="Your criteria").wait_for()
        shown = page.locator("main").inner_text()
        summary, work = shown.split("Your work and your assessor's comments")
        assert all(w in summary for w in words), name
        assert "Your assessor's reasons" in summary and f"For {name}:" in summary
        assert f"{name} answers" in work and f"Comment for {name}: <i>clear</i>" in work
        assert f"<script>alert('{name}')</script>" in work  # shown as the text typed
        assert "What the automatic checks found" in work and " words" in work  # as sentences
        if name == "dana":  # one criterion left undecided
            assert summary.count("Awaiting a decision") == 1 and "Not yet" not in summary
            assert f"{len(words) - 1} of the {len(words)} criteria met so far." in summary
        if name == "alice":
            assert summary.count("Met") == len(words)
            assert "You have met every criterion of this unit." in summary
        assert not re.search(r"In \[\d*\]|check_words|check_parts|Test cell", shown)
        for other in set(done.learners) - {name}:
            assert not [w for w in _words_of(other) if w in shown], (name, other)
        assert page.locator("pre code, .input_area, .prompt, script").count() == 0
        assert not asked and not errors, (asked, errors)
        page.add_script_tag(path=axe())  # WCAG 2.2 AA and best practice, as every page
        violations = page.evaluate(AUDIT, TAGS)
        assert not violations, described(violations)
        context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_a_not_yet_says_what_to_do_next_in_chromium(done, browser):
    context = browser.new_context()
    context.route("**/*", _offline([]))
    page = context.new_page()
    first = sorted(done.learners["erin"].feedback)[0]
    page.goto(first.as_uri())
    not_yet = page.locator("section.criterion.not-yet")
    assert not_yet.count() == len(done.gibbs_criteria)
    said = not_yet.first.inner_text()
    assert "Not yet" in said and "What to do next:" in said
    assert NEXT in said
    assert "<em>too short</em>" in said  # the assessor's words, as typed
    context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_formgrader_starts_with_the_work_and_loads_nothing_from_the_web(done, browser, tmp_path):
    """The grading page formgrader serves, in Chromium with only the server reachable:
    nbgrader's own asks for MathJax from a CDN, and its script stops without it."""
    import time
    import urllib.request

    from nbgrader.api import Gradebook
    from ports import free_port

    with Gradebook(f"sqlite:///{done.course / 'gradebook.db'}", "mentoring") as gb:
        submission = gb.find_submission_notebook(UNIT2, UNIT2, "alice").id
    port, log = free_port(), (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [BIN / "jupyter", "server", "--no-browser", "--allow-root", "--ip=127.0.0.1",
         f"--port={port}", "--ServerApp.token=round"],
        cwd=done.course, env=done.env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(180):
            try:
                urllib.request.urlopen(f"{base}/api/status?token=round", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        context = browser.new_context()
        outside: list[str] = []

        def route(request_route) -> None:
            if request_route.request.url.startswith(base):
                request_route.continue_()
            else:
                outside.append(request_route.request.url)
                request_route.abort()

        context.route("**/*", route)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base}/formgrader/submissions/{submission}/?token=round")
        headings = page.locator("#notebook-container :is(h1, h2, h3)")
        headings.first.wait_for(timeout=90_000)
        first = [h.strip("¶ ") for h in headings.all_inner_texts()[:2]]
        assert first[0].startswith("Unit ") and first[1].startswith("1"), first
        folded = page.locator("details.mentorkit-learner-instructions")
        assert folded.count() == 1 and not folded.evaluate("d => d.open")
        page.wait_for_timeout(2000)  # formgrader's script starts once "MathJax" has
        assert not outside and not errors, (outside, errors)
        context.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
