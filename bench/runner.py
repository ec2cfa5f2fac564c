"""One benchmark run: start both apps, seed, load every scenario, login DoS check, profiles."""

from __future__ import annotations

import json
import secrets
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bench import client, profiling
from bench.database import ScratchDatabase, seed_items, verify_email
from bench.load import LoadResult, LoadSpec, finish_wrk, run_wrk, start_wrk
from bench.project import Project, Server, migrate, start_server
from bench.scenarios import (
    BENCH_EMAIL,
    BENCH_FULL_NAME,
    BENCH_PASSWORD,
    COMPARED,
    DOS_PROBES,
    LOGIN,
    PROFILED,
    SEEDED_ITEMS,
    SERVICE_ONLY,
    Plan,
    Scenario,
)
from bench.usage import WorkerUsage
from tests.project_runner import project_env

SERVICE = "service"
FASTAPI = "fastapi"
BASELINE = "baseline"
RATE_LIMIT_OFF = "1000000/minute"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

_HIDDEN_SETTINGS = {"SECRET_KEY"}
DATABASE_VARIABLES = {"DATABASE_URL", "TEST_DATABASE_URL", "BENCH_DATABASE_URL"}


def server_settings(database: ScratchDatabase) -> dict[str, str]:
    """Production settings (default log level), one worker, no access log, and the auth rate
    limits out of the way."""
    return {
        "ENVIRONMENT": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": json.dumps(ALLOWED_HOSTS),
        "DATABASE_URL": database.url,
        "WEB_CONCURRENCY": "1",
        "ACCESS_LOG": "false",
        "RATE_LIMIT_LOGIN": RATE_LIMIT_OFF,
        "RATE_LIMIT_REGISTER": RATE_LIMIT_OFF,
        "RATE_LIMIT_REFRESH": RATE_LIMIT_OFF,
        # Named here so that the baseline checks the same access-token claims as the service.
        "JWT_ISSUER": "bench",
        "JWT_AUDIENCE": "bench",
    }


def public_settings(settings: dict[str, str]) -> dict[str, str]:
    return {
        key: "<random, 64 characters>" if key in _HIDDEN_SETTINGS else value
        for key, value in settings.items()
    }


@dataclass
class Measurement:
    """Timed runs of one scenario, against one app, at one connection count."""

    scenario: Scenario
    target: str
    connections: int
    threads: int
    runs: list[LoadResult] = field(default_factory=list)
    peak_rss_mib: list[float] = field(default_factory=list)
    cpu_us_per_request: list[float] = field(default_factory=list)
    backlog_s: list[float] = field(default_factory=list)

    def median(self, metric: str) -> float:
        values: list[float] = [getattr(run, metric) for run in self.runs]
        return round(statistics.median(values), 2)

    @property
    def cpu_us(self) -> float:
        """The app's worker CPU time per completed request, in µs: the median of the runs."""
        runs = self.cpu_us_per_request
        return round(statistics.median(runs), 1) if runs else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario.name,
            "title": self.scenario.title,
            "target": self.target,
            "connections": self.connections,
            "threads": self.threads,
            "rps": self.median("rps"),
            "p50_ms": self.median("p50_ms"),
            "p99_ms": self.median("p99_ms"),
            "requests": sum(run.requests for run in self.runs),
            "non_2xx": sum(run.non_2xx for run in self.runs),
            "errors": sum(run.errors for run in self.runs),
            "peak_rss_mib": max(self.peak_rss_mib, default=0.0),
            "cpu_us": self.cpu_us,
            "cpu_us_runs": self.cpu_us_per_request,
            "backlog_s": max(self.backlog_s, default=0.0),
            "runs": [run.as_dict() for run in self.runs],
        }


@dataclass(frozen=True)
class App:
    """One ASGI app to load: a module path inside a rendered, installed project."""

    project: Project
    path: str
    env: dict[str, str] = field(default_factory=dict)


def standard_apps(project: Project) -> dict[str, App]:
    """The service beside its two baselines, all in the same project's environment."""
    return {
        SERVICE: App(project, project.service_app),
        FASTAPI: App(project, project.fastapi_app),
        BASELINE: App(project, project.baseline_app),
    }


@dataclass
class Bench:
    """Loads named apps side by side; the first one is the reference the others are checked
    against, and the only one the service-only scenarios, the login flood and profiles use."""

    plan: Plan
    apps: dict[str, App]
    database: ScratchDatabase
    work_dir: Path
    say: Callable[[str], None]
    settings: dict[str, str] = field(init=False)
    servers: dict[str, Server] = field(default_factory=dict)
    token: str | None = None
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.settings = server_settings(self.database)

    @property
    def primary(self) -> str:
        return next(iter(self.apps))

    @property
    def project(self) -> Project:
        return self.apps[self.primary].project

    @property
    def env(self) -> dict[str, str]:
        inherited = {k: v for k, v in project_env().items() if k not in DATABASE_VARIABLES}
        return {**inherited, **self.settings}

    def start(self) -> None:
        self.say("applying migrations")
        migrate(self.project, self.env)
        logs = self.work_dir / "logs"
        self.say(f"starting {', '.join(self.apps)} under gunicorn (1 uvicorn worker each)")
        for name, app in self.apps.items():
            env = {**self.env, **app.env}
            self.servers[name] = start_server(name, app.project, app.path, env, logs)

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()

    def seed(self) -> int:
        service = self.servers[self.primary].base_url
        client.register(service, BENCH_EMAIL, BENCH_PASSWORD, BENCH_FULL_NAME)
        verify_email(self.database, BENCH_EMAIL)
        total = seed_items(self.database, BENCH_EMAIL, SEEDED_ITEMS)
        self.token = client.login(service, BENCH_EMAIL, BENCH_PASSWORD)
        self.say(f"seeded 1 user and {total} items; logged in")
        return total

    def check_same_responses(self, scenarios: tuple[Scenario, ...]) -> dict[str, Any]:
        """Every app must answer with the first one's JSON shape, or the comparison is unfair."""
        checks: dict[str, Any] = {}
        for scenario in scenarios:
            replies = {
                target: client.preflight(server.base_url, scenario, self.token)
                for target, server in self.servers.items()
            }
            reference = replies[self.primary].json()
            checks[scenario.name] = {}
            for target, reply in replies.items():
                if target == self.primary:
                    continue
                differences = client.shape_differences(
                    client.json_shape(reference), client.json_shape(reply.json())
                )
                checks[scenario.name][target] = {
                    "shape_differences": differences,
                    "bytes": [len(replies[self.primary].body), len(reply.body)],
                }
                if differences:
                    self.notes.append(
                        f"{scenario.title}: {target}'s JSON shape differs: {differences}"
                    )
        return checks

    def _spec(self, scenario: Scenario, target: str, connections: int, threads: int) -> LoadSpec:
        return LoadSpec(
            scenario=scenario,
            base_url=self.servers[target].base_url,
            connections=connections,
            threads=threads,
            duration_s=self.plan.duration_s,
            timeout_s=self.plan.timeout_s,
        )

    @property
    def scripts(self) -> Path:
        return self.work_dir / "wrk"

    def warm_up(self, spec: LoadSpec) -> None:
        if self.plan.warmup_s > 0:
            run_wrk(replace(spec, duration_s=self.plan.warmup_s), self.token, self.scripts)

    def settle(self, scenario: Scenario, target: str) -> float:
        """Wait until the app has worked off requests that wrk abandoned when it stopped.

        One more request of the same kind queues behind them (logins wait for the hashing
        slots), so the next run starts on an idle app. Returns how long that took.
        """
        started = time.monotonic()
        client.preflight(self.servers[target].base_url, scenario, self.token, timeout_s=300)
        return round(time.monotonic() - started, 2)

    def timed_run(self, spec: LoadSpec, target: str) -> tuple[LoadResult, WorkerUsage]:
        with WorkerUsage(self.servers[target].master_pid) as usage:
            result = run_wrk(spec, self.token, self.scripts)
        return result, usage

    def measure(
        self, scenario: Scenario, targets: list[str], connections: int
    ) -> list[Measurement]:
        """Warm each app up, then alternate the timed runs (A B, B A, ...) to share any drift."""
        threads = self.plan.threads_for(connections)
        found = {t: Measurement(scenario, t, connections, threads) for t in targets}
        for target in targets:
            client.preflight(self.servers[target].base_url, scenario, self.token)
            self.warm_up(self._spec(scenario, target, connections, threads))
            self.settle(scenario, target)
        for run in range(self.plan.runs):
            for target in targets if run % 2 == 0 else list(reversed(targets)):
                spec = self._spec(scenario, target, connections, threads)
                result, usage = self.timed_run(spec, target)
                found[target].runs.append(result)
                found[target].peak_rss_mib.append(usage.peak_worker_mib)
                found[target].cpu_us_per_request.append(usage.cpu_us_per_request(result.requests))
                found[target].backlog_s.append(self.settle(scenario, target))
        for measurement in found.values():
            self.say(
                f"  {scenario.title:<40} c={connections:<4} {measurement.target:<8} "
                f"{measurement.median('rps'):>9.1f} req/s  "
                f"p99 {measurement.median('p99_ms'):.1f} ms  "
                f"CPU {measurement.cpu_us:.0f} µs/request"
            )
        return list(found.values())

    def measure_all(
        self,
        compared: tuple[Scenario, ...] = COMPARED,
        service_only: tuple[Scenario, ...] = SERVICE_ONLY,
    ) -> list[Measurement]:
        measurements: list[Measurement] = []
        for scenario in compared:
            for connections in self.plan.connections:
                measurements += self.measure(scenario, list(self.apps), connections)
        for scenario in service_only:
            for connections in self.plan.connections:
                measurements += self.measure(scenario, [self.primary], connections)
        return measurements

    def login_dos(self) -> dict[str, Any]:
        """Each probe route alone, then beside a login flood, at the same connection count.

        /health/live shows what argon2's CPU leaves for the event loop; /users/me also shows
        whether waiting logins starve the other requests of database connections.
        """
        connections = self.plan.dos_connections
        logins: list[LoadResult] = []
        peaks: list[float] = []
        backlogs: list[float] = []
        probes: list[dict[str, Any]] = []
        others: list[LoadResult] = []
        for probe in DOS_PROBES:
            spec = self._spec(probe, self.primary, connections, threads=1)
            # The flood starts first and ends last, so it surrounds every probe request.
            login = replace(
                self._spec(LOGIN, self.primary, connections, threads=1),
                duration_s=spec.duration_s + 1,
            )
            solo: list[LoadResult] = []
            beside: list[LoadResult] = []
            for _ in range(self.plan.runs):
                solo.append(run_wrk(spec, self.token, self.scripts))
                with WorkerUsage(self.servers[self.primary].master_pid) as usage:
                    login_process = start_wrk(login, self.token, self.scripts / "dos")
                    time.sleep(0.5)
                    beside.append(finish_wrk(start_wrk(spec, self.token, self.scripts), spec))
                    logins.append(finish_wrk(login_process, login))
                peaks.append(usage.peak_worker_mib)
                backlogs.append(self.settle(LOGIN, self.primary))
            others += [*solo, *beside]
            solo_rps = statistics.median(run.rps for run in solo)
            beside_rps = statistics.median(run.rps for run in beside)
            ratio = round(beside_rps / solo_rps, 3) if solo_rps else 0.0
            probes.append(
                {
                    "scenario": probe.name,
                    "title": probe.title,
                    "solo_rps": round(solo_rps, 1),
                    "beside_login_rps": round(beside_rps, 1),
                    "ratio": ratio,
                    "solo_p99_ms": round(statistics.median(run.p99_ms for run in solo), 2),
                    "beside_login_p99_ms": round(statistics.median(r.p99_ms for r in beside), 2),
                }
            )
            self.say(
                f"  {probe.title} beside a login flood: {beside_rps:.0f} of {solo_rps:.0f} "
                f"req/s ({ratio:.0%})"
            )
        health_ratio = probes[0]["ratio"]
        peak = max(peaks)
        result = {
            "connections": connections,
            "probes": probes,
            "health_ratio": health_ratio,
            "health_ratio_target": 0.5,
            "health_ratio_met": health_ratio >= 0.5,
            "login_rps": round(statistics.median(run.rps for run in logins), 1),
            "login_p99_ms": round(statistics.median(run.p99_ms for run in logins), 2),
            "peak_rss_mib": peak,
            "peak_rss_target_mib": 300,
            "peak_rss_met": peak < 300,
            "backlog_s": max(backlogs),
            # The service sheds logins past its hashing queue with 503: load refused, not failed.
            "logins_shed": sum(run.non_2xx for run in logins),
            "non_2xx": sum(run.non_2xx for run in others),
            "errors": sum(run.errors for run in [*others, *logins]),
        }
        self.say(f"  login flood: {result['login_rps']} logins/s; peak worker RSS {peak} MiB")
        return result

    def profile(self, profile_dir: Path, chosen: tuple[Scenario, ...]) -> dict[str, Any]:
        """py-spy on the service's worker while wrk loads each hot path."""
        profile_dir.mkdir(parents=True, exist_ok=True)
        summaries: dict[str, Any] = {}
        connections = self.plan.connections[0]
        duration = round(self.plan.profile_s)
        for scenario in (s for s in PROFILED if s in chosen):
            spec = LoadSpec(
                scenario=scenario,
                base_url=self.servers[self.primary].base_url,
                connections=connections,
                threads=self.plan.threads_for(connections),
                duration_s=duration + 3,
                timeout_s=self.plan.timeout_s,
            )
            raw = profile_dir / f"{scenario.name}.txt"
            try:
                load = start_wrk(spec, self.token, self.scripts)
                time.sleep(1)
                sampler = profiling.start_profile(
                    self.servers[self.primary].worker_pids()[0], duration, raw
                )
                profiling.finish_profile(sampler, duration)
                finish_wrk(load, spec)
                summaries[scenario.name] = {
                    "title": scenario.title,
                    "connections": connections,
                    "raw_file": raw.name,
                    **profiling.summarise(raw, self.project.package),
                }
                busy = summaries[scenario.name]["busy_samples"]
                self.say(f"  profiled {scenario.title} ({busy} busy samples)")
            except (RuntimeError, OSError, IndexError) as error:
                self.notes.append(f"profile of {scenario.title} failed: {error}")
                self.say(f"  profile of {scenario.title} failed: {error}")
        return summaries
