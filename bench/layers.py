"""The per-layer budget: `core` beside one-option-on variants, each derived from copier.yml.

A layer is any `use_*` yes/no question or any choice of the `monitoring` multiselect, so a layer
added to copier.yml is measured without a change here. Each layer's cost is what it adds to the
worker CPU time a `/users/me` request takes, relative to `core`, measured side by side in one
run; the throughput ratio is reported beside it, but on two cores shared by wrk, the app and
PostgreSQL it moves by tens of percent from run to run, more than any budget.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

import yaml

from tests.rendering import TEMPLATE_ROOT
from tests.variants import DEFAULT_VARIANT

CORE = "core"
# The most a layer may add to a `/users/me` request's worker CPU time, as a fraction of core's.
BUDGETS: dict[str, float] = {"prometheus": 0.10, "opentelemetry": 0.25}
# Layers whose server needs a Redis it can reach (REDIS_URL).
NEEDS_REDIS = ("use_redis", "use_celery")


def layer_answers(questions: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """Each layer's name and the answers that switch it, and only it (with what it needs), on."""
    if questions is None:
        questions = yaml.safe_load((TEMPLATE_ROOT / "copier.yml").read_text())
    layers: dict[str, dict[str, Any]] = {}
    for name, question in questions.items():
        if not isinstance(question, dict) or name.startswith("_"):
            continue
        if name.startswith("use_") and question.get("type") == "bool":
            # Celery needs Redis; the others stand alone.
            on = {"use_redis": True, name: True} if name in NEEDS_REDIS else {name: True}
            layers[name.removeprefix("use_")] = on
        elif name == "monitoring":
            for choice in _choice_values(question.get("choices", {})):
                layers[choice] = {"monitoring": [choice]}
    return layers


def _choice_values(choices: dict[str, Any] | list[Any]) -> list[str]:
    values = choices.values() if isinstance(choices, dict) else choices
    return [str(value) for value in values]


def variant_answers(layers: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """`core`'s answers, then each layer's on top of them, by name."""
    base = DEFAULT_VARIANT.answers
    return {CORE: base, **{name: {**base, **on} for name, on in layers.items()}}


def needs_redis(answers: dict[str, Any]) -> bool:
    return any(answers.get(name) for name in NEEDS_REDIS)


def server_env(answers: dict[str, Any], sink: str) -> dict[str, str]:
    """What a layer's server needs beyond core's settings: Redis, under a prefix of its own, and
    somewhere to send its spans and error reports (`sink`, see bench/sink.py), without which
    the monitoring layers would not even start."""
    env: dict[str, str] = {}
    if needs_redis(answers):
        env["REDIS_URL"] = os.environ["REDIS_URL"]
        env["REDIS_KEY_PREFIX"] = f"bench-{secrets.token_hex(4)}:"
    monitoring = answers.get("monitoring", [])
    if "sentry" in monitoring:
        env["SENTRY_DSN"] = sink.replace("://", "://public@", 1) + "/1"
    if "opentelemetry" in monitoring:
        env["OTEL_EXPORTER_OTLP_ENDPOINT"] = sink
    return env


def layer_costs(measurements: list[dict[str, Any]], scenario: str) -> list[dict[str, Any]]:
    """Each layer's CPU time and throughput on `scenario` relative to core's, per connection
    count."""
    by_connections: dict[int, dict[str, dict[str, Any]]] = {}
    for m in measurements:
        if m["scenario"] == scenario:
            by_connections.setdefault(m["connections"], {})[m["target"]] = m
    rows: list[dict[str, Any]] = []
    for connections, found in sorted(by_connections.items()):
        core = found.get(CORE)
        if not core or not core["cpu_us"] or not core["rps"]:
            continue
        for target, m in found.items():
            if target == CORE:
                continue
            cost = round(m["cpu_us"] / core["cpu_us"] - 1, 3)
            budget = BUDGETS.get(target)
            rows.append(
                {
                    "layer": target,
                    "connections": connections,
                    "cpu_us": m["cpu_us"],
                    "core_cpu_us": core["cpu_us"],
                    "cost": cost,
                    "spread": [
                        round(us / core["cpu_us"] - 1, 3) for us in sorted(m["cpu_us_runs"])
                    ],
                    "rps_ratio": round(m["rps"] / core["rps"], 2),
                    "budget": budget,
                    "met": None if budget is None else cost <= budget,
                }
            )
    return rows
