"""The tool that writes the template's settings reference: blocks, merging and conditions."""

from __future__ import annotations

from typing import Any

import jinja2
import pytest

from extensions.quoting import env_value, md_code
from tests.settings_reference import (
    MARKERS,
    SettingsReferenceError,
    check_wrapping,
    env_blocks,
    merge,
    to_jinja,
)

ENV = """\
# Header line one,
# and two.

# --- Application ---
# What it is.
SECRET_KEY=
# Another.
# LOG_LEVEL=INFO
"""


def render(template: str, answers: dict[str, Any]) -> str:
    # Copier's own settings: plain text, no HTML escaping.
    environment = jinja2.Environment(  # noqa: S701
        keep_trailing_newline=True, undefined=jinja2.StrictUndefined
    )
    environment.filters.update(env_value=env_value, md_code=md_code)
    return environment.from_string(template).render(answers)


def test_env_blocks_split_header_sections_and_variables() -> None:
    assert env_blocks(ENV) == [
        "# Header line one,\n# and two.\n",
        "\n# --- Application ---\n",
        "# What it is.\nSECRET_KEY=\n",
        "# Another.\n# LOG_LEVEL=INFO\n",
    ]


def test_what_every_variant_prints_needs_no_condition() -> None:
    answers = [{"use_redis": False}, {"use_redis": True}]

    assert to_jinja([env_blocks(ENV), env_blocks(ENV)], answers) == ENV


def test_what_some_variants_print_takes_the_answer_that_selects_them() -> None:
    redis = "\n# --- Redis ---\n# The server.\nREDIS_URL=\n"
    sentry = "# Errors go there.\n# SENTRY_DSN=https://key@sentry.example/1\n"
    outputs = {
        "plain": ENV,
        "redis": ENV + redis,
        "sentry": ENV.replace("# Another.", sentry + "# Another."),
        "celery": ENV.replace("\n# --- App", "# Workers.\n# CELERY_CONCURRENCY=2\n\n# --- App")
        + redis,
    }
    answers = {
        "plain": {"use_redis": False, "use_celery": False, "monitoring": []},
        "redis": {"use_redis": True, "use_celery": False, "monitoring": []},
        "sentry": {"use_redis": False, "use_celery": False, "monitoring": ["sentry"]},
        "celery": {"use_redis": True, "use_celery": True, "monitoring": []},
    }

    template = to_jinja([env_blocks(text) for text in outputs.values()], list(answers.values()))

    assert "{% if use_redis %}\n# --- Redis ---" in template
    assert "{% if 'sentry' in monitoring -%}" in template
    assert "{% if use_celery -%}" in template
    for name, text in outputs.items():
        assert render(template, answers[name]) == text, name


def test_markers_become_the_answers_again() -> None:
    printed = (
        f"# PROJECT_NAME='{MARKERS['project_name']}'\n"
        f"# APP_IMAGE={MARKERS['project_slug']}:latest\n"
        f"| `PROJECT_NAME` | `{MARKERS['project_name']}` | x |\n"
    )
    template = to_jinja([printed.splitlines(keepends=True)], [{}])
    answers = {"project_name": "Bob's | `API`", "project_slug": "bobs-api"}

    assert render(template, answers) == (
        '# PROJECT_NAME="Bob\'s | `API`"\n'
        "# APP_IMAGE=bobs-api:latest\n"
        "| `PROJECT_NAME` | `` Bob's \\| `API` `` | x |\n"
    )


def test_blocks_no_single_answer_explains_fail() -> None:
    answers = [{"use_redis": False}, {"use_redis": True}, {"use_redis": True}]
    outputs = [env_blocks(ENV), env_blocks(ENV + "# X.\n# ODD=1\n"), env_blocks(ENV)]

    with pytest.raises(SettingsReferenceError, match="ODD=1"):
        to_jinja(outputs, answers)


def test_an_answer_inside_a_wrapped_description_fails() -> None:
    with pytest.raises(SettingsReferenceError, match="wrapping"):
        check_wrapping([f"# Run `{MARKERS['package_name']} dev` first.\n# DEV=1\n"])
    check_wrapping([f"# Its database.\n# POSTGRES_DB={MARKERS['package_name']}\n"])


def test_merge_keeps_the_order_of_the_variant_that_prints_most() -> None:
    celery, sentry, full = (
        ["smtp", "celery", "redis"],
        ["smtp", "sentry"],
        ["smtp", "celery", "redis", "sentry"],
    )
    assert merge([celery, sentry, full]) == full


def test_merge_refuses_variants_that_disagree_on_the_order() -> None:
    with pytest.raises(SettingsReferenceError, match="different orders"):
        merge([["a", "b"], ["b", "a"]])
