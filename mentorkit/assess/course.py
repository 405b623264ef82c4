"""Set up an nbgrader course folder for mentorkit's assignments, and read its settings.

The folders that hold learners' work (and the model answers in `source/`) are private
to the assessor; only the exchange is open to everyone, as nbgrader needs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from mentorkit.assess.page import write_page
from mentorkit.course.directory import CourseDirectory
from mentorkit.errors import CourseNotFound, CourseProblem

COURSE_ID = "mentoring"
CONFIG = "nbgrader_config.py"
#: nbgrader's own folders; they hold model answers and learners' work, so only the assessor's.
PRIVATE = ("source", "release", "submitted", "autograded", "feedback")
#: What a learner's copy shows in each answer cell until it is filled.
TEXT_STUB = (
    "What you saved in the course (your answers, or the records you choose as evidence) "
    "is filled in here when you submit with `mentorkit assess submit`."
)
#: Every stub a course folder may hold: one made by an earlier release keeps its own.
TEXT_STUBS = (
    TEXT_STUB,
    "What you saved in the course (your answers, or the log entries you choose as evidence) "
    "is filled in here when you submit with `mentorkit assess submit`.",
    "Your saved answers are filled in here when you submit with `mentorkit assess submit`.",
)

_CONFIG_TEXT = '''"""nbgrader settings for the mentorkit course, written by `mentorkit assess init`.

Run nbgrader's commands from this folder (or start JupyterLab here for formgrader).
"""

import os

c = get_config()  # noqa: F821 (nbgrader provides it)
here = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = {course_id!r}
c.CourseDirectory.root = here
# Where learners fetch assignments and hand in their work: a folder everyone can write.
c.Exchange.root = {exchange}
c.ClearSolutions.text_stub = {stub!r}

# mentorkit's parts of nbgrader: feedback that says, criterion by criterion, met or not yet
# (no code, nothing loaded from the web); formgrader's grading page starting with the work,
# loading nothing from the web; and an export that says "not submitted".
from mentorkit.assess.course import nbgrader_settings  # noqa: E402

nbgrader_settings(c)
'''

#: mentorkit's nbconvert templates: the feedback, and formgrader's grading page.
TEMPLATES = Path(__file__).resolve().parents[1] / "share" / "nbgrader" / "templates"
#: nbgrader's own steps on a submission before autograding (`Autograde.sanitize_preprocessors`).
SANITIZE = (
    "ClearOutput", "DeduplicateIds", "OverwriteKernelspec", "OverwriteCells", "CheckCellMetadata",
)  # fmt: skip
#: The line a course folder's settings need for mentorkit's parts (see `nbgrader_settings`).
SETTINGS_LINE = "nbgrader_settings(c)"


def nbgrader_settings(c: Any) -> None:
    """Point nbgrader at mentorkit's parts; `c` is the nbgrader_config.py's config.

    Named by their dotted paths, so reading the settings imports nothing heavy.
    """
    from importlib.util import find_spec

    nbgrader = Path(find_spec("nbgrader").origin).parent / "server_extensions" / "formgrader"
    c.GenerateFeedback.exporter_class = "mentorkit.assess.feedback.FeedbackExporter"
    c.GenerateFeedback.preprocessors = [
        "nbgrader.preprocessors.GetGrades", "mentorkit.assess.feedback.CriteriaSummary",
    ]  # fmt: skip
    # formgrader's grading page (the feedback's exporter sets its own template).
    c.HTMLExporter.template_name = "mentorkit-formgrade"
    c.HTMLExporter.extra_template_basedirs = [str(TEMPLATES), str(nbgrader / "templates")]
    c.HTMLExporter.extra_template_paths = [str(nbgrader / "templates")]
    c.ExportApp.plugin_class = "mentorkit.assess.export.CsvExport"
    # nbgrader's own steps, then a learner's answers made inert before anyone views them
    c.Autograde.sanitize_preprocessors = [
        *(f"nbgrader.preprocessors.{name}" for name in SANITIZE),
        "mentorkit.assess.preprocessors.InertAnswers",
    ]


def assignments_root() -> Path:
    """The course's source assignments, `workbook/assignments` (see `CourseDirectory.find`)."""
    try:
        found = CourseDirectory.find().assignments
    except CourseNotFound:
        found = None
    if found is not None and found.is_dir():
        return found
    raise CourseProblem(
        "The source assignments (workbook/assignments) were not found. Run this from the "
        "mentorkit folder, or pass --assignments with the path to them."
    )


def init_course(
    course_dir: str | os.PathLike, *, assignments: str | os.PathLike | None = None,
    course_id: str | None = None, exchange: str | os.PathLike | None = None,
) -> list[str]:  # fmt: skip
    """Create (or complete) an nbgrader course folder; returns the assignments copied in.

    Assignments already in `source/` are left alone, so an assessor's edits are kept; so are
    the settings of a course folder that has them, which a different `course_id` or
    `exchange` is refused rather than silently ignored. A folder whose settings lack
    mentorkit's parts of nbgrader (`nbgrader_settings`) has them added at the end.
    """
    root = Path(course_dir).resolve()
    if (root / CONFIG).exists():
        _refuse_other_settings(root, course_id, exchange)
    source = Path(assignments) if assignments else assignments_root()
    folders = sorted(p for p in source.glob("*") if list(p.glob("*.ipynb")))
    if not folders:
        raise CourseProblem(f"No assignments (folders with a notebook) were found in {source}.")
    _make(root, 0o711)  # others may pass through to the exchange, but not list the folder
    for name in PRIVATE:
        _make(root / name, 0o700)
    exchange_dir = Path(exchange).resolve() if exchange else root / "exchange"
    _make(exchange_dir, 0o777)
    _private_gradebook(root)
    config = root / CONFIG
    if not config.exists():
        config.write_text(_config_text(course_id or COURSE_ID, exchange_dir, root), "utf-8")
    elif SETTINGS_LINE not in config.read_text(encoding="utf-8"):  # made by an older mentorkit
        with config.open("a", encoding="utf-8") as settings:
            settings.write("\n" + _CONFIG_TEXT[_CONFIG_TEXT.index("# mentorkit's parts") :])
    write_page(root)  # the assessor's decisions page, beside the gradebook
    copied = []
    for folder in folders:
        if not (root / "source" / folder.name).exists():
            skip = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
            shutil.copytree(folder, root / "source" / folder.name, ignore=skip)
            copied.append(folder.name)
    return copied


def _refuse_other_settings(
    root: Path, course_id: str | None, exchange: str | os.PathLike | None
) -> None:
    """Refuse settings that differ from those the course folder already has."""
    from traitlets.config.loader import PyFileConfigLoader

    have = PyFileConfigLoader(CONFIG, path=str(root)).load_config()
    current_exchange = have.Exchange.get("root")
    asked = [  # what, wanted, current, the setting to change, anything else to do
        ("course id", course_id, have.CourseDirectory.get("course_id"),
         "CourseDirectory.course_id", ""),
        ("exchange", exchange and str(Path(exchange).resolve()),
         current_exchange and str(Path(current_exchange).resolve()), "Exchange.root",
         ", and make that folder writable by everyone (chmod ugo+rwx)"),
    ]  # fmt: skip
    for what, wanted, current, setting, also in asked:
        if wanted is not None and wanted != current:
            raise CourseProblem(
                f"{root} is already a course folder, and its {CONFIG} sets the {what} to "
                f"{current}. Nothing was changed. To use {wanted} instead, change "
                f"c.{setting} in {root / CONFIG}{also}."
            )


def _make(folder: Path, mode: int) -> None:
    if not folder.exists():
        folder.mkdir(parents=True)
        os.chmod(folder, mode)  # mkdir's mode is reduced by the umask


def _private_gradebook(root: Path) -> None:
    """Create the gradebook readable by the assessor alone (it holds grades and comments).

    nbgrader stamps a new gradebook by running `alembic` from PATH; when it is not there
    (a virtual environment not activated), this Python's own scripts folder is used.
    """
    path = root / "gradebook.db"
    if path.exists():
        return
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    if shutil.which("alembic"):
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{path}"):
            return
    scripts = os.path.dirname(sys.executable)
    env = {**os.environ, "PATH": scripts + os.pathsep + os.environ.get("PATH", "")}
    create = "import sys\nfrom nbgrader.api import Gradebook\nwith Gradebook(sys.argv[1]): pass"
    done = subprocess.run(
        [sys.executable, "-c", create, f"sqlite:///{path}"], env=env, capture_output=True,
        text=True,
    )  # fmt: skip
    if done.returncode:
        path.unlink()
        raise CourseProblem(
            f"nbgrader could not create the gradebook in {root}: "
            f"{done.stderr.strip().splitlines()[-1]}. Check that nbgrader is installed."
        )


def _config_text(course_id: str, exchange: Path, root: Path) -> str:
    if exchange.is_relative_to(root):
        where = f"os.path.join(here, {str(exchange.relative_to(root))!r})"
    else:
        where = repr(str(exchange))
    return _CONFIG_TEXT.format(course_id=course_id, exchange=where, stub=TEXT_STUB)


def load_config(course_dir: str | os.PathLike | None = None) -> Any:
    """nbgrader's settings as its own commands see them, with `course_dir`'s file on top.

    Without `course_dir`, the working folder's file is used, as nbgrader does.
    """
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    folders = [*reversed(jupyter_config_path()), str(course_dir or os.getcwd())]
    if course_dir is not None and not (Path(course_dir) / CONFIG).exists():
        raise CourseProblem(
            f"{course_dir} is not a course folder: it has no {CONFIG}. "
            "Create one with `mentorkit assess init COURSE_DIR`."
        )
    config = Config()
    for folder in folders:
        if (Path(folder) / CONFIG).exists():
            config.merge(PyFileConfigLoader(CONFIG, path=folder).load_config())
    return config
