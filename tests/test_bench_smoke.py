"""A smoke run of the benchmark end to end, so that it cannot rot.

It runs under `nox -s bench_smoke`, in an environment with the `bench` dependency group.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def run_module(module: str, *arguments: str) -> str:
    """`python -m module arguments` from the repository's root; its output, once it succeeded."""
    completed = subprocess.run(
        [sys.executable, "-m", module, *arguments],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed.stdout


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("bench")
    run_module("bench", "--smoke", "--out", str(out))
    return out, json.loads((out / "report.json").read_text())


@pytest.mark.bench
def test_smoke_run_writes_json_markdown_and_chart(smoke_run: tuple[Path, dict[str, Any]]) -> None:
    out, report = smoke_run
    assert report["mode"] == "smoke"
    assert (out / "bench.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    markdown = (out / "report.md").read_text()
    for measurement in report["measurements"]:
        assert f"`{measurement['title']}`" in markdown
    assert "| Scenario | Conns | App | req/s | vs first |" in markdown
    assert "| Scenario | Conns | bare FastAPI / raw (framework) |" in markdown


@pytest.mark.bench
def test_smoke_run_loads_every_scenario_without_errors(
    smoke_run: tuple[Path, dict[str, Any]],
) -> None:
    _, report = smoke_run
    measured = {(m["scenario"], m["target"]) for m in report["measurements"]}
    apps = ("service", "fastapi", "baseline")
    compared = ("health", "me", "items", "create_item")
    assert measured == {(s, app) for s in compared for app in apps} | {("login", "service")}
    for measurement in report["measurements"]:
        label = f"{measurement['title']} on the {measurement['target']}"
        assert measurement["requests"] > 0, label
        assert measurement["non_2xx"] == 0, label
        assert measurement["errors"] == 0, label
        assert measurement["peak_rss_mib"] > 0, label
        assert measurement["cpu_us"] > 0, label
    assert {c["title"] for c in report["comparisons"]} == {
        "GET /health/live",
        "GET /api/v1/users/me",
        "GET /api/v1/items?limit=20&offset=0",
        "POST /api/v1/items",
    }
    assert all(c["ratio_rps"] > 0 for c in report["comparisons"])
    assert all(c["ratio_fastapi_rps"] > 0 for c in report["comparisons"])


@pytest.mark.bench
def test_smoke_run_baselines_answer_in_the_service_json_shape(
    smoke_run: tuple[Path, dict[str, Any]],
) -> None:
    _, report = smoke_run
    assert set(report["same_responses"]) == {"health", "me", "items", "create_item"}
    for scenario, checks in report["same_responses"].items():
        assert set(checks) == {"fastapi", "baseline"}, scenario
        for app, check in checks.items():
            assert check["shape_differences"] == [], (scenario, app)


@pytest.mark.bench
def test_smoke_run_measures_probes_beside_a_login_flood(
    smoke_run: tuple[Path, dict[str, Any]],
) -> None:
    _, report = smoke_run
    dos = report["login_dos"]
    assert dos["login_rps"] > 0
    assert [probe["scenario"] for probe in dos["probes"]] == ["health", "me"]
    for probe in dos["probes"]:
        assert probe["solo_rps"] > 0, probe["title"]
        assert probe["beside_login_rps"] > 0, probe["title"]
    assert dos["peak_rss_mib"] > 0
    assert dos["non_2xx"] == 0
    assert dos["errors"] == 0


@pytest.mark.bench
def test_in_process_run_measures_every_route() -> None:
    output = run_module("bench.in_process", "--rounds", "1", "--requests", "50")
    rows = [line for line in output.splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == [
        "/health/live",
        "/api/v1/users/me",
        "/api/v1/items?limit=20&offset=0",
    ]
    for row in rows:
        cpu_us = float(row.rstrip(" |").rsplit("|", 1)[1].replace(",", ""))
        assert cpu_us > 0, row


@pytest.mark.bench
def test_socket_run_delivers_every_event_and_closes_every_revoked_socket(tmp_path: Path) -> None:
    out = tmp_path / "sockets.json"
    run_module(
        "bench.sockets",
        *("--sockets", "50", "--events", "3", "--revocations", "2", "--revoked-sockets", "5"),
        *("--json", str(out)),
    )
    report = json.loads(out.read_text())
    assert (report["sockets"], report["events"], report["deliveries"]) == (50, 3, 150)
    assert report["revoked_sockets"] == 10
    assert report["fanout"] == "PostgreSQL LISTEN/NOTIFY"
    assert report["kib_per_idle_socket"] > 0
    for latency in (report["latency_ms"], report["revocation_ms"]):
        assert 0 < latency["p50"] <= latency["p99"] <= latency["max"]
