"""The one way tests (and the benchmarks) pick a port: a free one on loopback."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A loopback port that nothing listens on now, for a server the test is about to start."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
