"""`mentorkit serve` and `mentorkit lab`: the course as web apps, or as notebooks."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from mentorkit.cli.base import Session, pass_session


def _home_for(session: Session) -> dict[str, str]:
    """The environment that points the apps at --store (they find it via MENTORKIT_HOME)."""
    if session.store_path is None:
        return {}
    if session.store_path.name != "mentorkit.db":
        raise click.UsageError("With serve and lab, --store must name a file called mentorkit.db.")
    return {"MENTORKIT_HOME": str(session.store_path.resolve().parent)}


@click.command()
@click.argument("root", default=".", type=click.Path(file_okay=False, exists=True))
@click.option("--port", type=int, help="Port to serve on (default: 8866).")
@click.option(
    "--max-kernels", type=click.IntRange(min=1),
    help="Pages open at once before a new one is asked to wait (default: 12).",
)  # fmt: skip
@click.option("--no-browser", is_flag=True, help="Do not open a browser.")
@click.option(
    "--preheat/--no-preheat", default=True, show_default=True,
    help="Keep a kernel ready for the pages learners open most (about 280 MB).",
)  # fmt: skip
@pass_session
def serve(session: Session, root: str, port, max_kernels, no_browser: bool, preheat: bool) -> None:
    """Serve the course and workbook as web apps (Voilà) on localhost."""
    from mentorkit.serve import main as serve_main  # its defaults are the server's own

    os.environ.update(_home_for(session))
    given = {"--port": port, "--max-kernels": max_kernels}
    options = [part for name, value in given.items() if value for part in (name, str(value))]
    flags = [f for f, on in (("--no-browser", no_browser), ("--no-preheat", not preheat)) if on]
    serve_main([root, *options, *flags])


@click.command()
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
