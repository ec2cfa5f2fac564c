"""A webhook receiver on a real local port: it keeps what arrives and answers as it is told."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.support.apps import running_uvicorn


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    base_url: str = ""
    received: list[Received] = field(default_factory=list)
    # The statuses of the next answers, in order; 200 once they run out.
    answers: deque[int] = field(default_factory=deque)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    # Set once anything has arrived.
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def url(self) -> str:
        return f"{self.base_url}/hook"

    async def _receive(self, request: Request) -> Response:
        body = await request.body()
        self.received.append(Received(request.url.path, dict(request.headers), body))
        self.arrived.set()
        await asyncio.sleep(self.delay)
        status = self.answers.popleft() if self.answers else 200
        return Response(status_code=status, headers=self.headers)

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/{path:path}", self._receive, methods=["POST"])])


@asynccontextmanager
async def running_receiver() -> AsyncIterator[Receiver]:
    receiver = Receiver()
    async with running_uvicorn(receiver.app()) as base_url:
        receiver.base_url = base_url
        yield receiver


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    async with running_receiver() as running:
        yield running
