"""Render each named variant and run its own checks: uv sync, ruff, mypy and pytest.

The project's tests run against the PostgreSQL server in TEST_DATABASE_URL and the Redis in
REDIS_URL (the machine's in CI, embedded ones of ours otherwise). The variants marked
`proves_embedded_servers` (core and full) run them a second time with neither variable set, which
proves the generated project starts its own embedded servers on a machine that has none; for the
others that run is deselected, not skipped, as it would only repeat what those two prove.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from extensions.validation import dependency_modules
from extensions.versioning import uv_exclude_newer
from tests.dependency_modules import installed_modules
from tests.project_runner import outcome, run_in_project, uv_executable
from tests.rendering import render_variant
from tests.resolution import resolution_problems
from tests.variants import Variant

pytestmark = pytest.mark.variant

UV = uv_executable()


@pytest.fixture(scope="module")
def project(variant: Variant) -> Iterator[Path]:
    # Not under pytest's temp root, which every pytest session (the project's own included) may
    # make owner-only: the embedded PostgreSQL runs its binaries from the project's .venv as a
    # user of its own when started by root.
    parent = Path(tempfile.mkdtemp(prefix=f"fastapi-stack-{variant.name}-"))
    parent.chmod(0o755)
    destination = render_variant(variant, parent / variant.name)
    run_in_project(destination, UV, "sync")
    yield destination
    shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture(scope="module")
def collected(project: Path) -> int:
    """How many tests the project's suite holds: every one of them must run and pass."""
    output = run_in_project(project, UV, "run", "pytest", "--collect-only", "-q", "--no-cov")
    match = re.search(r"^(\d+) tests? collected", output, re.MULTILINE)
    assert match, output[-2000:]
    return int(match.group(1))


def test_python_version(project: Path, variant: Variant) -> None:
    expected = variant.answers.get("python_version", "3.12")
    output = run_in_project(project, UV, "run", "python", "--version")
    assert output.startswith(f"Python {expected}.")


def test_ruff_check(project: Path) -> None:
    run_in_project(project, UV, "run", "ruff", "check", "--no-cache", ".")


def test_ruff_format(project: Path) -> None:
    run_in_project(project, UV, "run", "ruff", "format", "--check", "--no-cache", ".")


def test_mypy_strict(project: Path) -> None:
    output = run_in_project(project, UV, "run", "mypy")
    assert "Success: no issues found" in output


def test_cli_help(project: Path, variant: Variant) -> None:
    output = run_in_project(project, UV, "run", variant.package_name, "--help")
    for command in ("serve", "dev", "db", "users", "openapi"):
        assert re.search(rf"\b{command}\b", output), command


def test_resolution_is_bounded_by_the_template_date(project: Path) -> None:
    """`uv sync` resolved every dependency as of the template's `exclude-newer` date."""
    checked, problems = resolution_problems(project / "uv.lock", uv_exclude_newer())
    assert checked > 0
    assert problems == []


def test_package_name_refuses_every_installed_module(project: Path, variant: Variant) -> None:
    missing = installed_modules(project, variant.package_name) - dependency_modules()
    assert not missing, (
        f"extensions/dependency_modules.txt is stale: {sorted(missing)} are installed but "
        "not refused as package_name; run `uv run nox -s dependency_modules` and commit the file"
    )


def test_pytest_against_servers(
    project: Path, collected: int, postgres_server_url: str, redis_server_url: str
) -> None:
    servers = {"TEST_DATABASE_URL": postgres_server_url, "REDIS_URL": redis_server_url}
    output = run_in_project(project, UV, "run", "pytest", "-n", "2", env=servers)
    assert outcome(output) == {"passed": collected}, output[-4000:]


@pytest.mark.embedded_servers
def test_pytest_with_embedded_servers(project: Path, collected: int) -> None:
    output = run_in_project(project, UV, "run", "pytest")
    assert outcome(output) == {"passed": collected}, output[-4000:]
