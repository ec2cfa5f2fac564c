"""The benchmark harness: its parsers, and a smoke run end to end so that it cannot rot."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.bench.cli import REPO_ROOT
from tests.bench.client import json_shape, shape_differences
from tests.bench.load import RESULT_MARKER, lua_script, parse_wrk_output
from tests.bench.profiling import summarise
from tests.bench.scenarios import LOGIN, ME

WRK_STDOUT = f"""Running 1s test @ http://127.0.0.1:8000/health/live
  1 threads and 4 connections
{RESULT_MARKER}{{"requests":2000,"duration_us":2000000,"bytes":1,"non_2xx":3,"connect_errors":0,\
"read_errors":1,"write_errors":0,"timeouts":2,"p50_us":1500,"p90_us":2500,"p99_us":9000,\
"max_us":12000,"mean_us":1600.5}}
"""


def test_wrk_result_line_is_parsed() -> None:
    result = parse_wrk_output(WRK_STDOUT)
    assert (result.requests, result.rps, result.non_2xx, result.errors) == (2000, 1000.0, 3, 3)
    assert (result.p50_ms, result.p99_ms) == (1.5, 9.0)


def test_wrk_output_without_a_result_line_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="no result line"):
        parse_wrk_output("unable to connect to 127.0.0.1:8000 Connection refused\n")


def test_lua_script_sends_the_scenario_request() -> None:
    script = lua_script(ME, "abc.def")
    assert 'wrk.method = "GET"' in script
    assert 'wrk.headers["Authorization"] = "Bearer abc.def"' in script
    login = lua_script(LOGIN, None)
    assert 'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"' in login
    assert "wrk.body = " in login
    assert "Authorization" not in login


def test_shape_differences_name_missing_and_retyped_fields() -> None:
    service = json_shape({"items": [{"id": "a", "title": "t", "n": 1}], "total": 1})
    baseline = json_shape({"items": [{"id": "a", "title": None, "n": "1"}], "count": 1})
    assert shape_differences(service, baseline) == [
        "$.count: only in baseline",
        "$.items[].n: service int, baseline str",
        "$.total: only in service",
    ]
    assert shape_differences(service, service) == []


def test_profile_summary_counts_busy_samples_by_library(tmp_path: Path) -> None:
    raw = tmp_path / "raw.txt"
    raw.write_text(
        "thread (1): MainThread;run (uvicorn/server.py:10);handle (fastapi/routing.py:5);"
        "read_me (acme_orders/api/routes/users.py:20);decode (jwt/api_jwt.py:3) 3\n"
        "thread (1): MainThread;run (uvicorn/server.py:10);handle (fastapi/routing.py:5) 1\n"
        "thread (2): AnyIO worker thread;run (anyio/_backends/_asyncio.py:9);"
        "Condition.wait (threading.py:355) 50\n"
    )
    summary = summarise(raw, "acme_orders")
    assert summary["busy_samples"] == 4
    assert summary["main_thread_percent"] == 100.0
    assert summary["self_by_component"] == [
        {"name": "jwt", "percent": 75.0},
        {"name": "fastapi", "percent": 25.0},
    ]
    inclusive = {entry["name"]: entry["percent"] for entry in summary["inclusive_by_component"]}
    assert inclusive == {"uvicorn": 100.0, "fastapi": 100.0, "acme_orders": 75.0, "jwt": 75.0}
    assert summary["app_functions_inclusive"] == [
        {"name": "read_me (acme_orders/api/routes/users.py)", "percent": 75.0}
    ]


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("bench")
    completed = subprocess.run(
        [sys.executable, "-m", "tests.bench", "--smoke", "--out", str(out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return out, json.loads((out / "report.json").read_text())


@pytest.mark.bench
def test_smoke_run_writes_json_markdown_and_chart(smoke_run: tuple[Path, dict[str, Any]]) -> None:
    out, report = smoke_run
    assert report["mode"] == "smoke"
    assert (out / "bench.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    markdown = (out / "report.md").read_text()
    for measurement in report["measurements"]:
        assert f"`{measurement['title']}`" in markdown
    assert "| Scenario | Conns | Service req/s | Baseline req/s |" in markdown


@pytest.mark.bench
def test_smoke_run_loads_every_scenario_without_errors(
    smoke_run: tuple[Path, dict[str, Any]],
) -> None:
    _, report = smoke_run
    measured = {(m["scenario"], m["target"]) for m in report["measurements"]}
    assert measured == {
        ("health", "service"),
        ("health", "baseline"),
        ("me", "service"),
        ("me", "baseline"),
        ("items", "service"),
        ("items", "baseline"),
        ("create_item", "service"),
        ("login", "service"),
    }
    for measurement in report["measurements"]:
        label = f"{measurement['title']} on the {measurement['target']}"
        assert measurement["requests"] > 0, label
        assert measurement["non_2xx"] == 0, label
        assert measurement["errors"] == 0, label
        assert measurement["peak_rss_mib"] > 0, label
    assert {c["title"] for c in report["comparisons"]} == {
        "GET /health/live",
        "GET /api/v1/users/me",
        "GET /api/v1/items?limit=20&offset=0",
    }
    assert all(c["ratio_rps"] > 0 for c in report["comparisons"])


@pytest.mark.bench
def test_smoke_run_baseline_answers_in_the_service_json_shape(
    smoke_run: tuple[Path, dict[str, Any]],
) -> None:
    _, report = smoke_run
    assert set(report["same_responses"]) == {"health", "me", "items"}
    for scenario, check in report["same_responses"].items():
        assert check["shape_differences"] == [], scenario


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
