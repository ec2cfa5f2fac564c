"""The load driver: wrk with a generated Lua script whose done() prints the results as JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.scenarios import Scenario

RESULT_MARKER = "BENCH_RESULT "

# wrk calls done() once, after every thread has finished; latencies are in microseconds.
# summary.errors.status counts responses outside 2xx/3xx; the preflight check in the
# runner makes sure each scenario answers its exact 2xx status before it is loaded.
_DONE = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '%s{"requests":%d,"duration_us":%d,"bytes":%d,"non_2xx":%d,'
      .. '"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,'
      .. '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\\n',
    "MARKER", summary.requests, summary.duration, summary.bytes, errors.status,
    errors.connect, errors.read, errors.write, errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
"""


@dataclass(frozen=True)
class LoadResult:
    requests: int
    duration_s: float
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    non_2xx: int
    errors: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def wrk_executable() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed (Debian/Ubuntu: apt-get install -y wrk)")
    return wrk


def wrk_version() -> str:
    completed = subprocess.run(
        [wrk_executable(), "--version"], capture_output=True, text=True, check=False
    )
    first_line = (completed.stdout or completed.stderr).splitlines()[0]
    return first_line.split(" Copyright")[0].strip()


def _lua_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def lua_script(scenario: Scenario, token: str | None) -> str:
    lines = [f"wrk.method = {_lua_string(scenario.method)}"]
    if scenario.body is not None:
        lines.append(f"wrk.body = {_lua_string(scenario.body)}")
    if scenario.content_type is not None:
        lines.append(f'wrk.headers["Content-Type"] = {_lua_string(scenario.content_type)}')
    if scenario.bearer:
        if token is None:
            raise ValueError(f"scenario {scenario.name} needs a bearer token")
        lines.append(f'wrk.headers["Authorization"] = {_lua_string("Bearer " + token)}')
    return "\n".join(lines) + "\n" + _DONE.replace("MARKER", RESULT_MARKER)


@dataclass(frozen=True)
class LoadSpec:
    scenario: Scenario
    base_url: str
    connections: int
    threads: int
    duration_s: float
    timeout_s: float


def start_wrk(spec: LoadSpec, token: str | None, script_dir: Path) -> subprocess.Popen[str]:
    script_dir.mkdir(parents=True, exist_ok=True)
    script = script_dir / f"{spec.scenario.name}.lua"
    script.write_text(lua_script(spec.scenario, token))
    command = [
        wrk_executable(),
        f"--threads={spec.threads}",
        f"--connections={spec.connections}",
        f"--duration={max(1, round(spec.duration_s))}s",
        f"--timeout={max(1, round(spec.timeout_s))}s",
        f"--script={script}",
        spec.base_url + spec.scenario.path,
    ]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish_wrk(process: subprocess.Popen[str], spec: LoadSpec) -> LoadResult:
    stdout, stderr = process.communicate(timeout=spec.duration_s + spec.timeout_s + 60)
    if process.returncode != 0:
        raise RuntimeError(f"wrk failed ({process.returncode}): {stderr.strip() or stdout.strip()}")
    return parse_wrk_output(stdout)


def parse_wrk_output(stdout: str) -> LoadResult:
    for line in stdout.splitlines():
        if line.startswith(RESULT_MARKER):
            raw = json.loads(line.removeprefix(RESULT_MARKER))
            break
    else:
        raise RuntimeError(f"wrk printed no result line:\n{stdout}")
    duration_s = raw["duration_us"] / 1e6
    return LoadResult(
        requests=raw["requests"],
        duration_s=round(duration_s, 3),
        rps=round(raw["requests"] / duration_s, 1) if duration_s else 0.0,
        p50_ms=raw["p50_us"] / 1000,
        p90_ms=raw["p90_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        max_ms=raw["max_us"] / 1000,
        non_2xx=raw["non_2xx"],
        errors=raw["connect_errors"] + raw["read_errors"] + raw["write_errors"] + raw["timeouts"],
    )


def run_wrk(spec: LoadSpec, token: str | None, script_dir: Path) -> LoadResult:
    return finish_wrk(start_wrk(spec, token, script_dir), spec)
