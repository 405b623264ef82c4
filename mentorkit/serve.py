"""Serve the course and workbook with Voilà: only those folders, to this computer's user alone.

`python -m mentorkit.serve [ROOT] [--port N]` is what `make start` runs. The Voilà
subclass below keeps the server to `course/` and `workbook/`: `/` opens the landing
page, no folder is ever listed, and every other path is refused. Every page, file, API
call and websocket needs Jupyter's token (kept in a 0600 runtime file, then a cookie);
a request naming any host but this computer is refused before it can start anything.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
import socket
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from jupyter_server.base.handlers import AuthenticatedFileHandler, JupyterHandler
from tornado import web
from voila.app import Voila
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.static_file_handler import TemplateStaticFileHandler

from mentorkit.store.paths import private_file

SERVED = ("course", "workbook")
#: Images a course page may show; nothing else under the served folders is sent as a file.
IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".svg")
LANDING = "course/index.ipynb"
DEFAULT_PORT = 8866
#: Live kernels at once: each page holds one (about 70 MB), so a dozen suits a laptop.
DEFAULT_MAX_KERNELS = 12

# A notebook under a served folder; no segment may start with a dot, so no `..`. No `%`
# either: Tornado decodes the path after matching, so `%2e%2e` would become `..`.
_SEGMENT = r"[^/.%][^/%]*"
_UNDER_SERVED = rf"(?:{'|'.join(SERVED)})/(?:{_SEGMENT}/)*{_SEGMENT}"
RENDER_PATTERN = rf"/voila/render/({_UNDER_SERVED}\.ipynb)"
FILE_PATTERN = rf"{_UNDER_SERVED}\.(?:{'|'.join(suffix[1:] for suffix in IMAGES)})"

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


def settings(
    port: int = DEFAULT_PORT,
    token: str = "",
    cookie_secret: bytes = b"",
    max_kernels: int = DEFAULT_MAX_KERNELS,
) -> dict:
    """The traitlets configuration mentorkit serves with (see DESIGN.md, Serving)."""
    return {
        "Voila": {
            "port": port,
            "ip": "127.0.0.1",
            "open_browser": False,
            # Jupyter's own sign-in: `?token=` once, then a cookie signed with this secret.
            "token": token,
            **({"cookie_secret": cookie_secret} if cookie_secret else {}),
            "tornado_settings": {
                "headers": {"Content-Security-Policy": CSP},
                # Voilà allows any Host; a name that is not this computer's is DNS rebinding.
                "allow_remote_access": False,
                "local_hostnames": ["localhost"],
                "mentorkit_max_kernels": max_kernels,
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
            "file_allowlist": [FILE_PATTERN],
            "http_keep_alive_timeout": 10,
        },
        "VoilaExecutor": {"timeout": 120},
        # Kernels talk to the server over sockets in Voilà's private folder, not on loopback
        # TCP ports: no other local program can reach them, and kernels starting together
        # no longer race for the same free port ("Address already in use").
        "KernelManager": {"transport": "ipc"},
        # A page left open, or closed while offline, leaves its kernel running.
        "MappingKernelManager": {"cull_idle_timeout": 900, "cull_interval": 60},
        # Not sent with a request another site starts, so a link or form elsewhere
        # cannot open a page (and start its kernel) as the learner.
        "PasswordIdentityProvider": {"cookie_options": {"samesite": "Strict"}},
        # Where a deployment turns on preheated kernels: Voilà starts the next kernel of a
        # page's pool, and runs the notebook in it, 1 s after the last one was taken, while
        # the page that took it is still loading (about 2 s here) and so slower by a third.
        # Refilling once that page is up costs the learner nothing.
        "VoilaKernelManager": {"fill_delay": 4},
    }


FULL_PAGE = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Too many pages open</title></head>
<body><main><h1>Too many pages are open</h1>
<p>mentorkit has {count} pages open at once, the most it runs together on this computer.
Close a tab or two you have finished with, then reload this page.</p>
<p>Nothing you have saved is affected.</p></main></body></html>
"""


def is_local(host: str) -> bool:
    """Whether a Host header (or an origin's host) names this computer: loopback only."""
    name = urlsplit(f"//{host}").hostname or ""
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return name == "localhost"


class _LocalOnly:
    """Refuse, before anything runs, a request naming another host or sent by another site.

    A web page elsewhere may reach this port through DNS rebinding (its own name, so its
    own Host), by script (its own Origin), or by an image or a no-cors fetch, which carry
    no Origin but do carry the browser's fetch metadata: all get 403. Only a link the
    learner follows to open a page is let through from elsewhere, and it still needs the
    token or the cookie, which another site's requests never carry (SameSite=Strict).
    """

    def prepare(self):
        request = self.request
        origin = request.headers.get("Origin")
        same_origin = origin is None or origin == f"{request.protocol}://{request.host}"
        site = request.headers.get("Sec-Fetch-Site", "same-origin")
        opened = (
            request.headers.get("Sec-Fetch-Mode") == "navigate"
            and request.headers.get("Sec-Fetch-Dest") == "document"
        )
        from_here = site in ("same-origin", "none") or opened
        if not (is_local(request.host) and same_origin and from_here):
            # Nobody is signed in on a refused request; Jupyter's error page asks.
            self.current_user = self._jupyter_current_user = None
            raise web.HTTPError(403)
        return super().prepare()


def _local_only(handler: type) -> type:
    return type(f"Local{handler.__name__}", (_LocalOnly, handler), {})


class _Refused(web.RequestHandler):
    def prepare(self) -> None:
        raise web.HTTPError(404)


class _TemplateFiles(TemplateStaticFileHandler):
    """Voilà's template files; a path that is not `NAME/static/FILE` is a 404, not a 500."""

    def parse_url_path(self, path: str) -> str:
        parts = path.split("/")
        if len(parts) < 3 or parts[1] != "static" or any(p.startswith(".") or not p for p in parts):
            raise web.HTTPError(404)
        return super().parse_url_path(path)


class _CourseFiles(AuthenticatedFileHandler):
    """A course image, for a signed-in learner, only where its real path lies in a served folder.

    The path is resolved first (`..`, its encodings and symbolic links alike), so the
    allowlist judges the file that would really be sent.
    """

    def initialize(self, path: str, **_: object) -> None:
        super().initialize(path=path)

    def get_absolute_path(self, root: str, path: str) -> str:
        real = Path(os.path.realpath(os.path.join(root, path)))
        for name in SERVED:
            folder = Path(os.path.realpath(os.path.join(root, name)))
            if real.is_relative_to(folder) and real.suffix.lower() in IMAGES:
                return str(real)
        raise web.HTTPError(404)


def peer_uid(request) -> int | None:
    """Whose process is at the other end of this loopback connection; None where the system
    does not say (Linux lists every TCP socket, with its owner, in /proc/net/tcp)."""
    try:
        sock = request.connection.stream.socket
        ends = (_tcp_address(*sock.getpeername()[:2]), _tcp_address(*sock.getsockname()[:2]))
        lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    except (AttributeError, OSError, ValueError):
        return None
    for line in lines:
        fields = line.split()
        if (fields[1], fields[2]) == ends:
            return int(fields[7])
    return None


def _tcp_address(host: str, port: int) -> str:
    """An IPv4 address and port as /proc/net/tcp writes them."""
    return f"{socket.inet_aton(host)[::-1].hex().upper()}:{port:04X}"


class _RequestInfo(RequestInfoSocketHandler):
    """Voilà's socket where a preheated kernel learns its page's request: this user's only.

    The kernel holds no token, so it cannot sign in; but it runs as this computer's user,
    and another user's process (which can read kernel ids from the process list) does not.
    """

    def get(self, *args, **kwargs):
        if os.path.exists("/proc/net/tcp") and peer_uid(self.request) != os.getuid():
            raise web.HTTPError(403)
        return super().get(*args, **kwargs)


SIGNED_OUT = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Signed out</title></head>
<body><main><h1>You have signed out</h1>
<p>This browser no longer opens your records. To come back, open the address mentorkit
printed in its terminal when it started.</p></main></body></html>
"""


class _SignOut(JupyterHandler):
    """Forget this browser's sign-in (Jupyter's own page for it needs files Voilà lacks)."""

    def get(self) -> None:
        self.identity_provider.clear_login_cookie(self)
        self.finish(SIGNED_OUT)


class _ShutdownOnClose(VoilaShutdownKernelHandler):
    """Shut a page's kernel down when the page closes.

    Voilà's page sends this beacon without an `_xsrf` token, so stock Voilà refuses it
    (403) and kernels pile up. The request must still be signed in, names a random kernel
    id that only the page holding that kernel knows, and comes from this server's own
    origin (`_LocalOnly`), so skipping the token check here is safe.
    """

    def check_xsrf_cookie(self) -> None:
        return None


#: A kernel no page has been connected to for this long was left by a page that closed
#: without saying so (a crashed or killed browser); a page still loading holds its kernel
#: busy, then connects within a second or two.
ABANDONED_AFTER = 30


async def _shut_abandoned(manager) -> None:
    """Shut down the kernels of pages that are gone, as Jupyter's culler would, sooner.

    The culler's own test is used (`cull_kernel_if_idle`: idle, not busy, no connection;
    Voilà's version spares a preheated pool's kernels), with a shorter wait.
    """
    usual = manager.cull_idle_timeout
    manager.cull_idle_timeout = ABANDONED_AFTER
    try:
        for kernel_id in list(manager.list_kernel_ids()):
            await manager.cull_kernel_if_idle(kernel_id)
    finally:
        manager.cull_idle_timeout = usual


def _capped(render: type) -> type:
    """The page handler, saying so in plain words when as many kernels run as we allow."""

    class Capped(render):
        @web.authenticated
        async def get(self, path=None):
            if "token" in self.request.query_arguments:
                # Signed in now, and the cookie set: the token leaves the address (the
                # browser's history, a screenshot) and never reaches the page's kernel.
                kept = [(k, v) for k, v in parse_qsl(self.request.query, True) if k != "token"]
                self.redirect(self.request.path + (f"?{urlencode(kept)}" if kept else ""))
                return
            allowed = self.settings.get("mentorkit_max_kernels", DEFAULT_MAX_KERNELS)
            if len(self.kernel_manager.list_kernel_ids()) >= allowed:
                await _shut_abandoned(self.kernel_manager)
            if len(self.kernel_manager.list_kernel_ids()) >= allowed:
                self.set_status(503)
                self.set_header("Retry-After", "30")
                self.finish(FULL_PAGE.format(count=allowed))
                return
            await super().get(path)

    return Capped


class MentorkitVoila(Voila):
    """Voilà serving only the course and the workbook.

    One route is open without the token: `/voila/query/KERNEL`, where a preheated kernel
    itself (which holds no token) asks for the request of the page that took it. It
    answers only processes of this computer's user (`_RequestInfo`).
    """

    name = "mentorkit-voila"

    def init_handlers(self) -> list:
        kept = []
        for handler in super().init_handlers():
            pattern = handler[0]
            if pattern.endswith("/voila/render/(.*)"):
                render = pattern.replace("/voila/render/(.*)", RENDER_PATTERN)
                kept.append((render, _capped(handler[1]), *handler[2:]))
            elif pattern.endswith("/voila/api/shutdown/(.*)"):
                kept.append((pattern, _ShutdownOnClose))
            elif pattern.endswith("/voila/templates/(.*)"):
                kept.append((pattern, _TemplateFiles))
            elif pattern.endswith("/voila/files/(.*)"):
                kept.append((pattern, _CourseFiles, {"path": self.root_dir}))
            elif pattern.endswith("/logout"):
                kept.append((pattern, _SignOut))
            elif "/voila/query/" in pattern:
                kept.append((pattern, _RequestInfo, *handler[2:]))
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
        return [(pattern, _local_only(cls), *rest) for pattern, cls, *rest in kept]


def use_our_templates() -> None:
    """Put mentorkit's Voilà template where Voilà (and the kernels it starts) look."""
    ours = str(Path(__file__).parent / "share" / "jupyter")
    paths = os.environ.get("JUPYTER_PATH", "").split(os.pathsep)
    if ours not in paths:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([ours, *filter(None, paths)])


def sign_in(folder: Path | None = None) -> tuple[str, bytes]:
    """The token and cookie secret this computer's user signs in with, made once and kept.

    They live in a 0600 file in Jupyter's runtime folder, as `jupyter server` keeps its own,
    so a restarted server takes the same token and a bookmarked link or a signed-in tab
    still works. A file that anyone else could read is not trusted: new ones are made.
    """
    from jupyter_core.paths import jupyter_runtime_dir

    folder = Path(folder or jupyter_runtime_dir())
    kept = folder / "mentorkit-serve.json"
    try:
        if kept.stat().st_uid == os.getuid() and not kept.stat().st_mode & 0o077:
            saved = json.loads(kept.read_text())
            return saved["token"], bytes.fromhex(saved["cookie_secret"])
    except (OSError, ValueError, KeyError, TypeError):
        pass  # none yet, or unreadable: make new ones
    token, secret = secrets.token_hex(24), secrets.token_bytes(32)
    with private_file(kept) as partial:
        partial.write_text(json.dumps({"token": token, "cookie_secret": secret.hex()}))
    return token, secret


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
    args, extra = parser.parse_known_args(argv)
    root = Path(args.root).resolve()
    missing = [name for name in SERVED if not (root / name).is_dir()]
    if missing:
        sys.exit(
            f"{root} has no {' or '.join(missing)}/ folder: run this from the mentorkit folder."
        )
    use_our_templates()
    runtime = Path(jupyter_runtime_dir())
    token, cookie_secret = sign_in(runtime)
    app = MentorkitVoila(config=Config(settings(args.port, token, cookie_secret, args.max_kernels)))
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


if __name__ == "__main__":
    main()
