"""What a gunicorn master's worker processes use while load runs: their peak resident memory,
sampled, and the CPU time they spend, which scheduling noise on a shared machine barely moves."""

from __future__ import annotations

import threading
from types import TracebackType

import psutil

MIB = 1024 * 1024


def worker_processes(master_pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(master_pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def worker_cpu_seconds(master_pid: int) -> float:
    total = 0.0
    for process in worker_processes(master_pid):
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


class WorkerUsage:
    """Samples RSS every `interval_s` in a thread and takes the CPU time spent in between; use as
    a context manager around a load run."""

    def __init__(self, master_pid: int, interval_s: float = 0.1) -> None:
        self._master_pid = master_pid
        self._interval_s = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample_until_stopped, daemon=True)
        self.samples = 0
        self.peak_worker_bytes = 0
        self.peak_total_bytes = 0
        self.cpu_seconds = 0.0

    def _sample_once(self) -> None:
        sizes = []
        for process in worker_processes(self._master_pid):
            try:
                sizes.append(process.memory_info().rss)
            except psutil.NoSuchProcess:
                continue
        if sizes:
            self.samples += 1
            self.peak_worker_bytes = max(self.peak_worker_bytes, *sizes)
            self.peak_total_bytes = max(self.peak_total_bytes, sum(sizes))

    def _sample_until_stopped(self) -> None:
        while True:
            self._sample_once()
            if self._stop.wait(self._interval_s):
                return

    @property
    def peak_worker_mib(self) -> float:
        return round(self.peak_worker_bytes / MIB, 1)

    def cpu_us_per_request(self, requests: int) -> float:
        return round(self.cpu_seconds * 1e6 / requests, 1) if requests else 0.0

    def __enter__(self) -> WorkerUsage:
        self.cpu_seconds = -worker_cpu_seconds(self._master_pid)
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
        self._sample_once()
        self.cpu_seconds += worker_cpu_seconds(self._master_pid)
