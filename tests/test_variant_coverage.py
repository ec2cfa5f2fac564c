"""The named variants cover every option value and every pair of values, as copier.yml defines
them; every layer combination is valid or rejected for a reason."""

from __future__ import annotations

from typing import Any

from tests.infra_tools import REPO_ROOT
from tests.options import (
    Option,
    combination_name,
    covered_pairs,
    is_valid,
    layer_combinations,
    layer_options,
    options,
    required_pairs,
)
from tests.variants import VARIANTS, VARIANTS_BY_NAME, Variant

FUTURE = REPO_ROOT / "tests" / "fixtures" / "options" / "copier.yml"


def answers_of(variants: tuple[Variant, ...] | list[Variant]) -> list[dict[str, Any]]:
    return [variant.answers for variant in variants]


def test_the_options_are_read_from_copier_yml() -> None:
    assert {option.name: option.values for option in options()} == {
        "python_version": ("3.11", "3.12", "3.13"),
        "license": ("MIT", "BSD-3-Clause", "Proprietary"),
        "use_redis": (False, True),
        "use_celery": (False, True),
        "realtime": (False, True),
        "frontend": ("none", "react"),
        "monitoring=prometheus": (False, True),
        "monitoring=sentry": (False, True),
        "monitoring=opentelemetry": (False, True),
    }


def test_every_option_value_is_in_a_variant() -> None:
    missing = [
        (option.name, value)
        for option in options()
        for value in option.values
        if all(option.value_in(answers) != value for answers in answers_of(VARIANTS))
    ]
    assert missing == []


def test_every_pair_of_option_values_is_in_a_variant() -> None:
    missing = required_pairs() - covered_pairs(answers_of(VARIANTS))
    assert sorted(missing, key=str) == []


def test_a_missing_pair_is_reported() -> None:
    without_full = [variant for variant in VARIANTS if variant.name != "full"]
    missing = required_pairs() - covered_pairs(answers_of(without_full))
    assert missing == {
        (("python_version", "3.12"), ("use_redis", True)),
        (("python_version", "3.12"), ("use_celery", True)),
        (("python_version", "3.12"), ("frontend", "react")),
        (("python_version", "3.12"), ("monitoring=prometheus", True)),
        (("python_version", "3.12"), ("monitoring=sentry", True)),
        (("python_version", "3.12"), ("monitoring=opentelemetry", True)),
        (("python_version", "3.12"), ("realtime", True)),
        (("use_redis", True), ("monitoring=sentry", True)),
        (("use_celery", True), ("monitoring=prometheus", True)),
        (("use_celery", True), ("monitoring=sentry", True)),
        (("use_celery", True), ("realtime", True)),
        (("realtime", True), ("frontend", "react")),
        (("frontend", "react"), ("monitoring=opentelemetry", True)),
        (("monitoring=prometheus", True), ("monitoring=opentelemetry", True)),
    }


def test_every_named_variant_is_a_valid_project() -> None:
    assert [variant.name for variant in VARIANTS if not is_valid(variant.answers)] == []


def test_full_turns_every_layer_on() -> None:
    full = VARIANTS_BY_NAME["full"].answers
    off = [
        option.name
        for option in layer_options()
        if option.value_in(full) is False or option.value_in(full) == option.default
    ]
    assert off == []


def test_every_layer_combination_is_listed() -> None:
    names = [combination_name(combination) for combination in layer_combinations()]
    monitoring = [
        "",
        "-monitoring=opentelemetry",
        "-monitoring=sentry",
        "-monitoring=sentry-monitoring=opentelemetry",
        "-monitoring=prometheus",
        "-monitoring=prometheus-monitoring=opentelemetry",
        "-monitoring=prometheus-monitoring=sentry",
        "-monitoring=prometheus-monitoring=sentry-monitoring=opentelemetry",
    ]
    expected = [
        f"layers{backing}{live}{frontend}{choices}"
        if backing or live or frontend or choices
        else "layers-none"
        for backing in ("", "-use_redis", "-use_redis-use_celery")
        for live in ("", "-realtime")
        for frontend in ("", "-frontend=react")
        for choices in monitoring
    ]
    assert names == expected


# --- the kinds of option still to come: a dependent bool, a choice, a multiselect ---


def test_a_multiselect_gives_one_axis_per_choice() -> None:
    names = [option.name for option in options(FUTURE)]
    assert names == [
        "python_version",
        "use_redis",
        "use_celery",
        "frontend",
        "monitoring=prometheus",
        "monitoring=sentry",
    ]
    sentry = next(option for option in options(FUTURE) if option.name == "monitoring=sentry")
    assert sentry == Option("monitoring=sentry", "monitoring", (False, True), False, "sentry")
    answers: dict[str, Any] = {"monitoring": ["prometheus"]}
    sentry.answer(True, answers)
    assert answers == {"monitoring": ["prometheus", "sentry"]}
    assert sentry.value_in(answers) is True


def test_the_license_is_required_alone_not_in_pairs() -> None:
    paired = {name for pair in required_pairs() for name, _ in pair}
    assert "license" not in paired
    assert "python_version" in paired


def test_pairs_a_validator_rejects_are_not_required() -> None:
    pairs = required_pairs(FUTURE)
    assert (("use_redis", False), ("use_celery", True)) not in pairs
    assert (("use_redis", True), ("use_celery", True)) in pairs
    assert (("frontend", "react"), ("monitoring=sentry", True)) in pairs


def test_invalid_layer_combinations_are_left_out() -> None:
    combinations = list(layer_combinations(FUTURE))
    # use_redis x use_celery has 3 valid pairs of 4; frontend 2; monitoring 2 x 2.
    assert len(combinations) == 3 * 2 * 4
    assert all(not (c["use_celery"] and not c["use_redis"]) for c in combinations)
    assert combination_name(combinations[-1], FUTURE) == (
        "layers-use_redis-use_celery-frontend=react-monitoring=prometheus-monitoring=sentry"
    )
