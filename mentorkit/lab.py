"""JupyterLab as a learner opens it (`mentorkit lab`, `make lab`).

Two differences from a plain `jupyter lab`:
- The course's notebooks are saved without outputs. Lab saves every two minutes and when a
  tab closes: outputs then went into the course's own files (a changed checkout that the
  next update of the course conflicts with), and a notebook opened again showed "Error
  displaying widget: model not found" where its forms had been, as if the answers were
  gone. The answers are in the store; a notebook comes back as it was written.
- The assessor's nbgrader tools (its menu, sidebar and Validate button) are not shown: a
  learner reading "Success! Your notebook passes all the tests." took it as a mark.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mentorkit.course.directory import CourseDirectory

#: the folders (under the root Lab serves) whose notebooks are the course's own
COURSE_FOLDERS = tuple(f"{name}/" for name in CourseDirectory.FOLDERS)
#: a Jupyter config folder whose labconfig/page_config.json turns nbgrader's Lab tools off
CONFIG = Path(__file__).parent / "share" / "jupyter_config"


def strip_outputs(model: dict[str, Any], path: str, **_: Any) -> None:
    """Before Lab saves one of the course's notebooks: no outputs, counts or widget state.

    Jupyter Server calls it (its `pre_save_hook`) with the contents model it is about to
    write; what is changed here is what is written.
    """
    if model.get("type") != "notebook" or not path.lstrip("/").startswith(COURSE_FOLDERS):
        return
    notebook = model.get("content")
    if not isinstance(notebook, dict):
        return
    notebook.get("metadata", {}).pop("widgets", None)
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None


def arguments() -> list[str]:
    """What `jupyter lab` is given, beyond where and on which port."""
    return ["--ContentsManager.pre_save_hook=mentorkit.lab.strip_outputs"]
