"""Answer validators: each returns an error message, or an empty string when the answer is fine.

A message's first line names the rule in a few words, short enough for an 80-column terminal
(Copier shows it under the prompt); the lines after it say what was wrong with the answer.
"""

from __future__ import annotations

import keyword
import re
import sys
import textwrap
from pathlib import Path

from jinja2 import Environment
from jinja2.ext import Extension

SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
PACKAGE_PATTERN = re.compile(r"^[a-z_][a-z0-9_]*$")
DOMAIN_LABEL_PATTERN = re.compile(r"^[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?$")
MESSAGE_WIDTH = 70
MAX_PROJECT_NAME_LENGTH = 64

# Top-level modules that some variant's environment installs, generated from the real
# environments by `uv run nox -s dependency_modules`; a variant check fails when it is stale.
DEPENDENCY_MODULES_FILE = Path(__file__).with_name("dependency_modules.txt")
# The generated project's own top-level folders, next to its package.
PROJECT_FOLDERS = frozenset({"tests"})


def dependency_modules() -> frozenset[str]:
    lines = DEPENDENCY_MODULES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def refusal(rule: str, detail: str) -> str:
    """`rule` on the first line, the answer's problem wrapped below it."""
    return "\n".join([rule, *textwrap.wrap(detail, MESSAGE_WIDTH)])


def project_name_error(value: str) -> str:
    if not value.strip():
        return "project_name must not be empty."
    if len(value) > MAX_PROJECT_NAME_LENGTH:
        return refusal(
            f"project_name is too long: keep it to {MAX_PROJECT_NAME_LENGTH} characters.",
            f"It has {len(value)}; put the rest in the description.",
        )
    return ""


def project_slug_error(value: str) -> str:
    if not SLUG_PATTERN.match(value):
        return refusal(
            "project_slug must be kebab-case, e.g. 'orders-api'.",
            f"{value!r}: use lowercase letters and digits in words joined by single "
            "hyphens, starting with a letter.",
        )
    return ""


def package_name_error(value: str) -> str:
    if not PACKAGE_PATTERN.match(value):
        return refusal(
            "package_name must be a Python package name, e.g. 'orders_api'.",
            f"{value!r}: use lowercase letters, digits and underscores, not starting with a digit.",
        )
    if keyword.iskeyword(value) or keyword.issoftkeyword(value):
        return refusal(
            "package_name must not be a Python keyword.",
            f"{value!r} is one; choose another name, e.g. 'orders_api'.",
        )
    if value in sys.stdlib_module_names:
        return refusal(
            "package_name must not shadow a standard-library module.",
            f"{value!r} is a module of Python's standard library.",
        )
    if value in dependency_modules():
        return refusal(
            "package_name must not shadow a module the project installs.",
            f"{value!r} is a top-level module of one of the generated project's dependencies.",
        )
    if value in PROJECT_FOLDERS:
        return refusal(
            "package_name must not shadow a folder of the project.",
            f"{value!r} is a top-level folder of the generated project.",
        )
    return ""


def email_problem(value: str) -> str:
    """What is wrong with an email address, or an empty string when nothing is."""
    local, at, domain = value.rpartition("@")
    if not at or not local:
        return "it needs a name, an @ and a domain"
    if re.search(r"[\s@]", local) or local.startswith(".") or local.endswith("."):
        return f"the name before the @ ({local!r}) is not valid"
    if ".." in local:
        return "the name before the @ has two dots in a row"
    labels = domain.split(".")
    if len(labels) < 2:
        return f"the domain {domain!r} has no dot"
    if "" in labels:
        return f"the domain {domain!r} has an empty part"
    for label in labels:
        if not DOMAIN_LABEL_PATTERN.match(label):
            return (
                f"the domain part {label!r} must be letters, digits and inner hyphens, "
                "at most 63 characters"
            )
    if labels[-1].isdigit():
        return f"the domain {domain!r} ends in a number"
    return ""


def author_email_error(value: str) -> str:
    if problem := email_problem(value):
        return refusal(
            "author_email must be an email address, e.g. name@example.com.",
            f"{value!r}: {problem}.",
        )
    return ""


class ValidationExtension(Extension):
    """Registers the validators as Jinja filters for copier.yml."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters.update(
            project_name_error=project_name_error,
            project_slug_error=project_slug_error,
            package_name_error=package_name_error,
            author_email_error=author_email_error,
        )
