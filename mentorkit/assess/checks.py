"""The honest automatic checks an assignment's test cells run (word counts, parts present).

A test cell calls one of these with the notebook's file name and an answer cell's
grade id. A check not met raises `NotMet`, which shows as one friendly sentence rather
than a traceback, in the notebook and in the feedback.
"""

from __future__ import annotations

import json
from pathlib import Path

from mentorkit.assess import answers
from mentorkit.assess.course import TEXT_STUBS
from mentorkit.errors import NotMet


def answer_text(notebook: str, grade_id: str) -> str:
    """The source of the answer cell with this grade id, as saved in the notebook file."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if answers.grade_id(cell) == grade_id:
            text = "".join(cell["source"])
            return "" if text.strip() in TEXT_STUBS else text  # handed in unfilled
    raise NotMet(f"The answer cell “{grade_id}” is missing from {notebook}.")


def check_words(notebook: str, grade_id: str, minimum: int, maximum: int, what: str) -> None:
    """Check the answer's length is within the range the assignment states.

    Returns nothing: nbgrader would read a number left as the output as partial credit.
    """
    count = answers.words("\n".join(answers.parts(answer_text(notebook, grade_id)).values()))
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
