"""The `mentorkit` command."""

from __future__ import annotations

import click

from mentorkit import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mentorkit")
def main() -> None:
    """mentorkit: your mentoring course and workbook."""


@main.command()
@click.argument("root", default=".", type=click.Path(file_okay=False, exists=True))
@click.option("--port", default=8866, show_default=True, help="Port to serve on.")
def serve(root: str, port: int) -> None:
    """Serve the course and workbook as web apps (Voilà) on localhost."""
    from mentorkit.serve import main as serve_main

    serve_main([root, "--port", str(port)])
