"""`python -m bench`: run the benchmark into artifacts/bench/; exit 1 if it cannot run."""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import report
from bench.database import postgres_server, scratch_database, server_version
from bench.load import wrk_version
from bench.project import installed_versions, render_and_install
from bench.runner import Bench, public_settings
from bench.scenarios import FULL, LOGIN, SMOKE, Plan

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
        "--update-docs",
        action="store_true",
        help="also copy the results into docs/benchmarks.md and docs/assets/bench.png",
    )
    return parser.parse_args(argv)


def say(message: str) -> None:
    print(message, flush=True)


def run(plan: Plan, out: Path, profile: bool) -> dict[str, Any]:
    started = time.monotonic()
    wrk = wrk_version()
    with tempfile.TemporaryDirectory(prefix="fastapi-stack-bench-") as tmp:
        work = Path(tmp)
        say("rendering the default variant and installing it (uv sync --no-dev)")
        project = render_and_install(work / "project")
        versions = json.loads(installed_versions(project))
        with postgres_server(work) as server, scratch_database(server.url) as database:
            say(f"PostgreSQL from {server.source}; scratch database {database.name}")
            bench = Bench(plan, project, database, out, say)
            try:
                bench.start()
                seeded = bench.seed()
                responses = bench.check_same_responses()
                measurements = bench.measure_all()
                login_dos = bench.login_dos()
                profiles = bench.profile(out / "profile") if profile else {}
            finally:
                bench.stop()
            postgres = server_version(server.url)
    login_only_peak = max(
        (
            max(m.peak_rss_mib)
            for m in measurements
            if m.scenario == LOGIN and m.connections == plan.dos_connections
        ),
        default=0.0,
    )
    login_dos["login_only_backlog_s"] = {
        str(m.connections): max(m.backlog_s) for m in measurements if m.scenario == LOGIN
    }
    login_dos["login_only_peak_rss_mib"] = login_only_peak
    login_dos["peak_rss_mib"] = max(login_dos["peak_rss_mib"], login_only_peak)
    login_dos["peak_rss_met"] = login_dos["peak_rss_mib"] < login_dos["peak_rss_target_mib"]
    return {
        "mode": plan.mode,
        "finished_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "elapsed_s": round(time.monotonic() - started, 1),
        "plan": plan.__dict__,
        "machine": report.machine(),
        "versions": versions,
        "wrk_version": wrk,
        "postgres_version": postgres,
        "database_source": server.source,
        "settings": public_settings(bench.settings),
        "seeded_items": seeded,
        "same_responses": responses,
        "measurements": [measurement.as_dict() for measurement in measurements],
        "comparisons": [
            {
                "title": row["title"],
                "connections": row["connections"],
                "ratio_rps": row["ratio"],
            }
            for row in report.comparison_rows({"measurements": [m.as_dict() for m in measurements]})
            if row["ratio"] is not None
        ],
        "login_dos": login_dos,
        "profiles": profiles,
        "notes": bench.notes,
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plan = SMOKE if args.smoke else FULL
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    try:
        results = run(plan, out, profile=plan.profile_s > 0 and not args.no_profile)
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
