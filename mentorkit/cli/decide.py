"""`mentorkit assess collect/review/decide/reopen/record` and `mentorkit assess iqa …`:
the assessor's decisions per criterion, the attempts kept, and internal quality assurance.

These join the `assess` group (see `cli/__init__.py`); the learner's declaration is asked
for by `mentorkit assess submit` (`cli/assess.py`).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click

from mentorkit.cli.base import Group
from mentorkit.wording import count

_course = click.argument("course_dir", type=click.Path(file_okay=False, exists=True))
_assessor = click.option("--assessor", help="Who decides (default: your user name).")


def _write(path: str, text: str) -> None:
    from mentorkit.store import private_file

    try:
        with private_file(Path(path)) as partial:
            partial.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(
            f"{path} could not be written: {exc.strerror}. Check that its folder exists and "
            "that you may write there."
        ) from None
    click.echo(f"Written to {path} (readable by you alone).")


@click.command()
@click.argument("assignment")
@click.option("--course-dir", default=".", type=click.Path(file_okay=False, exists=True),
              help="The course folder (default: this folder).")  # fmt: skip
def collect(assignment: str, course_dir: str) -> None:
    """Keep every hand-in of ASSIGNMENT, then collect the latest with nbgrader."""
    from mentorkit.assess.attempts import archive

    kept = archive(course_dir, assignment)
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", "collect", "--update", assignment],
        cwd=course_dir, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        said = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise click.ClickException(f"nbgrader could not collect {assignment}: {said}")
    kept += archive(course_dir, assignment)
    click.echo(f"Collected {assignment}; {count(len(kept), 'new attempt', 'new attempts')} kept "
               f"in {Path(course_dir) / 'attempts'}.")  # fmt: skip


@click.command()
@_course
@click.argument("student")
@click.argument("assignment")
def review(course_dir: str, student: str, assignment: str) -> None:
    """Show STUDENT's evidence for each criterion of ASSIGNMENT, and where it stands."""
    from mentorkit.assess.review import review_text

    click.echo(review_text(course_dir, student, assignment))


@click.command()
@_course
@click.argument("student")
@click.argument("assignment")
@click.argument("criterion")
@click.argument("decision", metavar="met|not-yet")
@click.option("--rationale", default="", help="Why: required.")
@click.option("--next", "next_steps", default="", help="What to do next: required for not yet.")
@_assessor
def decide(
    course_dir: str, student: str, assignment: str, criterion: str, decision: str,
    rationale: str, next_steps: str, assessor: str | None,
) -> None:  # fmt: skip
    """Decide whether STUDENT has met CRITERION in their latest ASSIGNMENT."""
    from mentorkit.assess.decisions import decide as record

    row = record(course_dir, student, assignment, criterion, decision, rationale, next_steps,
                 assessor)  # fmt: skip
    click.echo(f"Decision {row.id}: {criterion} {row.decision} for {student}, on the work "
               f"handed in {row.submitted_at}.")  # fmt: skip


@click.command()
@_course
@click.argument("student")
@click.argument("assignment")
@click.argument("criterion")
@click.option("--reason", default="", help="Why it is to be decided again: required.")
@_assessor
def reopen(
    course_dir: str, student: str, assignment: str, criterion: str, reason: str,
    assessor: str | None,
) -> None:  # fmt: skip
    """Put STUDENT's decision on CRITERION back to be decided again (it stays on record)."""
    from mentorkit.assess.decisions import reopen as record

    row = record(course_dir, student, assignment, criterion, reason, assessor)
    click.echo(f"Reopened {criterion} for {student} (entry {row.id}): it is undecided until "
               "someone decides it again.")  # fmt: skip


@click.command()
@_course
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False), help="Write it as CSV.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False),
              help="Write it as a page an external verifier can read.")  # fmt: skip
def record(course_dir: str, csv_path: str | None, html_path: str | None) -> None:
    """The decision record: every learner, unit and criterion, and the evidence version."""
    from mentorkit.assess import record as decision_record

    rows = decision_record.rows(course_dir)
    for row in rows:
        click.echo(f"{row['learner']}  {row['criterion']}  {row['decision']}"
                   + (f"  ({row['assessor']}, {row['decided_at'][:10]})" if row["assessor"]
                      else ""))  # fmt: skip
    if csv_path:
        _write(csv_path, decision_record.csv_text(rows))
    if html_path:
        _write(html_path, decision_record.html_text(rows, Path(course_dir).resolve().name))


@click.group(cls=Group)
def iqa() -> None:
    """Internal quality assurance: sample decisions, record outcomes (read-only on decisions)."""


_sampling = [
    click.option("--share", default=0.25, show_default=True, type=float,
                 help="The share of each assessor's decisions to sample."),
    click.option("--seed", default=1, show_default=True, type=int,
                 help="The seed: the same seed draws the same sample."),
    click.option("--new-assessor", "new_assessors", multiple=True,
                 help="An assessor to sample twice as much (repeat for more)."),
]  # fmt: skip


def _sampled(command):
    for option in reversed(_sampling):
        command = option(command)
    return command


@iqa.command()
@_course
@_sampled
@click.option("--iqa", "who", help="Who samples (default: your user name).")
def sample(course_dir: str, share: float, seed: int, new_assessors: tuple, who: str | None) -> None:
    """Draw a sample of the decisions that stand, and explain it."""
    from mentorkit.assess import iqa as quality

    drawn = quality.draw(course_dir, who, share=share, seed=seed, new_assessors=new_assessors)
    click.echo(quality.report(course_dir, [drawn]))
    click.echo(f"Kept as sample {drawn.number} in {Path(course_dir) / quality.FILE}: "
               "`mentorkit assess iqa report` shows it as drawn, with every outcome.")  # fmt: skip


@iqa.command()
@_course
@click.argument("decision_id", type=int)
@click.argument("outcome", metavar="agree|refer-back")
@click.option("--comment", default="", help="What you checked, and why: required.")
@click.option("--iqa", "who", help="Who decides (default: your user name).")
def outcome(course_dir: str, decision_id: int, outcome: str, comment: str, who: str | None) -> None:
    """Record your outcome against a decision."""
    from mentorkit.assess import iqa as quality

    number = quality.record_outcome(course_dir, decision_id, outcome, comment, who)
    click.echo(f"IQA outcome {number} recorded against decision {decision_id}.")


@iqa.command("evidence")
@_course
@click.argument("decision_id", type=int)
def iqa_evidence(course_dir: str, decision_id: int) -> None:
    """Show a decision and the evidence it was made on (read-only)."""
    from mentorkit.assess import iqa as quality

    click.echo(quality.evidence_text(course_dir, decision_id))


@iqa.command()
@_course
@click.option("--out", type=click.Path(dir_okay=False), help="Also write the report there.")
def report(course_dir: str, out: str | None) -> None:
    """The sampling report: each sample as drawn, and every outcome recorded."""
    from mentorkit.assess import iqa as quality

    text = quality.report(course_dir)
    click.echo(text)
    if out:
        _write(out, text + "\n")


COMMANDS = (collect, review, decide, reopen, record, iqa)
