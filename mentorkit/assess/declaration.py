"""A learner's declaration that the work they hand in is their own.

Handing in with `mentorkit assess submit` asks for it; it travels inside the notebooks
handed in (their metadata, under our key), so it is kept with that submission, in every
attempt archived, and the assessor's page and the decision record show it.

The learner's track (Award or Certificate, as chosen on the coverage page) goes in beside
it, so grades and the decision record list only that track's units. Handing in the
practice unit of the other track is refused; with no track chosen, the learner is warned
(`track_warning`) and the hand-in goes ahead.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mentorkit.assess import answers
from mentorkit.errors import NOTHING_SUBMITTED, AssessmentProblem

NOT_CHOSEN = "not chosen"

DECLARATION = (
    "I declare that the work I am handing in is my own. Where I have used other people's "
    "words or ideas, I have said whose they are, and the records I hand in are of mentoring "
    "I took part in."
)


def declare(folder: str | os.PathLike, student: str, store: Any = None) -> dict[str, str]:
    """Write the declaration, and the learner's track from `store`, into every notebook of
    the learner's copy; returns the declaration. A unit of the other track is refused."""
    chosen = _track(store)
    if chosen != NOT_CHOSEN:
        _refuse_other_track(folder, chosen)
    made = {
        "text": DECLARATION,
        "student": student,
        "declared_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    for path in sorted(Path(folder).glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        ours = nb.setdefault("metadata", {}).setdefault(answers.KEY, {})
        ours["declaration"], ours["track"] = made, chosen
        path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return made


def _track(store: Any) -> str:
    from mentorkit.course.coverage import current_track

    return (current_track(store) if store is not None else None) or NOT_CHOSEN


def track_warning(store: Any) -> str | None:
    """Words for a learner handing in without having chosen a track, else None."""
    if _track(store) != NOT_CHOSEN:
        return None
    return (
        "You have not chosen your qualification yet (the Award or the Certificate), so your "
        "assessor cannot tell which units you are working towards. Choose it at the top of "
        "the coverage page (workbook/coverage.ipynb); your hand-in goes ahead."
    )


def _refuse_other_track(folder: str | os.PathLike, chosen: str) -> None:
    from mentorkit.course.catalogue import criteria, track

    mine = track(chosen)
    unit_of = {c.id: c.unit for c in criteria()}
    named = set()
    for path in sorted(Path(folder).glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8")).get("cells", []):
            named |= {unit_of.get(c, "") for c in answers.key(cell).get("criteria", [])}
    other = sorted(u for u in named - {""} if u not in mine.units)
    if other:
        raise AssessmentProblem(
            f"Unit {' and '.join(other)} is not part of the {mine.title}, the qualification "
            f"you have chosen: its units are {', '.join(mine.units)}. Hand in your own "
            "track's units, or, if you mean to change track, change it at the top of the "
            f"coverage page (workbook/coverage.ipynb) and submit again. {NOTHING_SUBMITTED}"
        )


def track_handed_in(attempt: Any) -> str | None:
    """The track the learner had chosen when they handed in this attempt (None: unknown)."""
    for path in sorted(Path(attempt.folder).glob("*.ipynb")):
        found = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        said = found.get(answers.KEY, {}).get("track")
        if said:
            return None if said == NOT_CHOSEN else said
    return None


def learner_track(course_dir: str | os.PathLike, student: str) -> str | None:
    """The track named in the learner's latest hand-in of any unit (None: not known)."""
    from mentorkit.assess.attempts import ATTEMPTS, attempts, parsed_time

    folder = Path(course_dir) / ATTEMPTS / student
    tried = [a for one in sorted(folder.glob("*")) if one.is_dir()
             for a in attempts(course_dir, student, one.name, refresh=False)]  # fmt: skip
    if not tried:
        return None
    return track_handed_in(max(tried, key=lambda a: parsed_time(a.timestamp)))


def track_criteria(track_id: str | None) -> set[str] | None:
    """The criteria of the track's units (None for a track not known: every criterion)."""
    from mentorkit.course.catalogue import criteria_for

    return {c.id for c in criteria_for(track_id)} if track_id else None


def qualification(track_id: str | None, met: set[str]) -> str:
    """Whether the learner's Award or Certificate is achieved: every criterion of every unit
    of the track met."""
    from mentorkit.course.catalogue import track

    if not track_id:
        return "track not known: no hand-in names the Award or the Certificate"
    done = track_criteria(track_id) <= met
    return f"{track(track_id).title}: {'achieved' if done else 'not yet achieved'}"
