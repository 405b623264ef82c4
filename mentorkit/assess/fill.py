"""Fill an assignment's answer cells from the learner's store: nothing is retyped.

The filling is nbgrader's kind of step, the preprocessor `FillAnswers`; what goes in each
cell is decided in `mentorkit.assess.cells`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mentorkit.assess.cells import Filled
from mentorkit.store import private_file


def fill(
    notebook: str | os.PathLike, store: Any, *, evidence: Sequence[str] = (),
    source: str | os.PathLike | None = None,
) -> Filled:  # fmt: skip
    """Fill the notebook's answer cells from `store`; raise before writing anything.

    `evidence` lists the ids of log entries the learner chooses to hand in. `source`: the
    notebook to fill, written to `notebook` once filled (by default `notebook` itself).
    """
    import nbformat

    from mentorkit.assess.preprocessors import FillAnswers

    path = Path(notebook)
    nb = nbformat.from_dict(json.loads(Path(source or path).read_text(encoding="utf-8")))
    nb, resources = FillAnswers(store=store, evidence=list(evidence)).preprocess(nb, {})
    text = json.dumps(nb, ensure_ascii=False, indent=1) + "\n"
    # The learner's answers: readable by them alone, from the first byte.
    with private_file(path) as partial, open(partial, "r+", encoding="utf-8") as out:
        out.write(text)
    return resources["filled"]
