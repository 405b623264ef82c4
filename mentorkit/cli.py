"""The `mentorkit` command: serve the course, and look after your records from a terminal.

Exit codes scripts can trust: 0 done, 1 a problem explained on stderr (nothing half
done), 2 the command was used wrongly. No traceback is ever shown (MENTORKIT_DEBUG=1
shows one, for developers).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from mentorkit import __version__
from mentorkit.errors import MentorkitError, RecordNotFound
from mentorkit.records import KINDS

PORTFOLIO_FORMATS = ("docx", "html", "md", "pdf")
EXPORT_FORMATS = ("json", "csv", *PORTFOLIO_FORMATS)


class Group(click.Group):
    """A command group that turns every mentorkit problem into its message, exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MentorkitError as exc:
            raise click.ClickException(str(exc)) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if os.environ.get("MENTORKIT_DEBUG"):
                raise
            raise click.ClickException(
                f"Something unexpected went wrong ({type(exc).__name__}: {exc}). If a file "
                "was being written, it was not left half-written. Run the command again with "
                "MENTORKIT_DEBUG=1 to see the details, and please report it."
            ) from None


class Session:
    """The store a command works on: opened on first use, closed when the command ends."""

    def __init__(self, store_path: str | None):
        self.store_path = Path(store_path).expanduser() if store_path else None
        self._store = None

    @property
    def path(self) -> Path:
        from mentorkit.store import default_path

        return self.store_path or default_path()

    def store(self) -> Any:
        if self._store is None:
            from mentorkit.store import Store

            self._store = Store.open(self.store_path)
            click.get_current_context().call_on_close(self._store.close)
        return self._store


pass_session = click.make_pass_decorator(Session)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mentorkit")
@click.option(
    "--store", "store_path", type=click.Path(dir_okay=False), metavar="PATH",
    help="The store file to use (default: $MENTORKIT_HOME/mentorkit.db, else your own).",
)  # fmt: skip
@click.pass_context
def main(ctx: click.Context, store_path: str | None) -> None:
    """mentorkit: your mentoring course and workbook, and the records you keep in it."""
    ctx.obj = Session(store_path)


# serving -------------------------------------------------------------------


def _home_for(session: Session) -> dict[str, str]:
    """The environment that points the apps at --store (they find it via MENTORKIT_HOME)."""
    if session.store_path is None:
        return {}
    if session.store_path.name != "mentorkit.db":
        raise click.UsageError("With serve and lab, --store must name a file called mentorkit.db.")
    return {"MENTORKIT_HOME": str(session.store_path.resolve().parent)}


@main.command()
@click.argument("root", default=".", type=click.Path(file_okay=False, exists=True))
@click.option("--port", default=8866, show_default=True, help="Port to serve on.")
@pass_session
def serve(session: Session, root: str, port: int) -> None:
    """Serve the course and workbook as web apps (Voilà) on localhost."""
    from mentorkit.serve import main as serve_main

    os.environ.update(_home_for(session))
    serve_main([root, "--port", str(port)])


@main.command()
@click.argument("root", default=".", type=click.Path(file_okay=False, exists=True))
@click.option("--port", default=8888, show_default=True, help="Port for JupyterLab.")
@pass_session
def lab(session: Session, root: str, port: int) -> None:
    """Open the course and workbook as notebooks in JupyterLab (on localhost)."""
    from mentorkit import lab as learner_lab

    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}", f"--ServerApp.root_dir={Path(root).resolve()}",
        *learner_lab.arguments(),
    ]  # fmt: skip
    if getattr(os, "geteuid", lambda: -1)() == 0:
        command.append("--allow-root")  # JupyterLab refuses root without it
    config_path = [str(learner_lab.CONFIG), *filter(None, [os.environ.get("JUPYTER_CONFIG_PATH")])]
    env = {**os.environ, **_home_for(session), "JUPYTER_CONFIG_PATH": os.pathsep.join(config_path)}
    # Become JupyterLab, so a signal meant for this command reaches the server itself.
    os.execve(sys.executable, command, env)


# reading -------------------------------------------------------------------


def find_id(store: Any, text: str) -> str:
    """A record's id from the whole id or its first few characters."""
    try:
        return store.get(text).id
    except RecordNotFound:
        if len(text) < 4:
            raise
    matches = {r.id for r in [*store.find(), *store.trash()] if r.id.startswith(text)}
    if len(matches) == 1:
        return matches.pop()
    if matches:
        raise click.ClickException(f"{len(matches)} records start with {text}; type more of it.")
    raise RecordNotFound(f"No record with id {text} is in your store. `mentorkit list` lists them.")


@main.command(
    "list",
    help=f"""List your records, newest first: id, date, kind and first words.

KIND is one of: {", ".join(KINDS)}.""",
)
@click.argument(
    "kind", required=False, metavar="[KIND]", type=click.Choice(list(KINDS), case_sensitive=False)
)
@click.option("--search", metavar="TEXT", help="Only records with all these words.")
@click.option("--tag", "tags", multiple=True, help="Only records with this tag (repeatable).")
@click.option("--trash", is_flag=True, help="List the trash instead.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many, newest first.")
@pass_session
def list_records(session: Session, kind, search, tags, trash, limit) -> None:
    store = session.store()
    if trash:
        found = [r for r in store.trash() if kind in (None, r.kind)][:limit]
    else:
        found = store.find(kind, text=search, tags=tags or None, limit=limit)
    for record in found:
        words = record.excerpt(60) or record.title
        click.echo(f"{record.id}  {record.when:%Y-%m-%d}  {record.kind:<15} {words}")
    if not found:
        click.echo("Nothing found.", err=True)


@main.command()
@click.argument("record_id", metavar="ID")
@click.option("--history", is_flag=True, help="Every revision, with what changed in each.")
@pass_session
def show(session: Session, record_id: str, history: bool) -> None:
    """Show one record in full (ID may be its first few characters)."""
    from mentorkit.textview import describe, history_text

    store = session.store()
    found = find_id(store, record_id)
    text = (
        history_text(store.history(found), store) if history else describe(store.get(found), store)
    )
    click.echo(text)


# exporting and importing ---------------------------------------------------


def _format_for(path: str, fmt: str | None) -> str:
    if fmt:
        return fmt
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"htm": "html", "markdown": "md"}.get(
        suffix, suffix if suffix in EXPORT_FORMATS else "json"
    )


def _refuse_existing(path: str, force: bool) -> None:
    if Path(path).exists() and not force:
        raise click.ClickException(
            f"{path} already exists, and has not been changed. Choose another name, "
            "or add --force to replace it."
        )


def _bar(length: int, label: str) -> Any:
    return click.progressbar(length=length, label=label, file=sys.stderr, width=30)


@main.command("export")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_FORMATS),
    help="json: every record and revision, as a zip with JSON and CSV (the default). "
    "csv: a zip of spreadsheet tables. docx, html, md, pdf: a portfolio.",
)  # fmt: skip
@click.option(
    "--include", "kinds", multiple=True, type=click.Choice(list(KINDS)), metavar="KIND",
    help="For a portfolio: a section to include, in order (repeatable).",
)  # fmt: skip
@click.option("--name", default="", help="For a portfolio: your name, as it should appear.")
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@pass_session
def export_command(session: Session, path: str, fmt, kinds, name: str, force: bool) -> None:
    """Export your records: everything (json, csv) or a portfolio (docx, html, md, pdf)."""
    fmt = _format_for(path, fmt)
    _refuse_existing(path, force)
    store = session.store()
    if fmt in PORTFOLIO_FORMATS:
        from mentorkit.portfolio import DEFAULT_KINDS, Selection, export_portfolio

        selection = Selection(kinds=tuple(kinds) or DEFAULT_KINDS, name=name)
        written = export_portfolio(store, path, fmt, selection)
        click.echo(f"Your portfolio is in {written}.")
        return
    from mentorkit.exchange import export_archive, export_tables, record_count

    write = export_archive if fmt == "json" else export_tables
    with _bar(record_count(store), "Exporting") as bar:
        contents = write(store, path, step=lambda: bar.update(1))
    click.echo(
        f"Exported {contents.count} records to {path}. It holds your confidential records: "
        "keep it where only you can open it."
    )


@main.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--as-me", is_flag=True, help="Take the records as yours if they were another name's."
)
@pass_session
def import_command(session: Session, path: str, as_me: bool) -> None:
    """Bring an export (from mentorkit export) into an empty store, exactly as it was."""
    from mentorkit.exchange import import_contents, read_archive

    contents = read_archive(path)
    store = session.store()
    with _bar(contents.count, "Importing") as bar:
        import_contents(store, contents, path, as_me=as_me, step=lambda: bar.update(1))
    click.echo(f"Imported {contents.count} records from {path} into {store.path}.")


# backups -------------------------------------------------------------------


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@pass_session
def backup(session: Session, path: str, force: bool) -> None:
    """Copy the whole store to PATH, safely, even while the apps are saving."""
    _refuse_existing(path, force)
    if Path(path).resolve() == session.path.resolve():
        raise click.ClickException("That is the store itself; choose another file for the backup.")
    written = session.store().backup(path)
    click.echo(f"Backed up your store to {written}. To go back to it: mentorkit restore {written}")


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@pass_session
def restore(session: Session, path: str) -> None:
    """Replace the store with a backup, after checking it; the current store is kept aside."""
    from mentorkit.store import Store, copies

    aside = copies.restore(session.path, Path(path))
    with Store.open(session.path) as store:
        count = len(store.find())
    click.echo(f"Restored {path}: your store holds {count} records again.")
    if aside:
        click.echo(
            f"Your store as it was is kept at {aside}. Once you are happy, delete it with: "
            f"mentorkit backups --delete '{aside}'"
        )


@main.command()
@click.option("--delete", "targets", multiple=True, metavar="PATH", help="Delete this copy.")
@click.option("--delete-all", is_flag=True, help="Delete every copy listed.")
@click.option("--yes", is_flag=True, help="Do not ask before deleting.")
@pass_session
def backups(session: Session, targets, delete_all: bool, yes: bool) -> None:
    """List the backups and exports made of your store, so you can delete them too."""
    from mentorkit.store import copies

    made = copies.known(session.path)
    chosen = [c.path for c in made] if delete_all else [Path(t).resolve() for t in targets]
    strangers = [str(t) for t in chosen if t not in {c.path for c in made}]
    if strangers:
        raise click.ClickException(
            f"{', '.join(strangers)}: not a copy mentorkit made of this store, so it has not "
            "been deleted. mentorkit backups lists the copies it knows."
        )
    if not chosen:
        for copy in made:
            state = "" if copy.exists else "  (no longer there)"
            click.echo(f"{copy.made[:10]}  {copy.description:<34} {copy.path}{state}")
        if not made:
            click.echo("No backups or exports have been made of this store.", err=True)
        return
    if not yes:
        click.confirm(f"Delete {len(chosen)} copies of your records for good?", abort=True)
    for target in chosen:
        copies.forget(session.path, target)
        click.echo(f"Deleted {target}.")


@main.command()
@click.argument("record_id", metavar="ID", required=False)
@click.option("--all", "everything", is_flag=True, help="Erase every record you keep.")
@click.option("--yes", is_flag=True, help="Do not ask first (for scripts).")
@pass_session
def purge(session: Session, record_id: str | None, everything: bool, yes: bool) -> None:
    """Erase one record (ID) or all of them (--all) for good: history and search index too."""
    if bool(record_id) == everything:
        raise click.UsageError("Give a record's ID, or --all, but not both.")
    store = session.store()
    if everything:
        what = f"all {len(store.find()) + len(store.trash())} of your records"
    else:
        record_id = find_id(store, record_id)
        what = f"“{store.get(record_id).excerpt(50) or record_id}” and all its revisions"
    if not yes:
        click.confirm(f"Erase {what} for good? This cannot be undone.", abort=True)
    if everything:
        count = store.purge_all()
    else:
        store.purge(record_id)
        count = 1
    click.echo(f"Erased {count} record{'s' if count != 1 else ''} for good.")
    _after_erasing(session, store)


def _after_erasing(session: Session, store: Any) -> None:
    wal = session.path.with_name(session.path.name + "-wal")
    if wal.exists() and wal.stat().st_size:
        click.echo(
            "Another program has your store open, so erased words may stay in its journal "
            f"({wal.name}) until it closes. Close other mentorkit windows, then run "
            "mentorkit doctor.",
            err=True,
        )
    left = [c for c in store.backups() if c.exists]
    if left:
        click.echo("These copies made earlier may still hold what you erased:", err=True)
        for copy in left:
            click.echo(f"  {copy.path}  ({copy.description}, {copy.made[:10]})", err=True)
        click.echo("Delete them with: mentorkit backups --delete-all", err=True)


@main.command()
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
        raise click.ClickException(f"{problems} problem(s) found; see “What to do” above.")
    click.echo("All is well.")


def _add_groups() -> None:
    """The assessment and cohort command groups live in their own modules."""
    from mentorkit.assess_cli import assess
    from mentorkit.cohort_cli import cohort

    main.add_command(assess)
    main.add_command(cohort)


_add_groups()
