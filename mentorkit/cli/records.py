"""`mentorkit list`, `show` and `purge`: read your records, and erase them for good."""

from __future__ import annotations

from typing import Any

import click

from mentorkit.cli.base import Session, pass_session
from mentorkit.records import KINDS
from mentorkit.wording import count


@click.command(
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


@click.command()
@click.argument("record_id", metavar="ID")
@click.option("--history", is_flag=True, help="Every revision, with what changed in each.")
@pass_session
def show(session: Session, record_id: str, history: bool) -> None:
    """Show one record in full (ID may be its first few characters)."""
    from mentorkit.render.text import describe, history_text

    store = session.store()
    found = store.find_id(record_id)
    text = (
        history_text(store.history(found), store) if history else describe(store.get(found), store)
    )
    click.echo(text)


@click.command()
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
        record_id = store.find_id(record_id)
        what = f"“{store.get(record_id).excerpt(50) or record_id}” and all its revisions"
    if not yes:
        click.confirm(f"Erase {what} for good? This cannot be undone.", abort=True)
    if everything:
        erased = store.purge_all()
    else:
        store.purge(record_id)
        erased = 1
    click.echo(f"Erased {count(erased, 'record')} for good.")
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
