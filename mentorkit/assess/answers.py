"""How a learner's text sits in an answer cell: exactly as saved, and inert when rendered.

Each answer goes in a fenced block, so Markdown (and nbconvert's HTML feedback) shows it
as text: `<script>`, `*stars*` and `$maths$` stay what the learner typed. The checks
read the same format back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

#: Where our key lives in a cell's metadata: `{"topic", "activity", "question"?, ...}`.
KEY = "mentorkit"

_LABEL = re.compile(r"^\*\*Question (\d+)\*\*\s*$")
_FENCE = re.compile(r"^(`{3,}|~{3,})[^`]*$")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def key(cell: Mapping[str, Any]) -> dict[str, Any]:
    """The mentorkit key of a cell (empty when it has none)."""
    return dict(cell.get("metadata", {}).get(KEY) or {})


def is_answer(cell: Mapping[str, Any]) -> bool:
    """An nbgrader answer cell: the only kind the learner (and so we) may write in."""
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("solution"))


def grade_id(cell: Mapping[str, Any]) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def fenced(text: str) -> str:
    """The text in a fence longer than any run of backticks inside it, so nothing closes it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def numbered(answers: Sequence[tuple[int, str]]) -> str:
    """Several answers, each under its question number."""
    return "\n\n".join(f"**Question {n}**\n\n{fenced(text)}" for n, text in answers)


def parts(source: str) -> dict[int, str]:
    """Read a filled cell back: the text under each question number (0 before any number).

    Text typed by hand outside a fence counts too, so a learner who writes in the
    notebook itself is checked in the same way.
    """
    found: dict[int, list[str]] = {}
    current, fence = 0, None
    for line in source.splitlines():
        if fence is None and (label := _LABEL.match(line)):
            current = int(label.group(1))
            found.setdefault(current, [])
        elif fence is None and (opening := _FENCE.match(line)):
            fence = opening.group(1)
        elif fence is not None and line.strip() and set(line.strip()) == {fence[0]}:
            if len(line.strip()) >= len(fence):
                fence = None
            else:
                found.setdefault(current, []).append(line)
        else:
            found.setdefault(current, []).append(line)
    return {n: "\n".join(lines).strip() for n, lines in found.items()}


def words(text: str) -> int:
    """Words as a reader counts them: "don't" and "well-being" are one word each."""
    return len(_WORD.findall(text))
