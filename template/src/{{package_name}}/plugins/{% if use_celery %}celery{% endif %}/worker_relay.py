"""The outbox's relay in a Celery worker: on a thread of the worker's main process, with an event
loop of its own, from the moment the worker is ready until it shuts down.

One relay per worker, whatever its concurrency: the processes that run tasks stay free for them.
Relays in several workers share the events safely (`outbox/relay.py`).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable

from celery import Celery
from celery.signals import worker_ready, worker_shutdown
from loguru import logger

# Runs the relay until the event is set.
RelayRun = Callable[[asyncio.Event], Awaitable[None]]
# How long a stopping worker waits for the relay to let go of the event it is delivering.
STOP_TIMEOUT_SECONDS = 30.0


class RelayThread:
    def __init__(self, run: RelayRun) -> None:
        self._run = run
        self._started = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._main, name="outbox-relay", daemon=True)

    def start(self) -> None:
        self._thread.start()
        self._started.wait()

    def stop(self) -> None:
        if self._loop is not None and self._stopping is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stopping.set)
        self._thread.join(STOP_TIMEOUT_SECONDS)

    def _main(self) -> None:
        try:
            asyncio.run(self._serve())
        except Exception:  # noqa: BLE001  # the worker runs on, and says why events wait
            logger.exception("Outbox: the worker's relay stopped")
        finally:
            self._started.set()

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        self._started.set()
        await self._run(self._stopping)


def relay_in_worker(app: Celery, run: RelayRun) -> None:
    """Run `run` beside each worker of `app`; beat and the API's client of the workers run none."""
    relays: list[RelayThread] = []

    def start(sender: object, **_: object) -> None:
        if getattr(sender, "app", None) is app:
            relay = RelayThread(run)
            relay.start()
            relays.append(relay)

    def stop(sender: object, **_: object) -> None:
        if getattr(sender, "app", None) is app:
            while relays:
                relays.pop().stop()

    worker_ready.connect(start, weak=False)
    worker_shutdown.connect(stop, weak=False)
