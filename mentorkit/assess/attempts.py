"""Every attempt a learner hands in, kept with its time, and what each criterion rests on.

nbgrader's `collect --update` and `autograde` overwrite `submitted/` and `autograded/`,
and its exchange inbound may be emptied. So each hand-in is copied, once, into
`COURSE_DIR/attempts/STUDENT/ASSIGNMENT/TIME/` (readable by the assessor alone): from the
inbound (every hand-in, collected or not) and from `submitted/` (what was collected).
Archiving happens whenever the assessor's tools read the evidence, and before
`mentorkit assess collect` runs nbgrader's collect, so an assessed attempt is always kept.

Which cells evidence which criterion is read from the source notebooks, as `grades` does.
An attempt's evidence for a criterion is its answer cells (the learner's answers and the
log entries they chose); its SHA-256 says whether that evidence changed between attempts.
The automatic checks are kept beside it as advice.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

from mentorkit.assess import answers

ATTEMPTS = "attempts"
_STAMP = "timestamp.txt"
_UNSAFE = re.compile(r"[^0-9A-Za-z.-]+")


@dataclass(frozen=True)
class Cell:
    """A graded cell of a source assignment that names the criteria it evidences."""

    notebook: str
    grade_id: str
    criteria: tuple[str, ...]
    title: str
    check: bool  # an automatic check (advice), not an answer the learner gave
    points: float


@dataclass
class Evidence:
    """What one attempt holds for one criterion."""

    criterion: str
    answers: list[tuple[str, str]] = field(default_factory=list)  # (title, text as handed in)
    checks: list[tuple[str, str]] = field(default_factory=list)  # (title, what it said)
    sha256: str = ""


@dataclass(frozen=True)
class Attempt:
    """One hand-in, as archived."""

    student: str
    assignment: str
    timestamp: str  # as nbgrader wrote it in timestamp.txt
    folder: Path

    @property
    def declaration(self) -> dict[str, Any] | None:
        """The learner's declaration that the work is their own, if they made one."""
        for path in sorted(self.folder.glob("*.ipynb")):
            meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
            found = meta.get(answers.KEY, {}).get("declaration")
            if found:
                return dict(found)
        return None


def cells(course_dir: str | os.PathLike, assignment: str) -> list[Cell]:
    """The graded cells of the assignment's source notebooks that evidence criteria."""
    found = []
    for path in sorted((Path(course_dir) / "source" / assignment).glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            spec = answers.key(cell)
            check = cell.get("cell_type") == "code"  # an automatic check, graded or advice
            if spec.get("criteria") and meta.get("grade_id") and (meta.get("grade") or check):
                title = spec.get("title") or _check_title(cell) if check else spec.get("title")
                found.append(Cell(path.stem, meta["grade_id"], tuple(spec["criteria"]),
                                  title or _evidence_title(spec), check,
                                  float(meta.get("points", 0))))  # fmt: skip
    return found


def _check_title(cell: dict) -> str:
    source = "".join(cell.get("source", ""))
    said = re.search(r"""["']([^"']+)["']\)\s*$""", source.strip())
    kinds = {"words": "word count", "parts": "parts present", "hours": "hours logged"}
    kind = next((k for name, k in kinds.items() if f"check_{name}" in source or
                 f"check_all_{name}" in source), "a check")  # fmt: skip
    return f"Automatic check ({kind}){': ' + said.group(1) if said else ''}"


def _evidence_title(spec: dict) -> str:
    return "Log entries chosen as evidence" if "evidence" in spec else "Answer"


def archive(course_dir: str | os.PathLike, assignment: str | None = None) -> list[Attempt]:
    """Copy every hand-in not yet archived (from the inbound and `submitted/`); return them."""
    root = Path(course_dir)
    new = []
    for student, name, folder in _handed_in(root, assignment):
        stamp = _timestamp(folder)
        if not stamp:
            continue
        target = root / ATTEMPTS / student / name / _UNSAFE.sub("_", stamp)
        if target.exists():
            continue
        _private(target.parent)
        partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
        shutil.rmtree(partial, ignore_errors=True)
        shutil.copytree(folder, partial, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        try:
            partial.rename(target)  # whole or not at all
        except OSError:  # another process archived it a moment ago
            shutil.rmtree(partial, ignore_errors=True)
            continue
        new.append(Attempt(student, name, stamp, target))
    return new


def _handed_in(root: Path, assignment: str | None) -> list[tuple[str, str, Path]]:
    found = []
    for folder in sorted((root / "submitted").glob(f"*/{assignment or '*'}")):
        found.append((folder.parent.name, folder.name, folder))
    for inbound in _inbounds(root):
        for folder in sorted(inbound.glob("*+*+*")):
            student, name = folder.name.split("+")[:2]
            if folder.is_dir() and assignment in (None, name):
                found.append((student, name, folder))
    return found


def _inbounds(root: Path) -> list[Path]:
    from mentorkit.assess.course import load_config

    config = load_config(root)
    exchange = Path(config.Exchange.get("root", root / "exchange"))
    course_id = config.CourseDirectory.get("course_id", "")
    inbound = exchange / course_id / "inbound"
    return [inbound] if course_id and inbound.is_dir() and os.access(inbound, os.R_OK) else []


def _timestamp(folder: Path) -> str:
    try:
        return (folder / _STAMP).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def _private(folder: Path) -> None:
    for one in reversed([folder, *folder.parents]):
        if not one.exists():
            one.mkdir(mode=0o700)
            os.chmod(one, 0o700)


def attempts(
    course_dir: str | os.PathLike, student: str, assignment: str, *, refresh: bool = True
) -> list[Attempt]:
    """The learner's archived attempts at the assignment, oldest first (archiving any new
    hand-in first, unless `refresh` is False because the caller just did)."""
    if refresh:
        archive(course_dir, assignment)
    folder = Path(course_dir) / ATTEMPTS / student / assignment
    kept = [Attempt(student, assignment, _timestamp(f), f) for f in folder.glob("*")
            if f.is_dir() and not f.name.endswith(".partial")]  # fmt: skip
    return sorted(kept, key=lambda a: parsed_time(a.timestamp))


def parsed_time(stamp: str) -> Any:
    from nbgrader.utils import parse_utc

    try:
        return parse_utc(stamp)
    except (ValueError, OverflowError, TypeError):
        from datetime import datetime

        return datetime.min.replace(tzinfo=UTC)


def evidence(
    course_dir: str | os.PathLike, attempt: Attempt, graded: list[Cell] | None = None
) -> dict[str, Evidence]:
    """Each criterion's evidence in an attempt, with the automatic checks as advice."""
    graded = cells(course_dir, attempt.assignment) if graded is None else graded
    sources = _sources(attempt.folder)
    said = _checks_said(Path(course_dir), attempt)
    found: dict[str, Evidence] = {}
    for cell in graded:
        for criterion in cell.criteria:
            one = found.setdefault(criterion, Evidence(criterion))
            if cell.check:
                one.checks.append((cell.title, said.get(cell.grade_id, "not run yet")))
            else:
                one.answers.append((cell.title, sources.get((cell.notebook, cell.grade_id), "")))
    for criterion, one in found.items():
        ids = sorted((c.notebook, c.grade_id) for c in graded
                     if criterion in c.criteria and not c.check)  # fmt: skip
        handed = [[nb, gid, sources.get((nb, gid), "")] for nb, gid in ids]
        one.sha256 = hashlib.sha256(json.dumps(handed, ensure_ascii=False).encode()).hexdigest()
    return found


def _sources(folder: Path) -> dict[tuple[str, str], str]:
    found = {}
    for path in sorted(folder.glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if gid := answers.grade_id(cell):
                found[(path.stem, gid)] = "".join(cell.get("source", ""))
    return found


def _checks_said(root: Path, attempt: Attempt) -> dict[str, str]:
    """What each automatic check said, when the autograded copy is of this attempt."""
    folder = root / "autograded" / attempt.student / attempt.assignment
    if _timestamp(folder) != attempt.timestamp:
        return {}
    said = {}
    for path in sorted(folder.glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if (gid := answers.grade_id(cell)) and cell.get("cell_type") == "code":
                said[gid] = _output_text(cell.get("outputs", []))
    return said


def _output_text(outputs: list[dict]) -> str:
    lines = []
    for out in outputs:
        if out.get("output_type") == "error":
            lines.append(f"not met: {out.get('evalue', '')}".strip())
        elif out.get("output_type") == "stream":
            lines.append("".join(out.get("text", "")).strip())
    return "\n".join(line for line in lines if line) or "met"
