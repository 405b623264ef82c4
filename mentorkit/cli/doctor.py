"""`mentorkit doctor`: look the store over and say what to do."""

from __future__ import annotations

import click

from mentorkit.cli.base import Session, pass_session
from mentorkit.wording import count


@click.command()
@pass_session
def doctor(session: Session) -> None:
    """Check the store: where it is, size, schema, permissions, integrity, journal, backups."""
    from mentorkit.doctor import NOTE, PROBLEM, examine
    from mentorkit.store import owner_name

    findings = examine(session.path, owner_name())
    marks = {PROBLEM: "✗", NOTE: "!"}
    for finding in findings:
        click.echo(f"{marks.get(finding.state, '✓')} {finding.topic}: {finding.detail}")
        if finding.advice:
            click.echo(f"    What to do: {finding.advice}")
    problems = sum(f.state == PROBLEM for f in findings)
    if problems:
        raise click.ClickException(f"{count(problems, 'problem')} found; see “What to do” above.")
    click.echo("All is well.")
