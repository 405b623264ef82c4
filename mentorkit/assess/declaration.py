"""A learner's declaration that the work they hand in is their own.

Handing in with `mentorkit assess submit` asks for it; it travels inside the notebooks
handed in (their metadata, under our key), so it is kept with that submission, in every
attempt archived, and the assessor's page and the decision record show it.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from mentorkit.assess import answers

DECLARATION = (
    "I declare that the work I am handing in is my own. Where I have used other people's "
    "words or ideas, I have said whose they are, and the records I hand in are of mentoring "
    "I took part in."
)


def declare(folder: str | os.PathLike, student: str) -> dict[str, str]:
    """Write the declaration into every notebook of the learner's copy; returns it."""
    made = {
        "text": DECLARATION,
        "student": student,
        "declared_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    for path in sorted(Path(folder).glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        nb.setdefault("metadata", {}).setdefault(answers.KEY, {})["declaration"] = made
        path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return made
