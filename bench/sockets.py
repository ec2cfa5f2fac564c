"""`python -m bench.sockets`: what the WebSocket layer costs at a thousand sockets.

It renders the default variant with `realtime` on (and `use_redis` with `--redis`), runs it
under its gunicorn with one worker, and opens `--sockets` sockets for one user. It reports:

- the worker's memory per idle socket: its unique memory (USS) with every socket open and
  quiet, less its memory with one open, over the number of sockets;
- fan-out latency: for each of `--events` items created through the API, one at a time, the
  time from sending the request that commits it until each socket has the item's event;
  p50, p99 and the maximum over every delivery;
- revocation latency: `--revocations` times, with those sockets still open, the user signs in
  again, opens `--revoked-sockets` sockets on the new session, and revokes it through the API
  from the first one; the time from sending the revocation until each of the new sockets is
  closed with 4401. The revocation takes the path it takes between processes: the outbox, the
  relay, the fan-out.

The client is one asyncio process, so the latencies include its own turn to read each socket.
Results: docs/benchmarks.md, "WebSockets".
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import resource
import statistics
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from bench.client import login, register, request
from bench.database import postgres_server, scratch_database, verify_email
from bench.layers import server_env
from bench.project import Project, migrate, render_and_install, start_server
from bench.runner import DATABASE_VARIABLES, server_settings
from tests.project_runner import project_env
from tests.variants import DEFAULT_VARIANT

EMAIL = "sockets@example.com"
PASSWORD = "a long enough bench password"  # noqa: S105
SETTLE_SECONDS = 2.0
# The close code of a socket whose session ended (the template's `realtime/schemas.py`).
UNAUTHENTICATED = 4401


@dataclass(frozen=True)
class SocketReport:
    sockets: int
    events: int
    fanout: str
    bytes_per_socket: float
    latencies_ms: list[float]
    revocation_latencies_ms: list[float]

    def as_dict(self) -> dict[str, Any]:
        return {
            "sockets": self.sockets,
            "events": self.events,
            "fanout": self.fanout,
            "deliveries": len(self.latencies_ms),
            "kib_per_idle_socket": round(self.bytes_per_socket / 1024, 1),
            "latency_ms": summary(self.latencies_ms),
            "revoked_sockets": len(self.revocation_latencies_ms),
            "revocation_ms": summary(self.revocation_latencies_ms),
        }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(latencies_ms: list[float]) -> dict[str, float]:
    return {
        "p50": round(percentile(latencies_ms, 0.50), 1),
        "p99": round(percentile(latencies_ms, 0.99), 1),
        "max": round(max(latencies_ms), 1),
        "mean": round(statistics.fmean(latencies_ms), 1),
    }


class Listener:
    """One authenticated socket that answers pings and notes when each item event arrives, and
    when the server closes it."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.arrivals: asyncio.Queue[float] = asyncio.Queue()
        self.closed = asyncio.Event()
        self.closed_at = 0.0

    async def listen(self) -> None:
        try:
            async for raw in self.socket:
                message = json.loads(raw)
                if message["type"] == "ping":
                    await self.socket.send(json.dumps({"type": "pong"}))
                elif message["type"] == "event" and message["topic"] == "item.created":
                    self.arrivals.put_nowait(time.perf_counter())
        except ConnectionClosed:
            pass
        self.closed_at = time.perf_counter()
        self.closed.set()


async def open_listener(url: str, token: str) -> Listener:
    socket = await connect(url, open_timeout=60, max_queue=None)
    await socket.send(json.dumps({"type": "authenticate", "token": token}))
    ready = json.loads(await asyncio.wait_for(socket.recv(), timeout=60))
    if ready["type"] != "ready":
        raise RuntimeError(f"the socket was not accepted: {ready}")
    return Listener(socket)


@asynccontextmanager
async def listeners(url: str, token: str, count: int) -> AsyncIterator[list[Listener]]:
    opened: list[Listener] = []
    tasks: list[asyncio.Task[None]] = []
    try:
        for _ in range(count):  # one at a time: the worker's accept queue stays short
            listener = await open_listener(url, token)
            opened.append(listener)
            tasks.append(asyncio.create_task(listener.listen()))
        yield opened
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*(listener.socket.close() for listener in opened))


def unique_memory(pid: int) -> int:
    return int(psutil.Process(pid).memory_full_info().uss)


def session_id(token: str) -> str:
    """The `sid` claim of an access token, read without checking it (the server does)."""
    payload = token.split(".")[1]
    return str(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["sid"])


async def revocation_latencies(
    base_url: str, url: str, token: str, rounds: int, per_round: int
) -> list[float]:
    latencies: list[float] = []
    for _ in range(rounds):
        doomed_token = await asyncio.to_thread(login, base_url, EMAIL, PASSWORD)
        path = f"/api/v1/users/me/sessions/{session_id(doomed_token)}"
        async with listeners(url, doomed_token, per_round) as doomed:
            sent = time.perf_counter()
            reply = await asyncio.to_thread(request, base_url, "DELETE", path, token=token)
            if reply.status != 204:
                raise RuntimeError(f"revoking answered {reply.status}: {reply.body[:300]!r}")
            await asyncio.wait_for(
                asyncio.gather(*(listener.closed.wait() for listener in doomed)), timeout=60
            )
            codes = {listener.socket.close_code for listener in doomed}
            if codes != {UNAUTHENTICATED}:
                raise RuntimeError(f"the revoked session's sockets closed with {codes}")
            latencies += [(listener.closed_at - sent) * 1000 for listener in doomed]
    return latencies


async def measure(
    base_url: str, worker: int, token: str, options: argparse.Namespace
) -> tuple[float, list[float], list[float]]:
    sockets, events = options.sockets, options.events
    url = base_url.replace("http://", "ws://", 1) + "/api/v1/ws"
    async with listeners(url, token, 1):
        await asyncio.sleep(SETTLE_SECONDS)
        before = unique_memory(worker)
    async with listeners(url, token, sockets) as opened:
        await asyncio.sleep(SETTLE_SECONDS)
        per_socket = (unique_memory(worker) - before) / sockets
        latencies: list[float] = []
        for number in range(events):
            body = json.dumps({"title": f"Fan-out {number}"})
            sent = time.perf_counter()
            reply = await asyncio.to_thread(
                request,
                base_url,
                "POST",
                "/api/v1/items",
                body=body,
                content_type="application/json",
                token=token,
            )
            if reply.status != 201:
                raise RuntimeError(
                    f"creating an item answered {reply.status}: {reply.body[:300]!r}"
                )
            arrivals = await asyncio.wait_for(
                asyncio.gather(*(listener.arrivals.get() for listener in opened)), timeout=60
            )
            latencies += [(arrived - sent) * 1000 for arrived in arrivals]
        revocations = await revocation_latencies(
            base_url, url, token, options.revocations, options.revoked_sockets
        )
    return per_socket, latencies, revocations


def raise_open_file_limit(sockets: int) -> None:
    """Both ends of every socket need a descriptor; the server inherits the limit from here."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = sockets + 256
    if soft < wanted:
        if hard != resource.RLIM_INFINITY and hard < wanted:
            raise SystemExit(f"{sockets} sockets need {wanted} open files; the limit is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def run(
    project: Project, work: Path, answers: dict[str, Any], options: argparse.Namespace
) -> SocketReport:
    inherited = {k: v for k, v in project_env().items() if k not in DATABASE_VARIABLES}
    most_sockets = options.sockets + options.revoked_sockets
    with postgres_server(work) as server, scratch_database(server.url) as database:
        env = {
            **inherited,
            **server_settings(database),
            **server_env(answers, sink=""),
            "REALTIME_MAX_CONNECTIONS_PER_USER": str(most_sockets),
        }
        migrate(project, env)
        service = start_server("service", project, project.service_app, env, work / "logs")
        try:
            register(service.base_url, EMAIL, PASSWORD, "Socket Bench")
            verify_email(database, EMAIL)
            token = login(service.base_url, EMAIL, PASSWORD)
            (worker,) = service.worker_pids()
            per_socket, latencies, revocations = asyncio.run(
                measure(service.base_url, worker, token, options)
            )
        finally:
            service.stop()
    fanout = "Redis pub/sub" if answers["use_redis"] else "PostgreSQL LISTEN/NOTIFY"
    return SocketReport(options.sockets, options.events, fanout, per_socket, latencies, revocations)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sockets", description=__doc__)
    parser.add_argument("--sockets", type=int, default=1_000, help="sockets open at once")
    parser.add_argument("--events", type=int, default=30, help="items created, one at a time")
    parser.add_argument("--revocations", type=int, default=10, help="sessions revoked, in turn")
    parser.add_argument(
        "--revoked-sockets", type=int, default=10, help="sockets open on each revoked session"
    )
    parser.add_argument("--redis", action="store_true", help="fan out over the Redis in REDIS_URL")
    parser.add_argument("--json", type=Path, help="also write the report to this file")
    args = parser.parse_args(argv)
    if args.redis and not os.environ.get("REDIS_URL"):
        parser.error("--redis needs REDIS_URL")
    raise_open_file_limit(args.sockets + args.revoked_sockets)
    answers = {**DEFAULT_VARIANT.answers, "realtime": True, "use_redis": args.redis}
    with tempfile.TemporaryDirectory(prefix="fastapi-stack-sockets-") as tmp:
        work = Path(tmp)
        project = render_and_install(work / "project", answers)
        report = run(project, work, answers, args).as_dict()
    print(json.dumps(report, indent=2))
    if args.json is not None:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
