"""What the server sends: notebook pages (capped, the token taken out of the address), course
pictures, Voilà's template files, the kernel's socket, and the beacon that shuts a closed
page's kernel."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from jupyter_server.base.handlers import AuthenticatedFileHandler
from jupyter_server.services.contents.largefilemanager import LargeFileManager
from tornado import web
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.static_file_handler import TemplateStaticFileHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from mentorkit.serve.config import DEFAULT_MAX_KERNELS, SERVED
from mentorkit.serve.kernels import pages_open, shut_abandoned, taken_now

FULL_PAGE = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Too many pages open</title></head>
<body><main><h1>Too many pages are open</h1>
<p>mentorkit has {count} pages open at once, the most it runs together on this computer.
Close a tab or two you have finished with, then reload this page.</p>
<p>Nothing you have saved is affected.</p></main></body></html>
"""


class Refused(web.RequestHandler):
    def prepare(self) -> None:
        raise web.HTTPError(404)


class TemplateFiles(TemplateStaticFileHandler):
    """Voilà's template files; a path that is not `NAME/static/FILE` is a 404, not a 500."""

    def parse_url_path(self, path: str) -> str:
        parts = path.split("/")
        if len(parts) < 3 or parts[1] != "static" or any(p.startswith(".") or not p for p in parts):
            raise web.HTTPError(404)
        return super().parse_url_path(path)


class CourseFiles(AuthenticatedFileHandler):
    """A course image, for a signed-in learner, only where its real path lies in a served folder.

    The path is resolved first (`..`, its encodings and symbolic links alike), so Voilà's
    allowlist (`file_allowlist`, `file_denylist`) judges the file that would really be sent.
    """

    def initialize(self, path: str, allowlist=(), denylist=(), **_: object) -> None:
        super().initialize(path=path)
        self.allowlist, self.denylist = allowlist, denylist

    def get_absolute_path(self, root: str, path: str) -> str:
        top = Path(os.path.realpath(root))
        real = Path(os.path.realpath(top / path))
        if not any(real.is_relative_to(top / name) for name in SERVED):
            raise web.HTTPError(404)
        relative = real.relative_to(top).as_posix()
        allowed = any(re.fullmatch(pattern, relative, re.IGNORECASE) for pattern in self.allowlist)
        if not allowed or any(re.fullmatch(p, relative, re.IGNORECASE) for p in self.denylist):
            raise web.HTTPError(404)
        return str(real)


class CourseContents(LargeFileManager):
    """The notebooks, as Voilà reads them: the course's own, so trusted.

    Trust is the notebook interface's check that stored outputs were made here; Voilà
    runs every notebook afresh and shows only what it made, and Jupyter's notary (a
    signature per notebook) said "Notebook … is not trusted" on every page opened.
    """

    def mark_trusted_cells(self, nb, path: str = "") -> None:
        self.notary.mark_cells(nb, True)


class KernelSocket(VoilaKernelWebsocketHandler):
    """A page's socket to its kernel, which stops quietly when the page has already gone.

    A page left just after loading closes its socket while Jupyter is still readying the
    kernel's connection. Jupyter then counted a connection down that it had never counted
    up, so the kernel looked connected for ever (-1) and was never culled; and it went on
    to the handshake with no connection (`AttributeError: 'NoneType' object has no
    attribute 'kernel_ws_protocol'`, then a 500 page).
    """

    opened = False

    async def pre_get(self) -> None:
        await super().pre_get()
        if self.connection is None or self._on_close_called:
            raise _Gone

    async def get(self, kernel_id):
        try:
            await super().get(kernel_id)
        except _Gone:
            pass

    async def open(self, kernel_id):
        self.opened = True
        await super().open(kernel_id)

    def select_subprotocol(self, subprotocols):
        if self.connection is None:
            return None
        return super().select_subprotocol(subprotocols)

    def on_close(self) -> None:
        connection, self.connection = self.connection, None
        if connection is None:
            return
        if self.opened:
            self.connection = connection
            super().on_close()
            return
        # never connected: forget the session it registered and its kernel_info request
        if connection._open_sessions.get(connection.session_key) is self:
            connection._open_sessions.pop(connection.session_key)
        channel = connection.kernel_info_channel
        if channel is not None and not channel.closed():
            channel.close()


class _Gone(Exception):
    """The page closed its socket before it was open."""


class ShutdownOnClose(VoilaShutdownKernelHandler):
    """Shut a page's kernel down when the page closes.

    Voilà's page sends this beacon without an `_xsrf` token, so stock Voilà refuses it
    (403) and kernels pile up. The request must still be signed in, names a random kernel
    id that only the page holding that kernel knows, and comes from this server's own
    origin (`_LocalOnly`), so skipping the token check here is safe.
    """

    def check_xsrf_cookie(self) -> None:
        return None


def capped(render: type) -> type:
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
            if pages_open(self.kernel_manager) >= allowed:
                await shut_abandoned(self.kernel_manager)
            if pages_open(self.kernel_manager) >= allowed:
                self.set_status(503)
                self.set_header("Retry-After", "30")
                self.finish(FULL_PAGE.format(count=allowed))
                return
            taken_now(self.kernel_manager, path)
            await super().get(path)

    return Capped
