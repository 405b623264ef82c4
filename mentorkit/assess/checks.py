"""The honest automatic checks an assignment's check cells run (word counts, parts present,
hours logged): advice for the assessor, who decides.

A check cell calls one of these with the notebook's file name and one or more answer
cells' grade ids. A check not met raises `NotMet`, which shows as one friendly sentence
rather than a traceback, in the notebook and in the feedback.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

from mentorkit.assess import answers
from mentorkit.assess.course import TEXT_STUBS
from mentorkit.errors import NotMet

#: The lines that open a practice log, and the records handed in, after a cell's answers
#: (`mentorkit.assess.cells` writes them; the word checks count the answers above them only).
LOG_HEADING = "**Practice log, from your session records**"
EVIDENCE_HEADING = "**Records you chose to hand in**"


def answer_text(notebook: str, grade_id: str) -> str:
    """The source of the answer cell with this grade id, as saved in the notebook file."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if answers.grade_id(cell) == grade_id:
            text = "".join(cell["source"])
            return "" if text.strip() in TEXT_STUBS else text  # handed in unfilled
    raise NotMet(f"The answer cell “{grade_id}” is missing from {notebook}.")


def check_words(
    notebook: str, grade_id: str | Sequence[str], minimum: int, maximum: int, what: str
) -> None:
    """Check the answer's length (or several answers' together: a section of the brief) is
    within the range the assignment states.

    Returns nothing: nbgrader would read a number left as the output as partial credit.
    """
    ids = [grade_id] if isinstance(grade_id, str) else list(grade_id)
    _say_words(sum(_words(answer_text(notebook, g)) for g in ids), minimum, maximum, what)


def check_all_words(notebook: str, minimum: int, maximum: int, what: str) -> None:
    """Check the learner's written answers together (every answer cell filled from a course
    activity; not the records handed in) are within the range the brief states."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    ids = [
        answers.grade_id(c) for c in cells if answers.is_answer(c) and "activity" in answers.key(c)
    ]
    check_words(notebook, ids, minimum, maximum, what)


def _words(text: str) -> int:
    """The words of the answers in a cell, not of the practice log or records after them."""
    for heading in (LOG_HEADING, EVIDENCE_HEADING):
        text = text.split(f"\n{heading}\n", 1)[0]
    return answers.words("\n".join(answers.parts(text).values()))


def _say_words(count: int, minimum: int, maximum: int, what: str) -> None:
    wanted = f"{minimum:,} to {maximum:,} words"
    if not minimum <= count <= maximum:
        advice = "add to it" if count < minimum else "cut it down"
        raise NotMet(f"{what} has {count:,} words; the assignment asks for {wanted}: {advice}.")
    print(f"✓ {what} has {count:,} words, within the {wanted} asked for.")


def check_parts(notebook: str, grade_id: str, names: list[str], what: str) -> None:
    """Check every part the assignment asks for has an answer under its question number."""
    found = answers.parts(answer_text(notebook, grade_id))
    empty = [name for n, name in enumerate(names, 1) if not found.get(n)]
    if empty:
        raise NotMet(f"{what} is missing: {'; '.join(empty)}.")
    print(f"✓ {what} has all {len(names)} parts: {'; '.join(names)}.")


_HOURS = re.compile(r"^\|[^|]*\|\s*([0-9]+(?:\.[0-9]+)?)\s*\|")


def logged_hours(text: str) -> float:
    """The hours in a practice log's table (see `cells.hours_log`), added up row by row."""
    return sum(float(found.group(1)) for line in text.splitlines() if (found := _HOURS.match(line)))


def check_hours(notebook: str, grade_id: str, minimum: float, what: str) -> None:
    """Check the practice log adds up to at least the hours the unit asks for."""
    hours = logged_hours(answer_text(notebook, grade_id))
    if hours < minimum:
        raise NotMet(
            f"{what} adds up to {hours:g} hours; this unit asks for at least {minimum:g}. Record "
            "each session you have held (with its length) and hand in again once you have "
            f"mentored for {minimum:g} hours."
        )
    print(f"✓ {what} adds up to {hours:g} hours, at least the {minimum:g} this unit asks for.")
