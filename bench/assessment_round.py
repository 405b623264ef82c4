"""Each step of a whole assessment round for many learners, timed on a real course folder.

`.venv/bin/python -m bench.assessment_round [--learners 50] [--assignment unit307-reflecting]`

The steps are docs/assessor.md's, with nbgrader's own commands for the assessor's side
(run as the assessor runs them, one process each) and `mentorkit.assess.submit` for each
learner's hand-in (each learner runs it on their own computer; here one after another).
Grading in formgrader is the assessor's own time, so it is done straight in the gradebook
and not counted. Not part of `make test`; prints one table.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


class Timed:
    """The steps and their times, in the order they ran."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, float, str]] = []

    def step(self, name: str, run: Callable[[], object], note: str = "") -> object:
        start = time.perf_counter()
        done = run()
        self.rows.append((name, time.perf_counter() - start, note))
        return done

    def print(self, heading: str) -> None:
        print(heading)
        print(f"{'step':44}{'seconds':>10}  note")
        for name, seconds, note in self.rows:
            print(f"{name:44}{seconds:>10.1f}  {note}")
        print(f"{'whole round':44}{sum(s for _, s, _ in self.rows):>10.1f}")


def _nbgrader(course: Path, *args: object) -> None:
    subprocess.run([BIN / "nbgrader", *map(str, args)], cwd=course, check=True,
                   capture_output=True)  # fmt: skip


def evidence_needed(source: Path) -> dict[str, int]:
    """How many records of which kind an assignment (its folder of notebooks) needs."""
    needed: dict[str, int] = {}
    for path in source.glob("*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            spec = cell["metadata"].get("mentorkit", {})
            wanted = spec.get("at_least", 0)
            pairs = (
                wanted.items()
                if isinstance(wanted, dict)
                else [(spec.get("evidence", [""])[0], wanted)]
            )
            for kind, count in pairs:
                if count:
                    needed[kind] = max(needed.get(kind, 0), int(count))
    return needed


def _record(kind: str, n: int, name: str):
    """A record of `kind` with its fields filled in, as a learner would save it."""
    from datetime import date

    from mentorkit.records import KINDS

    made = KINDS[kind]
    values = {}
    for spec in made.specs():
        if spec.type == "date":
            values[spec.name] = date(2026, 1, 1 + n)
        elif spec.type in ("number", "rating"):
            values[spec.name] = spec.maximum if spec.maximum is not None else 2
        elif spec.type == "choice":
            values[spec.name] = spec.options[0]
        elif spec.type in ("text", "longtext"):
            values[spec.name] = f"{name}: {spec.label.lower()}, entry {n}."
    return made(**values)


def make_learners(root: Path, source: Path, count: int) -> list[tuple]:
    """Learners with an answer to every activity and the records the assignment in the
    folder `source` needs; each is (name, store path, ids of the records to hand in)."""
    from mentorkit.course.catalogue import all_activities
    from mentorkit.records import ActivityResponse
    from mentorkit.store import Store

    needed = evidence_needed(source)
    activities = all_activities(REPO / "course")
    learners = []
    for n in range(1, count + 1):
        name = f"learner{n:03d}"
        path = root / name / "mentorkit.db"
        with Store.open(path, owner=name) as store:
            for ref in activities:
                text = f"{name} on “{ref.title}”: " + " ".join(["reflective"] * 110)
                given = [{"question": q, "answer": text} for q in ref.questions]
                store.add(ActivityResponse(topic=ref.topic, activity=ref.activity, answers=given))
            chosen = [store.add(_record(kind, i, name)).id
                      for kind, many in needed.items() for i in range(1, many + 1)]  # fmt: skip
        learners.append((name, path, chosen))
    return learners


def hand_in(course: Path, assignment: str, learners: list[tuple]) -> None:
    from mentorkit.assess import submit
    from mentorkit.store import Store

    for name, path, chosen in learners:
        work = course.parent / "learners" / name
        work.mkdir(parents=True, exist_ok=True)
        with Store.open(path, owner=name) as store:
            submit(assignment, course, store, name, evidence=chosen, work_dir=work,
                   cache=work / "cache", declared=True)  # fmt: skip


def grade_by_hand(course: Path, assignment: str) -> None:
    """Points and a comment on every answer, as formgrader would save them."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "mentoring") as gb:
        for student in gb.students:
            nb = gb.find_submission_notebook(assignment, assignment, student.id)
            for grade in nb.grades:
                if grade.needs_manual_grade:
                    grade.manual_score, grade.needs_manual_grade = grade.max_score, False
            for comment in nb.comments:
                comment.manual_comment = "Thank you: a thoughtful answer."
        gb.db.commit()


def decide_all(course: Path, assignment: str, learners: list[tuple]) -> int:
    from mentorkit.assess.decisions import criteria_of, decide

    made = 0
    for name, _, _ in learners:
        for criterion in criteria_of(course, assignment):
            decide(course, name, assignment, criterion, "met", "Clear evidence.", assessor="asha")
            made += 1
    return made


def fetch_all(course: Path, assignment: str, learners: list[tuple]) -> int:
    from mentorkit.assess import fetch_feedback

    pages = 0
    for name, _, _ in learners:
        work = course.parent / "learners" / name
        pages += len(fetch_feedback(assignment, course, name, work_dir=work,
                                    cache=work / "cache"))  # fmt: skip
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--assignment", default="unit307-reflecting")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mentorkit-round-") as tmp:
        root = Path(tmp)
        # nbgrader (and its alembic) from this Python; no nbgrader settings from the home folder.
        os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
        os.environ["JUPYTER_CONFIG_DIR"] = str(root / "jupyter-config")
        os.environ["JUPYTERHUB_USER"] = "asha"
        run_round(root, args.assignment, args.learners)
    return 0


def run_round(root: Path, assignment: str, count: int) -> None:
    from mentorkit.assess import grades, init_course, iqa, record

    course = root / "course"
    timed = Timed()
    timed.step("set up the course folder (assess init)", lambda: init_course(course))
    timed.step(
        "generate the assignment", lambda: _nbgrader(course, "generate_assignment", assignment)
    )
    timed.step("release it", lambda: _nbgrader(course, "release_assignment", assignment))
    learners = make_learners(root / "stores", course / "source" / assignment, count)
    timed.step(f"{count} learners hand in (fill + submit)",
               lambda: hand_in(course, assignment, learners), "one after another")  # fmt: skip
    timed.step("collect", lambda: _nbgrader(course, "collect", assignment))
    timed.step("autograde", lambda: _nbgrader(course, "autograde", assignment))
    grade_by_hand(course, assignment)  # the assessor's own time in formgrader: not counted
    made = timed.step(
        "decide every criterion (assess decide)", lambda: decide_all(course, assignment, learners)
    )
    timed.rows[-1] = (*timed.rows[-1][:2], f"{made} decisions, each with its rationale")
    timed.step("generate feedback", lambda: _nbgrader(course, "generate_feedback", assignment))
    timed.step("release feedback", lambda: _nbgrader(course, "release_feedback", assignment))
    pages = timed.step(
        f"{count} learners fetch their feedback", lambda: fetch_all(course, assignment, learners)
    )
    timed.rows[-1] = (*timed.rows[-1][:2], f"{pages} pages")
    export = root / "grades.csv"
    timed.step("export (nbgrader export)", lambda: _nbgrader(course, "export", "--to", export))
    timed.step("criteria table (assess grades)", lambda: grades(course))
    rows = timed.step("decision record (assess record)", lambda: record.rows(course))
    timed.step(
        "  ... as CSV and as a page", lambda: (record.csv_text(rows), record.html_text(rows))
    )
    timed.step("IQA sample (assess iqa sample)", lambda: iqa.draw(course, "ivy", share=0.25))
    timed.print(f"Assessment round: {count} learners, {assignment}, {os.cpu_count()} cores")


if __name__ == "__main__":
    sys.exit(main())
