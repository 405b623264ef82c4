"""What the server sends: notebook pages (capped, the token taken out of the address), course
pictures, Voilà's template files, and the beacon that shuts a closed page's kernel."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from jupyter_server.base.handlers import AuthenticatedFileHandler
from tornado import web
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.static_file_handler import TemplateStaticFileHandler

from mentorkit.serve.config import DEFAULT_MAX_KERNELS, SERVED

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


class ShutdownOnClose(VoilaShutdownKernelHandler):
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
            if len(self.kernel_manager.list_kernel_ids()) >= allowed:
                await _shut_abandoned(self.kernel_manager)
            if len(self.kernel_manager.list_kernel_ids()) >= allowed:
                self.set_status(503)
                self.set_header("Retry-After", "30")
                self.finish(FULL_PAGE.format(count=allowed))
                return
            await super().get(path)

    return Capped
