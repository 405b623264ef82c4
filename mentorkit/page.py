"""The page a view lives on: the learner's store, the kernel's loop, and the moment Voilà's
request for the page really arrives (a preheated kernel runs the notebook before that)."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # asyncio costs a plain interpreter 45 ms to import; a kernel has it
    import asyncio

log = logging.getLogger(__name__)

UNEXPECTED = (
    "Something went wrong and this was not saved. Everything you typed is still here: "
    "copy anything long somewhere safe, then try again."
)


def open_store(store: Any = None) -> Any:
    """The store given, else the learner's own (opened on first use)."""
    if store is not None:
        return store
    from mentorkit.store import Store

    return Store.open()


#: Actions waiting for the request a preheated kernel was started ahead of.
_waiting: list[Callable[[], None]] = []
_requested = threading.Event()


def _preheated() -> bool:
    """In a kernel Voilà started before any page asked for it, which has not yet been asked."""
    return os.environ.get("VOILA_PREHEAT") == "True" and not _requested.is_set()


def when_requested(action: Callable[[], None]) -> None:
    """Run `action` once the page is really asked for: at once, except in a preheated kernel.

    With `preheat_kernel`, Voilà runs a notebook before anyone opens it; a draft or an entry
    list read then would be stale when the learner arrives. So what depends on that moment
    waits for Voilà's request, while the widgets themselves are built ahead. Voilà's
    `wait_for_request` blocks, and a notebook cell blocked for longer than the executor's
    timeout loses its output, so it waits on a thread and the action runs on the kernel's
    own loop, before the page can ask for any widget's state.
    """
    loop = kernel_loop()
    if not _preheated() or loop is None:
        action()
        return
    _waiting.append(action)
    if len(_waiting) == 1:
        threading.Thread(target=_wait_for_request, args=(loop,), daemon=True).start()


def kernel_loop() -> asyncio.AbstractEventLoop | None:
    """The running kernel's event loop (None outside a kernel, e.g. in a test or a script)."""
    from IPython import get_ipython

    if getattr(get_ipython(), "kernel", None) is None:
        return None
    import asyncio

    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _wait_for_request(loop: asyncio.AbstractEventLoop) -> None:
    try:
        for name, value in _request_info().items():
            os.environ[name] = value  # as Voilà's own `wait_for_request` leaves them
    except Exception:  # no request info: run anyway, late rather than never
        log.warning("could not wait for Voilà's request", exc_info=True)
    loop.call_soon_threadsafe(_run_waiting)


def _request_info() -> dict[str, str]:
    """Wait for the request of the page this kernel was preheated for, as Voilà's
    `voila.utils.wait_for_request` does, over the same socket (`/voila/query/KERNEL`).

    Not Voilà's function itself: importing `voila.utils` brings in JupyterLab's server and
    takes over a second, and a page opened while its kernel was still preheating was shown
    before that second was up, so its form was filled in after the learner began typing.
    """
    import json

    from websockets.sync.client import connect

    protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    kernel = os.environ["VOILA_KERNEL_ID"]
    with connect(f"{protocol}://{host}:{port}{base}voila/query/{kernel}", open_timeout=5) as ws:
        return json.loads(ws.recv())


def _run_waiting() -> None:
    _requested.set()
    while _waiting:
        action = _waiting.pop(0)
        try:
            action()
        except Exception:
            log.exception("a view could not load what the page shows")
