"""The tool that writes the template's settings reference: blocks, merging, the layers' partials
and conditions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2
import pytest

from extensions.layers import LAYERS, PARTIAL_SLOTS, PARTIALS_ROOT, contributions
from extensions.quoting import env_value, md_code
from tests.settings_reference import (
    ENV_EXAMPLE,
    MARKERS,
    README,
    README_END,
    README_START,
    Reference,
    SettingsReferenceError,
    check_wrapping,
    env_blocks,
    layer_order,
    merge,
    to_jinja,
    write_partials,
)
from tests.variants import VARIANTS_BY_NAME

ENV = """\
# Header line one,
# and two.

# --- Application ---
# What it is.
SECRET_KEY=
# Another.
# LOG_LEVEL=INFO
"""
REDIS = "\n# --- Redis ---\n# The server.\nREDIS_URL=\n"
CELERY = "\n# --- Celery ---\n# The broker.\n# CELERY_BROKER_URL=redis://localhost:6379/1\n"
NO_LAYER = {"use_redis": False, "use_celery": False, "monitoring": []}
REDIS_ON = {**NO_LAYER, "use_redis": True}
CELERY_ON = {**REDIS_ON, "use_celery": True}
SLOT = "env_example"


def with_layers(*sections: str) -> str:
    """ENV with these sections where the layers' settings come: after the core ones."""
    return ENV + "".join(sections)


def render(reference: Reference, answers: dict[str, Any]) -> str:
    """The shared file rendered as copier renders it, with the enabled layers' partials."""
    paths = {
        f"layers/{name}/{PARTIAL_SLOTS[SLOT]}": text for name, text in reference.partials.items()
    }
    included = [f"layers/{name}/{PARTIAL_SLOTS[SLOT]}" for name in layer_order(answers)]
    # Copier's own settings: plain text, no HTML escaping.
    environment = jinja2.Environment(  # noqa: S701
        loader=jinja2.DictLoader(paths),
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters.update(env_value=env_value, md_code=md_code)
    layers = {SLOT: [path for path in included if path in paths]}
    return environment.from_string(reference.shared).render(answers, layers=layers)


def test_env_blocks_split_header_sections_and_variables() -> None:
    assert env_blocks(ENV) == [
        "# Header line one,\n# and two.\n",
        "\n# --- Application ---\n",
        "# What it is.\nSECRET_KEY=\n",
        "# Another.\n# LOG_LEVEL=INFO\n",
    ]


def test_what_every_variant_prints_needs_no_condition() -> None:
    answers = [NO_LAYER, REDIS_ON]

    reference = to_jinja([env_blocks(ENV), env_blocks(ENV)], answers, SLOT)

    assert reference.partials == {}
    assert "{% if" not in reference.shared
    for each in answers:
        assert render(reference, each) == ENV


def test_a_layers_blocks_go_to_its_partial_which_the_shared_file_includes() -> None:
    outputs = [ENV, with_layers(REDIS), with_layers(CELERY, REDIS)]
    answers = [NO_LAYER, REDIS_ON, CELERY_ON]

    reference = to_jinja([env_blocks(text) for text in outputs], answers, SLOT)

    assert reference.partials == {"redis": REDIS, "celery": CELERY}
    assert reference.shared == ENV + (
        "{% for partial in layers.env_example %}{% include partial %}{% endfor -%}\n"
    )
    for text, each in zip(outputs, answers, strict=True):
        assert render(reference, each) == text


def test_what_some_variants_print_outside_a_layer_takes_the_answer_that_selects_them() -> None:
    mit = "# Under the MIT license.\n# LICENSE_NOTICE=MIT\n"
    server = "\n# --- Server ---\n# Its address.\n# BIND=0.0.0.0:8000\n"
    outputs = {
        "mit": with_layers(mit, server),
        "bsd-redis": with_layers(REDIS, server),
        "mit-redis": with_layers(mit, REDIS, server),
    }
    answers = {
        "mit": {**NO_LAYER, "license": "MIT"},
        "bsd-redis": {**REDIS_ON, "license": "BSD-3-Clause"},
        "mit-redis": {**REDIS_ON, "license": "MIT"},
    }

    reference = to_jinja(
        [env_blocks(text) for text in outputs.values()], list(answers.values()), SLOT
    )

    assert reference.partials == {"redis": REDIS}
    assert "{% if license == 'MIT' -%}\n# Under the MIT license." in reference.shared
    assert "{% endfor %}\n# --- Server ---" in reference.shared
    for name, text in outputs.items():
        assert render(reference, answers[name]) == text, name


def test_the_layers_must_come_in_the_order_settings_inherits_their_mixins() -> None:
    outputs = [ENV, with_layers(REDIS), with_layers(REDIS, CELERY)]
    answers = [NO_LAYER, REDIS_ON, CELERY_ON]

    with pytest.raises(SettingsReferenceError, match="in the order `Settings` inherits"):
        to_jinja([env_blocks(text) for text in outputs], answers, SLOT)


def test_a_layers_settings_among_the_core_ones_fail() -> None:
    key_prefix = "# Prefix of the keys.\n# REDIS_KEY_PREFIX=app:\n"
    outputs = [ENV, with_layers(REDIS).replace("# Another.", key_prefix + "# Another.")]

    with pytest.raises(SettingsReferenceError, match="elsewhere than together"):
        to_jinja([env_blocks(text) for text in outputs], [NO_LAYER, REDIS_ON], SLOT)


def test_layers_that_no_variant_tells_apart_fail() -> None:
    outputs = [ENV, with_layers(REDIS)]

    with pytest.raises(SettingsReferenceError, match="redis, celery"):
        to_jinja([env_blocks(text) for text in outputs], [NO_LAYER, CELERY_ON], SLOT)


def test_markers_become_the_answers_again() -> None:
    printed = (
        f"# PROJECT_NAME='{MARKERS['project_name']}'\n"
        f"# APP_IMAGE={MARKERS['project_slug']}:latest\n"
        f"| `PROJECT_NAME` | `{MARKERS['project_name']}` | x |\n"
    )
    queue = f"# CELERY_QUEUE={MARKERS['package_name']}\n"
    outputs = [printed.splitlines(keepends=True), [*printed.splitlines(keepends=True), queue]]
    reference = to_jinja(outputs, [REDIS_ON, CELERY_ON], SLOT)
    answers = {**CELERY_ON, "project_name": "Bob's | `API`", "project_slug": "bobs-api"}

    assert reference.partials == {"celery": "# CELERY_QUEUE={{ package_name }}\n"}
    assert render(reference, {**answers, "package_name": "bobs_api"}) == (
        '# PROJECT_NAME="Bob\'s | `API`"\n'
        "# APP_IMAGE=bobs-api:latest\n"
        "| `PROJECT_NAME` | `` Bob's \\| `API` `` | x |\n"
        "# CELERY_QUEUE=bobs_api\n"
    )


def test_blocks_no_single_answer_explains_fail() -> None:
    answers = [NO_LAYER, REDIS_ON, REDIS_ON]
    outputs = [env_blocks(ENV), env_blocks(ENV + "# X.\n# ODD=1\n"), env_blocks(ENV)]

    with pytest.raises(SettingsReferenceError, match="ODD=1"):
        to_jinja(outputs, answers, SLOT)


def test_write_partials_gives_a_partial_to_each_layer_that_prints_and_none_to_the_others(
    tmp_path: Path,
) -> None:
    stale = tmp_path / "sentry" / PARTIAL_SLOTS[SLOT]
    stale.parent.mkdir()
    stale.write_text("# SENTRY_DSN=\n", encoding="utf-8")

    write_partials(SLOT, {"redis": REDIS}, root=tmp_path)

    assert (tmp_path / "redis" / PARTIAL_SLOTS[SLOT]).read_text(encoding="utf-8") == REDIS
    assert not stale.exists()


@pytest.mark.parametrize("slot", ["env_example", "settings_table"])
def test_the_template_includes_each_layers_settings_from_its_partial(slot: str) -> None:
    """What the last `nox -s settings_reference` wrote: a partial per layer with settings, listed
    in the order the commands print them, and no layer's condition left in the shared files."""
    with_settings = [layer.name for layer in LAYERS if layer.settings_mixins]
    written = {path.parent.name for path in PARTIALS_ROOT.glob(f"*/{PARTIAL_SLOTS[slot]}")}
    assert written == set(with_settings)

    every_layer = VARIANTS_BY_NAME["full"].answers
    included = [Path(path).parent.name for path in getattr(contributions(every_layer), slot)]
    assert included == layer_order(every_layer)

    readme = README.read_text(encoding="utf-8")
    shared = {
        "env_example": ENV_EXAMPLE.read_text(encoding="utf-8"),
        "settings_table": readme.partition(README_START)[2].partition(README_END)[0],
    }[slot]
    assert shared.count(f"{{% for partial in layers.{slot} %}}{{% include partial %}}") == 1
    assert not re.search(r"{%-?\s*if", shared)


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
