"""The assessor's page, `assessor.ipynb`, written into the nbgrader course folder.

It lives there, beside the gradebook, readable by the assessor alone: learners are served
course/ and workbook/ only, so they can never open it. Open it in JupyterLab beside
formgrader, or run `voila assessor.ipynb` in the course folder. Its one call is
`mentorkit.apps.assessor.assessor_page()` (see there).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

NAME = "assessor.ipynb"

_CELLS = [
    ("markdown", "# Assessor's decisions\n\nChoose an assignment and a learner. Each "
     "criterion shows the evidence handed in, the automatic checks as advice, and the "
     "decision that stands. Only your decision, with its rationale, makes a criterion met "
     "or not yet. The learners' own words are shown exactly as they typed them. The same "
     "can be done in a terminal with `mentorkit assess review` and `mentorkit assess "
     "decide`."),
    ("code", "from mentorkit.apps.assessor import assessor_page\n\nassessor_page()"),
]  # fmt: skip


def write_page(course_dir: str | os.PathLike) -> Path | None:
    """Write the page into the course folder (0600) unless it is there; returns its path."""
    path = Path(course_dir) / NAME
    if path.exists():
        return None
    cells = [
        {"cell_type": kind, "metadata": {}, "source": text,
         **({"outputs": [], "execution_count": None} if kind == "code" else {})}
        for kind, text in _CELLS
    ]  # fmt: skip
    notebook = {
        "cells": cells, "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}},
    }  # fmt: skip
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump(notebook, out, indent=1)
        out.write("\n")
    return path
