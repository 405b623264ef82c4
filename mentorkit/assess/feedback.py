"""The feedback a learner reads: where each criterion stands, then their work with the
assessor's comments.

This is nbgrader's own `generate_feedback`, given mentorkit's parts in the course's
nbgrader_config.py (`course.nbgrader_settings`):

- `CriteriaSummary`, a preprocessor on the feedback step, gathers for the learner each
  criterion the notebook evidences with the assessor's decision (`decisions.py`): met,
  not yet (with what to do next) or awaiting a decision; and each section of the work
  with its heading, the learner's answer, what the automatic checks said and the
  assessor's comment;
- `FeedbackExporter` writes them with the template `mentorkit-feedback`: no code, no
  "In [ ]:" prompts, no scores, and nothing loaded from the web (no MathJax: answers are
  shown as the text the learner typed, and the course has no mathematics).

Only this learner's decisions and work are read: the student id nbgrader gives the step.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from nbconvert.exporters import HTMLExporter
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import List
from traitlets.config import Config

from mentorkit.assess import answers
from mentorkit.assess.course import TEMPLATES

MET, NOT_YET, AWAITING = "met", "not yet", "awaiting a decision"
_HEADING = re.compile(r"^###?\s+(.+?)\s*$", re.MULTILINE)
_TITLE = re.compile(r"^#\s+(.+?)\s*$", re.MULTILINE)
_QUESTION = re.compile(r"^(\d+)\.\s+(.+?)\s*$", re.MULTILINE)
_LABEL = re.compile(r"^\*\*Question (\d+)\*\*[ \t]*$", re.MULTILINE)


class FeedbackExporter(HTMLExporter):
    """nbgrader's feedback page, with mentorkit's template (see the module's docstring)."""

    def __init__(self, config: Config | None = None, **kwargs: Any):
        ours = Config()
        ours.FeedbackExporter.template_name = "mentorkit-feedback"
        ours.FeedbackExporter.extra_template_basedirs = [str(TEMPLATES)]
        ours.FeedbackExporter.extra_template_paths = []
        merged = Config(config or {})
        merged.merge(ours)
        super().__init__(config=merged, **kwargs)


class CriteriaSummary(NbGraderPreprocessor):
    """Put the learner's summary and sections in `resources["mentorkit"]` for the template.

    Runs after nbgrader's `GetGrades`, which puts the assessor's comments in the cells.
    """

    # nbgrader configures every step's `display_data_priority`; its own base class declares
    # the option but not as configurable, so without this nbgrader warned "Config option
    # `display_data_priority` not recognized by `CriteriaSummary`" (as `GetGrades` does).
    display_data_priority = List(
        ["text/html", "application/pdf", "text/latex", "image/svg+xml", "image/png",
         "image/jpeg", "text/plain"],
    ).tag(config=True)  # fmt: skip

    def preprocess(self, nb: Any, resources: dict) -> tuple[Any, dict]:
        from nbgrader.coursedir import CourseDirectory

        about = resources["nbgrader"]
        course = Path(CourseDirectory(config=self.config).root)
        sections = sections_of(nb.cells)
        resources["mentorkit"] = {
            "title": title_of(nb.cells) or about["notebook"],
            "summary": summary(course, about["student"], about["assignment"], sections),
            "sections": sections,
        }
        return nb, resources


def title_of(cells: list) -> str:
    """The notebook's title: the first top-level heading in it."""
    for cell in cells:
        if cell.get("cell_type") == "markdown" and (found := _TITLE.search(_source(cell))):
            return found.group(1)
    return ""


def sections_of(cells: list) -> list[dict]:
    """The work, section by section: a question's heading, then its answers and checks.

    A section starts at a locked cell's `## ` or `### ` heading (the question); it holds
    the answer cells and the automatic checks after it; a check of answers beyond the
    section's (a part's words, the whole assignment's) goes in a last section, "Across the
    assignment". Sections with neither (a part's own heading, the instructions) are left
    out.
    """
    found: list[dict] = []
    current: dict | None = None
    across = _section("Across the assignment")  # checks of several sections' answers
    for cell in cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        source = _source(cell)
        if meta.get("solution"):
            if current is None:
                current = _section("Your answer")
                found.append(current)
            current["answers"].append(_answer(source, meta.get("comment"), current["questions"]))
            current["criteria"] += answers.key(cell).get("criteria", [])
        elif cell.get("cell_type") == "code":  # an automatic check (graded or advice)
            about = set(answers.key(cell).get("criteria", []))
            mine = current is not None and about <= set(current["criteria"])
            (current if mine else across)["checks"] += [s for s in _check_said(cell) if s]
        elif cell.get("cell_type") == "markdown" and (heading := _HEADING.search(source)):
            current = _section(heading.group(1))
            for number, question in _QUESTION.findall(source):  # the first list: questions
                current["questions"].setdefault(int(number), question)
            found.append(current)
    for section in found:
        section["criteria"] = list(dict.fromkeys(section["criteria"]))
    return [s for s in [*found, across] if s["answers"] or s["checks"]]


def _section(heading: str) -> dict:
    return {"heading": heading, "answers": [], "checks": [], "criteria": [], "questions": {}}


def _answer(source: str, comment: str | None, questions: dict[int, str]) -> dict:
    """An answer cell as the template shows it: each answer under its question's words
    (where the section's prompt lists them) rather than "Question 2"."""

    def asked(label: re.Match) -> str:
        number = int(label.group(1))
        words = questions.get(number)
        return f"**{number}. {_plain(words)}**" if words else label.group(0)

    return {"source": _LABEL.sub(asked, source), "comment": comment or ""}


def _plain(text: str) -> str:
    """A question's words as plain text in Markdown: nothing in them is markup."""
    return re.sub(r"([\\`*_{}\[\]<>#|~])", r"\\\1", text)


def _source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _check_said(cell: Any) -> list[str]:
    """What an automatic check told the learner: its sentence, never code or a traceback."""
    said = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            said.append(_source({"source": output.get("text", "")}).strip())
        elif output.get("output_type") == "error":
            said.append(str(output.get("evalue", "")).strip())
    return said


def summary(course: Path, student: str, assignment: str, sections: list[dict]) -> list[dict]:
    """Each criterion the assignment evidences, as it stands for this learner.

    "Awaiting a decision" until the assessor has decided it on this attempt's evidence.
    """
    from mentorkit.assess.decisions import MET as DECIDED_MET
    from mentorkit.assess.decisions import NOT_YET as DECIDED_NOT_YET
    from mentorkit.assess.decisions import criteria_of, decisions_for
    from mentorkit.course.catalogue import criteria

    known = {c.id: c for c in criteria()}
    decided = {d.criterion: d for d in decisions_for(course, student, assignment)}
    rows = []
    for criterion in criteria_of(course, assignment):
        where = [s["heading"] for s in sections if criterion in s["criteria"]]
        one = decided.get(criterion)
        status = {DECIDED_MET: MET, DECIDED_NOT_YET: NOT_YET}.get(one.decision if one else "")
        rows.append({
            "criterion": criterion,
            "text": known[criterion].text if criterion in known else criterion,
            "status": status or AWAITING,
            "rationale": one.rationale if status else "",
            "next_steps": (one.next_steps or _next_steps(where)) if status == NOT_YET else "",
            "where": where,
        })  # fmt: skip
    return rows


def _next_steps(where: list[str]) -> str:
    """What to do when the assessor said not yet but nothing more (an older decision)."""
    named = ", ".join(f"“{w}”" for w in where) or "this criterion"
    return (
        f"Read your assessor's comments on {named} below, add to those answers in the "
        "course and save them, then hand the assignment in again."
    )
