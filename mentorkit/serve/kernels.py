"""The kernels pages hold: which are a page's and which wait preheated in Voilà's pools, and
shutting down those whose page has gone (see docs/architecture.md, Serving)."""

from __future__ import annotations

from datetime import UTC, datetime

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager


class PageKernels(AsyncMappingKernelManager):
    """Jupyter's kernel manager, whose culler shuts a kernel down once, quietly.

    The culler's round and a page that finds the cap reached (`shut_abandoned`) may look
    at the same kernel together; Jupyter's own check then met a kernel the other had just
    shut down and printed a traceback (`KeyError`). The test is Jupyter's: not busy, no
    page connected, idle for `cull_idle_timeout` (Voilà's subclass spares its pools).
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._leaving: set[str] = set()

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        kernel = self._kernels.get(kernel_id)
        if kernel is None or kernel_id in self._leaving:
            return
        state = getattr(kernel, "execution_state", None)
        last = getattr(kernel, "last_activity", None)
        idle = last is not None and _seconds_since(last) > self.cull_idle_timeout
        gone = idle and state != "busy" and not self._kernel_connections.get(kernel_id, 0)
        if state != "dead" and not gone:
            return
        self._leaving.add(kernel_id)
        try:
            self.log.info("Shutting down kernel %s: its page has gone", kernel_id)
            await self.shutdown_kernel(kernel_id)
        finally:
            self._leaving.discard(kernel_id)


def _seconds_since(moment: datetime) -> float:
    return (datetime.now(UTC) - moment).total_seconds()


async def shut_abandoned(manager) -> None:
    """Shut down the kernels of pages that are gone now, not at the culler's next round."""
    for kernel_id in list(manager.list_kernel_ids()):
        await manager.cull_kernel_if_idle(kernel_id)


def _pooled(manager, notebook: str | None = None) -> set[str]:
    """Kernels waiting, preheated, in Voilà's pools (one notebook's, or all): no page has
    them yet. Voilà keeps its pools as tasks, and names no public way to list them."""
    pools = getattr(manager, "_pools", {})
    tasks = pools.get(notebook, ()) if notebook else [t for p in pools.values() for t in p]
    return {
        task.result()["kernel_id"]
        for task in tasks
        if task.done() and not task.cancelled() and task.exception() is None
    }


def pages_open(manager) -> int:
    """Kernels that pages hold: the cap counts these, not the pools' (one a notebook)."""
    return len(set(manager.list_kernel_ids()) - _pooled(manager))


def taken_now(manager, notebook: str) -> None:
    """The pool's kernel this page is about to take counts as active from now: it may have
    waited idle for longer than the culler allows, and its page has not connected yet."""
    now = datetime.now(UTC)
    for kernel_id in _pooled(manager, notebook):
        manager.get_kernel(kernel_id).last_activity = now
