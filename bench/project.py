"""The generated project under test: render, install, migrate, and run apps under its gunicorn."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.usage import worker_processes
from tests.project_runner import run_in_project, uv_executable
from tests.rendering import render
from tests.variants import DEFAULT_VARIANT

# The baselines run inside the rendered project, as top-level modules beside its package.
BASELINE_MODULE = "bench_baseline_app"
FASTAPI_MODULE = "bench_fastapi_app"
_BASELINE_SOURCES = {BASELINE_MODULE: "baseline_app.py", FASTAPI_MODULE: "fastapi_app.py"}


@dataclass(frozen=True)
class Project:
    root: Path
    package: str

    @property
    def bin(self) -> Path:
        return self.root / ".venv" / "bin"

    @property
    def python(self) -> Path:
        return self.bin / "python"

    @property
    def service_app(self) -> str:
        return f"{self.package}.main:app"

    @property
    def baseline_app(self) -> str:
        return f"{BASELINE_MODULE}:app"

    @property
    def fastapi_app(self) -> str:
        return f"{FASTAPI_MODULE}:app"

    @property
    def gunicorn_config(self) -> str:
        return f"python:{self.package}.gunicorn_conf"


def render_and_install(
    destination: Path, answers: dict[str, Any] | None = None, vcs_ref: str = "HEAD"
) -> Project:
    """Render a variant (the default one unless `answers` say otherwise) from a commit of this
    repository, `uv sync --no-dev` it as a production image would, and copy the baseline apps
    next to it so that all of them run on the same interpreter and libraries."""
    answers = answers if answers is not None else DEFAULT_VARIANT.answers
    render(destination, answers, vcs_ref)
    run_in_project(destination, uv_executable(), "sync", "--no-dev")
    for module, source in _BASELINE_SOURCES.items():
        shutil.copyfile(Path(__file__).with_name(source), destination / f"{module}.py")
    return Project(destination, str(answers.get("package_name", DEFAULT_VARIANT.package_name)))


def migrate(project: Project, env: dict[str, str]) -> None:
    run_in_project(project.root, str(project.bin / project.package), "db", "upgrade", env=env)


LIBRARIES = (
    "fastapi",
    "starlette",
    "pydantic",
    "pydantic-core",
    "sqlalchemy",
    "asyncpg",
    "uvicorn",
    "uvicorn-worker",
    "gunicorn",
    "uvloop",
    "httptools",
    "pyjwt",
    "pwdlib",
    "argon2-cffi",
    "limits",
    "loguru",
)

_VERSIONS_SCRIPT = """
import json, platform, sys
from importlib.metadata import PackageNotFoundError, version
found = {"python": platform.python_version()}
for name in sys.argv[1:]:
    try:
        found[name] = version(name)
    except PackageNotFoundError:
        pass
print(json.dumps(found))
"""


def installed_versions(project: Project) -> str:
    """JSON of the Python and library versions inside the project's virtualenv."""
    return run_in_project(project.root, str(project.python), "-c", _VERSIONS_SCRIPT, *LIBRARIES)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    """One gunicorn master (its own session, so it and its workers stop together)."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path
    stopped: bool = field(default=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def master_pid(self) -> int:
        return self.process.pid

    def worker_pids(self) -> list[int]:
        return [process.pid for process in worker_processes(self.master_pid)]

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""

    def stop(self) -> None:
        if self.stopped:
            return
        self.stopped = True
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def start_server(
    name: str, project: Project, app: str, env: dict[str, str], log_dir: Path
) -> Server:
    """Start `gunicorn -c python:<package>.gunicorn_conf <app>` and wait for /health/live."""
    port = free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{name}.log"
    server_env = {**env, "BIND": f"127.0.0.1:{port}"}
    # No control socket: two masters side by side would share its default path.
    command = [
        str(project.bin / "gunicorn"),
        "-c",
        project.gunicorn_config,
        "--no-control-socket",
        app,
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=project.root,
            env=server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(name, port, process, log_path)
    try:
        _wait_until_live(server, timeout_s=60)
    except BaseException:
        server.stop()
        raise
    return server


def _wait_until_live(server: Server, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"{server.name} exited with {server.process.returncode} during startup:\n"
                + server.log_tail()
            )
        try:
            with urllib.request.urlopen(server.base_url + "/health/live", timeout=2) as response:  # noqa: S310
                if response.status == 200 and server.worker_pids():
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(
        f"{server.name} did not answer /health/live in {timeout_s}s:\n" + server.log_tail()
    )
