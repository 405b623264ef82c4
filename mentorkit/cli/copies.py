"""`mentorkit export`, `import`, `backup`, `restore` and `backups`: copies of your records."""

from __future__ import annotations

from pathlib import Path

import click

from mentorkit.cli.base import Session, pass_session, progress_bar
from mentorkit.portfolio import FORMATS as PORTFOLIO_FORMATS
from mentorkit.portfolio import OFFERED_KINDS
from mentorkit.portfolio.blocks import PAPERS
from mentorkit.wording import count

EXPORT_FORMATS = ("json", "csv", *PORTFOLIO_FORMATS)


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


@click.command("export")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_FORMATS),
    help="json: every record and revision, as a zip with JSON and CSV (the default). "
    "csv: a zip of spreadsheet tables. docx, html, md, pdf: a portfolio.",
)  # fmt: skip
@click.option(
    "--include", "kinds", multiple=True, type=click.Choice(OFFERED_KINDS), metavar="KIND",
    help="For a portfolio: a section to include, in order (repeatable).",
)  # fmt: skip
@click.option("--name", default="", help="For a portfolio: your name, as it should appear.")
@click.option(
    "--paper", type=click.Choice(list(PAPERS), case_sensitive=False), default=None,
    help="For a DOCX or PDF portfolio: the paper size (A4 unless MENTORKIT_PAPER says Letter).",
)  # fmt: skip
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@pass_session
def export_command(
    session: Session, path: str, fmt, kinds, name: str, paper: str | None, force: bool
) -> None:
    """Export your records: everything (json, csv) or a portfolio (docx, html, md, pdf)."""
    fmt = _format_for(path, fmt)
    _refuse_existing(path, force)
    store = session.store()
    if fmt in PORTFOLIO_FORMATS:
        from mentorkit.portfolio import DEFAULT_KINDS, Selection, export_portfolio
        from mentorkit.portfolio.document import paper_named

        selection = Selection(kinds=tuple(kinds) or DEFAULT_KINDS, name=name)
        selection.paper = paper_named(paper) if paper else selection.paper
        written = export_portfolio(store, path, fmt, selection)
        click.echo(f"Your portfolio is in {written}.")
        return
    from mentorkit.transfer import export_archive, export_tables, record_count

    write = export_archive if fmt == "json" else export_tables
    with progress_bar(record_count(store), "Exporting") as bar:
        contents = write(store, path, step=lambda: bar.update(1))
    click.echo(
        f"Exported {count(contents.count, 'record')} to {path}. It holds your confidential "
        "records: keep it where only you can open it."
    )


@click.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--as-me", is_flag=True, help="Take the records as yours if they were another name's."
)
@pass_session
def import_command(session: Session, path: str, as_me: bool) -> None:
    """Bring an export (from mentorkit export) into an empty store, exactly as it was."""
    from mentorkit.transfer import import_contents, read_archive

    contents = read_archive(path)
    store = session.store()
    with progress_bar(contents.count, "Importing") as bar:
        import_contents(store, contents, path, as_me=as_me, step=lambda: bar.update(1))
    click.echo(f"Imported {count(contents.count, 'record')} from {path} into {store.path}.")


# backups -------------------------------------------------------------------


@click.command()
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


@click.command()
@click.argument("path", type=click.Path(dir_okay=False))
@pass_session
def restore(session: Session, path: str) -> None:
    """Replace the store with a backup, after checking it; the current store is kept aside."""
    from mentorkit.store import Store, restore_backup

    aside = restore_backup(session.path, Path(path))
    with Store.open(session.path) as store:
        count = len(store.find())
    click.echo(f"Restored {path}: your store holds {count} records again.")
    if aside:
        click.echo(
            f"Your store as it was is kept at {aside}. Once you are happy, delete it with: "
            f"mentorkit backups --delete '{aside}'"
        )


@click.command()
@click.option("--delete", "targets", multiple=True, metavar="PATH", help="Delete this copy.")
@click.option("--delete-all", is_flag=True, help="Delete every copy listed.")
@click.option("--yes", is_flag=True, help="Do not ask before deleting.")
@pass_session
def backups(session: Session, targets, delete_all: bool, yes: bool) -> None:
    """List the backups and exports made of your store, so you can delete them too."""
    from mentorkit.store import forget_copy, known_copies

    made = known_copies(session.path)
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
        forget_copy(session.path, target)
        click.echo(f"Deleted {target}.")
