"""`mentorkit assess`: an assessment round with nbgrader, from both sides of the desk."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from mentorkit.cli.base import Group
from mentorkit.records import KINDS
from mentorkit.wording import count

#: The kinds of record a learner may hand in as evidence (each assignment says which it takes).
EVIDENCE_KINDS = tuple(name for name, kind in KINDS.items() if kind.evidences or kind.log_entry)

_store_option = click.option(
    "--store", "store_path", type=click.Path(dir_okay=False),
    help="Your store file (default: your own store).",
)  # fmt: skip
_course_dir_option = click.option(
    "--course-dir", type=click.Path(file_okay=False, exists=True),
    help="The course folder whose nbgrader_config.py names the course and its exchange "
    "(default: nbgrader's usual places).",
)  # fmt: skip
_student_option = click.option(
    "--student", help="Your nbgrader student id (default: your user name)."
)
_work_dir_option = click.option(
    "--work-dir", type=click.Path(file_okay=False),
    help="Where your copy of the assignment is kept (default: this folder).",
)  # fmt: skip


def _open_store(path: str | None) -> Any:
    """The store given here, else the one given to `mentorkit --store`, else the learner's own."""
    from mentorkit.store import Store

    root = click.get_current_context().find_root().obj
    return Store.open(path or getattr(root, "store_path", None))


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
def assess() -> None:
    """Hand in assignments and run an assessment round with nbgrader."""


@assess.command()
@click.argument("course_dir", type=click.Path(file_okay=False))
@click.option("--course-id", help="The course's id (default: mentoring).")
@click.option(
    "--exchange", type=click.Path(file_okay=False),
    help="The exchange folder everyone can write to (default: COURSE_DIR/exchange).",
)  # fmt: skip
@click.option(
    "--assignments", type=click.Path(file_okay=False, exists=True),
    help="Where the source assignments are (default: workbook/assignments).",
)  # fmt: skip
def init(
    course_dir: str, course_id: str | None, exchange: str | None, assignments: str | None
) -> None:
    """Create an nbgrader course folder holding the mentorkit assignments."""
    from mentorkit.assess import init_course

    copied = init_course(course_dir, assignments=assignments, course_id=course_id,
                         exchange=exchange)  # fmt: skip
    if copied:
        added = count(len(copied), "assignment", "assignments")
        click.echo(f"Added {added} to {course_dir}/source: {', '.join(copied)}.")
    else:
        click.echo(f"{course_dir} already holds every assignment; nothing was changed.")
    click.echo(
        f"Next: cd {course_dir}, then `nbgrader generate_assignment ASSIGNMENT` and "
        "`nbgrader release_assignment ASSIGNMENT`."
    )


@assess.command()
@click.argument("assignment")
@_course_dir_option
@_student_option
@_store_option
@click.option(
    "--evidence", "evidence", multiple=True, metavar="ID",
    help="A log entry to hand in as evidence (repeat for more; `mentorkit assess evidence` "
    "lists yours).",
)  # fmt: skip
@_work_dir_option
@click.option(
    "--declare", is_flag=True,
    help="Declare that the work is your own (without it you are asked at a terminal, or "
    "may pipe in yes).",
)  # fmt: skip
def submit(
    assignment: str, course_dir: str | None, student: str | None, store_path: str | None,
    evidence: tuple[str, ...], work_dir: str | None, declare: bool,
) -> None:  # fmt: skip
    """Fill ASSIGNMENT with your saved answers and hand it in."""
    from mentorkit.assess import submit as do_submit
    from mentorkit.assess.declaration import track_warning

    _declaration(declare)
    with _open_store(store_path) as store:
        if warned := track_warning(store):
            click.echo(warned, err=True)
        chosen = tuple(_whole_id(store, text) for text in evidence)
        filled = do_submit(assignment, course_dir, store, student, evidence=chosen,
                           work_dir=work_dir, declared=True)  # fmt: skip
    where = Path(work_dir or ".") / assignment
    entries = f" and {count(len(filled.evidence), 'record', 'records')} you chose"
    click.echo(
        f"Handed in {assignment}: your answers to "
        f"{count(len(filled.activities), 'activity', 'activities')}"
        f"{entries if filled.evidence else ''}. Your copy is in {where}."
    )


def _declaration(declared: bool) -> None:
    """The learner declares the work their own before anything is handed in: --declare, a
    yes at the question in a terminal, or "yes" piped in (`echo yes | mentorkit assess …`)."""
    import sys

    from mentorkit.assess.declaration import DECLARATION

    if declared:
        return
    if sys.stdin.isatty():
        if click.confirm(f"{DECLARATION}\nDo you declare this?"):
            return
        how = "submit again and answer yes, or add --declare"
    else:
        if sys.stdin.readline().strip().lower() in ("y", "yes"):
            click.echo(f"Declared: {DECLARATION}", err=True)
            return
        how = "submit again with --declare"
    raise click.ClickException(
        "Nothing has been submitted: handing in needs your declaration that the work is "
        f"your own (“{DECLARATION}”). If it is, {how}."
    )


def _whole_id(store: Any, text: str) -> str:
    """An entry's id from the first few characters of it, as `mentorkit show` takes them."""
    from mentorkit.errors import RecordNotFound

    try:
        return store.find_id(text)
    except RecordNotFound:
        return text  # filling says it is not in the store, and how to find the ids


@assess.command()
@_store_option
def evidence(store_path: str | None) -> None:
    """List the records you can hand in as evidence (log entries, mentee feedback, supervision
    records and more), with their ids."""
    with _open_store(store_path) as store:
        entries = [r for kind in EVIDENCE_KINDS for r in store.find(kind)]
    if not entries:
        click.echo("You have no records to hand in as evidence yet: save some in the course.")
    for record in sorted(entries, key=lambda r: r.when, reverse=True):
        click.echo(f"{record.id}  {record.label(60)}")  # as the rest of mentorkit names it


@assess.command()
@click.argument("assignment")
@_course_dir_option
@_student_option
@_work_dir_option
def feedback(
    assignment: str, course_dir: str | None, student: str | None, work_dir: str | None
) -> None:
    """Fetch the feedback your assessor has released for ASSIGNMENT."""
    from mentorkit.assess import fetch_feedback
    from mentorkit.store import owner_name

    files = fetch_feedback(assignment, course_dir, student or owner_name(), work_dir=work_dir)
    if not files:
        click.echo(f"No feedback for {assignment} yet: your assessor will say when it is ready.")
    for path in files:
        click.echo(f"Feedback: {path}")


@assess.command()
@click.argument("course_dir", type=click.Path(file_okay=False, exists=True))
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False), help="Also write a CSV.")
def grades(course_dir: str, csv_path: str | None) -> None:
    """Show each learner's criteria as the assessor decided them (met, not yet, awaiting a
    decision) or not submitted, with the gradebook's points beside them as advice."""
    from mentorkit.assess import grades as frame

    table = frame(course_dir)
    if table.empty:
        click.echo("No learners in the gradebook yet: run `nbgrader autograde` first.")
        return
    shown = table[["student", "criterion", "score", "max_score", "marks", "status"]]
    click.echo(shown.to_string(index=False))
    for student, said in table.groupby("student")["qualification"].first().items():
        click.echo(f"{student}: {said}")  # their Award or Certificate, achieved or not yet
    if csv_path:
        try:  # learners' results: readable by the assessor alone, like the gradebook
            descriptor = os.open(csv_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.fchmod(descriptor, 0o600)  # a file that was there keeps its mode otherwise
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as out:
                table.to_csv(out, index=False)
        except OSError as exc:
            raise click.ClickException(
                f"The CSV could not be written to {csv_path}: {exc.strerror}. Check that its "
                "folder exists and that you may write there. The table above is complete."
            ) from None
        click.echo(f"Written to {csv_path} (readable by you alone).")
