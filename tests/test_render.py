"""Fast checks on rendered projects: they render, parse, compile and keep every answer intact."""

from __future__ import annotations

import ast
import json
import re
import shutil
import stat
import subprocess
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from copier import run_copy
from dotenv import dotenv_values
from jinja2 import UndefinedError

from extensions.naming import package_name, slugify
from tests import infra_tools as tools
from tests import jsonc
from tests.frontend_tools import installed_prettier_version, pinned_prettier_version, prettier_check
from tests.options import combination_name, layer_combinations
from tests.rendered_names import app_name, html_title, mail_sender, settings_default
from tests.rendering import TEMPLATE_ROOT, render
from tests.variants import BASE_ANSWERS, DEFAULT_VARIANT

NASTY_ANSWERS = {
    "project_name": "Ünïcode \"Quoted\" 'Orders' <&> 北京 \\ {{ not_jinja }} {% raw %}",
    "project_slug": "nasty-orders",
    "package_name": "nasty_orders",
    "description": (
        'A "tricky" description: C:\\path\\n, \u2018curly\u2019, 北京, {{ 7 * 7 }} and {% if %}.'
    ),
    "author_name": 'Zoë O\'Brien-Łukasz \\ "Ops"',
    "author_email": "zoe.o'brien@example.com",
}
# Every layer on, so that each file that shows a name is rendered with the nasty ones.
EVERY_LAYER = {
    "use_redis": True,
    "use_celery": True,
    "frontend": "react",
    "monitoring": ["prometheus", "sentry", "opentelemetry"],
}
# What docker compose accepts as a project name.
COMPOSE_PROJECT_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

# `${{ … }}` is GitHub Actions expression syntax, meant to reach the rendered workflow.
LEFTOVER_JINJA = re.compile(r"(?<!\$)\{\{|\{%|%\}|\{#")


def rendered_by_the_app(path: Path) -> bool:
    """Templates the generated service renders itself: Alembic's and the email messages."""
    return path.suffix == ".mako" or path.parent.parts[-2:] == ("mail", "templates")


def rendered_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and ".git" not in path.parts:
            yield path


def text_files(root: Path) -> Iterator[tuple[Path, str]]:
    for path in rendered_files(root):
        try:
            yield path, path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue


@pytest.fixture(scope="module")
def default_project(rendered_once: Callable[[dict[str, Any]], Path]) -> Path:
    return rendered_once(DEFAULT_VARIANT.answers)


@pytest.fixture(scope="module", params=list(layer_combinations()), ids=combination_name)
def combination_project(
    request: pytest.FixtureRequest, rendered_once: Callable[[dict[str, Any]], Path]
) -> Path:
    """The default answers with each valid combination of the layer options."""
    return rendered_once({**BASE_ANSWERS, **request.param})


@pytest.fixture(scope="module")
def nasty_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(
        tmp_path_factory.mktemp("nasty") / "nasty-orders", {**NASTY_ANSWERS, **EVERY_LAYER}
    )


def test_default_render_has_the_service(default_project: Path) -> None:
    package = default_project / "src" / DEFAULT_VARIANT.package_name
    for relative in (
        "pyproject.toml",
        "README.md",
        "alembic.ini",
        ".copier-answers.yml",
        "LICENSE",
    ):
        assert (default_project / relative).is_file(), relative
    assert (package / "main.py").is_file()
    assert (default_project / "tests" / "conftest.py").is_file()


def test_every_python_file_compiles(combination_project: Path) -> None:
    python_files = list(combination_project.rglob("*.py"))
    assert len(python_files) > 20
    for path in python_files:
        compile(path.read_text(encoding="utf-8"), str(path), "exec")


def test_every_data_file_parses(combination_project: Path) -> None:
    parsed = 0
    for path in rendered_files(combination_project):
        text = path.read_text(encoding="utf-8") if path.suffix else ""
        if path.suffix == ".toml":
            tomllib.loads(text)
        elif path.suffix in {".yml", ".yaml"}:
            list(yaml.safe_load_all(text))
        elif path.suffix == ".json":
            # VS Code's settings are JSON with comments.
            (jsonc.loads if path.parent.name == ".vscode" else json.loads)(text)
        else:
            continue
        parsed += 1
    assert parsed >= 3


def test_no_template_syntax_left(combination_project: Path) -> None:
    leftovers = [
        f"{path.relative_to(combination_project)}:{number}: {line.strip()}"
        for path, text in text_files(combination_project)
        for number, line in enumerate(text.splitlines(), 1)
        if LEFTOVER_JINJA.search(line) and not rendered_by_the_app(path)
    ]
    assert leftovers == []
    assert not [p for p in rendered_files(combination_project) if p.suffix == ".jinja"]


def test_email_templates_are_copied_verbatim(default_project: Path) -> None:
    source = TEMPLATE_ROOT / "template" / "src" / "{{package_name}}" / "mail" / "templates"
    copied = default_project / "src" / DEFAULT_VARIANT.package_name / "mail" / "templates"
    names = sorted(path.name for path in source.iterdir())
    assert names == sorted(path.name for path in copied.iterdir())
    assert {name.rpartition(".")[2] for name in names} == {"txt", "html"}
    for name in names:
        assert (copied / name).read_bytes() == (source / name).read_bytes(), name


PYTHON_BLOCK = re.compile(r"^```python\n.*?^```$", re.MULTILINE | re.DOTALL)


def test_files_look_hand_written(combination_project: Path) -> None:
    problems = []
    for path, text in text_files(combination_project):
        name = path.relative_to(combination_project)
        if not text:
            if path.name not in {"__init__.py", "py.typed"}:
                problems.append(f"{name}: empty")
            continue
        if not text.endswith("\n") or text.endswith("\n\n"):
            problems.append(f"{name}: must end with exactly one newline")
        if "\n\n\n\n" in text:
            problems.append(f"{name}: a run of blank lines")
        elif "\n\n\n" in PYTHON_BLOCK.sub("```", text) and path.suffix not in {".py", ".mako"}:
            # Only Python separates blocks with two blank lines (in a README's Python blocks
            # too); elsewhere one is the most.
            problems.append(f"{name}: two blank lines in a row")
        if re.search(r"[ \t]+$", text, re.MULTILINE):
            problems.append(f"{name}: trailing whitespace")
    assert problems == []


@pytest.mark.parametrize(
    "command", [("check",), ("format", "--check")], ids=["ruff-check", "ruff-format"]
)
def test_render_passes_ruff_untouched(combination_project: Path, command: tuple[str, ...]) -> None:
    run = tools.run_tool("ruff", *command, "--no-cache", ".", cwd=combination_project)
    assert run.ok, run.report()


def test_answers_file_records_the_answers(default_project: Path) -> None:
    answers = yaml.safe_load((default_project / ".copier-answers.yml").read_text())
    for key, value in BASE_ANSWERS.items():
        assert answers[key] == value
    assert answers["python_version"] == "3.12"
    assert "_src_path" in answers


def test_secrets_are_fresh_on_every_copy(default_project: Path, tmp_path: Path) -> None:
    other = render(tmp_path / "other", DEFAULT_VARIANT.answers)
    first, second = dotenv_values(default_project / ".env"), dotenv_values(other / ".env")
    assert first["SECRET_KEY"] != second["SECRET_KEY"]
    assert len(first["SECRET_KEY"] or "") >= 32
    for name in (".env", ".env.example"):
        assert "changethis" not in (default_project / name).read_text().lower()


def test_env_file_is_owner_only(default_project: Path) -> None:
    assert stat.S_IMODE((default_project / ".env").stat().st_mode) == 0o600
    assert stat.S_IMODE((default_project / ".env.example").stat().st_mode) & 0o044


def test_env_file_is_git_ignored(default_project: Path) -> None:
    ignored = (default_project / ".gitignore").read_text().splitlines()
    assert ".env" in ignored


@pytest.mark.parametrize(
    ("license_name", "first_line"),
    [("MIT", "MIT License"), ("BSD-3-Clause", "BSD 3-Clause License")],
)
def test_license_file(license_name: str, first_line: str, tmp_path: Path) -> None:
    project = render(tmp_path / "p", {**BASE_ANSWERS, "license": license_name})
    text = (project / "LICENSE").read_text()
    assert text.splitlines()[0] == first_line
    assert BASE_ANSWERS["author_name"] in text


def test_proprietary_has_no_license_file(tmp_path: Path) -> None:
    project = render(tmp_path / "p", {**BASE_ANSWERS, "license": "Proprietary"})
    assert not (project / "LICENSE").exists()


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"project_name": "   "}, "question 'project_name': a name is required."),
        ({"project_slug": "Acme_Orders"}, "question 'project_slug': use kebab-case"),
        ({"package_name": "class"}, "question 'package_name': must not be a Python keyword."),
        ({"package_name": "json"}, "must not shadow a stdlib module"),
        ({"package_name": "fastapi"}, "must not shadow a dependency"),
        ({"package_name": "click"}, "must not shadow a dependency"),
        ({"author_email": "not-an-email"}, "question 'author_email': must be an email address"),
        ({"author_email": "a@example..com"}, "'a@example..com': the domain"),
        ({"python_version": "3.9"}, "python_version"),
    ],
)
def test_copier_rejects_bad_answers(answers: dict[str, Any], message: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        render(tmp_path / "p", {**BASE_ANSWERS, **answers})
    assert not (tmp_path / "p" / "pyproject.toml").exists()


def test_copie_renders_the_default_variant(copie: Any) -> None:
    result = copie.copy(extra_answers=DEFAULT_VARIANT.answers)
    assert result.exit_code == 0, result.exception
    assert result.answers["package_name"] == DEFAULT_VARIANT.package_name
    assert (result.project_dir / "src" / DEFAULT_VARIANT.package_name / "main.py").is_file()


def test_nasty_answers_survive_in_toml(nasty_project: Path) -> None:
    project = tomllib.loads((nasty_project / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["description"] == NASTY_ANSWERS["description"]
    authors = project["project"]["authors"]
    assert authors == [
        {"name": NASTY_ANSWERS["author_name"], "email": NASTY_ANSWERS["author_email"]}
    ]


def test_nasty_answers_survive_in_yaml(nasty_project: Path) -> None:
    answers = yaml.safe_load((nasty_project / ".copier-answers.yml").read_text(encoding="utf-8"))
    for key, value in NASTY_ANSWERS.items():
        assert answers[key] == value
    for path in (*nasty_project.rglob("*.yml"), *nasty_project.rglob("*.yaml")):
        list(yaml.safe_load_all(path.read_text(encoding="utf-8")))


def test_nasty_answers_survive_in_python(nasty_project: Path) -> None:
    strings: set[str] = set()
    for path in nasty_project.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        strings.update(
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        )
    assert NASTY_ANSWERS["project_name"] in strings


def test_nasty_answers_survive_in_env(nasty_project: Path) -> None:
    for name in (".env", ".env.example"):
        values = dotenv_values(nasty_project / name)
        assert values, name
        assert all(value is not None for value in values.values()), name


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is part of the dev environment")
def test_nasty_render_is_ruff_formatted(nasty_project: Path) -> None:
    result = subprocess.run(
        ["ruff", "format", "--check", "--no-cache", "."],
        cwd=nasty_project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_nasty_project_name_is_the_openapi_title_and_the_mail_sender(nasty_project: Path) -> None:
    package, name = NASTY_ANSWERS["package_name"], NASTY_ANSWERS["project_name"]
    assert settings_default(nasty_project, package, "project_name") == name
    for utf8 in (False, True):
        sender = mail_sender(nasty_project, package, utf8=utf8)
        assert sender.display_name == name
        assert sender.addr_spec == f"no-reply@{NASTY_ANSWERS['project_slug']}.example.com"


def test_nasty_project_name_in_the_frontend(nasty_project: Path) -> None:
    frontend = nasty_project / "frontend"
    assert app_name(frontend) == NASTY_ANSWERS["project_name"]
    assert html_title(frontend) == NASTY_ANSWERS["project_name"]


def test_nasty_render_passes_prettier(nasty_project: Path) -> None:
    run = prettier_check(nasty_project / "frontend")
    assert run.ok, run.report()


def test_compose_project_name_is_the_slug(nasty_project: Path) -> None:
    compose = yaml.safe_load((nasty_project / "compose.yaml").read_text(encoding="utf-8"))
    assert compose["name"] == NASTY_ANSWERS["project_slug"]
    assert COMPOSE_PROJECT_NAME.match(compose["name"])


@pytest.mark.parametrize(
    ("name", "slug", "package"),
    [
        (
            "Northwind Traders' Regional Warehouse Orders and Fulfilment API",
            "northwind-traders-regional-warehouse",
            "northwind_traders",
        ),
        (
            "Supercalifragilisticexpialidocious",
            "supercalifragilisticexpialidocious",
            "supercalifragilis",
        ),
        ("注文", "service", "service"),
    ],
)
def test_long_project_names_give_short_default_names(name: str, slug: str, package: str) -> None:
    """The default slug fits an email domain and a line of code, the default package name keeps
    the generated imports on one line each (`tests/test_answer_space.py` renders them)."""
    assert slugify(name) == slug
    assert package_name(slug) == package


def test_prettier_is_the_version_the_frontend_pins() -> None:
    assert installed_prettier_version() == pinned_prettier_version()


def test_misspelled_variable_fails_the_render(tmp_path: Path) -> None:
    template = tmp_path / "template-copy"
    shutil.copytree(
        TEMPLATE_ROOT, template, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules")
    )
    (template / "template" / "typo.txt.jinja").write_text("{{ pakage_name }}\n")
    with pytest.raises(UndefinedError, match="pakage_name"):
        run_copy(
            str(template),
            tmp_path / "out",
            data=BASE_ANSWERS,
            defaults=True,
            unsafe=True,
            quiet=True,
        )
