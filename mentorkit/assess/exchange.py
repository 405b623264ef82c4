"""The learner's side of a round, through nbgrader's own exchange: fetch, fill and submit,
then fetch the feedback.

These are nbgrader's own exchange classes, run in this process, so a refusal comes back
as an `ExchangeProblem` in words rather than a traceback.
"""

from __future__ import annotations

import fnmatch
import glob
import logging
import os
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mentorkit.assess.cells import Filled, takes_evidence
from mentorkit.assess.course import load_config
from mentorkit.assess.declaration import declare
from mentorkit.assess.fill import fill
from mentorkit.errors import NOTHING_SUBMITTED, EvidenceProblem, ExchangeProblem

log = logging.getLogger(__name__)
# nbgrader's own log lines repeat what the problem says; they stay out of the learner's way.
log.addHandler(logging.NullHandler())
_BAD_ID = re.compile(r"[+*/\\\s]")


def submit(
    assignment: str, course_dir: str | os.PathLike | None, store: Any,
    student_id: str | None = None, *, evidence: Sequence[str] = (),
    work_dir: str | os.PathLike | None = None, cache: str | os.PathLike | None = None,
    declared: bool = False,
) -> Filled:  # fmt: skip
    """Fetch the assignment if need be, fill it from `store`, and hand it in.

    `declared`: the learner has declared the work their own; the declaration goes in with
    the notebooks (`declaration.py`).

    `course_dir` holds the course's nbgrader_config.py (None: nbgrader's usual places).
    The learner's copy stays in `work_dir/ASSIGNMENT` (the working folder by default).
    Each notebook handed in is the one released now, filled: a copy fetched earlier may
    be out of date (the assessor changed and released it again) or gone from the folder,
    and every answer in it comes from the store in any case.
    """
    exchange = _Exchange(assignment, course_dir, student_id or store.owner, work_dir, cache)
    released = exchange.released()
    if not released.is_dir():
        raise ExchangeProblem(f"{exchange.not_released()} {NOTHING_SUBMITTED}")
    folder = exchange.folder()
    if not folder.is_dir():
        exchange.run("FetchAssignment")
    exchange.refuse_extras(folder)
    exchange.restore_missing(folder)
    notebooks = sorted(released.glob("*.ipynb"))
    takers = [nb for nb in notebooks if takes_evidence(nb)]
    if evidence and not takers:
        raise EvidenceProblem(
            f"Nothing has been handed in: {assignment} takes no records as evidence. Submit "
            "again without --evidence."
        )
    filled = Filled()
    for notebook in notebooks:
        chosen = evidence if notebook in takers else ()
        done = fill(folder / notebook.name, store, evidence=chosen, source=notebook)
        filled.activities += done.activities
        filled.evidence += done.evidence
    if declared:
        declare(folder, exchange.coursedir.student_id, store)  # and the track
    exchange.run("Submit")
    return filled


def fetch_feedback(
    assignment: str, course_dir: str | os.PathLike | None, student_id: str, *,
    work_dir: str | os.PathLike | None = None, cache: str | os.PathLike | None = None,
) -> list[Path]:  # fmt: skip
    """Fetch the feedback released for the learner's own submissions; returns the HTML files.

    Only feedback on submissions this learner handed in, under their own student id, is
    fetched and listed, although learners sharing a computer account share one cache.
    """
    exchange = _Exchange(assignment, course_dir, student_id, work_dir, cache)
    if (exchange.released().parent.parent / "feedback").is_dir():  # else none released yet
        exchange.run("FetchFeedback")
    own = exchange.own_submissions()
    own |= {feedback_folder(t) for t in own}  # ours, or nbgrader's (fetched with its command)
    pages = (exchange.folder() / "feedback").glob("*/*.html")  # a folder per submission
    found = sorted(page for page in pages if page.parent.name in own)
    if not found and not own:
        raise ExchangeProblem(exchange.not_handed_in())
    return found


class _Exchange:
    """nbgrader's exchange, configured for one learner and one assignment."""

    def __init__(
        self, assignment: str, course_dir: str | os.PathLike | None, student_id: str,
        work_dir: str | os.PathLike | None, cache: str | os.PathLike | None,
    ):  # fmt: skip
        from nbgrader.auth import Authenticator
        from nbgrader.coursedir import CourseDirectory

        if _BAD_ID.search(student_id) or not student_id:
            raise ExchangeProblem(
                f"“{student_id}” cannot be used as a student id: it may not be empty or "
                "contain spaces, slashes, + or *. Give another with --student."
            )
        config = load_config(course_dir)
        config.CourseDirectory.assignment_id = assignment
        config.CourseDirectory.student_id = student_id
        config.Exchange.assignment_dir = str(Path(work_dir or os.getcwd()).resolve())
        if cache is not None:
            config.Exchange.cache = str(Path(cache).resolve())
        if "fetch_feedback" not in config.ExchangeFactory:  # nbgrader's own exchange
            config.ExchangeFactory.fetch_feedback = _own_feedback()
        self.assignment = assignment
        self.config = config
        self.coursedir = CourseDirectory(config=config)
        self.authenticator = Authenticator(config=config)
        if not self.coursedir.course_id:
            raise ExchangeProblem(
                "No course is set up here: the course id was not found in any "
                "nbgrader_config.py. Pass --course-dir with your course folder, or ask your "
                "assessor for the course's settings."
            )

    def _make(self, verb: str) -> Any:
        from nbgrader.exchange import ExchangeFactory

        factory = ExchangeFactory(config=self.config)
        return getattr(factory, verb)(
            coursedir=self.coursedir, authenticator=self.authenticator, config=self.config,
            log=log,
        )  # fmt: skip

    def folder(self) -> Path:
        made = self._make("FetchAssignment")
        root = Path(made.assignment_dir)
        if made.path_includes_course:
            root = root / self.coursedir.course_id
        return root / self.assignment

    def run(self, verb: str) -> None:
        from nbgrader.exchange import ExchangeError

        try:
            self._make(verb).start()
        except ExchangeError as exc:
            raise ExchangeProblem(self._explain(verb, str(exc))) from None

    def own_submissions(self) -> set[str]:
        """The times of this learner's own submissions of the assignment (see `_own_feedback`)."""
        made = self._make("FetchFeedback")
        cache = Path(made.cache) / self.coursedir.course_id
        return submitted_by(cache, self.coursedir.student_id, self.assignment)

    def released(self) -> Path:
        root = Path(self._make("FetchAssignment").root) / self.coursedir.course_id
        return root / "outbound" / self.assignment

    def not_released(self) -> str:
        """Why there is nothing to fetch or hand in, with the assignments that are open."""
        outbound = self.released().parent
        names = ", ".join(sorted(p.name for p in outbound.iterdir())) if outbound.is_dir() else ""
        return (
            f"There is no assignment called {self.assignment} open for hand-in. The "
            f"assignments released so far are: {names or 'none yet'}. Check the name, or ask "
            "your assessor whether it has been released (or withdrawn)."
        )

    def not_handed_in(self) -> str:
        """Why there is no feedback to fetch: nothing handed in, or no such assignment."""
        outbound = self.released().parent
        names = sorted(p.name for p in outbound.iterdir()) if outbound.is_dir() else []
        if self.assignment in names:
            return (
                f"You have not handed in {self.assignment}, so there is no feedback for it. "
                f"Hand it in with `mentorkit assess submit {self.assignment}`; your assessor "
                "will say when its feedback is ready."
            )
        return (
            f"There is no assignment called {self.assignment} in this course. Its "
            f"assignments are: {', '.join(names) or 'none released yet'}. Check the name."
        )

    def _explain(self, verb: str, message: str) -> str:
        if verb == "FetchAssignment" and "not found" in message.lower():
            return self.not_released()
        what = {
            "FetchAssignment": f"{self.assignment} could not be fetched",
            "Submit": f"{self.assignment} could not be handed in",
            "FetchFeedback": f"Your feedback on {self.assignment} could not be fetched",
        }[verb]
        after = f" {NOTHING_SUBMITTED}" if verb == "Submit" else ""
        return (
            f"{what}: nbgrader says “{message}”.{after} If the message does not make the "
            "fix clear, show it to your assessor."
        )

    def refuse_extras(self, folder: Path) -> None:
        """Refuse files that did not come with the assignment: they may be private."""
        ignore = list(self.coursedir.ignore)
        released = self.released()
        extras = [
            str(path.relative_to(folder)) for path in sorted(folder.rglob("*"))
            if path.is_file() and not _ignored(path.relative_to(folder), ignore)
            and not (released / path.relative_to(folder)).exists()
        ]  # fmt: skip
        if extras:
            raise ExchangeProblem(
                f"The folder {folder} holds files that were not part of the assignment: "
                f"{', '.join(extras)}. So that nothing private is handed in by mistake, "
                f"move them somewhere else, then submit again. {NOTHING_SUBMITTED}"
            )

    def restore_missing(self, folder: Path) -> None:
        """Put back any file of the assignment missing from the learner's copy."""
        released = self.released()
        for path in sorted(released.rglob("*")):
            target = folder / path.relative_to(released)
            if path.is_file() and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)


def submitted_by(cache: Path, student_id: str, assignment: str) -> set[str]:
    """The timestamps of `student_id`'s submissions of `assignment` in an nbgrader cache.

    nbgrader keeps each submission as `STUDENT+ASSIGNMENT+TIMESTAMP[+random]`. A timestamp
    another student's submission also has is left out: its feedback could be theirs.
    """
    times: dict[str, set[str]] = {}
    for entry in cache.glob(f"*+{glob.escape(assignment)}+*"):
        student, _, timestamp = entry.name.split("+")[:3]
        times.setdefault(timestamp, set()).add(student)
    return {t for t, students in times.items() if students == {student_id}}


def _own_feedback() -> type:
    """nbgrader's fetch of feedback, taking only the learner's own.

    nbgrader's looks at every submission in the account's cache, whoever handed it in, so
    two learners sharing a computer account (a centre's shared PC) got each other's
    feedback: answers and grades. This one keeps the learner's own submissions only.
    """
    from nbgrader.exchange.default import ExchangeFetchFeedback

    class OwnFeedback(ExchangeFetchFeedback):
        def init_src(self) -> None:
            super().init_src()
            own = submitted_by(
                Path(self.cache_path), self.coursedir.student_id, self.coursedir.assignment_id
            )
            self.feedback_files = [f for f in self.feedback_files if f[1] in own]

        def do_copy(self, src: str, dest: str) -> None:
            """Each submission's feedback in a folder named by its time, without spaces."""
            for notebook_id, timestamp, page in self.feedback_files:
                folder = Path(dest) / feedback_folder(timestamp)
                folder.mkdir(parents=True, exist_ok=True)
                shutil.copy(page, folder / f"{notebook_id}.html")

    return OwnFeedback


def feedback_folder(timestamp: str) -> str:
    """A clean folder name for a submission's time: `2026-12-07 10:25:02.123456 UTC` gives
    `2026-12-07-102502` (nbgrader names the folder by the time as it is, spaces and all)."""
    found = re.match(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2}):(\d{2})", timestamp)
    if found:
        day, *clock = found.groups()
        return f"{day}-{''.join(clock)}"
    return re.sub(r"[^0-9A-Za-z-]+", "-", timestamp).strip("-") or "feedback"


def _ignored(relative: Path, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(part, p) for part in relative.parts for p in patterns)
