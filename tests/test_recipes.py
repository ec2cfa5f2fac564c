"""Follow the generated README's recipes ("How to") in a fresh project, exactly as written.

Each code block of that section goes to the file whose path the paragraph above it names last:
a `python` block is a new file, or is added at the end of a file that exists; a `diff` block is
an edit, each hunk (hunks are separated by `@@`) replacing its context and removed lines, found
exactly once, by its context and added lines; a `bash` block runs in the project. Then the
project's ruff, mypy and import contracts must pass, and so must the tests the recipes add and the
check that the models and the migrations agree.

`full` follows them: its README has every recipe (`core`'s two are the same text), and its checks
run on embedded servers, as the recipes' checks do, with nothing else to start.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.project_runner import project_env, run_in_project, uv_executable
from tests.rendering import render_variant
from tests.variants import Variant

pytestmark = [pytest.mark.variant, pytest.mark.every_recipe]

UV = uv_executable()
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
FILE_PATH = re.compile(r"`((?:src|tests)/[\w/]+\.py)`")
CORE_RECIPES = ["Add an endpoint", "Add a table"]


@dataclass(frozen=True)
class Step:
    language: str
    code: str
    path: str | None  # where a python or diff block goes


def how_to(readme: str) -> str:
    start = readme.index("\n## How to\n")
    end = readme.find("\n## ", start + 1)
    return readme[start:end]


def recipe_titles(readme: str) -> list[str]:
    return re.findall(r"^### (.+)$", how_to(readme), re.MULTILINE)


def steps(readme: str) -> list[Step]:
    section = how_to(readme)
    found: list[Step] = []
    for fence in FENCE.finditer(section):
        language, code = fence.group(1), fence.group(2)
        paragraph = section[: fence.start()].rstrip().rsplit("\n\n", 1)[-1]
        paths = FILE_PATH.findall(paragraph)
        if language in {"python", "diff"}:
            assert paths, f"no file named before the block:\n{paragraph}\n{code}"
        found.append(Step(language, code, paths[-1] if paths else None))
    return found


def apply_diff(text: str, diff: str, path: str) -> str:
    for hunk in re.split(r"^@@.*\n", diff, flags=re.MULTILINE):
        lines = hunk.splitlines()
        assert all(line[:1] in {" ", "-", "+"} for line in lines), f"{path}: not a diff:\n{hunk}"
        old = "".join(f"{line[1:]}\n" for line in lines if line[0] in " -")
        new = "".join(f"{line[1:]}\n" for line in lines if line[0] in " +")
        at_line_start = [m.start() for m in re.finditer(re.escape(old), text)]
        places = [i for i in at_line_start if i == 0 or text[i - 1] == "\n"]
        assert len(places) == 1, f"{path}: the hunk's lines are there {len(places)} times:\n{old}"
        text = text[: places[0]] + new + text[places[0] + len(old) :]
    return text


def follow(step: Step, project: Path) -> None:
    if step.language == "bash":
        subprocess.run(
            ["bash", "-c", f"set -euo pipefail\n{step.code}"],
            cwd=project,
            env=project_env(),
            check=True,
            timeout=600,
        )
        return
    assert step.path is not None
    target = project / step.path
    if step.language == "diff":
        target.write_text(apply_diff(target.read_text(), step.code, step.path))
    elif target.exists():
        # A method goes on at the end of the class that ends the file; anything else is top-level.
        separator = "\n" if step.code[0].isspace() else "\n\n"
        target.write_text(target.read_text() + separator + step.code)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(step.code)


@pytest.fixture(scope="module")
def followed(variant: Variant) -> Iterator[tuple[Path, list[Step]]]:
    """The variant rendered and synced, with every recipe of its README followed."""
    # World-readable, as in test_variants: the embedded PostgreSQL runs as a user of its own when
    # started by root, from the project's .venv.
    parent = Path(tempfile.mkdtemp(prefix=f"fastapi-stack-recipes-{variant.name}-"))
    parent.chmod(0o755)
    project = render_variant(variant, parent / variant.name)
    run_in_project(project, UV, "sync")
    followed_steps = steps((project / "README.md").read_text(encoding="utf-8"))
    for step in followed_steps:
        follow(step, project)
    yield project, followed_steps
    shutil.rmtree(parent, ignore_errors=True)


def test_the_readme_has_the_recipes_of_its_layers(followed: tuple[Path, list[Step]]) -> None:
    project, _ = followed
    answers = (project / ".copier-answers.yml").read_text(encoding="utf-8")
    expected = list(CORE_RECIPES)
    if "use_celery: true" in answers:
        expected.append("Add a background task")
    if "- prometheus" in answers:
        expected.append("Add a metric")
    assert recipe_titles((project / "README.md").read_text(encoding="utf-8")) == expected


def test_the_migration_was_written(followed: tuple[Path, list[Step]], variant: Variant) -> None:
    project, _ = followed
    versions = project / "src" / variant.package_name / "migrations" / "versions"
    assert any("item_notes" in path.read_text() for path in versions.glob("*.py"))


def test_ruff_check(followed: tuple[Path, list[Step]]) -> None:
    run_in_project(followed[0], UV, "run", "ruff", "check", "--no-cache", ".")


def test_ruff_format(followed: tuple[Path, list[Step]]) -> None:
    run_in_project(followed[0], UV, "run", "ruff", "format", "--check", "--no-cache", ".")


def test_mypy_strict(followed: tuple[Path, list[Step]]) -> None:
    assert "Success: no issues found" in run_in_project(followed[0], UV, "run", "mypy")


def test_import_contracts(followed: tuple[Path, list[Step]]) -> None:
    project, _ = followed
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = pyproject["tool"]["importlinter"]["contracts"]
    output = run_in_project(project, UV, "run", "lint-imports", "--no-cache")
    assert f"Contracts: {len(contracts)} kept, 0 broken." in output, output


def test_the_recipes_tests_pass(followed: tuple[Path, list[Step]]) -> None:
    project, followed_steps = followed
    added = [
        s.path
        for s in followed_steps
        if s.language == "python" and s.path and s.path.startswith("tests/")
    ]
    assert len(added) == len(recipe_titles((project / "README.md").read_text(encoding="utf-8")))
    # With the migrations' checks: the table's revision matches its model, and applies.
    checks = [*added, "tests/core/test_migrations.py"]
    output = run_in_project(
        project, UV, "run", "pytest", "--no-cov", "-p", "no:cacheprovider", *checks
    )
    assert re.search(r"^=+ \d+ passed in ", output, re.MULTILINE), output[-4000:]
