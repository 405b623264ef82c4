"""What the course holds: its criteria, its guides and topics, and the activities in them.

Read from the data files and the notebooks themselves, so a new topic or activity
appears in progress and coverage with no other edit.
"""

from __future__ import annotations

import ast
import json
import os
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Criterion:
    id: str
    text: str
    unit: str
    unit_title: str
    outcome: str


@dataclass(frozen=True)
class ActivityRef:
    topic: str
    activity: str
    title: str
    questions: tuple[str, ...]
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class Page:
    """A guide or topic notebook: its key (e.g. `03-roles-and-skills`) and title."""

    key: str
    title: str
    path: Path
    section: str  # "guides" or "topics"


def data_file(name: str) -> Path:
    return Path(str(resources.files("mentorkit") / "data" / name))


@cache
def criteria() -> tuple[Criterion, ...]:
    """Every assessment criterion, in the order of the qualification."""
    data = json.loads(data_file("criteria.json").read_text(encoding="utf-8"))
    return tuple(
        Criterion(c["id"], c["text"], unit["id"], unit["title"], outcome["text"])
        for unit in data["units"]
        for outcome in unit["outcomes"]
        for c in outcome["criteria"]
    )


def quiz(topic: str) -> dict:
    """The self-check items for a topic (see mentorkit/data/quizzes/)."""
    path = data_file(f"quizzes/{topic}.json")
    return json.loads(path.read_text(encoding="utf-8"))


def course_root() -> Path:
    """The `course/` folder: `$MENTORKIT_COURSE`, else found from the working folder up."""
    if os.environ.get("MENTORKIT_COURSE"):
        return Path(os.environ["MENTORKIT_COURSE"])
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "topics").is_dir() and (folder / "index.ipynb").exists():
            return folder
        if (folder / "course" / "topics").is_dir():
            return folder / "course"
    raise FileNotFoundError("the course folder was not found; set MENTORKIT_COURSE")


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _title(path: Path) -> str:
    for cell in _cells(path):
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def pages(root: Path | None = None) -> list[Page]:
    """Guides then topics, in file-name order."""
    root = root or course_root()
    found = []
    for section in ("guides", "topics"):
        for path in sorted((root / section).glob("*.ipynb")):
            key = f"guides/{path.stem}" if section == "guides" else path.stem
            found.append(Page(key, _title(path), path, section))
    return found


def activities_in(path: Path) -> list[ActivityRef]:
    """The `activity(...)` calls in a notebook, read from its code without running it."""
    found = []
    for cell in _cells(path):
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "activity":
                found.append(_activity_ref(node))
    return found


def _activity_ref(call: ast.Call) -> ActivityRef:
    args = [ast.literal_eval(a) for a in call.args]
    kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    names = ("topic", "activity", "questions")
    values = {**dict(zip(names, args, strict=False)), **kwargs}
    return ActivityRef(
        topic=values["topic"],
        activity=values["activity"],
        title=values.get("title") or values["activity"],
        questions=tuple(values["questions"]),
        criteria=tuple(values.get("criteria", ())),
    )


def all_activities(root: Path | None = None) -> list[ActivityRef]:
    return [ref for page in pages(root) for ref in activities_in(page.path)]


@cache
def _course_labels() -> dict[tuple[str, str | None], str]:
    try:
        found = pages()
    except (FileNotFoundError, OSError, ValueError):
        return {}
    labels: dict[tuple[str, str | None], str] = {(p.key, None): p.title for p in found}
    for page in found:
        for ref in activities_in(page.path):
            labels[(ref.topic, ref.activity)] = ref.title
    return labels


def course_label(topic: str, activity: str | None = None) -> str:
    """A topic's title (or one of its activities'), for showing a saved answer; the key
    itself (`06-smart-goals`) when the course folder is not at hand."""
    return _course_labels().get((topic, activity), activity or topic)


def shown_value(record: Any, spec: Any) -> Any:
    """A field's value as a learner should read it: a course key (`06-smart-goals`) by the
    title of its topic or activity, as the kind's `course_keys` declare."""
    value, keys = getattr(record, spec.name), record.course_keys
    if spec.name in keys and value:
        return course_label(getattr(record, keys[0]), None if spec.name == keys[0] else value)
    return value


def course_title(record: Any) -> str:
    """The title of what a course record is about: its activity, else its topic."""
    topic, *activity = (getattr(record, key) for key in record.course_keys)
    return course_label(topic, activity[0] if activity else None)
