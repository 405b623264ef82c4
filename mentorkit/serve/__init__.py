"""Serve the course and workbook with Voilà: only those folders, to this computer's user alone.

`python -m mentorkit.serve [ROOT] [--port N]` is what `make start` runs. The Voilà
subclass below keeps the server to `course/` and `workbook/`: `/` opens the landing
page, no folder is ever listed, and every other path is refused. Every page, file, API
call and websocket needs Jupyter's token (kept in a 0600 runtime file, then a cookie);
a request naming any host but this computer is refused before it can start anything.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tornado import web
from voila.app import Voila

from mentorkit.course.directory import CourseDirectory
from mentorkit.serve.config import (
    ABANDONED_AFTER,
    CSP,
    DEFAULT_MAX_KERNELS,
    DEFAULT_PORT,
    EXTENSION_DENYLIST,
    LANDING,
    RENDER_PATTERN,
    TEMPLATES,
    settings,
)
from mentorkit.serve.guard import KernelRequestSocket, local_only
from mentorkit.serve.pages import (
    CourseContents,
    CourseFiles,
    KernelSocket,
    Refused,
    ShutdownOnClose,
    TemplateFiles,
    capped,
)
from mentorkit.serve.signin import SignOut, sign_in, signing_in
from mentorkit.store import private_file

__all__ = [
    "ABANDONED_AFTER", "CSP", "DEFAULT_PORT", "EXTENSION_DENYLIST", "LANDING", "MentorkitVoila",
    "TEMPLATES", "main", "settings", "sign_in", "use_our_templates",
]  # fmt: skip


class MentorkitVoila(Voila):
    """Voilà serving only the course and the workbook.

    One route is open without the token: `/voila/query/KERNEL`, where a preheated kernel
    itself (which holds no token) asks for the request of the page that took it. It
    answers only processes of this computer's user (`KernelRequestSocket`).
    """

    name = "mentorkit-voila"

    def init_settings(self) -> dict:
        settings = super().init_settings()
        # Voilà makes its own contents manager; the kernel pools read it from here too.
        self.contents_manager = settings["contents_manager"] = CourseContents(parent=self)
        return settings

    def init_handlers(self) -> list:
        kept = []
        for handler in super().init_handlers():
            pattern = handler[0]
            if pattern.endswith("/voila/render/(.*)"):
                render = pattern.replace("/voila/render/(.*)", RENDER_PATTERN)
                kept.append((render, capped(handler[1]), *handler[2:]))
            elif pattern.endswith("/channels"):
                kept.append((pattern, KernelSocket, *handler[2:]))
            elif pattern.endswith("/voila/api/shutdown/(.*)"):
                kept.append((pattern, ShutdownOnClose))
            elif pattern.endswith("/voila/templates/(.*)"):
                kept.append((pattern, TemplateFiles))
            elif pattern.endswith("/voila/files/(.*)"):
                kept.append((pattern, CourseFiles, handler[2]))  # Voilà's allowlist
            elif pattern.endswith("/login"):
                kept.append((pattern, signing_in(handler[1]), *handler[2:]))
            elif pattern.endswith("/logout"):
                kept.append((pattern, SignOut))
            elif "/voila/query/" in pattern:
                kept.append((pattern, KernelRequestSocket, *handler[2:]))
            elif "/voila/tree" in pattern or "/voila/api/contents" in pattern:
                kept.append((pattern, Refused))
            elif pattern == self.server_url:
                kept.append(
                    (
                        pattern,
                        web.RedirectHandler,
                        {"url": f"{self.server_url}voila/render/{LANDING}"},
                    )
                )
            else:
                kept.append(handler)
        kept.append((r"/voila/render/.*", Refused))
        return [(pattern, local_only(cls), *rest) for pattern, cls, *rest in kept]


def use_our_templates() -> None:
    """Put mentorkit's Voilà template where Voilà (and the kernels it starts) look."""
    ours = str(TEMPLATES)
    paths = os.environ.get("JUPYTER_PATH", "").split(os.pathsep)
    if ours not in paths:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([ours, *filter(None, paths)])


def _open_browser(url: str, folder: Path) -> None:
    """Open the course where this session has a screen, through a 0600 file, as Jupyter does:
    a browser's command line is visible to every user, and would show the token."""
    import threading
    import webbrowser

    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return
    page = folder / "mentorkit-open.html"
    with private_file(page) as partial:
        partial.write_text(f'<meta http-equiv="refresh" content="0; url={url}">')
    threading.Thread(target=webbrowser.open, args=(page.as_uri(),), daemon=True).start()


def main(argv: list[str] | None = None) -> None:
    """Start the server; `ROOT` is the folder holding course/ and workbook/."""
    import argparse

    from jupyter_core.paths import jupyter_runtime_dir
    from traitlets.config import Config

    parser = argparse.ArgumentParser(prog="mentorkit serve", description=__doc__)
    parser.add_argument("root", nargs="?", default=".", help="folder with course/ and workbook/")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument(
        "--max-kernels", type=int, default=DEFAULT_MAX_KERNELS,
        help="pages open at once before a new one is asked to wait",
    )  # fmt: skip
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    parser.add_argument(
        "--preheat", action=argparse.BooleanOptionalAction, default=True,
        help="keep a kernel ready for the pages learners open most (on unless --no-preheat)",
    )  # fmt: skip
    args, extra = parser.parse_known_args(argv)
    root = Path(args.root).resolve()
    missing = CourseDirectory.at(root).missing()
    if missing:
        sys.exit(
            f"{root} has no {' or '.join(missing)}/ folder: run this from the mentorkit folder."
        )
    use_our_templates()
    runtime = Path(jupyter_runtime_dir())
    token, cookie_secret = sign_in(runtime)
    app = MentorkitVoila(
        config=Config(settings(args.port, token, cookie_secret, args.max_kernels, args.preheat))
    )
    app.initialize([str(root), *extra])
    url = f"http://localhost:{args.port}/?token={token}"
    print(
        f"\n  mentorkit is ready: open this address in your browser\n\n      {url}\n"
        "\n  Keep it to yourself: it lets whoever has it read your records."
        "\n  Press Ctrl+C here to stop it.\n",
        flush=True,
    )
    if not args.no_browser:
        _open_browser(url, runtime)
    app.start()
