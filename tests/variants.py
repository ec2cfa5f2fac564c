"""The named variants: the one list that tests, nox sessions and CI matrices read."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any

BASE_ANSWERS: dict[str, Any] = {
    "project_name": "Acme Orders",
    "description": "Orders for the Acme storefront.",
    "author_name": "Acme Platform Team",
    "author_email": "platform@acme.example.com",
}


@dataclass(frozen=True)
class Variant:
    name: str
    summary: str
    overrides: dict[str, Any] = field(default_factory=dict)
    # Also run the project's tests with no TEST_DATABASE_URL and no REDIS_URL, on the embedded
    # servers it starts itself; every other variant runs them against the machine's servers only.
    proves_embedded_servers: bool = False

    @property
    def answers(self) -> dict[str, Any]:
        return {**BASE_ANSWERS, **self.overrides}

    @property
    def package_name(self) -> str:
        return str(self.overrides.get("package_name", "acme_orders"))


# Every value of every option, and every pair of values of two options, appears in at least one
# variant (tests/test_variant_coverage.py checks it against copier.yml). Nine is the fewest that
# can pair each of the three Python versions with each of the three licenses.
VARIANTS: tuple[Variant, ...] = (
    Variant(
        "core",
        "The service with PostgreSQL only, on Python 3.12, and its React frontend.",
        {"frontend": "react"},
        proves_embedded_servers=True,
    ),
    Variant(
        "celery-py311",
        "Redis and Celery, on the oldest supported Python.",
        {"python_version": "3.11", "use_redis": True, "use_celery": True},
    ),
    Variant(
        "prometheus-py311",
        "Prometheus metrics and the React frontend without Redis, on the oldest supported Python, "
        "BSD-licensed.",
        {
            "python_version": "3.11",
            "license": "BSD-3-Clause",
            "frontend": "react",
            "monitoring": ["prometheus"],
        },
    ),
    Variant(
        "core-py311-proprietary",
        "The core service on the oldest supported Python, with no license file.",
        {"python_version": "3.11", "license": "Proprietary"},
    ),
    Variant(
        "celery-prometheus",
        "Redis, Celery and Prometheus, BSD-licensed.",
        {
            "license": "BSD-3-Clause",
            "use_redis": True,
            "use_celery": True,
            "monitoring": ["prometheus"],
        },
    ),
    Variant(
        "redis-prometheus-proprietary",
        "Redis and Prometheus without Celery, with no license file.",
        {"license": "Proprietary", "use_redis": True, "monitoring": ["prometheus"]},
    ),
    Variant(
        "redis-prometheus-py313",
        "Redis and Prometheus without Celery, on the newest supported Python.",
        {"python_version": "3.13", "use_redis": True, "monitoring": ["prometheus"]},
    ),
    Variant(
        "core-py313",
        "The core service on the newest supported Python, BSD-licensed.",
        {"python_version": "3.13", "license": "BSD-3-Clause"},
    ),
    Variant(
        "full",
        "Every layer on, on the newest supported Python, with no license file.",
        {
            "python_version": "3.13",
            "license": "Proprietary",
            "use_redis": True,
            "use_celery": True,
            "frontend": "react",
            "monitoring": ["prometheus"],
        },
        proves_embedded_servers=True,
    ),
)

VARIANTS_BY_NAME: dict[str, Variant] = {variant.name: variant for variant in VARIANTS}
DEFAULT_VARIANT = VARIANTS_BY_NAME["core"]


def variant_names() -> list[str]:
    return [variant.name for variant in VARIANTS]


if __name__ == "__main__":
    # `python -m tests.variants` prints the names as JSON, for CI matrices.
    json.dump(variant_names(), sys.stdout)
    sys.stdout.write("\n")
