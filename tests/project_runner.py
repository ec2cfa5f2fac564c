"""Run commands inside a rendered project, in its own uv environment."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

# Variables of the maintainers' environment that must not leak into a rendered project's: they
# would pin it to our virtualenv, or point its tests at the wrong database or Redis.
_LEAKY = (
    "VIRTUAL_ENV",
    "UV_PROJECT_ENVIRONMENT",
    "PYTHONPATH",
    "TEST_DATABASE_URL",
    "DATABASE_URL",
    "REDIS_URL",
)


class ProjectCommandError(RuntimeError):
    """A command in a rendered project failed; the message carries the tool's own output."""


def uv_executable() -> str:
    """The uv running this process (`uv run` exports it), rather than a shim found on PATH."""
    found = os.environ.get("UV") or shutil.which("uv")
    if found is None:
        raise ProjectCommandError("uv is not installed: pip install uv")
    return found


def project_env(overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    # Nor the xdist worker's identity, which the project's own test run would take for its own.
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in _LEAKY and not key.startswith("PYTEST_XDIST_")
    }
    env.update(overrides or {})
    return env


def run_in_project(
    project: Path, *command: str, env: Mapping[str, str] | None = None, timeout: int = 900
) -> str:
    """Run a command in the project and return its standard output.

    On failure, raise with the command's whole output, so a failing check shows the tool's words.
    """
    try:
        result = subprocess.run(
            command,
            cwd=project,
            env=project_env(env),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as expired:
        # What it printed until then: a hung test's traceback, once pytest's faulthandler dumped it.
        output = _text(expired.stdout) + _text(expired.stderr)
        raise ProjectCommandError(
            f"`{' '.join(command)}` did not finish within {timeout} s in {project}:\n"
            f"{output[-12000:]}"
        ) from expired
    if result.returncode != 0:
        output = result.stdout + result.stderr
        raise ProjectCommandError(
            f"`{' '.join(command)}` failed with exit code {result.returncode} in {project}:\n"
            f"{output[-12000:]}"
        )
    return result.stdout


def outcome(output: str) -> dict[str, int]:
    """The counts in pytest's closing line: `191 passed, 2 skipped in 40.1s` -> passed, skipped."""
    summary = re.search(r"^=+ (.+) in [\d.]+s", output, re.MULTILINE)
    assert summary, output[-2000:]
    return {word: int(count) for count, word in re.findall(r"(\d+) (\w+)", summary.group(1))}


def _text(captured: str | bytes | None) -> str:
    if isinstance(captured, bytes):
        return captured.decode(errors="replace")
    return captured or ""
