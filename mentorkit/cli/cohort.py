"""`mentorkit cohort`: set up a cohort's PostgreSQL database, add people, move a learner in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from mentorkit.cli.base import Group
from mentorkit.wording import count

ADMIN_HELP = (
    "Address of the cohort's administrator account, e.g. postgresql://postgres@db/cohort "
    "(default: $MENTORKIT_ADMIN_URL)."
)


def admin_option(command: Any) -> Any:
    return click.option(
        "--admin-url", envvar="MENTORKIT_ADMIN_URL", required=True, metavar="URL",
        help=ADMIN_HELP,
    )(command)  # fmt: skip


@click.group(cls=Group)
def cohort() -> None:
    """Run a cohort on PostgreSQL: one database, a role per person, privacy kept by the database."""


@cohort.command()
@click.argument("database")
@admin_option
def init(database: str, admin_url: str) -> None:
    """Create DATABASE (if need be) with its tables, roles and privacy policies; safe to rerun."""
    from mentorkit.cohort import admin as kit

    version = kit.init(admin_url, database)
    click.echo(f"The cohort database {database} is ready (schema {version}).")


def _secret(path: str | None) -> bytes | None:
    return Path(path).read_bytes().strip() if path else None


def _adder(role: str, article: str) -> Any:
    @admin_option
    @click.option(
        "--secret-file", type=click.Path(dir_okay=False, exists=True),
        help="The hub's secret: each person's password is derived from it and their name.",
    )  # fmt: skip
    @click.argument("names", nargs=-1, required=True)
    def add(names: tuple[str, ...], admin_url: str, secret_file: str | None) -> None:
        from mentorkit.cohort import admin as kit

        secret = _secret(secret_file)
        for name in names:
            password = kit.password_for(secret, name) if secret else None
            kit.add_person(admin_url, name, role, password)
            click.echo(f"{name} is {article} {role} in the cohort.")
        if secret is None:
            click.echo(
                "Note: without --secret-file no password was set, so JupyterHub cannot sign "
                f"{' or '.join(names)} in to the database unless one was set before. Run this "
                "again with --secret-file (the hub's secret) to set it; nothing else changes.",
                err=True,
            )

    add.__doc__ = f"Add each of NAMES as {article} {role} (their JupyterHub names); safe to rerun."
    return add


cohort.command("add-learner")(_adder("learner", "a"))
cohort.command("add-mentor")(_adder("mentor", "a"))
cohort.command("add-coordinator")(_adder("coordinator", "a"))


@cohort.command()
@admin_option
def people(admin_url: str) -> None:
    """List everyone in the cohort and the parts they play."""
    from mentorkit.cohort import admin as kit

    for name, parts in kit.people(admin_url):
        click.echo(f"{name}: {', '.join(parts)}")


#: A coordinator's own address in the cohort database (the hub gives it to their server).
own_url_option = click.option(
    "--url", envvar="MENTORKIT_STORE_URL", required=True, metavar="URL",
    help="Your own address in the cohort database (default: $MENTORKIT_STORE_URL; a "
    "coordinator at a terminal of their own hub server has it already).",
)  # fmt: skip


@cohort.command()
@own_url_option
def activity(url: str) -> None:
    """For coordinators: how many records and hours each person has, never what they wrote."""
    from mentorkit.cohort import admin as kit
    from mentorkit.records import kind_of
    from mentorkit.wording import count

    saved: dict[str, list[str]] = {}
    for owner, kind, records, hours in kit.activity(url):
        time = f" ({count(hours, 'hour')})" if hours else ""
        saved.setdefault(owner, []).append(f"{records} × {kind_of(kind).title.lower()}{time}")
    members = {name for name, parts in kit.people(url) if parts != ["coordinator"]}
    for name in sorted(members | set(saved)):
        click.echo(f"{name}: {', '.join(saved[name]) if name in saved else 'nothing saved yet'}")
    if not members | set(saved):
        click.echo("Nobody is in the cohort yet.")


@cohort.command()
@own_url_option
def notes(url: str) -> None:
    """For coordinators: what learners wrote in boxes for the coordinator only, oldest first."""
    from mentorkit.cohort import admin as kit
    from mentorkit.records import kind_of

    found = kit.coordinator_notes(url)
    for owner, kind, updated, body in found:
        made = kind_of(kind)
        click.echo(f"{owner}, {made.title.lower()}, {updated:%-d %B %Y}:")
        for name, words in body.items():
            click.echo(f"  {made.spec(name).label}: {words}")
    if not found:
        click.echo("Nobody has written anything for the coordinator yet.")


@cohort.command()
@click.argument("source", required=False, type=click.Path(dir_okay=False))
@click.option(
    "--to", "url", envvar="MENTORKIT_STORE_URL", required=True, metavar="URL",
    help="Your address in the cohort database (default: $MENTORKIT_STORE_URL).",
)  # fmt: skip
@click.option(
    "--from-owner", metavar="NAME",
    help="Whose records to copy, if the file holds more than one person's.",
)  # fmt: skip
def migrate(source: str | None, url: str, from_owner: str | None) -> None:
    """Copy your own store (SOURCE, default your usual one) into the cohort database as you.

    Every revision and the trash come too; running it again copies only what is new.
    """
    from mentorkit.cohort import admin as kit
    from mentorkit.store import default_path

    path = Path(source) if source else default_path()
    records, copied, erased = kit.move_in(path, url, old_owner=from_owner)
    click.echo(
        f"{records} records looked at, {copied} revisions copied into the cohort database. "
        "Your file has not been changed."
    )
    if erased:
        click.echo(
            f"{count(erased, 'record')} you erased in the cohort database "
            f"{'was' if erased == 1 else 'were'} left out: erasing is for good there. Your "
            "file still holds them; delete them from it too if you no longer want them."
        )


if __name__ == "__main__":
    cohort(prog_name="mentorkit cohort")
