"""Render each named variant and run its own checks: uv sync, ruff, mypy, import-linter and pytest.

The project's tests run against the PostgreSQL server in TEST_DATABASE_URL and the Redis in
REDIS_URL (the machine's in CI, embedded ones of ours otherwise). The variants marked
`proves_embedded_servers` (core and full) run them with neither variable set instead, which
proves the generated project starts its own embedded servers on a machine that has none. Each
variant's suite runs once: the run a variant does not need is deselected, not skipped.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from extensions.validation import dependency_modules
from extensions.versioning import uv_exclude_newer
from tests.dependency_modules import installed_modules
from tests.infra_tools import REPO_ROOT
from tests.project_runner import ProjectCommandError, outcome, run_in_project, uv_executable
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


def import_contracts(project: Path) -> dict[str, str]:
    """The project's import-linter contracts, by id: their names."""
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = pyproject["tool"]["importlinter"]["contracts"]
    return {contract["id"]: contract["name"] for contract in contracts}


def test_import_contracts(project: Path) -> None:
    output = run_in_project(project, UV, "run", "lint-imports", "--no-cache")
    assert f"Contracts: {len(import_contracts(project))} kept, 0 broken." in output, output


# For each contract, modules that break it (source by path under the package's folder) and what
# its report then says, one of the `reports`: a base module that imports a feature or a dev tool,
# items reaching into an accounts internal, a model that imports a service, and a cycle between
# two base packages.
@dataclass(frozen=True)
class ContractBreak:
    modules: dict[str, str]
    reports: tuple[str, ...]


CONTRACT_BREAKS: dict[str, ContractBreak] = {
    "base": ContractBreak(
        {"core/contract_probe.py": "import {package}.items\n"},
        ("{package}.core.contract_probe -> {package}.items (l.1)",),
    ),
    "dev-tools": ContractBreak(
        {"db/contract_probe.py": "import {package}_dev.postgres\n"},
        ("{package}.db.contract_probe -> {package}_dev.postgres (l.1)",),
    ),
    "features": ContractBreak(
        {"items/contract_probe.py": "import {package}.accounts.services\n"},
        ("{package}.items.contract_probe -> {package}.accounts.services (l.1)",),
    ),
    "layers": ContractBreak(
        {"accounts/models/contract_probe.py": "import {package}.accounts.services\n"},
        ("{package}.accounts.models.contract_probe -> {package}.accounts.services (l.1)",),
    ),
    "cycles": ContractBreak(
        {
            "db/contract_probe.py": "import {package}.mail\n",
            "mail/contract_probe.py": "import {package}.db\n",
        },
        ("- .db -> .mail (1 import)", "- .mail -> .db (1 import)"),
    ),
}


@pytest.mark.parametrize("contract", sorted(CONTRACT_BREAKS))
def test_import_contract_fails_on_a_break(project: Path, variant: Variant, contract: str) -> None:
    """A module that breaks the contract makes lint-imports fail, naming the contract and what
    broke it; the module is gone again before any other check runs."""
    package = variant.package_name
    breaking = CONTRACT_BREAKS[contract]
    added = [project / "src" / package / path for path in breaking.modules]
    # A report this wide has no line wrapped.
    command = (UV, "run", "lint-imports", "--no-cache", "--contract", contract)
    try:
        for path, source in zip(added, breaking.modules.values(), strict=True):
            path.write_text(source.format(package=package), encoding="utf-8")
        with pytest.raises(ProjectCommandError) as failure:
            run_in_project(project, *command, env={"COLUMNS": "1000"})
    finally:
        for path in added:
            path.unlink(missing_ok=True)
    report = str(failure.value)
    assert f"{import_contracts(project)[contract]} BROKEN" in report, report
    assert any(line.format(package=package) in report for line in breaking.reports), report


def test_cli_help(project: Path, variant: Variant) -> None:
    output = run_in_project(project, UV, "run", variant.package_name, "--help")
    for command in ("serve", "dev", "db", "users", "openapi"):
        assert re.search(rf"\b{command}\b", output), command


def test_production_install_is_the_service_without_its_dev_tools(
    project: Path, variant: Variant, tmp_path: Path
) -> None:
    """What the image installs (`uv sync --no-dev --no-editable`): the package with its migrations
    and mail templates, and none of its dev tools; its CLI has no `dev`, and asks for DATABASE_URL
    where a checkout would start the embedded server."""
    package = variant.package_name
    environment = tmp_path / "image"
    image = {"UV_PROJECT_ENVIRONMENT": str(environment)}
    run_in_project(project, UV, "sync", "--locked", "--no-dev", "--no-editable", env=image)
    python = str(environment / "bin" / "python")
    probe = (
        "import importlib.util, importlib.resources as r; "
        f"print(importlib.util.find_spec('{package}_dev')); "
        f"files = r.files('{package}'); "
        "print((files / 'migrations' / 'script.py.mako').is_file(), "
        "(files / 'mail' / 'templates' / 'base.html').is_file())"
    )
    assert run_in_project(tmp_path, python, "-c", probe).split() == ["None", "True", "True"]

    commands = run_in_project(tmp_path, python, "-m", package, "--help", env={"COLUMNS": "200"})
    listed = set(re.findall(r"^│ (\S+)", commands, re.MULTILINE))
    assert {"serve", "db", "users", "sessions", "openapi"} <= listed, commands
    assert not listed & {"dev", "mail", "settings"}, commands

    unconfigured = {"DATABASE_URL": "", "SECRET_KEY": "a-secret-key-only-this-test-uses-0123456789"}
    with pytest.raises(ProjectCommandError) as refused:
        run_in_project(tmp_path, python, "-m", package, "db", "current", env=unconfigured)
    assert "DATABASE_URL is not set: point it at the PostgreSQL server." in str(refused.value)

    # compose.override.yaml mounts the source over the image and puts it first on the path.
    mounted = {"PYTHONPATH": str(project / "src")}
    found = run_in_project(
        tmp_path, python, "-c", f"import {package}; print({package}.__file__)", env=mounted
    )
    assert Path(found.strip()).is_relative_to(project / "src")


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


# Alone, a variant's own suite takes both cores; with `nox -s all_variants` two variants share
# them, one core each.
PROJECT_PYTEST_WORKERS = () if os.environ.get("PYTEST_XDIST_WORKER") else ("-n", "2")

# The variants that prove the embedded servers run the suite exactly as the README says, coverage
# gate and all. The others leave coverage out, which makes their suites half as slow again, and
# fuzz with fewer random requests per operation than the default 10 (on top of the schema's
# examples and boundary cases): the code only they reach is little beside what full covers.
MACHINE_SERVER_FUZZ_EXAMPLES = "3"


@pytest.mark.machine_servers
def test_pytest_against_servers(
    project: Path, collected: int, postgres_server_url: str, redis_server_url: str
) -> None:
    environment = {
        "TEST_DATABASE_URL": postgres_server_url,
        "REDIS_URL": redis_server_url,
        "FUZZ_EXAMPLES": MACHINE_SERVER_FUZZ_EXAMPLES,
    }
    output = run_in_project(
        project, UV, "run", "pytest", "--no-cov", *PROJECT_PYTEST_WORKERS, env=environment
    )
    assert outcome(output) == {"passed": collected}, output[-4000:]


@pytest.mark.embedded_servers
def test_pytest_with_embedded_servers(project: Path, collected: int) -> None:
    output = run_in_project(project, UV, "run", "pytest")
    assert outcome(output) == {"passed": collected}, output[-4000:]


# --- the frontend, for the variants that have one ---

FRONTEND_ARTIFACTS = REPO_ROOT / "artifacts" / "frontend"


def npm(folder: Path, *args: str, env: dict[str, str] | None = None) -> str:
    return run_in_project(folder, "npm", *args, env=env)


@pytest.fixture(scope="module")
def frontend(project: Path) -> Path:
    """The frontend with its packages installed exactly as its lockfile pins them."""
    folder = project / "frontend"
    npm(folder, "ci", "--no-audit", "--no-fund")
    return folder


@pytest.fixture(scope="module")
def built(frontend: Path) -> Path:
    npm(frontend, "run", "build")
    return frontend / "dist"


@pytest.mark.frontend
def test_frontend_lockfile_names_no_registry(project: Path) -> None:
    lockfile = (project / "frontend" / "package-lock.json").read_text(encoding="utf-8")
    assert lockfile.count('"resolved"') == 0
    assert lockfile.count('"integrity"') > 0


@pytest.mark.frontend
def test_frontend_check(frontend: Path) -> None:
    """The frontend's whole `npm run check`: ESLint, Prettier, tsc, Vitest and the fresh client."""
    npm(frontend, "run", "check")


@pytest.mark.frontend
def test_frontend_unit_tests(frontend: Path, tmp_path: Path) -> None:
    report = tmp_path / "vitest.json"
    npm(frontend, "test", "--", "--reporter=json", f"--outputFile={report}")
    results = json.loads(report.read_text(encoding="utf-8"))
    assert results["success"] is True
    assert results["numTotalTests"] > 0
    assert results["numPassedTests"] == results["numTotalTests"]


@pytest.mark.frontend
def test_frontend_client_is_fresh_and_the_check_catches_a_stale_one(frontend: Path) -> None:
    npm(frontend, "run", "client:check")
    schema = frontend / "src" / "api" / "schema.d.ts"
    committed = schema.read_text(encoding="utf-8")
    schema.write_text(committed.replace('"/api/v1/items"', '"/api/v1/things"'), encoding="utf-8")
    try:
        with pytest.raises(ProjectCommandError, match=r"schema\.d\.ts is stale"):
            npm(frontend, "run", "client:check")
    finally:
        schema.write_text(committed, encoding="utf-8")


@pytest.mark.frontend
def test_frontend_bundle_stays_within_its_budget(built: Path) -> None:
    output = npm(built.parent, "run", "size")
    total = re.search(r"([\d.]+) kB  gzipped in total; the budget is (\d+) kB", output)
    assert total, output
    assert float(total.group(1)) <= int(total.group(2))


def free_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


@pytest.mark.frontend
def test_frontend_end_to_end(built: Path, variant: Variant, postgres_server_url: str) -> None:
    """Playwright drives Chromium through the production build against the real API."""
    frontend = built.parent
    listed = npm(frontend, "exec", "--", "playwright", "test", "--list")
    count = re.search(r"^Total: (\d+) tests?", listed, re.MULTILINE)
    assert count, listed
    ports = {name: free_port() for name in ("E2E_API_PORT", "E2E_WEB_PORT", "E2E_SMTP_PORT")}
    web_url = f"http://localhost:{ports['E2E_WEB_PORT']}"
    env = {"TEST_DATABASE_URL": postgres_server_url, "E2E_WEB_URL": web_url, **ports}
    output = npm(frontend, "run", "e2e", env=env)
    assert re.search(rf"^\s+{count.group(1)} passed \(", output, re.MULTILINE), output[-4000:]
    assert not re.search(r"^\s+\d+ (failed|flaky|skipped|did not run)", output, re.MULTILINE)

    results = frontend / "test-results"
    axe = json.loads((results / "axe.json").read_text(encoding="utf-8"))
    assert axe, "no page was checked with axe"
    assert {page: found["serious"] for page, found in axe.items() if found["serious"]} == {}
    kept = FRONTEND_ARTIFACTS / variant.name
    shutil.rmtree(kept, ignore_errors=True)
    kept.mkdir(parents=True)
    for artifact in ("items-page.png", "axe.json"):
        shutil.copy(results / artifact, kept / artifact)
    assert (kept / "items-page.png").read_bytes().startswith(b"\x89PNG")
