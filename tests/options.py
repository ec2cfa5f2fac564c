"""The options of copier.yml (questions with `choices` or `type: bool`), their values, the pairs
of values the named variants must cover, and every valid combination of the layer options.

Everything is read from copier.yml, so a new question is covered (or reported missing) without
anyone listing it here.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2.sandbox import SandboxedEnvironment

from tests.variants import Variant

COPIER_YML = Path(__file__).resolve().parent.parent / "copier.yml"

# Options that do not switch a layer on or off. Every other option does, and every valid
# combination of those gets the cheap checks.
NON_LAYER_OPTIONS = frozenset({"python_version", "license"})

# Options whose every value the variants must have, but not every pair: the license decides only
# the LICENSE file, which nothing else reads, and tests/test_render.py checks it for each value.
UNPAIRED_OPTIONS = frozenset({"license"})


@dataclass(frozen=True)
class Option:
    """One axis of the variant space. A multiselect question gives one boolean axis per choice,
    named `question=choice`."""

    name: str
    question: str
    values: tuple[Any, ...]
    default: Any
    choice: Any = None  # the choice this axis stands for, for a multiselect question

    def value_in(self, answers: Mapping[str, Any]) -> Any:
        if self.choice is None:
            return answers.get(self.question, self.default)
        return self.choice in answers.get(self.question, self.default or [])

    def answer(self, value: Any, answers: dict[str, Any]) -> None:
        if self.choice is None:
            answers[self.question] = value
            return
        selected = [c for c in answers.get(self.question, []) if c != self.choice]
        answers[self.question] = [*selected, self.choice] if value else selected


@cache
def questions(source: Path = COPIER_YML) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    return {
        name: spec
        for name, spec in data.items()
        if not name.startswith("_") and isinstance(spec, dict)
    }


def choice_values(spec: Mapping[str, Any]) -> tuple[Any, ...]:
    choices = spec["choices"]
    return tuple(choices.values() if isinstance(choices, dict) else choices)


def options(source: Path = COPIER_YML) -> list[Option]:
    found = []
    for name, spec in questions(source).items():
        if spec.get("type") == "bool":
            found.append(Option(name, name, (False, True), bool(spec.get("default", False))))
        elif "choices" in spec and spec.get("multiselect"):
            default = spec.get("default") or []
            found += [
                Option(f"{name}={choice}", name, (False, True), choice in default, choice)
                for choice in choice_values(spec)
            ]
        elif "choices" in spec:
            found.append(Option(name, name, choice_values(spec), spec.get("default")))
    return found


def layer_options(source: Path = COPIER_YML) -> list[Option]:
    return [option for option in options(source) if option.question not in NON_LAYER_OPTIONS]


Pair = tuple[tuple[str, Any], tuple[str, Any]]


def validation_error(answers: Mapping[str, Any], source: Path = COPIER_YML) -> str:
    """What copier.yml's validators of the option questions say about these answers, if anything.

    Only plain Jinja is available here: option validators must not use the template's filters.
    """
    environment = SandboxedEnvironment()
    option_questions = {option.question: option.default for option in options(source)}
    full = option_questions | dict(answers)
    messages = []
    for name, spec in questions(source).items():
        validator = spec.get("validator")
        if validator and name in option_questions:
            message = environment.from_string(validator).render(full).strip()
            if message:
                messages.append(message)
    return " ".join(messages)


def is_valid(answers: Mapping[str, Any], source: Path = COPIER_YML) -> bool:
    return not validation_error(answers, source)


def required_pairs(source: Path = COPIER_YML) -> set[Pair]:
    """Every pair of values of two different paired options that some valid project has.

    A pair counts even when only other answers make it valid (Celery with any Python version
    needs Redis on too), so every valid combination of every option is looked at.
    """
    return covered_pairs(
        (answers for answers in all_combinations(source) if is_valid(answers, source)), source
    )


def all_combinations(source: Path = COPIER_YML) -> Iterator[dict[str, Any]]:
    """Every combination of every option's values, valid or not, as copier answers."""
    axes = options(source)
    for values in itertools.product(*(option.values for option in axes)):
        answers: dict[str, Any] = {}
        for option, value in zip(axes, values, strict=True):
            option.answer(value, answers)
        yield answers


def covered_pairs(
    variants_answers: Iterable[Mapping[str, Any]], source: Path = COPIER_YML
) -> set[Pair]:
    paired = [option for option in options(source) if option.question not in UNPAIRED_OPTIONS]
    pairs = set()
    for answers in variants_answers:
        for first, second in itertools.combinations(paired, 2):
            pairs.add(
                ((first.name, first.value_in(answers)), (second.name, second.value_in(answers)))
            )
    return pairs


def layer_combinations(source: Path = COPIER_YML) -> Iterator[dict[str, Any]]:
    """Every valid combination of the layer options, as copier answers."""
    layer = layer_options(source)
    for values in itertools.product(*(option.values for option in layer)):
        answers: dict[str, Any] = {}
        for option, value in zip(layer, values, strict=True):
            option.answer(value, answers)
        if is_valid(answers, source):
            yield answers


def combination_name(answers: Mapping[str, Any], source: Path = COPIER_YML) -> str:
    """'layers-none', 'layers-use_redis', 'layers-use_redis-frontend=react', ..."""
    parts = []
    for option in layer_options(source):
        value = option.value_in(answers)
        if value is True:
            parts.append(option.name)
        elif value not in (False, option.default):
            parts.append(f"{option.name}={value}")
    return "layers-" + ("-".join(parts) or "none")


def with_layer_combinations(variants: Iterable[Variant]) -> list[Variant]:
    """The variants, plus one with the default answers for each valid layer combination that none
    of them has: every combination then gets the cheap checks."""
    variants = list(variants)
    layer = layer_options()
    seen = {tuple(option.value_in(v.answers) for option in layer) for v in variants}
    for combination in layer_combinations():
        key = tuple(option.value_in(combination) for option in layer)
        if key not in seen:
            seen.add(key)
            name = combination_name(combination)
            variants.append(Variant(name, f"The layer combination {name}.", combination))
    return variants
