"""`python -m bench.pool_check`: what the pooled-connection check costs per session.

The rendered default variant replaces pooled connections whose socket is closed when they are
checked out. This compares that check with no check and with SQLAlchemy's `pool_pre_ping`, in
one process, on three engines side by side: interleaved rounds of sessions that each run one
`SELECT`. Results: docs/benchmarks.md, "The pooled-connection check".
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench.database import postgres_server, scratch_database, sqlalchemy_url
from bench.project import render_and_install
from tests.project_runner import run_in_project

# Runs inside the rendered project: argv is the package, the database URL, rounds, sessions.
_PROBE = """
import asyncio, importlib, statistics, sys, time
from sqlalchemy import event, literal, select

session_module = importlib.import_module(sys.argv[1] + ".db.session")
url, rounds, sessions = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])


def database(mode):
    db = session_module.Database(url, pool_size=2)
    if mode != "check":
        event.remove(db.engine.sync_engine, "checkout", session_module._discard_closed_connection)
    db.engine.sync_engine.pool._pre_ping = mode == "pre_ping"
    return db


async def per_session_us(db, count):
    started = time.perf_counter()
    for _ in range(count):
        async with db.sessionmaker() as session:
            await session.scalar(select(literal(1)))
    return (time.perf_counter() - started) / count * 1e6


async def main():
    dbs = {mode: database(mode) for mode in ("none", "check", "pre_ping")}
    for db in dbs.values():
        await per_session_us(db, sessions // 5)
    found = {mode: [] for mode in dbs}
    for _ in range(rounds):
        for mode, db in dbs.items():
            found[mode].append(await per_session_us(db, sessions))
    base = statistics.median(found["none"])
    for mode, values in found.items():
        median = statistics.median(values)
        print(f"{mode:<9} {median:8.1f} us per session  {median / base:5.2f} x no check")
    for db in dbs.values():
        await db.dispose()


asyncio.run(main())
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pool_check", description=__doc__)
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds per engine")
    parser.add_argument("--sessions", type=int, default=1_000, help="sessions per round")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fastapi-stack-pool-check-") as tmp:
        work = Path(tmp)
        project = render_and_install(work / "project")
        with postgres_server(work) as server, scratch_database(server.url) as database:
            print(
                run_in_project(
                    project.root,
                    str(project.python),
                    "-c",
                    _PROBE,
                    project.package,
                    sqlalchemy_url(database.url),
                    str(args.rounds),
                    str(args.sessions),
                ),
                end="",
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
