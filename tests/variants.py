"""The named variants: the one list that tests, nox sessions and CI matrices read."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any

from extensions.naming import package_name, slugify

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
    # Run the project's tests with no TEST_DATABASE_URL and no REDIS_URL, on the embedded servers
    # it starts itself, instead of against the machine's servers as every other variant does.
    proves_embedded_servers: bool = False

    @property
    def answers(self) -> dict[str, Any]:
        return {**BASE_ANSWERS, **self.overrides}

    @property
    def package_name(self) -> str:
        answers = self.answers
        slug = answers.get("project_slug") or slugify(answers["project_name"])
        return str(answers.get("package_name") or package_name(slug))


# Every value of every option, and every pair of values of two options but the license, appears in
# at least one variant (tests/test_variant_coverage.py checks it against copier.yml). Seven pair
# each of the three Python versions with both values of every other layer option: with six, each
# version's two variants would be opposite in every option, and as Celery needs Redis, Redis
# without Celery would be in none. WebSockets make it eight: no way of switching them on in some of
# those seven covers every pair. Three have the frontend, one per Python version; WebSockets fan
# out over Redis in two and over PostgreSQL in two.
#
# Besides the defaults' plain names, the variants carry hostile but legal ones, so that each
# variant's own checks meet them: quotes, apostrophes, accents and other scripts in the project and
# author names, project names near the length limit, short ones, package names of three or four
# letters, and one that sorts after `tests`.
VARIANTS: tuple[Variant, ...] = (
    Variant(
        "core",
        "The default answers: the service with PostgreSQL only, on Python 3.12.",
        proves_embedded_servers=True,
    ),
    Variant(
        "celery-react-py311",
        "Redis, Celery and the React frontend, on the oldest supported Python.",
        {
            "project_name": "Åsa's Kö",
            "package_name": "shop",
            "author_name": "Seán O'Connor",
            "python_version": "3.11",
            "use_redis": True,
            "use_celery": True,
            "frontend": "react",
        },
    ),
    Variant(
        "redis-prometheus-py311",
        "Redis and Prometheus, on the oldest supported Python, BSD-licensed.",
        {
            "project_name": "Northwind Traders' Regional Warehouse Orders and Fulfilment API",
            "python_version": "3.11",
            "license": "BSD-3-Clause",
            "use_redis": True,
            "monitoring": ["prometheus"],
            "realtime": True,
        },
    ),
    Variant(
        "sentry-otel-py311-proprietary",
        "Sentry and OpenTelemetry without Redis, on the oldest supported Python, no license file.",
        {
            "project_name": 'Café "Orders" l\'Été — 注文 & Заказы',
            "package_name": "ops",
            "author_name": "D'Arcy Nuñez",
            "python_version": "3.11",
            "license": "Proprietary",
            "monitoring": ["sentry", "opentelemetry"],
            "realtime": True,
        },
    ),
    Variant(
        "react-prometheus-sentry-py313",
        "The React frontend, Prometheus and Sentry without Redis, on the newest Python, BSD.",
        {
            "project_name": '« L\'Atelier "Δελφοί" » — Bestellungen für Café 東京',
            "project_slug": "atelier-orders",
            "author_name": "Zoë O'Brien-Łukasz",
            "python_version": "3.13",
            "license": "BSD-3-Clause",
            "frontend": "react",
            "monitoring": ["prometheus", "sentry"],
        },
    ),
    Variant(
        "celery-otel-py313",
        "Redis, Celery and OpenTelemetry, on the newest supported Python.",
        {
            "project_name": 'Zoë\'s "Long-Named" Metrics and Observability Service for Ops',
            "author_name": "Åsa O'Neill",
            "python_version": "3.13",
            "use_redis": True,
            "use_celery": True,
            "monitoring": ["opentelemetry"],
        },
    ),
    Variant(
        "full",
        "Every layer on, on the default Python, with no license file.",
        {
            "license": "Proprietary",
            "use_redis": True,
            "use_celery": True,
            "frontend": "react",
            "monitoring": ["prometheus", "sentry", "opentelemetry"],
            "realtime": True,
        },
        proves_embedded_servers=True,
    ),
    Variant(
        "realtime-py313",
        "WebSockets alone, fanned out over PostgreSQL, on the newest Python.",
        {
            "project_name": "Zoë's Live Board",
            "author_name": "Đorđe Petrović",
            "python_version": "3.13",
            "realtime": True,
        },
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
