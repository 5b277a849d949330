"""A piece of work repeated in the background while an app runs (revocation lists, flushes)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger("kc.tasks")


class Periodic:
    """Runs `work` every `interval` seconds until `stop()`. A failure is logged and the loop goes
    on: one bad round must not end what keeps a process safe (its revocation list, say)."""

    def __init__(self, name: str, work: Callable[[], Awaitable[None]], interval: float) -> None:
        self.name, self.work, self.interval = name, work, interval
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            try:
                await self.work()
            except Exception as exc:
                log.warning("%s: %s: %s", self.name, type(exc).__name__, exc)
            await asyncio.sleep(self.interval)
