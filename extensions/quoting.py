"""Filters that turn free-text answers into literals that stay valid in each file format."""

from __future__ import annotations

import html
import json
import re

from jinja2 import Environment
from jinja2.ext import Extension

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _escape_controls(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def toml_str(value: str) -> str:
    """A TOML basic string."""
    return json.dumps(value, ensure_ascii=False)


def yaml_str(value: str) -> str:
    """A YAML double-quoted scalar (JSON is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def py_str(value: str) -> str:
    """A Python string literal quoted the way `ruff format` leaves it untouched."""
    quote = "'" if value.count('"') > value.count("'") else '"'
    body = value.replace("\\", "\\\\").replace(quote, "\\" + quote)
    return quote + _escape_controls(body) + quote


def js_template(value: str) -> str:
    """A JavaScript template literal, which Prettier keeps as written whatever its length."""
    body = value.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")
    return "`" + _escape_controls(body) + "`"


def html_text(value: str) -> str:
    """Text for an HTML element's content."""
    return html.escape(value, quote=False)


def env_str(value: str) -> str:
    """A value for a dotenv file, read back verbatim by python-dotenv and docker compose.

    Both readers expand `${NAME}` even inside quotes: that is the one thing it cannot keep verbatim.
    """
    if not re.search(r"['\\]", value) and not _CONTROL.search(value):
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


_BARE_ENV_VALUE = re.compile(r"[\w@%+=:,./*~-]*")


def env_value(value: str) -> str:
    """A dotenv value quoted only where it must be: the generated `settings` command's quoting."""
    return value if _BARE_ENV_VALUE.fullmatch(value) else env_str(value)


def md_code(value: str) -> str:
    """Inline Markdown code that stays inside a table cell, as the `settings` command writes it."""
    fence, padding = ("``", " ") if "`" in value else ("`", "")
    return f"{fence}{padding}{value}{padding}{fence}".replace("|", "\\|")


class QuotingExtension(Extension):
    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters.update(
            toml_str=toml_str,
            yaml_str=yaml_str,
            py_str=py_str,
            js_template=js_template,
            html_text=html_text,
            env_str=env_str,
            env_value=env_value,
            md_code=md_code,
        )
