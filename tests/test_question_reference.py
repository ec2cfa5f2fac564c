"""docs/questions.md is what `nox -s question_reference` writes from copier.yml and the layers."""

from __future__ import annotations

from extensions.layers import LAYERS
from tests.options import questions
from tests.question_reference import PAGE, page, switches, validator_rules


def test_the_question_reference_is_fresh() -> None:
    assert PAGE.read_text(encoding="utf-8") == page(), (
        "docs/questions.md is stale: run `uv run nox -s question_reference` and commit it."
    )


def test_every_question_and_layer_has_a_section() -> None:
    text = page()
    assert [name for name in questions() if f"\n## `{name}`\n" not in text] == []
    assert set(switches()) == {layer.name for layer in LAYERS}


def test_a_validator_s_rules_are_the_first_lines_of_its_messages() -> None:
    asked = questions()
    assert validator_rules(asked["project_slug"]) == [
        "use kebab-case, e.g. orders-api.",
        "at most 40 characters.",
    ]
    assert validator_rules(asked["copyright_year"]) == ["must be a four-digit year."]
    assert validator_rules(asked["description"]) == []
