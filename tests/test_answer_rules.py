"""Celery needs Redis on every path that gives answers: `--defaults`, `--data` and
`copier update --data` here, the interactive prompt in test_prompt.py."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from copier import run_copy, run_update
from copier.errors import UserMessageError

from extensions.validation import CELERY_NEEDS_REDIS
from tests.options import validation_error
from tests.rendering import TEMPLATE_ROOT, render
from tests.template_versions import git, working_tree_clone
from tests.variants import BASE_ANSWERS

REFUSAL = re.escape(CELERY_NEEDS_REDIS)


def answers_file(project: Path) -> dict[str, Any]:
    answers: dict[str, Any] = yaml.safe_load((project / ".copier-answers.yml").read_text())
    return answers


def has_celery(project: Path) -> bool:
    return "celery" in (project / "pyproject.toml").read_text()


def test_the_validator_and_the_refusal_state_one_rule() -> None:
    forced = {"use_redis": False, "use_celery": True}
    assert validation_error(forced) == CELERY_NEEDS_REDIS.splitlines()[0]
    assert validation_error({"use_redis": True, "use_celery": True}) == ""


def test_defaults_have_no_celery(rendered_once: Callable[[dict[str, Any]], Path]) -> None:
    project = rendered_once(BASE_ANSWERS)
    assert "use_celery" not in answers_file(project)
    assert not has_celery(project)


def test_celery_with_redis_is_recorded(rendered_once: Callable[[dict[str, Any]], Path]) -> None:
    project = rendered_once({**BASE_ANSWERS, "use_redis": True, "use_celery": True})
    assert answers_file(project)["use_celery"] is True
    assert has_celery(project)


@pytest.mark.parametrize(
    "forced",
    [
        {"use_celery": True},
        {"use_celery": True, "use_redis": False},
        {"use_celery": "yes", "use_redis": "no"},
    ],
)
def test_data_forcing_celery_without_redis_is_refused(
    forced: dict[str, Any], tmp_path: Path
) -> None:
    with pytest.raises(UserMessageError, match=REFUSAL):
        render(tmp_path / "p", {**BASE_ANSWERS, **forced})
    assert not (tmp_path / "p").exists()


def test_data_saying_no_to_celery_without_redis_is_fine(tmp_path: Path) -> None:
    project = render(tmp_path / "p", {**BASE_ANSWERS, "use_celery": "false", "use_redis": False})
    assert not has_celery(project)


def test_the_cli_refuses_in_two_lines_without_a_traceback(tmp_path: Path) -> None:
    copier = Path(sys.executable).with_name("copier")
    result = subprocess.run(
        [
            str(copier),
            "copy",
            "--trust",
            "--quiet",
            "--defaults",
            "--vcs-ref=HEAD",
            "-d",
            "project_name=Shop",
            "-d",
            "use_celery=true",
            "-d",
            "use_redis=false",
            str(TEMPLATE_ROOT),
            str(tmp_path / "shop"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-2:] == CELERY_NEEDS_REDIS.splitlines()
    assert not (tmp_path / "shop").exists()


@pytest.fixture
def celery_project(tmp_path: Path) -> Path:
    """A committed project with Redis and Celery, from a repository of the working tree."""
    template = working_tree_clone(tmp_path / "template")
    project = tmp_path / "project"
    run_copy(
        str(template),
        project,
        data={**BASE_ANSWERS, "use_redis": True, "use_celery": True},
        vcs_ref="HEAD",
        defaults=True,
        unsafe=True,
        quiet=True,
    )
    git(project, "init", "--quiet")
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", "Generate")
    return project


def update(project: Path, data: dict[str, Any]) -> None:
    run_update(
        project, data=data, vcs_ref="HEAD", defaults=True, unsafe=True, overwrite=True, quiet=True
    )


def test_update_data_forcing_celery_without_redis_is_refused(celery_project: Path) -> None:
    with pytest.raises(UserMessageError, match=REFUSAL):
        update(celery_project, {"use_redis": False, "use_celery": True})
    assert git(celery_project, "status", "--porcelain") == ""


def test_update_dropping_redis_drops_celery(celery_project: Path) -> None:
    update(celery_project, {"use_redis": False})
    answers = answers_file(celery_project)
    assert answers["use_redis"] is False
    assert "use_celery" not in answers
    assert not has_celery(celery_project)
