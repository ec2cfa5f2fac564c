"""What is measured, and how long: the scenarios and the plan for a full or a smoke run."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlencode

BENCH_EMAIL = "bench@example.com"
BENCH_PASSWORD = "bench-password-1234"  # noqa: S105 - a throwaway user in a scratch database
BENCH_FULL_NAME = "Bench User"
SEEDED_ITEMS = 1_000


@dataclass(frozen=True)
class Scenario:
    name: str
    method: str
    path: str
    expected_status: int
    bearer: bool = False
    body: str | None = None
    content_type: str | None = None
    has_baseline: bool = False

    @property
    def title(self) -> str:
        return f"{self.method} {self.path}"


HEALTH = Scenario("health", "GET", "/health/live", 200, has_baseline=True)
ME = Scenario("me", "GET", "/api/v1/users/me", 200, bearer=True, has_baseline=True)
ITEMS = Scenario(
    "items", "GET", "/api/v1/items?limit=20&offset=0", 200, bearer=True, has_baseline=True
)
CREATE_ITEM = Scenario(
    "create_item",
    "POST",
    "/api/v1/items",
    201,
    bearer=True,
    body=json.dumps({"title": "Bench item", "description": "Created under load."}),
    content_type="application/json",
    has_baseline=True,
)
LOGIN = Scenario(
    "login",
    "POST",
    "/api/v1/auth/login",
    200,
    body=urlencode({"username": BENCH_EMAIL, "password": BENCH_PASSWORD}),
    content_type="application/x-www-form-urlencoded",
)

# Each scenario runs at every connection count before the next: the reads come first, so that
# items created under load do not change what the list reads.
COMPARED: tuple[Scenario, ...] = (HEALTH, ME, ITEMS, CREATE_ITEM)
SERVICE_ONLY: tuple[Scenario, ...] = (LOGIN,)
READS: tuple[Scenario, ...] = (HEALTH, ME, ITEMS)
SCENARIOS: dict[str, Scenario] = {s.name: s for s in (*COMPARED, *SERVICE_ONLY)}
PROFILED: tuple[Scenario, ...] = (ITEMS, ME)
# Measured alone and beside a login flood; the first one carries the >= 50% target.
DOS_PROBES: tuple[Scenario, ...] = (HEALTH, ME)


@dataclass(frozen=True)
class Plan:
    mode: str
    connections: tuple[int, ...]
    threads: int
    duration_s: float
    warmup_s: float
    runs: int
    dos_connections: int
    profile_s: float
    timeout_s: float = 10.0

    def threads_for(self, connections: int) -> int:
        return max(1, min(self.threads, connections))


FULL = Plan(
    mode="full",
    connections=(32, 128),
    threads=2,
    duration_s=5,
    warmup_s=2,
    runs=3,
    dos_connections=32,
    profile_s=8,
)
SMOKE = Plan(
    mode="smoke",
    connections=(4,),
    threads=1,
    duration_s=1,
    warmup_s=0,
    runs=1,
    dos_connections=4,
    profile_s=0,
)
