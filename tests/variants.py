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

    @property
    def answers(self) -> dict[str, Any]:
        return {**BASE_ANSWERS, **self.overrides}

    @property
    def package_name(self) -> str:
        return str(self.overrides.get("package_name", "acme_orders"))


VARIANTS: tuple[Variant, ...] = (
    Variant("core", "The default answers: the service with PostgreSQL only, on Python 3.12."),
    Variant(
        "core-py311", "The core service on the oldest supported Python.", {"python_version": "3.11"}
    ),
    Variant(
        "core-py313",
        "The core service on the newest supported Python, BSD-licensed.",
        {"python_version": "3.13", "license": "BSD-3-Clause"},
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
