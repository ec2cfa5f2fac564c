"""Answer validators: each returns an error message, or an empty string when the answer is fine.

A message's first line states the rule. Asked interactively, Copier shows only that line, after
its own prefix (`COPIER_PREFIX`), in one row of the terminal: both fit in 80 columns. The lines
after it say what was wrong with the answer; Copier shows them when answers come from `--data`.
"""

from __future__ import annotations

import keyword
import re
import sys
import textwrap
from pathlib import Path

from copier.errors import UserMessageError
from jinja2 import Environment
from jinja2.ext import Extension

SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
PACKAGE_PATTERN = re.compile(r"^[a-z_][a-z0-9_]*$")
DOMAIN_LABEL_PATTERN = re.compile(r"^[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?$")
TERMINAL_WIDTH = 80
# What Copier puts before a validator's message (`Question.validate_answer`).
COPIER_PREFIX = "Validation error for question '{question}': "
MAX_PROJECT_NAME_LENGTH = 64
# Longer names no longer fit the generated code's 100-column lines where they are written out.
MAX_SLUG_LENGTH = 40
MAX_PACKAGE_NAME_LENGTH = 17

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
    return "\n".join([rule, *textwrap.wrap(detail, TERMINAL_WIDTH)])


def project_name_error(value: str) -> str:
    if not value.strip():
        return "a name is required."
    if value != value.strip():
        return refusal("no spaces at either end.", f"{value!r}: remove them.")
    if len(value) > MAX_PROJECT_NAME_LENGTH:
        return refusal(
            f"at most {MAX_PROJECT_NAME_LENGTH} characters.",
            f"It has {len(value)}; put the rest in the description.",
        )
    return ""


def project_slug_error(value: str) -> str:
    if not SLUG_PATTERN.match(value):
        return refusal(
            "use kebab-case, e.g. orders-api.",
            f"{value!r}: use lowercase letters and digits in words joined by single "
            "hyphens, starting with a letter.",
        )
    if len(value) > MAX_SLUG_LENGTH:
        return refusal(f"at most {MAX_SLUG_LENGTH} characters.", f"{value!r} has {len(value)}.")
    return ""


def package_name_error(value: str) -> str:
    if not PACKAGE_PATTERN.match(value):
        return refusal(
            "use snake_case, e.g. orders_api.",
            f"{value!r}: use lowercase letters, digits and underscores, not starting with a digit.",
        )
    if len(value) > MAX_PACKAGE_NAME_LENGTH:
        return refusal(
            f"at most {MAX_PACKAGE_NAME_LENGTH} characters.",
            f"{value!r} has {len(value)}; it is written out in every import.",
        )
    if keyword.iskeyword(value) or keyword.issoftkeyword(value):
        return refusal(
            "must not be a Python keyword.",
            f"{value!r} is one; choose another name, e.g. 'orders_api'.",
        )
    if value in sys.stdlib_module_names:
        return refusal(
            "must not shadow a stdlib module.",
            f"{value!r} is a module of Python's standard library.",
        )
    if value in dependency_modules():
        return refusal(
            "must not shadow a dependency.",
            f"{value!r} is a top-level module of one of the generated project's dependencies.",
        )
    if value in PROJECT_FOLDERS:
        return refusal(
            "must not shadow a project folder.",
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
        return refusal("must be an email address.", f"{value!r}: {problem}.")
    return ""


CELERY_NEEDS_REDIS = refusal(
    "use_celery needs use_redis: Redis is Celery's broker and result backend.",
    "Answer use_redis=true as well, or use_celery=false.",
)


def yes(answer: object) -> bool:
    """A yes/no answer as Copier reads it, whether typed (`-d use_celery=yes`) or a YAML bool."""
    if isinstance(answer, str):
        text = answer.strip().lower()
        try:
            return bool(float(text))
        except ValueError:
            return text in {"y", "yes", "t", "true", "on"}
    return bool(answer)


def refuse_celery_without_redis(data: dict[str, object]) -> bool:
    """use_celery's `when` without Redis: False, so that the question is not asked, unless the
    answer is forced to yes with `--data`; then Copier stops with this message, no traceback."""
    if yes(data.get("use_celery", False)):
        raise UserMessageError(CELERY_NEEDS_REDIS)
    return False


class ValidationExtension(Extension):
    """Registers the validators as Jinja filters, and use_celery's refusal, for copier.yml."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters.update(
            project_name_error=project_name_error,
            project_slug_error=project_slug_error,
            package_name_error=package_name_error,
            author_email_error=author_email_error,
        )
        environment.globals.update(refuse_celery_without_redis=refuse_celery_without_redis)
