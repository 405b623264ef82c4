"""Who may reach the server at all: this computer only, not another site, and for the one
route a kernel itself uses, this computer's user only."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path
from urllib.parse import urlsplit

from tornado import web
from voila.request_info_handler import RequestInfoSocketHandler


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


def local_only(handler: type) -> type:
    return type(f"Local{handler.__name__}", (_LocalOnly, handler), {})


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


class KernelRequestSocket(RequestInfoSocketHandler):
    """Voilà's socket where a preheated kernel learns its page's request: this user's only.

    The kernel holds no token, so it cannot sign in; but it runs as this computer's user,
    and another user's process (which can read kernel ids from the process list) does not.
    """

    def get(self, *args, **kwargs):
        if os.path.exists("/proc/net/tcp") and peer_uid(self.request) != os.getuid():
            raise web.HTTPError(403)
        return super().get(*args, **kwargs)

    def write_message(self, message, binary=False):
        """Send the page's request to its kernel, which may be gone already: a page left
        the moment it was opened has its kernel shut down while this is on its way. Voilà
        neither awaits nor catches that, and the terminal showed a traceback."""
        from tornado.concurrent import Future
        from tornado.websocket import WebSocketClosedError

        try:
            sent = super().write_message(message, binary)
        except WebSocketClosedError:
            sent = Future()
            sent.set_result(None)
        sent.add_done_callback(_nobody_waits)
        return sent


def _nobody_waits(sent) -> None:
    """A message no one could read any more: nothing to do, and nothing to say."""
    if not sent.cancelled():
        sent.exception()  # taken, so asyncio does not report it as never retrieved
