"""Run commands inside a rendered project, in its own uv environment."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

# Variables of the maintainers' environment that must not leak into a rendered project's.
_LEAKY = (
    "VIRTUAL_ENV",
    "UV_PROJECT_ENVIRONMENT",
    "PYTHONPATH",
    "TEST_DATABASE_URL",
    "DATABASE_URL",
)


def project_env(overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in _LEAKY}
    env.update(overrides or {})
    return env


def run_in_project(
    project: Path, *command: str, env: Mapping[str, str] | None = None, timeout: int = 900
) -> str:
    """Run a command in the project; on failure, fail with the tool's own output."""
    result = subprocess.run(
        command,
        cwd=project,
        env=project_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = result.stdout + result.stderr
    if result.returncode != 0:
        raise AssertionError(
            f"`{' '.join(command)}` failed with exit code {result.returncode} in {project}:\n"
            f"{output[-12000:]}"
        )
    return output
