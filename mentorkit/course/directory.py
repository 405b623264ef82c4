"""Where the course is: one `CourseDirectory` that every part asks, as nbgrader has one.

A course root holds `course/` (the landing page, guides and topics) and `workbook/` (the
workbook's pages, and the source assignments in `workbook/assignments/`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from mentorkit.errors import CourseNotFound

#: Names the course folder itself, for a course that is not found from the working folder.
ENVIRONMENT = "MENTORKIT_COURSE"
#: The checkout this package runs from, looked at last (an editable install beside it).
CHECKOUT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class CourseDirectory:
    """The course's folders: `course` (with `topics/`) and `workbook` beside it."""

    course: Path
    workbook: Path

    #: The folders under a root that make up the course: all that is served, or saved bare.
    FOLDERS: ClassVar[tuple[str, ...]] = ("course", "workbook")

    @classmethod
    def at(cls, root: str | os.PathLike) -> CourseDirectory:
        """The course under `root`, the folder that holds `course/` and `workbook/`."""
        root = Path(root)
        return cls(root / "course", root / "workbook")

    @classmethod
    def find(cls, start: str | os.PathLike | None = None) -> CourseDirectory:
        """The one rule: `$MENTORKIT_COURSE` names the course folder; else the nearest
        folder, from `start` (the working folder) up, that is one or holds `course/topics`;
        else the checkout this package runs from."""
        if os.environ.get(ENVIRONMENT):
            course = Path(os.environ[ENVIRONMENT])
            return cls(course, course.parent / "workbook")
        here = Path(start or Path.cwd()).resolve()
        for folder in (here, *here.parents, CHECKOUT):
            if (folder / "topics").is_dir() and (folder / "index.ipynb").exists():
                return cls(folder, folder.parent / "workbook")
            if (folder / "course" / "topics").is_dir():
                return cls.at(folder)
        raise CourseNotFound(
            f"The course folder (course/, with its topics) was not found in {here} or any "
            f"folder above it. Run this from the mentorkit folder, or set {ENVIRONMENT} to "
            "the course folder."
        )

    @property
    def root(self) -> Path:
        return self.course.parent

    @property
    def assignments(self) -> Path:
        """The source assignments an assessor's nbgrader course is made from."""
        return self.workbook / "assignments"

    def missing(self) -> list[str]:
        """The course's folders that are not there, by name."""
        folders = dict(zip(self.FOLDERS, (self.course, self.workbook), strict=True))
        return [name for name, path in folders.items() if not path.is_dir()]
