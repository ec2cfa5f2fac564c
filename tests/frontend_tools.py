"""Prettier for rendered frontends: the template repository's `npm ci` installs the version that
the generated frontend's lockfile pins."""

from __future__ import annotations

import json
from pathlib import Path

from tests.infra_tools import REPO_ROOT, ToolMissingError, ToolRun, find_tool, run_tool

FRONTEND_TEMPLATE = REPO_ROOT / "template" / '{% if frontend == "react" %}frontend{% endif %}'
PRETTIER = REPO_ROOT / "node_modules" / "prettier"


def pinned_prettier_version() -> str:
    lockfile = json.loads((FRONTEND_TEMPLATE / "package-lock.json").read_text(encoding="utf-8"))
    return str(lockfile["packages"]["node_modules/prettier"]["version"])


def installed_prettier_version() -> str:
    if not (PRETTIER / "package.json").is_file():
        raise ToolMissingError(
            "prettier is not installed: run `npm ci` in the template repository."
        )
    manifest = json.loads((PRETTIER / "package.json").read_text(encoding="utf-8"))
    return str(manifest["version"])


def prettier_check(frontend: Path) -> ToolRun:
    """`prettier --check .` in a rendered frontend, with its own configuration and ignore file."""
    find_tool("node")
    installed_prettier_version()
    return run_tool("node", str(PRETTIER / "bin" / "prettier.cjs"), "--check", ".", cwd=frontend)
