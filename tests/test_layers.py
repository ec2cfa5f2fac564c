"""The layer mechanism: each layer's declaration reaches every shared file when it is on, and
nothing of it is left when it is off."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import pytest
import yaml

from extensions.layers import (
    LAYERS,
    PARTIAL_SLOTS,
    PARTIALS_ROOT,
    Hook,
    Layer,
    contributions,
    enabled_layers,
    requirement_name,
    sort_requirements,
    sorted_imports,
)
from tests import infra_tools as tools
from tests.options import combination_name, layer_combinations
from tests.rendering import render
from tests.variants import BASE_ANSWERS

COMBINATIONS = list(layer_combinations())
PACKAGE = "acme_orders"


@pytest.fixture(scope="module", params=COMBINATIONS, ids=combination_name)
def rendered(
    request: pytest.FixtureRequest, rendered_once: Callable[[dict[str, Any]], Path]
) -> tuple[dict[str, Any], Path]:
    answers = {**BASE_ANSWERS, **request.param}
    return answers, rendered_once(answers)


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --- the declarations ---


def test_no_layer_is_on_by_default() -> None:
    assert enabled_layers({}) == []
    empty = contributions({})
    assert empty.names == empty.dependencies == empty.compose_services == empty.readme == []


def test_every_partial_folder_belongs_to_a_layer_and_every_file_to_a_slot() -> None:
    declared = {layer.name for layer in LAYERS}
    folders = {path.name for path in PARTIALS_ROOT.iterdir() if path.is_dir()}
    assert folders <= declared
    strays = [
        str(path.relative_to(PARTIALS_ROOT))
        for path in PARTIALS_ROOT.rglob("*")
        if path.is_file() and path.name not in PARTIAL_SLOTS.values()
    ]
    assert strays == []


def test_what_a_layer_adds_alongside_another_comes_only_with_both() -> None:
    def celery_hooks(answers: dict[str, Any]) -> list[str]:
        return [f"{hook.module}:{hook.name}" for hook in contributions(answers).celery_hooks]

    celery = {"use_redis": True, "use_celery": True}
    tracing = {"monitoring": ["opentelemetry"]}
    instrumentation = "opentelemetry-instrumentation-celery>=0.66b2"

    assert instrumentation in contributions({**celery, **tracing}).dependencies
    assert instrumentation not in contributions(tracing).dependencies
    assert instrumentation not in contributions(celery).dependencies
    assert celery_hooks(celery) == []
    assert celery_hooks({**celery, "monitoring": ["prometheus", "sentry", "opentelemetry"]}) == [
        "plugins.celery.metrics:instrument_tasks",
        "plugins.sentry.reporting:report_tasks",
        "plugins.opentelemetry.tracing:trace_tasks",
    ]


def test_a_layer_adds_its_feature_after_the_core_ones() -> None:
    def apis(answers: dict[str, Any]) -> list[tuple[str, str]]:
        return [(api.module, api.alias) for api in contributions(answers).feature_apis]

    assert apis({}) == [("accounts", "accounts"), ("items", "items"), ("webhooks", "webhooks")]
    assert apis({"use_redis": True, "use_celery": True})[-1] == ("items.exports", "exports")


def test_imports_are_merged_by_module_and_sorted() -> None:
    hooks = [Hook.parse("plugins.b:second"), Hook.parse("core.a:first")]

    assert sorted_imports({"plugins.b": "First", "api": "x"}, "pkg", hooks).splitlines() == [
        "from pkg.api import x",
        "from pkg.core.a import first",
        "from pkg.plugins.b import First, second",
    ]


def test_the_redis_layer_contributes_to_every_shared_file() -> None:
    redis = contributions({"use_redis": True})
    assert redis.names == ["redis"]
    assert redis.compose_services == ["layers/redis/compose.yaml"]
    assert redis.ci_services == ["layers/redis/ci-services.yml"]
    assert redis.readme == ["layers/redis/readme.md"]
    assert redis.readiness == ["redis"]


def test_layers_plug_into_the_app_through_their_hooks() -> None:
    full = contributions(
        {"use_redis": True, "use_celery": True, "monitoring": ["prometheus", "opentelemetry"]}
    )
    assert full.plugins == ["redis", "celery", "prometheus", "opentelemetry"]
    assert full.test_fixtures == ["tests.plugins.redis.fixtures", "tests.plugins.celery.fixtures"]
    assert [hook.name for hook in full.gunicorn_hooks] == ["when_ready", "child_exit"]
    assert [hook.name for hook in full.celery_hooks] == ["instrument_tasks", "trace_tasks"]
    reported = contributions({"use_redis": True, "use_celery": True, "monitoring": ["sentry"]})
    assert [hook.name for hook in reported.celery_hooks] == ["report_tasks"]
    assert contributions({"monitoring": ["opentelemetry"]}).celery_hooks == []


def test_the_frontend_layer_contributes_a_ci_job_and_a_dependabot_entry() -> None:
    frontend = contributions({"frontend": "react"})
    assert frontend.names == ["frontend"]
    assert frontend.ci_jobs == ["layers/frontend/ci-jobs.yml"]
    assert frontend.dependabot == ["layers/frontend/dependabot.yml"]
    assert contributions({"frontend": "none"}).names == []


def test_requirements_sort_by_normalised_name() -> None:
    assert requirement_name("SQLAlchemy[asyncio]>=2.1") == "sqlalchemy"
    assert requirement_name("uvicorn_worker>=0.4") == "uvicorn-worker"
    assert sort_requirements(["uvicorn-worker>=0.4", "pydantic-settings>=2", "pydantic>=2"]) == [
        "pydantic>=2",
        "pydantic-settings>=2",
        "uvicorn-worker>=0.4",
    ]


# --- what a render holds ---


def layer_words(layer: Layer) -> list[str]:
    """Words only this layer's files use: its marks (or name), and its dependencies' names."""
    marks = layer.marks or (layer.name,)
    names = {*marks, *map(requirement_name, layer.dependencies + layer.dev_dependencies)}
    return sorted(names)


def test_a_layer_that_is_off_leaves_no_trace(rendered: tuple[dict[str, Any], Path]) -> None:
    answers, project = rendered
    off = [layer for layer in LAYERS if layer not in enabled_layers(answers)]
    traces = [
        f"{path.relative_to(project)}: {word}"
        for layer in off
        for word in layer_words(layer)
        for path in sorted(project.rglob("*"))
        if path.is_file()
        # The answers name every option; npm's lockfile names the optional peers of packages;
        # `.env` holds random secrets, which may spell anything.
        and path.name not in {".copier-answers.yml", "package-lock.json", ".env"}
        and (
            word in str(path.relative_to(project)).lower()
            or word in path.read_text(encoding="utf-8").lower()
        )
    ]
    assert traces == []


def test_an_enabled_layer_reaches_every_shared_file(
    rendered: tuple[dict[str, Any], Path],
) -> None:
    answers, project = rendered
    expected = contributions(answers)
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    dependencies = pyproject["project"]["dependencies"]
    dev_dependencies = pyproject["dependency-groups"]["dev"]
    assert set(expected.dependencies) <= set(dependencies)
    assert set(expected.dev_dependencies) <= set(dev_dependencies)
    assert dependencies == sort_requirements(dependencies)
    assert dev_dependencies == sort_requirements(dev_dependencies)
    warning_filters = pyproject["tool"]["pytest"]["ini_options"]["filterwarnings"]
    assert warning_filters == ["error", *expected.warning_filters]

    config = (project / "src" / PACKAGE / "core" / "config.py").read_text(encoding="utf-8")
    bases = re.search(r"^class Settings\(([^)]*)\):$", config, re.MULTILINE)
    assert bases, config
    assert re.split(r",\s*", bases.group(1).strip().rstrip(",")) == [
        m.name for m in expected.settings_mixins
    ] + ["BaseSettings"]
    for mixin in expected.settings_mixins:
        assert f"from {PACKAGE}.{mixin.module} import {mixin.name}\n" in config
        assert (
            (project / "src" / PACKAGE / Path(*mixin.module.split(".")))
            .with_suffix(".py")
            .is_file()
        )

    compose = load_yaml(project / "compose.yaml")
    layer_services = [
        name
        for partial in expected.compose_services
        for name in tools.compose_partial_services(partial)
    ]
    assert set(compose["services"]) == {"db", "migrate", "api", *layer_services}
    assert set(compose["volumes"]) == {"pgdata", *expected.compose_volumes}
    api = compose["services"]["api"]
    for service in expected.api_depends_on:
        assert api["depends_on"][service] == {"condition": "service_healthy"}
    assert expected.app_environment.items() <= compose["x-app"]["environment"].items()

    tests_job = load_yaml(project / ".github" / "workflows" / "ci.yml")["jobs"]["tests"]
    ci_services = [next(iter(load_yaml(PARTIALS_ROOT.parent / p))) for p in expected.ci_services]
    assert set(tests_job["services"]) == {"postgres", *ci_services}
    assert expected.ci_environment.items() <= tests_job["env"].items()

    package = project / "src" / PACKAGE
    enabled = (package / "plugins" / "enabled.py").read_text(encoding="utf-8")
    declared = re.search(r"^PLUGINS: [^=]+ = \((.*?)\)$", enabled, re.MULTILINE | re.DOTALL)
    assert declared, enabled
    assert re.findall(r"\w+", declared.group(1)) == expected.plugins
    for name in expected.plugins:
        assert f"\nfrom {PACKAGE}.plugins.{name}.plugin import plugin as {name}\n" in enabled
        assert (package / "plugins" / name / "plugin.py").is_file()
    plugin_folders = {path.parent.name for path in (package / "plugins").glob("*/plugin.py")}
    assert plugin_folders == set(expected.plugins)
    conftest = (project / "tests" / "conftest.py").read_text(encoding="utf-8")
    for module in expected.test_fixtures:
        assert f'\n    "{module}",\n' in conftest
        assert (project / Path(*module.split("."))).with_suffix(".py").is_file()
    gunicorn = (package / "gunicorn_conf.py").read_text(encoding="utf-8")
    for hook in expected.gunicorn_hooks:
        parent, module = hook.module.rsplit(".", 1)
        assert f"\nfrom {PACKAGE}.{parent} import {module}\n" in gunicorn
        assert f"\n{hook.name} = {module}.{hook.name}\n" in gunicorn
    for hook in expected.celery_hooks:
        worker = (package / "plugins" / "celery" / "app.py").read_text(encoding="utf-8")
        assert f"\nfrom {PACKAGE}.{hook.module} import {hook.name}\n" in worker
        assert f"\n    {hook.name}(app, settings)\n" in worker

    jobs = load_yaml(project / ".github" / "workflows" / "ci.yml")["jobs"]
    layer_jobs = [name for p in expected.ci_jobs for name in tools.compose_partial_services(p)]
    assert set(jobs) == {"lint", "typecheck", "tests", "image", *layer_jobs}

    updates = load_yaml(project / ".github" / "dependabot.yml")["updates"]
    layer_updates = [u for p in expected.dependabot for u in load_yaml(PARTIALS_ROOT.parent / p)]
    assert [u for u in updates if u in layer_updates] == layer_updates

    readme = (project / "README.md").read_text(encoding="utf-8")
    for partial in expected.readme:
        first_line = (PARTIALS_ROOT.parent / partial).read_text(encoding="utf-8").splitlines()[0]
        assert f"\n{first_line}\n" in readme, first_line


# Each layer turned on alone (Celery needs Redis on both sides, and realtime has files in the
# frontend).
LAYER_SWITCHES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "redis": ({}, {"use_redis": True}),
    "celery": ({"use_redis": True}, {"use_redis": True, "use_celery": True}),
    "prometheus": ({}, {"monitoring": ["prometheus"]}),
    "sentry": ({}, {"monitoring": ["sentry"]}),
    "opentelemetry": ({}, {"monitoring": ["opentelemetry"]}),
    "realtime": ({"frontend": "react"}, {"frontend": "react", "realtime": True}),
    "frontend": ({}, {"frontend": "react"}),
}


def project_files(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


@pytest.mark.parametrize("name", LAYER_SWITCHES)
def test_a_layer_adds_exactly_the_files_its_manifest_lists(
    name: str, rendered_once: Callable[[dict[str, Any]], Path]
) -> None:
    off, on = LAYER_SWITCHES[name]
    before = project_files(rendered_once({**BASE_ANSWERS, **off}))
    after = project_files(rendered_once({**BASE_ANSWERS, **on}))
    (layer,) = [layer for layer in LAYERS if layer.name == name]
    globs = [pattern.format(package=PACKAGE) for pattern in layer.files]

    assert before - after == set()
    added = after - before
    assert [path for path in sorted(added) if not any(fnmatch(path, g) for g in globs)] == []
    assert [g for g in globs if not any(fnmatch(path, g) for path in added)] == []
    assert [path for path in sorted(before) if any(fnmatch(path, g) for g in globs)] == []


def test_every_layer_with_files_of_its_own_is_switched_in_the_test_above() -> None:
    assert {layer.name for layer in LAYERS if layer.files} == set(LAYER_SWITCHES)


@pytest.mark.parametrize("frontend", ["none", "react"])
def test_the_frontend_is_all_there_or_not_at_all(tmp_path: Path, frontend: str) -> None:
    project = render(tmp_path / "acme-orders", {**BASE_ANSWERS, "frontend": frontend})
    on = frontend == "react"
    assert (project / "frontend" / "package.json").is_file() is on
    assert (project / "frontend").exists() is on
    assert ("web" in load_yaml(project / "compose.yaml")["services"]) is on
    assert ("frontend" in load_yaml(project / ".github" / "workflows" / "ci.yml")["jobs"]) is on
    updates = load_yaml(project / ".github" / "dependabot.yml")["updates"]
    assert ("npm" in {update["package-ecosystem"] for update in updates}) is on
    assert ("\n## Frontend\n" in (project / "README.md").read_text(encoding="utf-8")) is on
    # The page and the API share one origin (the dev server and nginx proxy /api): no CORS.
    for configured in (".env", "compose.yaml"):
        assert "CORS_ORIGINS" not in (project / configured).read_text(encoding="utf-8")


# The one shared module that still varies with a layer inside: the items read through their cache
# when Redis is on (docs/layers.md, "How many {% if %} are left").
CONDITIONAL_SHARED_MODULES = {"src/{{package_name}}/items/dependencies.py.jinja"}


def test_shared_python_files_hold_no_copier_condition() -> None:
    """A layer reaches a module every project has through its manifest or its plug-in, not through
    an `{% if %}` in it. Shared here: a `.py` or `.py.jinja` file whose path has no condition."""
    template = PARTIALS_ROOT.parent / "template"
    conditional = sorted(
        path.relative_to(template).as_posix()
        for path in template.rglob("*.py*")
        if path.name.endswith((".py", ".py.jinja"))
        and "{%" not in path.relative_to(template).as_posix()
        and re.search(r"{%-?\s*if", path.read_text(encoding="utf-8"))
    )
    assert conditional == sorted(CONDITIONAL_SHARED_MODULES)
