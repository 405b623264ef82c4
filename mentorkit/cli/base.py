"""What every `mentorkit` command shares: turning problems into words, and the store it works on.

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

from mentorkit.errors import MentorkitError


class Group(click.Group):
    """A command group that turns every mentorkit problem into its message, exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MentorkitError as exc:
            raise click.ClickException(str(exc)) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:  # read by `head` or a pager that stopped: not a problem
            _quiet_stdout()
            raise click.exceptions.Exit(0) from None
        except Exception as exc:
            if os.environ.get("MENTORKIT_DEBUG"):
                raise
            raise click.ClickException(
                f"Something unexpected went wrong ({type(exc).__name__}: {exc}). If a file "
                "was being written, it was not left half-written. Run the command again with "
                "MENTORKIT_DEBUG=1 to see the details, and please report it."
            ) from None


def _quiet_stdout() -> None:
    """Point stdout at nothing, so Python's own flush at exit meets no closed pipe."""
    import sys

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


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


def progress_bar(length: int, label: str) -> Any:
    return click.progressbar(length=length, label=label, file=sys.stderr, width=30)
