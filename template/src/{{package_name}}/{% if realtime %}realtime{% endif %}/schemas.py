"""The messages of `/api/v1/ws`, both ways, and the codes it closes with.

Every message is a JSON object with a `type`. A client first sends `authenticate`; the server
answers `ready`, then sends `event`s, a `ping` every REALTIME_HEARTBEAT_SECONDS (answer `pong`),
and `resync` when it may have missed events, after which the client should fetch afresh what it
shows. The README's WebSockets section says the same for the service's clients.
"""

from __future__ import annotations

import uuid
from enum import IntEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class CloseCode(IntEnum):
    # Sent by the server as it shuts down (uvicorn's code for a restart): reconnect.
    SERVICE_RESTART = 1012
    # A slow client: its queue of unsent messages filled up. Reconnect and resync.
    TOO_SLOW = 1008
    # The database could not check the token just now: reconnect after a pause.
    TRY_AGAIN_LATER = 1013
    # The first message was not `authenticate`, or a later one is not a known message.
    BAD_MESSAGE = 4400
    # No valid access token in time, or the socket's session ended (logout, revocation, a
    # password change): get a new token, or sign in again.
    UNAUTHENTICATED = 4401
    # No message, not even a `pong`, for two heartbeats.
    SILENT = 4408
    # The user has REALTIME_MAX_CONNECTIONS_PER_USER sockets open already.
    TOO_MANY_CONNECTIONS = 4429


class ClientMessage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Authenticate(ClientMessage):
    type: Literal["authenticate"]
    token: Annotated[str, Field(min_length=1, max_length=4096)]


class Pong(ClientMessage):
    type: Literal["pong"]


FirstMessage = TypeAdapter[Authenticate](Authenticate)
LaterMessage = TypeAdapter[Pong](Pong)


class Ready(BaseModel):
    type: Literal["ready"] = "ready"
    user_id: uuid.UUID
    session_id: uuid.UUID


class Ping(BaseModel):
    type: Literal["ping"] = "ping"


class Resync(BaseModel):
    type: Literal["resync"] = "resync"


class Event(BaseModel):
    """An outbox event of the user's: `id` is the event's, the same if it comes twice."""

    type: Literal["event"] = "event"
    id: uuid.UUID
    topic: str
    data: dict[str, Any]


class Broadcast(BaseModel):
    """What one process publishes for every process: an event for `user_id`'s sockets, and the
    session whose sockets must close, if it ended."""

    user_id: uuid.UUID
    event: Event
    ended_session_id: uuid.UUID | None = None
