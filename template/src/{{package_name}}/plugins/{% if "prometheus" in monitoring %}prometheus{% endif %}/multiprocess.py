"""Gunicorn's hooks for Prometheus's multiprocess mode, which `gunicorn_conf` installs.

This module must not import `prometheus_client` at the top: the library picks its storage when it
is first imported, and the master process has to set PROMETHEUS_MULTIPROC_DIR before that.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

MULTIPROCESS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


def when_ready(server: object) -> None:
    """Switch Prometheus to multiprocess mode before the workers start.

    Each worker then writes its metrics to files in PROMETHEUS_MULTIPROC_DIR, and /metrics adds
    them up. The directory is a fresh one unless the variable names one, whose files from an
    earlier run are deleted: counts must start from zero.
    """
    given = os.environ.get(MULTIPROCESS_DIR_VARIABLE)
    # On tmpfs where there is one, like the workers' heartbeats.
    tmpfs = "/dev/shm" if Path("/dev/shm").is_dir() else None  # noqa: S108
    directory = Path(given or tempfile.mkdtemp(prefix="metrics-", dir=tmpfs))
    for stale in directory.glob("*.db"):
        stale.unlink()
    os.environ[MULTIPROCESS_DIR_VARIABLE] = str(directory)


def child_exit(server: object, worker: Any) -> None:
    """Drop a dead worker's gauges (requests in progress, its pool) from the sums."""
    from prometheus_client import multiprocess  # imported once when_ready has run

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
