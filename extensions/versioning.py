"""Values that keep a project's renders stable from one template version to the next.

- `copyright_year` is an answer, so an update in a later year keeps the year the project was
  created in; `current_year()` is only its default, and `copyright_year_error` its validator.
- `uv_exclude_newer` bounds the generated project's dependency resolution to the date the template
  was tested with. It is read from the one line that bounds the maintainers' own environment,
  `exclude-newer` in the template repository's pyproject.toml, so the two never drift apart.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from jinja2 import Environment
from jinja2.ext import Extension

TEMPLATE_PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
EXCLUDE_NEWER_LINE = re.compile(r'^exclude-newer = "([^"]+)"$', re.MULTILINE)
YEAR_PATTERN = re.compile(r"^[0-9]{4}$")


def current_year() -> int:
    return datetime.date.today().year


def copyright_year_error(value: object) -> str:
    if not YEAR_PATTERN.match(str(value)):
        return f"must be a four-digit year.\n{value!r} is not; e.g. {current_year()}."
    return ""


def uv_exclude_newer(pyproject: Path = TEMPLATE_PYPROJECT) -> str:
    """The `exclude-newer` timestamp of the template repository's `[tool.uv]` table."""
    match = EXCLUDE_NEWER_LINE.search(pyproject.read_text(encoding="utf-8"))
    if match is None:
        raise ValueError(f'{pyproject} has no `exclude-newer = "..."` line under [tool.uv]')
    return match.group(1)


class VersioningExtension(Extension):
    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.globals.update(current_year=current_year, uv_exclude_newer=uv_exclude_newer())
        environment.filters.update(copyright_year_error=copyright_year_error)
