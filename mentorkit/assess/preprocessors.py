"""The answer filling as an nbgrader preprocessor, so it runs as nbgrader's own steps do.

Importing it loads nbconvert and nbgrader; `mentorkit.assess.fill` does that only when a
notebook is filled, so the checks a test cell imports stay light.
"""

from __future__ import annotations

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
