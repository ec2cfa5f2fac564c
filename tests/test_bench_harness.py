"""The benchmark harness's parsers and summaries, which need none of its own dependencies."""

from __future__ import annotations

import http.client
from pathlib import Path
from typing import Any

import pytest

from bench.client import json_shape, shape_differences
from bench.layers import layer_answers, layer_costs, server_env, variant_answers
from bench.load import RESULT_MARKER, lua_script, parse_wrk_output
from bench.profiling import summarise
from bench.scenarios import LOGIN, ME
from bench.sink import telemetry_sink
from tests.variants import DEFAULT_VARIANT

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


def test_layers_are_read_from_the_questions() -> None:
    questions = {
        "_subdirectory": "template",
        "project_name": {"type": "str"},
        "use_redis": {"type": "bool", "default": False},
        "use_celery": {"type": "bool", "default": False},
        "monitoring": {
            "type": "str",
            "multiselect": True,
            "choices": {"Prometheus": "prometheus", "Sentry": "sentry"},
        },
    }
    assert layer_answers(questions) == {
        "redis": {"use_redis": True},
        "celery": {"use_redis": True, "use_celery": True},
        "prometheus": {"monitoring": ["prometheus"]},
        "sentry": {"monitoring": ["sentry"]},
    }


def test_every_layer_of_the_template_is_measured_on_top_of_core() -> None:
    layers = layer_answers()
    assert {"redis", "celery", "prometheus"} <= set(layers)
    variants = variant_answers(layers)
    assert variants["core"] == DEFAULT_VARIANT.answers
    assert variants["prometheus"] == {**DEFAULT_VARIANT.answers, "monitoring": ["prometheus"]}


def test_the_monitoring_layers_export_to_the_sink(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    sink = "http://127.0.0.1:4318"
    variants = variant_answers(layer_answers())
    assert server_env(variants["core"], sink) == {}
    assert server_env(variants["sentry"], sink) == {"SENTRY_DSN": "http://public@127.0.0.1:4318/1"}
    assert server_env(variants["opentelemetry"], sink) == {"OTEL_EXPORTER_OTLP_ENDPOINT": sink}
    redis = server_env(variants["redis"], sink)
    assert redis["REDIS_URL"] == "redis://127.0.0.1:6379/0"
    assert redis["REDIS_KEY_PREFIX"].startswith("bench-")


def test_the_sink_accepts_and_drops_what_it_is_sent() -> None:
    with telemetry_sink() as sink:
        connection = http.client.HTTPConnection(sink.removeprefix("http://"), timeout=5)
        connection.request("POST", "/v1/traces", body=b"spans")
        response = connection.getresponse()
        assert (response.status, response.read()) == (200, b"")
        connection.close()


def _me(target: str, rps: float, cpu_us: float, cpu_us_runs: list[float]) -> dict[str, Any]:
    return {
        "scenario": "me",
        "target": target,
        "connections": 32,
        "rps": rps,
        "cpu_us": cpu_us,
        "cpu_us_runs": cpu_us_runs,
    }


def test_layer_costs_are_cpu_time_relative_to_core_with_their_budget() -> None:
    measurements = [
        _me("core", 1000.0, 400.0, [380.0, 400.0, 420.0]),
        _me("prometheus", 1100.0, 440.0, [460.0, 440.0, 436.0]),
        _me("opentelemetry", 700.0, 520.0, [520.0]),
        {**_me("core", 10.0, 50.0, []), "scenario": "health"},
    ]
    assert layer_costs(measurements, "me") == [
        {
            "layer": "prometheus",
            "connections": 32,
            "cpu_us": 440.0,
            "core_cpu_us": 400.0,
            "cost": 0.1,
            "spread": [0.09, 0.1, 0.15],
            "rps_ratio": 1.1,
            "budget": 0.10,
            "met": True,
        },
        {
            "layer": "opentelemetry",
            "connections": 32,
            "cpu_us": 520.0,
            "core_cpu_us": 400.0,
            "cost": 0.3,
            "spread": [0.3],
            "rps_ratio": 0.7,
            "budget": 0.25,
            "met": False,
        },
    ]
