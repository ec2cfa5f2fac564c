"""The generated `.vscode/` set-up: JSON with comments that VS Code reads, recommending the
extensions its settings configure, and the frontend's only where there is a frontend."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests import jsonc
from tests.variants import BASE_ANSWERS

PYTHON_EXTENSIONS = {"ms-python.python", "charliermarsh.ruff", "ms-python.mypy-type-checker"}
FRONTEND_EXTENSIONS = {"dbaeumer.vscode-eslint", "esbenp.prettier-vscode"}


def read_jsonc(path: Path) -> Any:
    return jsonc.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("frontend", ["none", "react"])
def test_the_editor_settings_are_json_with_comments_for_the_project_s_tools(
    rendered_once: Callable[[dict[str, Any]], Path], frontend: str
) -> None:
    project = rendered_once({**BASE_ANSWERS, "frontend": frontend})

    recommended = set(read_jsonc(project / ".vscode" / "extensions.json")["recommendations"])
    settings = read_jsonc(project / ".vscode" / "settings.json")

    assert recommended >= PYTHON_EXTENSIONS
    assert recommended & FRONTEND_EXTENSIONS == (
        FRONTEND_EXTENSIONS if frontend == "react" else set()
    )
    assert settings["python.defaultInterpreterPath"] == "${workspaceFolder}/.venv/bin/python"
    assert settings["[python]"]["editor.defaultFormatter"] == "charliermarsh.ruff"
    assert settings["python.testing.pytestEnabled"] is True
    assert ("eslint.workingDirectories" in settings) is (frontend == "react")


def test_a_comment_marker_inside_a_string_is_kept() -> None:
    assert jsonc.loads('{"url": "http://x" // a comment\n}') == {"url": "http://x"}
