"""Capture what the app logs through loguru."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from loguru import logger


@contextmanager
def captured_logs() -> Iterator[list[dict[str, Any]]]:
    """Each record as a dict: its `extra` fields plus `message`, `level` and `exception`.

    Start capturing after the app's lifespan has begun: its logging setup replaces all sinks.
    """
    records: list[dict[str, Any]] = []
    handler_id = logger.add(
        lambda message: records.append(
            {
                **message.record["extra"],
                "message": message.record["message"],
                "level": message.record["level"].name,
                "exception": message.record["exception"],
            }
        ),
        level="DEBUG",
    )
    try:
        yield records
    finally:
        logger.remove(handler_id)
