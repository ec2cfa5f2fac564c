"""Maintainer sessions: `uv run nox` runs the default ones, the whole test suite."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nox

sys.path.insert(0, str(Path(__file__).parent))
from tests.variants import variant_names

nox.options.default_venv_backend = "none"
nox.options.sessions = ["lint", "docs", "tests", "all_variants", "update", "bench_smoke"]

# The benchmark's own dependency group, added to the environment only where it is needed.
WITH_BENCH = ("uv", "run", "--group", "bench")


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff and strict mypy on the template repository's own code."""
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run(*WITH_BENCH, "mypy")


@nox.session
def tests(session: nox.Session) -> None:
    """The fast tests: rendering, validators, quoting and the offline infra validators."""
    session.run(
        "pytest", "-n", "2", "-m", "not variant and not bench and not update", *session.posargs
    )


@nox.session
def answer_space(session: nox.Session) -> None:
    """Thousands of random legal answer sets (ANSWER_SPACE_EXAMPLES), rendered and checked."""
    examples = os.environ.get("ANSWER_SPACE_EXAMPLES", "2000")
    session.run(
        "pytest",
        "-n",
        "2",
        "tests/test_answer_space.py",
        "--hypothesis-show-statistics",
        *session.posargs,
        env={"ANSWER_SPACE_EXAMPLES": examples, "ANSWER_SPACE_SHARDS": "2"},
    )


@nox.session
@nox.parametrize("variant", variant_names())
def variants(session: nox.Session, variant: str) -> None:
    """Render one variant and run its own ruff, mypy, import contracts and pytest."""
    session.run("pytest", "-m", "variant", "--variant", variant, *session.posargs)


@nox.session
def all_variants(session: nox.Session) -> None:
    """Every named variant, two at a time: each one's checks run in order on one worker."""
    session.run(
        "pytest",
        "-m",
        "variant",
        "-n",
        "2",
        "--dist",
        "loadgroup",
        "--durations",
        "20",
        *session.posargs,
    )


@nox.session
def update(session: nox.Session) -> None:
    """Render each recorded release, update it to the working tree, and check the result."""
    session.run("pytest", "-n", "2", "-m", "update", *session.posargs)


@nox.session
def bench_smoke(session: nox.Session) -> None:
    """A few seconds of the benchmark, so that it cannot rot."""
    session.run(*WITH_BENCH, "pytest", "-m", "bench", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """The full benchmark against the bare-FastAPI and raw asyncpg baselines; writes
    artifacts/bench/."""
    session.run(*WITH_BENCH, "python", "-m", "bench", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation site strictly: a broken link or missing page fails."""
    session.run("mkdocs", "build", "--strict", "--site-dir", "site")


@nox.session
def dependency_modules(session: nox.Session) -> None:
    """Regenerate extensions/dependency_modules.txt from every variant's synced environment."""
    session.run("python", "-m", "tests.dependency_modules")


@nox.session
def question_reference(session: nox.Session) -> None:
    """Rewrite docs/questions.md from copier.yml and the layer manifests."""
    session.run("python", "-m", "tests.question_reference")


@nox.session
def settings_reference(session: nox.Session) -> None:
    """Regenerate the template's .env.example and README settings table from the models."""
    session.run("python", "-m", "tests.settings_reference")
