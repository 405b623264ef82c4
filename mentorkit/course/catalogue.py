"""What the course holds: its criteria, its guides and topics, and the activities in them.

Criteria, activities and quizzes are data (mentorkit/data/); guides and topics are read
from the course's notebooks, so a new page appears in progress with no other edit. The
qualification's part (units, criteria and their parts, the Award and Certificate tracks)
lives in course/qualification.py, and its names are the catalogue's too.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from mentorkit.course.directory import CourseDirectory
from mentorkit.course.qualification import Criterion as Criterion
from mentorkit.course.qualification import Part as Part
from mentorkit.course.qualification import Track as Track
from mentorkit.course.qualification import Unit as Unit
from mentorkit.course.qualification import criteria as criteria
from mentorkit.course.qualification import criteria_for as criteria_for
from mentorkit.course.qualification import qualification as qualification
from mentorkit.course.qualification import track as track
from mentorkit.course.qualification import tracks as tracks
from mentorkit.course.qualification import unit as unit
from mentorkit.course.qualification import units as units
from mentorkit.errors import ActivityNotFound, CourseNotFound


@dataclass(frozen=True)
class ActivityRef:
    """An activity of a topic: its id (`activity`), title, questions and the criteria it
    evidences, as mentorkit/data/activities.json holds them."""

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


def quiz(topic: str) -> dict:
    """The self-check items for a topic (see mentorkit/data/quizzes/)."""
    path = data_file(f"quizzes/{topic}.json")
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def activities() -> tuple[ActivityRef, ...]:
    """Every activity of the course, topic by topic, in the order the topics show them."""
    data = json.loads(data_file("activities.json").read_text(encoding="utf-8"))
    return tuple(
        ActivityRef(a["topic"], a["activity"], a["title"], tuple(a["questions"]),
                    tuple(a["criteria"]))
        for a in data["activities"]
    )  # fmt: skip


def activity_ref(activity: str) -> ActivityRef:
    """The activity with this id: ids are unique across the course, so the id alone says
    which topic it belongs to."""
    found = {ref.activity: ref for ref in activities()}
    if activity in found:
        return found[activity]
    close = difflib.get_close_matches(activity, found, n=1)
    hint = f" Did you mean “{close[0]}”?" if close else ""
    raise ActivityNotFound(
        f"No activity of the course is called “{activity}”.{hint} The activities are listed "
        "in mentorkit/data/activities.json."
    )


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
    """Guides then topics of the course folder `root` (the one found), in file-name order."""
    root = root or CourseDirectory.find().course
    found = []
    for section in ("guides", "topics"):
        for path in sorted((root / section).glob("*.ipynb")):
            key = f"guides/{path.stem}" if section == "guides" else path.stem
            found.append(Page(key, _title(path), path, section))
    return found


def activities_in(path: Path) -> list[ActivityRef]:
    """The activities of the topic whose notebook this is."""
    return [ref for ref in activities() if ref.topic == Path(path).stem]


def all_activities(root: Path | None = None) -> list[ActivityRef]:
    """The activities of the topics in the course folder `root` (None: every activity)."""
    if root is None:
        return list(activities())
    keys = {page.key for page in pages(root)}
    return [ref for ref in activities() if ref.topic in keys]


@cache
def _course_labels() -> dict[tuple[str, str | None], str]:
    labels: dict[tuple[str, str | None], str] = {
        (ref.topic, ref.activity): ref.title for ref in activities()
    }
    try:
        found = pages()
    except (CourseNotFound, OSError, ValueError):
        return labels
    return {**labels, **{(p.key, None): p.title for p in found}}


def course_label(topic: str, activity: str | None = None) -> str:
    """A topic's title (or one of its activities'), for showing a saved answer; a topic's
    key itself (`06-smart-goals`) when the course folder is not at hand."""
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
