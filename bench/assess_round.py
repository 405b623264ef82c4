"""A whole assessment round for many synthetic learners, with and without mentorkit's fill step.

`.venv/bin/python -m bench.assess_round [--learners 50] [--assignment unit307-reflecting]`

Round A is nbgrader alone: each learner fetches and submits the released notebook as it is.
Round B is the mentorkit round: each learner hands in with `mentorkit.assess.submit`, which
fills their saved answers in before nbgrader's submit. The assessor's side is nbgrader's own
commands in both. Target: our steps (fill, and the criteria frame) add at most 10 % to
nbgrader's own time. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.assessment_round import make_learners
from mentorkit.assess import fill, grades, init_course, load_config, submit
from mentorkit.store import Store

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGET = 0.10
ASSESSOR = ("collect", "autograde", "generate_feedback", "release_feedback")


class Course:
    """A fresh course folder with one assignment released, and its assessor's commands."""

    def __init__(self, root: Path, assignment: str):
        self.root, self.assignment = root, assignment
        self.env = dict(os.environ)
        init_course(root / "course")
        self.nbgrader("generate_assignment", assignment)
        self.nbgrader("release_assignment", assignment)

    @property
    def dir(self) -> Path:
        return self.root / "course"

    def nbgrader(self, *args: str) -> float:
        start = time.perf_counter()
        subprocess.run([BIN / "nbgrader", *args], cwd=self.dir, env=self.env, check=True,
                       capture_output=True)  # fmt: skip
        return time.perf_counter() - start

    def grade_by_hand(self) -> float:
        """Full marks for every written answer, with a comment, as formgrader would."""
        from nbgrader.api import Gradebook

        start = time.perf_counter()
        with Gradebook(f"sqlite:///{self.dir / 'gradebook.db'}", "mentoring") as gb:
            for student in gb.students:
                nb = gb.find_submission_notebook(self.assignment, self.assignment, student.id)
                for grade in nb.grades:
                    if grade.needs_manual_grade:
                        grade.manual_score, grade.needs_manual_grade = grade.max_score, False
                for comment in nb.comments:
                    comment.manual_comment = "Thank you: a thoughtful answer."
            gb.db.commit()
        return time.perf_counter() - start

    def assessor_round(self, export: Path) -> float:
        spent = sum(self.nbgrader(step, self.assignment) for step in ASSESSOR[:2])
        spent += self.grade_by_hand()
        spent += sum(self.nbgrader(step, self.assignment) for step in ASSESSOR[2:])
        return spent + self.nbgrader("export", "--to", str(export))


def nbgrader_exchange(verb: str, course: Course, student: str, work: Path) -> float:
    """One of nbgrader's own exchange steps, in this process (as its lab extension runs them)."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeFactory

    start = time.perf_counter()
    config = load_config(course.dir)
    config.CourseDirectory.assignment_id = course.assignment
    config.CourseDirectory.student_id = student
    config.Exchange.assignment_dir = str(work)
    config.Exchange.cache = str(work / "cache")
    coursedir, auth = CourseDirectory(config=config), Authenticator(config=config)
    made = getattr(ExchangeFactory(config=config), verb)
    made(coursedir=coursedir, authenticator=auth, config=config).start()
    return time.perf_counter() - start


def round_a(course: Course, learners: list) -> dict[str, float]:
    """nbgrader alone: fetch and submit the released notebook unchanged."""
    learner_time = 0.0
    for name, _, _ in learners:
        work = course.root / "learners" / name
        work.mkdir(parents=True)
        learner_time += nbgrader_exchange("FetchAssignment", course, name, work)
        learner_time += nbgrader_exchange("Submit", course, name, work)
    return {"learners": learner_time, "assessor": course.assessor_round(course.root / "a.csv")}


def round_b(course: Course, learners: list) -> dict[str, float]:
    """The mentorkit round: each learner hands in with `submit`, which fills first."""
    learner_time = 0.0
    for name, path, entry in learners:
        work = course.root / "learners" / name
        work.mkdir(parents=True)
        with Store.open(path, owner=name) as store:
            start = time.perf_counter()
            submit(course.assignment, course.dir, store, name, evidence=entry, work_dir=work,
                   cache=work / "cache")  # fmt: skip
            learner_time += time.perf_counter() - start
    times = {"learners": learner_time, "assessor": course.assessor_round(course.root / "b.csv")}
    start = time.perf_counter()
    frame = grades(course.dir)
    times["grades frame"] = time.perf_counter() - start
    assert len(frame[frame.status == "met"]) >= len(learners), "every learner should meet some"
    return times


def fill_alone(course: Course, learners: list) -> float:
    """Our fill step on its own: each learner's store into a copy of the released notebook."""
    released = course.dir / "release" / course.assignment / f"{course.assignment}.ipynb"
    spent = 0.0
    for name, path, entry in learners:
        copy = course.root / "fill" / f"{name}.ipynb"
        copy.parent.mkdir(exist_ok=True)
        copy.write_bytes(released.read_bytes())
        with Store.open(path, owner=name) as store:
            start = time.perf_counter()
            fill(copy, store, evidence=entry)
            spent += time.perf_counter() - start
    return spent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--assignment", default="unit307-reflecting")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mentorkit-bench-") as tmp:
        root = Path(tmp)
        # This script is the whole process: nbgrader (and its alembic) from this Python, and
        # no nbgrader settings from the home folder.
        os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
        os.environ["JUPYTER_CONFIG_DIR"] = str(root / "jupyter-config")
        source = REPO / "workbook" / "assignments" / args.assignment
        learners = make_learners(root / "stores", source, args.learners)
        a = round_a(Course(root / "a", args.assignment), learners)
        course_b = Course(root / "b", args.assignment)
        b = round_b(course_b, learners)
        ours = fill_alone(course_b, learners) + b["grades frame"]
    report(args, a, b, ours)
    return 0 if ours / sum(a.values()) <= TARGET else 1


def report(args: argparse.Namespace, a: dict, b: dict, ours: float) -> None:
    nbgrader = sum(a.values())
    print(f"Assessment round: {args.learners} learners, {args.assignment}, {os.cpu_count()} cores")
    print(f"{'':34}{'nbgrader alone':>16}{'with mentorkit':>16}")
    print(
        f"{'learners fetch (+ fill) + submit':34}{a['learners']:>14.2f} s{b['learners']:>14.2f} s"
    )
    print(f"{'assessor: collect ... export':34}{a['assessor']:>14.1f} s{b['assessor']:>14.1f} s")
    print(f"{'criteria frame (grades)':34}{'-':>16}{b['grades frame']:>14.2f} s")
    print(f"{'whole round':34}{nbgrader:>14.1f} s{sum(b.values()):>14.1f} s")
    ratio = ours / nbgrader
    verdict = "within" if ratio <= TARGET else "OVER"
    print(
        f"nbgrader's own time {nbgrader:.1f} s; ours (fill {args.learners} notebooks + the "
        f"criteria frame) {ours:.2f} s; ratio {ratio:.1%} ({verdict} the {TARGET:.0%} target)"
    )


if __name__ == "__main__":
    sys.exit(main())
