"""`python -m bench`: run the benchmark into artifacts/bench/; exit 1 if it cannot run."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench import layers, report
from bench.database import postgres_server, scratch_database, server_version
from bench.load import wrk_version
from bench.project import installed_versions, render_and_install
from bench.runner import SERVICE, App, Bench, public_settings, standard_apps
from bench.scenarios import COMPARED, FULL, LOGIN, ME, SCENARIOS, SERVICE_ONLY, SMOKE, Plan
from bench.sink import telemetry_sink

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO_ROOT / "artifacts" / "bench"
DOCS_PAGE = REPO_ROOT / "docs" / "benchmarks.md"
DOCS_CHART = REPO_ROOT / "docs" / "assets" / "bench.png"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--smoke", action="store_true", help="a few seconds per scenario, to check the harness"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where reports go")
    parser.add_argument("--no-profile", action="store_true", help="skip the py-spy profiles")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile the first app on the chosen read routes, in any mode",
    )
    parser.add_argument(
        "--update-docs",
        action="store_true",
        help="also copy the results into docs/benchmarks.md and docs/assets/bench.png",
    )
    parser.add_argument(
        "--layers",
        nargs="?",
        const="all",
        metavar="NAMES",
        help="the per-layer budget: core beside one-option-on variants on /users/me "
        "(comma-separated layer names, default every layer in copier.yml)",
    )
    parser.add_argument(
        "--ref",
        action="append",
        default=[],
        metavar="NAME=GITREF",
        help="also load the service rendered from another commit, as `service@NAME`",
    )
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="APP:NAME=VALUE",
        help="an environment variable for one app only, e.g. service@pool:DATABASE_POOL_SIZE=20",
    )
    parser.add_argument("--connections", help="comma-separated connection counts, e.g. 16,32,128")
    parser.add_argument("--scenarios", help=f"comma-separated, of {', '.join(SCENARIOS)}")
    parser.add_argument("--runs", type=int, help="timed runs per app and scenario")
    parser.add_argument("--duration", type=float, help="seconds per timed run")
    return parser.parse_args(argv)


def say(message: str) -> None:
    print(message, flush=True)


def build_apps(args: argparse.Namespace, work: Path, sink: str) -> dict[str, App]:
    if args.layers:
        chosen = layers.layer_answers()
        if args.layers != "all":
            names = args.layers.split(",")
            unknown = set(names) - set(chosen)
            if unknown:
                raise RuntimeError(f"unknown layers {sorted(unknown)}; known: {sorted(chosen)}")
            chosen = {name: chosen[name] for name in names}
        apps: dict[str, App] = {}
        for name, answers in layers.variant_answers(chosen).items():
            if layers.needs_redis(answers) and not os.environ.get("REDIS_URL"):
                say(f"skipping {name}: it needs REDIS_URL")
                continue
            say(f"rendering and installing {name} (uv sync --no-dev)")
            project = render_and_install(work / name, answers)
            apps[name] = App(project, project.service_app, layers.server_env(answers, sink))
        return with_app_env(apps, args.env)
    say("rendering the default variant and installing it (uv sync --no-dev)")
    apps = standard_apps(render_and_install(work / "project"))
    for ref in args.ref:
        name, _, vcs_ref = ref.partition("=")
        say(f"rendering the default variant at {vcs_ref or name} and installing it")
        project = render_and_install(work / f"ref-{name}", vcs_ref=vcs_ref or name)
        apps[f"{SERVICE}@{name}"] = App(project, project.service_app)
    return with_app_env(apps, args.env)


def with_app_env(apps: dict[str, App], assignments: list[str]) -> dict[str, App]:
    for assignment in assignments:
        name, _, variable = assignment.partition(":")
        key, _, value = variable.partition("=")
        if name not in apps or not key:
            raise RuntimeError(f"--env {assignment}: expected APP:NAME=VALUE, APP of {list(apps)}")
        app = apps[name]
        apps[name] = App(app.project, app.path, {**app.env, key: value})
    return apps


def choose_plan(args: argparse.Namespace) -> Plan:
    plan = SMOKE if args.smoke else FULL
    if args.connections:
        plan = replace(plan, connections=tuple(int(c) for c in args.connections.split(",")))
    if args.runs:
        plan = replace(plan, runs=args.runs)
    if args.duration:
        plan = replace(plan, duration_s=args.duration)
    return plan


def choose_scenarios(args: argparse.Namespace) -> tuple[tuple[Any, ...], tuple[Any, ...], bool]:
    """The compared and the service-only scenarios, and whether the full extras run."""
    if args.scenarios:
        chosen = tuple(SCENARIOS[name] for name in args.scenarios.split(","))
        compared = tuple(s for s in chosen if s.has_baseline)
        return compared, tuple(s for s in chosen if not s.has_baseline), False
    if args.layers:
        return (ME,), (), False
    return COMPARED, SERVICE_ONLY, not args.ref


def run(args: argparse.Namespace, plan: Plan, out: Path) -> dict[str, Any]:
    started = time.monotonic()
    wrk = wrk_version()
    compared, service_only, extras = choose_scenarios(args)
    profile = (extras or args.profile) and plan.profile_s > 0 and not args.no_profile
    with (
        tempfile.TemporaryDirectory(prefix="fastapi-stack-bench-") as tmp,
        telemetry_sink() as sink,
    ):
        work = Path(tmp)
        apps = build_apps(args, work, sink)
        versions = json.loads(installed_versions(next(iter(apps.values())).project))
        with postgres_server(work) as server, scratch_database(server.url) as database:
            say(f"PostgreSQL from {server.source}; scratch database {database.name}")
            bench = Bench(plan, apps, database, out, say)
            login_dos: dict[str, Any] = {}
            try:
                bench.start()
                seeded = bench.seed()
                responses = bench.check_same_responses(compared)
                measurements = bench.measure_all(compared, service_only)
                if extras:
                    login_dos = bench.login_dos()
                profiles = bench.profile(out / "profile", compared) if profile else {}
            finally:
                bench.stop()
            postgres = server_version(server.url)
    as_dicts = [measurement.as_dict() for measurement in measurements]
    if login_dos:
        add_login_only(login_dos, as_dicts, plan)
    return {
        "mode": "layers" if args.layers else plan.mode,
        "finished_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "elapsed_s": round(time.monotonic() - started, 1),
        "plan": plan.__dict__,
        "apps": {name: app.path for name, app in apps.items()},
        "machine": report.machine(),
        "versions": versions,
        "wrk_version": wrk,
        "postgres_version": postgres,
        "database_source": server.source,
        "settings": public_settings(bench.settings),
        "seeded_items": seeded,
        "same_responses": responses,
        "measurements": as_dicts,
        "comparisons": [
            {
                "title": row["title"],
                "connections": row["connections"],
                "ratio_rps": row["ratio"],
                "ratio_fastapi_rps": row["ratio_fastapi"],
            }
            for row in report.comparison_rows({"measurements": as_dicts})
            if row["ratio"] is not None
        ],
        "layer_costs": layers.layer_costs(as_dicts, ME.name) if args.layers else [],
        "login_dos": login_dos,
        "profiles": profiles,
        "notes": bench.notes,
    }


def add_login_only(
    login_dos: dict[str, Any], measurements: list[dict[str, Any]], plan: Plan
) -> None:
    logins = [m for m in measurements if m["scenario"] == LOGIN.name]
    login_only_peak = max(
        (m["peak_rss_mib"] for m in logins if m["connections"] == plan.dos_connections),
        default=0.0,
    )
    login_dos["login_only_backlog_s"] = {str(m["connections"]): m["backlog_s"] for m in logins}
    login_dos["login_only_peak_rss_mib"] = login_only_peak
    login_dos["peak_rss_mib"] = max(login_dos["peak_rss_mib"], login_only_peak)
    login_dos["peak_rss_met"] = login_dos["peak_rss_mib"] < login_dos["peak_rss_target_mib"]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plan = choose_plan(args)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    try:
        results = run(args, plan, out)
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        print(f"benchmark could not run: {error}", file=sys.stderr)
        return 1
    report.write_json(results, out / "report.json")
    report.chart(results, out / "bench.png")
    (out / "report.md").write_text(
        "# fastapi-stack benchmark\n\n" + report.markdown(results, "bench.png")
    )
    if args.update_docs:
        report.update_docs(
            report.markdown(results, "assets/bench.png"), out / "bench.png", DOCS_PAGE, DOCS_CHART
        )
    say(f"wrote {out / 'report.json'}, report.md and bench.png in {results['elapsed_s']} s")
    return 0
