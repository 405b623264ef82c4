"""Serve the course and workbook with Voilà: only those folders, safely, on one port.

`python -m mentorkit.serve [ROOT] [--port N]` is what `make start` runs. The Voilà
subclass below keeps the server to `course/` and `workbook/`: `/` opens the landing
page, no folder is ever listed, and every other path is refused.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tornado import web
from voila.app import Voila
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.static_file_handler import TemplateStaticFileHandler

SERVED = ("course", "workbook")
LANDING = "course/index.ipynb"
DEFAULT_PORT = 8866

# A notebook under a served folder; no segment may start with a dot, so no `..`. No `%`
# either: Tornado decodes the path after matching, so `%2e%2e` would become `..`.
_SEGMENT = r"[^/.%][^/%]*"
RENDER_PATTERN = rf"/voila/render/((?:{'|'.join(SERVED)})/(?:{_SEGMENT}/)*{_SEGMENT}\.ipynb)"

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",  # Voilà's page boots inline
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self' ws: wss:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)

# Lab extensions that break or clutter a Voilà page (they expect a full JupyterLab).
EXTENSION_DENYLIST = [
    "@jupyter/nbgrader",
    "@jupyter-notebook/lab-extension",
    "@voila-dashboards/jupyterlab-preview",
    "@jupyterlab/server-proxy",
]


def settings(port: int = DEFAULT_PORT) -> dict:
    """The traitlets configuration mentorkit serves with (see DESIGN.md, Serving)."""
    return {
        "Voila": {
            "port": port,
            "ip": "127.0.0.1",
            "open_browser": False,
            "tornado_settings": {
                "headers": {"Content-Security-Policy": CSP},
                # Tornado drops a websocket message over 10 MB and the page loses its
                # kernel; letting it through means the store's own 1 MB limit answers
                # an over-long box with a message instead.
                "websocket_max_message_size": 64 * 1024 * 1024,
            },
        },
        "VoilaConfiguration": {
            "template": "mentorkit",
            "show_tracebacks": False,
            "extension_denylist": EXTENSION_DENYLIST,
            "file_allowlist": [rf"(?:{'|'.join(SERVED)})/.*\.(?:png|jpg|jpeg|gif|svg)"],
            "http_keep_alive_timeout": 10,
        },
        "VoilaExecutor": {"timeout": 120},
        # Kernels talk to the server over sockets in Voilà's private folder, not on loopback
        # TCP ports: no other local program can reach them, and kernels starting together
        # no longer race for the same free port ("Address already in use").
        "KernelManager": {"transport": "ipc"},
        # A page left open, or closed while offline, leaves its kernel running.
        "MappingKernelManager": {"cull_idle_timeout": 900, "cull_interval": 60},
        # Where a deployment turns on preheated kernels: Voilà starts the next kernel of a
        # page's pool, and runs the notebook in it, 1 s after the last one was taken, while
        # the page that took it is still loading (about 2 s here) and so slower by a third.
        # Refilling once that page is up costs the learner nothing.
        "VoilaKernelManager": {"fill_delay": 4},
    }


class _Refused(web.RequestHandler):
    def prepare(self) -> None:
        raise web.HTTPError(404)


class _TemplateFiles(TemplateStaticFileHandler):
    """Voilà's template files; a path that is not `NAME/static/FILE` is a 404, not a 500."""

    def parse_url_path(self, path: str) -> str:
        parts = path.split("/")
        if len(parts) < 3 or parts[1] != "static" or any(p.startswith(".") for p in parts):
            raise web.HTTPError(404)
        return super().parse_url_path(path)


class _ShutdownOnClose(VoilaShutdownKernelHandler):
    """Shut a page's kernel down when the page closes.

    Voilà's page sends this beacon without an `_xsrf` token, so stock Voilà refuses it
    (403) and kernels pile up. The request names a random kernel id that only the
    page holding that kernel knows, so skipping the token check here is safe.
    """

    def check_xsrf_cookie(self) -> None:
        return None


class MentorkitVoila(Voila):
    """Voilà serving only the course and the workbook."""

    name = "mentorkit-voila"

    def init_handlers(self) -> list:
        kept = []
        for handler in super().init_handlers():
            pattern = handler[0]
            if pattern.endswith("/voila/render/(.*)"):
                kept.append((pattern.replace("/voila/render/(.*)", RENDER_PATTERN), *handler[1:]))
            elif pattern.endswith("/voila/api/shutdown/(.*)"):
                kept.append((pattern, _ShutdownOnClose))
            elif pattern.endswith("/voila/templates/(.*)"):
                kept.append((pattern, _TemplateFiles))
            elif "/voila/tree" in pattern or "/voila/api/contents" in pattern:
                kept.append((pattern, _Refused))
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
        kept.append((r"/voila/render/.*", _Refused))
        return kept


def use_our_templates() -> None:
    """Put mentorkit's Voilà template where Voilà (and the kernels it starts) look."""
    ours = str(Path(__file__).parent / "share" / "jupyter")
    paths = os.environ.get("JUPYTER_PATH", "").split(os.pathsep)
    if ours not in paths:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([ours, *filter(None, paths)])


def main(argv: list[str] | None = None) -> None:
    """Start the server; `ROOT` is the folder holding course/ and workbook/."""
    import argparse

    from traitlets.config import Config

    parser = argparse.ArgumentParser(prog="mentorkit serve", description=__doc__)
    parser.add_argument("root", nargs="?", default=".", help="folder with course/ and workbook/")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args, extra = parser.parse_known_args(argv)
    root = Path(args.root).resolve()
    missing = [name for name in SERVED if not (root / name).is_dir()]
    if missing:
        sys.exit(
            f"{root} has no {' or '.join(missing)}/ folder: run this from the mentorkit folder."
        )
    use_our_templates()
    app = MentorkitVoila(config=Config(settings(args.port)))
    app.initialize([str(root), *extra])
    print(
        f"\n  mentorkit is ready: open http://localhost:{args.port}/ in your browser."
        "\n  Press Ctrl+C here to stop it.\n",
        flush=True,
    )
    app.start()


if __name__ == "__main__":
    main()
