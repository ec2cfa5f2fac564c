"""Tasks a process runs beside its requests (the outbox's relay, a fan-out's listener), and how
they stop."""

from __future__ import annotations

import asyncio
from contextlib import suppress
from typing import Any


async def stop(task: asyncio.Task[Any]) -> None:
    """Cancel `task` and wait until it ends. It is cancelled again every second: a cancellation
    swallowed by a library the task is awaiting must not hold the shutdown."""
    while not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=1)
    with suppress(asyncio.CancelledError):
        await task
