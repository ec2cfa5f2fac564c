"""Unit tests for the Jinja extensions: validators, naming and quoting."""

from __future__ import annotations

import ast
import json
import tomllib
from pathlib import Path

import pytest
import yaml
from dotenv import dotenv_values

from extensions.naming import package_name, slugify
from extensions.quoting import env_str, py_str, toml_str, yaml_str
from extensions.validation import (
    author_email_error,
    package_name_error,
    project_name_error,
    project_slug_error,
)

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


def test_package_name_from_slug() -> None:
    assert package_name("acme-orders-api") == "acme_orders_api"


def test_valid_answers_have_no_error() -> None:
    assert project_name_error("Acme") == ""
    assert package_name_error("acme_orders") == ""
    assert author_email_error("dev@acme.example.com") == ""


@pytest.mark.parametrize("value", ["", "   ", "\t"])
def test_empty_project_name(value: str) -> None:
    assert project_name_error(value) == "project_name must not be empty."


@pytest.mark.parametrize(
    "value", ["Acme", "acme_orders", "-acme", "acme-", "acme--orders", "1acme"]
)
def test_slug_not_kebab_case(value: str) -> None:
    assert "is not kebab-case" in project_slug_error(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("class", "is a Python keyword"),
        ("match", "is a Python keyword"),
        ("json", "shadows the standard-library module"),
        ("asyncio", "shadows the standard-library module"),
        ("fastapi", "would shadow the 'fastapi' dependency"),
        ("sqlalchemy", "would shadow the 'sqlalchemy' dependency"),
        ("celery", "would shadow the 'celery' dependency"),
        ("tests", "would shadow the 'tests' dependency or project folder"),
        ("Acme", "is not a valid package name"),
        ("acme-orders", "is not a valid package name"),
        ("9lives", "is not a valid package name"),
    ],
)
def test_bad_package_name(value: str, message: str) -> None:
    assert message in package_name_error(value)


@pytest.mark.parametrize("value", ["", "dev", "dev@", "@acme.com", "dev@acme", "dev @acme.com"])
def test_bad_email(value: str) -> None:
    assert "is not an email address" in author_email_error(value)


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
