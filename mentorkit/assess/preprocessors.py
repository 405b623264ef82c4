"""The answer filling as an nbgrader preprocessor, so it runs as nbgrader's own steps do.

Importing it loads nbconvert and nbgrader; `mentorkit.assess.fill` does that only when a
notebook is filled, so the checks a test cell imports stay light.
"""

from __future__ import annotations

import re
from typing import Any

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Any as AnyTrait
from traitlets import List, Unicode

from mentorkit.assess.cells import cell_texts


class FillAnswers(NbGraderPreprocessor):
    """Fill each answer cell from the learner's store, exactly as saved.

    Raises (`MissingAnswers`, `EvidenceProblem`) before any cell is changed; what went in
    is left in `resources["filled"]`.
    """

    store = AnyTrait(None, allow_none=True, help="The learner's store the answers come from.")
    evidence = List(Unicode(), help="Ids of the log entries the learner hands in as evidence.")

    def preprocess(self, nb: Any, resources: dict) -> tuple[Any, dict]:
        self._texts, resources["filled"] = cell_texts(nb.cells, self.store, self.evidence)
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell: Any, resources: dict, index: int) -> tuple[Any, dict]:
        if index in self._texts:
            cell.source = self._texts[index]
        return cell, resources


#: A fence opening or closing a code block (its text is shown as typed, never as markup).
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
#: A link a click would run as a script.
_SCRIPT_LINK = re.compile(r"(?i)\b((?:java|vb)script\s*):")


def inert_markdown(text: str) -> str:
    """Markdown whose HTML shows as the characters typed: `<` outside code blocks becomes
    `&lt;`, and a link to `javascript:` leads nowhere. The words are all kept."""
    shown, fence = [], None
    for line in text.splitlines(keepends=True):
        opened = _FENCE.match(line)
        if fence is not None:
            closes = opened and opened[1][0] == fence[0] and len(opened[1]) >= len(fence)
            fence = None if closes else fence
        elif opened:
            fence = opened[1]
        else:
            line = _SCRIPT_LINK.sub(r"blocked-\1:", line.replace("<", "&lt;"))
        shown.append(line)
    return "".join(shown)


class InertAnswers(NbGraderPreprocessor):
    """A learner's answer cells show their words, never their markup.

    What `mentorkit assess submit` fills in is fenced already; but a learner can type into
    the notebook and hand it in with nbgrader's own `submit`, and nbconvert passes a
    Markdown cell's HTML through as it is, so a script typed there ran in formgrader, as
    the assessor. Run at autograde (`Autograde.sanitize_preprocessors`), before formgrader
    or the feedback shows the cell.
    """

    def preprocess_cell(self, cell: Any, resources: dict, index: int) -> tuple[Any, dict]:
        if cell.cell_type == "markdown" and cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = inert_markdown(cell.source)
        return cell, resources
