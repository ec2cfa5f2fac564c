"""How many connections the database server lets the service open."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

# Left free for migrations, a psql shell and monitoring.
HEADROOM = 5
_AVAILABLE = text(
    "SELECT current_setting('max_connections')::int"
    " - current_setting('superuser_reserved_connections')::int"
)


async def available_connections(database_url: str, *, connect_timeout: float) -> int:
    """The server's max_connections, less what it reserves for superusers and `HEADROOM`."""
    engine = create_async_engine(
        database_url, poolclass=NullPool, connect_args={"timeout": connect_timeout}
    )
    try:
        async with engine.connect() as connection:
            available: int = await connection.scalar(_AVAILABLE)
    finally:
        await engine.dispose()
    return available - HEADROOM
