"""The PostgreSQL server the tests run on, and a proxy in front of it to simulate outages."""

from __future__ import annotations

import asyncio
import contextlib

from sqlalchemy import URL, make_url, text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool


class DatabaseServer:
    """A server on which the tests create (and drop) databases of their own."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        if parsed.drivername in {"postgres", "postgresql"}:
            parsed = parsed.set(drivername="postgresql+asyncpg")
        self.url: URL = parsed

    def url_for(self, database: str) -> str:
        return self.url.set(database=database).render_as_string(hide_password=False)

    async def create_database(self, name: str) -> str:
        await self._execute(
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'
        )
        return self.url_for(name)

    async def drop_database(self, name: str) -> None:
        await self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    async def _execute(self, *statements: str) -> None:
        engine = create_async_engine(self.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        try:
            async with engine.connect() as connection:
                for statement in statements:
                    await connection.execute(text(statement))
        finally:
            await engine.dispose()

    async def open_connection(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """A raw connection to the server, over TCP or its Unix socket."""
        host = self.url.query.get("host") or self.url.host or "localhost"
        port = self.url.port or 5432
        if isinstance(host, str) and host.startswith("/"):
            return await asyncio.open_unix_connection(f"{host}/.s.PGSQL.{port}")
        return await asyncio.open_connection(str(host), port)


class OutageProxy:
    """A TCP proxy to the database that can go down (cutting every connection) and come back."""

    def __init__(self, server: DatabaseServer) -> None:
        self.server = server
        self.port = 0
        self.connections_accepted = 0
        self._listener: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    def url_for(self, database: str) -> str:
        url = self.server.url.difference_update_query(["host"])
        proxied = url.set(host="127.0.0.1", port=self.port, database=database)
        return proxied.render_as_string(hide_password=False)

    async def start(self) -> None:
        self._listener = await asyncio.start_server(self._forward, "127.0.0.1", self.port)
        self.port = self._listener.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """The database goes down: every connection is cut and new ones are refused."""
        if self._listener is not None:
            self._listener.close()
        await self.drop_connections()
        if self._listener is not None:
            await self._listener.wait_closed()
            self._listener = None

    async def drop_connections(self) -> None:
        """The database restarts: every open connection is cut, and new ones are accepted."""
        writers = list(self._writers)
        self._writers.clear()
        for writer in writers:
            writer.close()
        for writer in writers:
            with contextlib.suppress(ConnectionError, OSError):
                await writer.wait_closed()

    async def _forward(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections_accepted += 1
        # Held from the start: an outage while the upstream connection opens must cut this one too,
        # or the listener's `wait_closed` waits for it forever.
        self._writers.add(writer)
        try:
            upstream_reader, upstream_writer = await self.server.open_connection()
        except OSError:
            writer.close()
            return
        if writer not in self._writers:
            upstream_writer.close()
            return
        self._writers.add(upstream_writer)
        await asyncio.gather(
            self._pipe(reader, upstream_writer),
            self._pipe(upstream_reader, writer),
        )

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.close()
        self._writers.discard(writer)
