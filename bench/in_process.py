"""`python -m bench.in_process`: the app's own CPU time per request, with no server or load tool.

Each measurement starts the rendered default variant's app in a process of its own, drives it
through ASGI one request after another, and reads the process's CPU time: what the app's code
costs per request on each route, without the HTTP server's, wrk's or PostgreSQL's share of the
cores, so far steadier than a loaded run. `--ref NAME=GITREF` measures the service at other
commits of this repository too, the apps taking turns round by round. Results:
docs/benchmarks.md, "Levers, one at a time".
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path

from bench.database import postgres_server, scratch_database
from bench.project import Project, migrate, render_and_install
from bench.runner import server_settings
from tests.project_runner import run_in_project

ROUTES = {
    "health": "/health/live",
    "me": "/api/v1/users/me",
    "items": "/api/v1/items?limit=20&offset=0",
}

# Runs inside the rendered project, with the production settings in its environment: argv is the
# package, the requests per route, and the routes as JSON. Prints CPU µs per request by route.
_PROBE = """
import asyncio, importlib, json, os, sys, time, uuid
from urllib.parse import urlencode

from sqlalchemy import text

package, requests, routes = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
create_app = importlib.import_module(package + ".main").create_app


async def call(app, method, target, body=b"", content_type=None, token=None):
    path, _, query = target.partition("?")
    headers = [(b"host", b"localhost")]
    if content_type:
        headers.append((b"content-type", content_type.encode()))
    if token:
        headers.append((b"authorization", f"Bearer {token}".encode()))
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": query.encode(),
        "root_path": "", "headers": headers, "client": ("127.0.0.1", 50000),
        "server": ("localhost", 80), "state": {},
    }
    reply = {"body": b""}

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        if message["type"] == "http.response.start":
            reply["status"] = message["status"]
        else:
            reply["body"] += message.get("body", b"")

    await app(scope, receive, send)
    return reply["status"], reply["body"]


def database_of(app):
    # The app holds its resources since the feature packages; older commits kept app.state.
    resources = getattr(app, "resources", None)
    return app.state.database if resources is None else resources.database


async def sign_up(app):
    email, password = f"in-process-{uuid.uuid4().hex[:8]}@example.com", "correct horse battery"
    account = json.dumps({"email": email, "password": password}).encode()
    assert (await call(app, "POST", "/api/v1/auth/register", account, "application/json"))[0] == 202
    async with database_of(app).session() as session:
        verify = "UPDATE users SET email_verified_at = now() WHERE email = :email"
        await session.execute(text(verify), {"email": email})
        await session.commit()
    form = urlencode({"username": email, "password": password}).encode()
    form_type = "application/x-www-form-urlencoded"
    status, body = await call(app, "POST", "/api/v1/auth/login", form, form_type)
    assert status == 200, body
    token = json.loads(body)["access_token"]
    for n in range(100):
        item = json.dumps({"title": f"Item {n}"}).encode()
        assert (await call(app, "POST", "/api/v1/items", item, "application/json", token))[0] == 201
    return token


async def main():
    app = create_app()
    found = {}
    async with app.router.lifespan_context(app):
        with open(os.devnull, "w") as sink:
            sys.stdout = sink  # the app's log lines
            token = await sign_up(app)
            for name, target in routes.items():
                for _ in range(requests // 10):
                    await call(app, "GET", target, token=token)
                statuses = set()
                started = time.process_time()
                for _ in range(requests):
                    statuses.add((await call(app, "GET", target, token=token))[0])
                found[name] = (time.process_time() - started) / requests * 1e6
                assert statuses == {200}, (target, statuses)
            sys.stdout = sys.__stdout__
    print(json.dumps(found))


try:
    import uvloop
except ImportError:
    asyncio.run(main())
else:
    uvloop.run(main())
"""


def measure(project: Project, env: dict[str, str], requests: int) -> dict[str, float]:
    output = run_in_project(
        project.root,
        str(project.python),
        "-c",
        _PROBE,
        project.package,
        str(requests),
        json.dumps(ROUTES),
        env=env,
    )
    found: dict[str, float] = json.loads(output.splitlines()[-1])
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.in_process", description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="measurements per app, interleaved")
    parser.add_argument("--requests", type=int, default=3_000, help="requests per route and round")
    parser.add_argument(
        "--ref",
        action="append",
        default=[],
        metavar="NAME=GITREF",
        help="also measure the service rendered from another commit, as `service@NAME`",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fastapi-stack-in-process-") as tmp:
        work = Path(tmp)
        projects = {"service": render_and_install(work / "project")}
        for ref in args.ref:
            name, _, vcs_ref = ref.partition("=")
            projects[f"service@{name}"] = render_and_install(
                work / f"ref-{name}", vcs_ref=vcs_ref or name
            )
        with postgres_server(work) as server, scratch_database(server.url) as database:
            env = server_settings(database)
            migrate(projects["service"], env)
            rounds: dict[str, list[dict[str, float]]] = {name: [] for name in projects}
            for _ in range(args.rounds):
                for name, project in projects.items():
                    rounds[name].append(measure(project, env, args.requests))
    print(f"CPU µs per request, median of {args.rounds} rounds of {args.requests:,} requests")
    print("| route | " + " | ".join(projects) + " |")
    print("|---|" + "---:|" * len(projects))
    for route, target in ROUTES.items():
        medians = [statistics.median(found[route] for found in rounds[name]) for name in projects]
        print(f"| `{target}` | " + " | ".join(f"{median:,.0f}" for median in medians) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
