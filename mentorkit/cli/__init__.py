"""The `mentorkit` command: serve the course, and look after your records from a terminal.

One thin module per command group, as nbgrader's `apps/` are: `serve` (serve, lab),
`records` (list, show, purge), `copies` (export, import, backup, restore, backups),
`doctor`, and the `assess` and `cohort` groups. What every command shares is in `base`.
"""

from __future__ import annotations

import click

from mentorkit import __version__
from mentorkit.cli import assess, cohort, copies, decide, doctor, records, serve
from mentorkit.cli.base import Group, Session


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


for _command in (
    serve.serve, serve.lab, records.list_records, records.show, copies.export_command,
    copies.import_command, copies.backup, copies.restore, copies.backups, records.purge,
    doctor.doctor, assess.assess, cohort.cohort,
):  # fmt: skip
    main.add_command(_command)
for _command in decide.COMMANDS:  # the assessor's decisions and IQA, in `mentorkit assess`
    assess.assess.add_command(_command)
