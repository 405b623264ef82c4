"""A real assessment round for the decisions and IQA tests: an nbgrader course folder in
tmp_path, learners with their own stores and caches handing in with `mentorkit assess
submit`, and nbgrader's own commands (run as subprocesses, as an assessor would).

Criteria are found through the source notebooks (the activity a cell takes), never by id.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from factories import sample

from mentorkit.course.catalogue import all_activities
from mentorkit.records import ActivityResponse, kind_of
from mentorkit.store import Store

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ACTIVITIES = all_activities(REPO / "course")


def run(args: list, cwd: Path, env: dict, ok: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    if ok and done.returncode != 0:
        pytest.fail(f"{args[:3]} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


def new_course(root: Path, release: str = "*") -> tuple[Path, dict]:
    """A course folder with every assignment generated and those matching `release` released."""
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "JUPYTER_CONFIG_DIR": str(root / "jupyter-config"),
        "JUPYTER_DATA_DIR": str(root / "assessor-data"),
        "JUPYTERHUB_USER": "asha",  # the assessor
    }
    course = root / "course"
    run([BIN / "mentorkit", "assess", "init", course], root, env)
    run([BIN / "nbgrader", "generate_assignment", "*"], course, env)
    for folder in sorted((course / "source").glob(release)):
        run([BIN / "nbgrader", "release_assignment", folder.name], course, env)
    return course, env


def answer(who: str, question: str, words: int, version: str = "") -> str:
    filler = " ".join(f"{who}word{n}" for n in range(words))
    return f"{who} answers{version} “{question[:30]}”: <b>bold</b> {filler}"


@dataclass
class Learner:
    name: str
    home: Path
    store_path: Path
    env: dict

    def store(self) -> Store:
        return Store.open(self.store_path, owner=self.name)

    def run(self, *args: object, ok: bool = True) -> subprocess.CompletedProcess:
        return run([BIN / "mentorkit", *args], self.home, self.env, ok)

    def answer_all(self, gibbs_words: int = 120, version: str = "") -> None:
        with self.store() as store:
            for ref in ACTIVITIES:
                words = gibbs_words if ref.activity == "gibbs-reflection" else 5
                given = [{"question": q, "answer": answer(self.name, q, words, version)}
                         for q in ref.questions]  # fmt: skip
                store.add(ActivityResponse(topic=ref.topic, activity=ref.activity, answers=given))

    def rewrite(self, activity: str, words: int, version: str) -> None:
        """A new version of one activity's answers, as the learner saves it again."""
        (ref,) = [r for r in ACTIVITIES if r.activity == activity]
        with self.store() as store:
            given = [{"question": q, "answer": answer(self.name, q, words, version)}
                     for q in ref.questions]  # fmt: skip
            store.add(ActivityResponse(topic=ref.topic, activity=ref.activity, answers=given))

    def hand_in(self, course: Path, assignment: str, *extra: str, ok: bool = True):
        """Hand in with `mentorkit assess submit`, choosing as evidence as many new entries
        of each kind as the assignment's evidence cells ask for."""
        args = ["assess", "submit", assignment, "--course-dir", course, "--store",
                self.store_path, "--work-dir", self.home / "work", *extra]  # fmt: skip
        with self.store() as store:
            for kind, n in evidence_wanted(course, assignment).items():
                for i in range(n):
                    chosen = store.add(sample(kind_of(kind), i + 1))
                    args += ["--evidence", chosen.id]
        return self.run(*args, ok=ok)


def evidence_wanted(course: Path, assignment: str) -> dict[str, int]:
    """How many entries of each kind the assignment's evidence cells ask for, at most."""
    wanted: dict[str, int] = {}
    for path in (course / "source" / assignment).glob("*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            spec = cell["metadata"].get("mentorkit", {})
            if "evidence" not in spec:
                continue
            least = spec.get("at_least", 0)
            asked = least if isinstance(least, dict) else {spec["evidence"][0]: least}
            for kind, n in asked.items():
                wanted[kind] = max(wanted.get(kind, 0), int(n), 1)
    return wanted


def learner(root: Path, name: str, env: dict, gibbs_words: int = 120) -> Learner:
    home = root / name
    (home / "work").mkdir(parents=True)
    own = {**env, "JUPYTERHUB_USER": name, "JUPYTER_DATA_DIR": str(home / "data")}
    one = Learner(name, home, home / "mentorkit.db", own)
    one.answer_all(gibbs_words)
    return one


def nbgrader(course: Path, env: dict, *args: object) -> subprocess.CompletedProcess:
    return run([BIN / "nbgrader", *args], course, env)


def mentorkit(course: Path, env: dict, *args: object, ok: bool = True):
    return run([BIN / "mentorkit", *args], course, env, ok)


def cell_of(course: Path, activity: str) -> dict:
    """The source cell that takes an activity's answers: its assignment, grade id, criteria."""
    for path in sorted((course / "source").glob("*/*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["metadata"].get("mentorkit", {}).get("activity") == activity:
                return {"assignment": path.parent.name,
                        "grade_id": cell["metadata"]["nbgrader"]["grade_id"],
                        "criteria": cell["metadata"]["mentorkit"]["criteria"]}  # fmt: skip
    raise LookupError(activity)
