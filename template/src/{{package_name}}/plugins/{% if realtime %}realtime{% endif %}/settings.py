"""The WebSocket settings, which `Settings` inherits."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, Field


class RealtimeSettings(BaseModel):
    sections: ClassVar[dict[str, str]] = {"realtime_max_connections_per_user": "WebSockets"}

    realtime_max_connections_per_user: int = Field(
        default=8,
        ge=1,
        description="How many sockets one user may hold open on one process: a browser tab "
        "each, say.",
    )
    realtime_send_queue: int = Field(
        default=64,
        ge=1,
        description="Messages a socket may have waiting to be sent; a client that falls this "
        "far behind is disconnected (close code 1008), so memory stays flat.",
    )
    realtime_heartbeat_seconds: float = Field(
        default=25,
        gt=0,
        description="How often the server pings each socket; a client silent for two of these "
        "is disconnected (4408).",
    )
    realtime_auth_timeout_seconds: float = Field(
        default=10,
        gt=0,
        description="How long a new socket has to send its `authenticate` message (else 4401).",
    )
