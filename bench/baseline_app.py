"""The ceiling of the service's own stack: a raw ASGI app with an asyncpg pool and nothing else.

The benchmark copies this file into the rendered project and runs it under the project's own
gunicorn config and uvicorn-worker, so both apps share the interpreter, server, event loop,
HTTP parser, PostgreSQL driver and PyJWT. It answers the compared routes with the service's SQL
and JSON shape and decodes the same JWT, but has no framework, ORM, validation models or
middleware. Settings come from the same environment variables as the service's.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

import asyncpg  # type: ignore[import-untyped,unused-ignore]
import jwt  # type: ignore[import-not-found,unused-ignore]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

SECRET_KEY = os.environ["SECRET_KEY"]
JWT_ISSUER = os.environ["JWT_ISSUER"]
JWT_AUDIENCE = os.environ["JWT_AUDIENCE"]
DATABASE_DSN = os.environ["DATABASE_URL"].replace("+asyncpg", "", 1)
POOL_MAX = int(os.environ.get("DATABASE_POOL_SIZE", "5")) + int(
    os.environ.get("DATABASE_MAX_OVERFLOW", "5")
)

# The statements the service's repositories emit; the password hash is read, never sent.
USER_SQL = (
    "SELECT id, email, hashed_password, full_name, is_active, is_superuser, token_version, "
    "email_verified_at, created_at, updated_at FROM users WHERE id = $1 AND EXISTS ("
    "SELECT auth_sessions.id FROM auth_sessions WHERE auth_sessions.id = $2 "
    "AND auth_sessions.user_id = users.id AND auth_sessions.revoked_at IS NULL "
    "AND auth_sessions.expires_at > now())"
)
USER_FIELDS = ("id", "email", "full_name", "is_active", "is_superuser", "created_at", "updated_at")
COUNT_SQL = "SELECT count(*) FROM items WHERE owner_id = $1"
ITEM_COLUMNS = "id, title, description, attributes, owner_id, created_at, updated_at"
ITEMS_SQL = (
    f"SELECT {ITEM_COLUMNS} FROM items "  # noqa: S608 - constant column names
    "WHERE owner_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3"
)
# The service inserts in a transaction and reads the timestamps back with RETURNING.
_INSERT = "INSERT INTO items (id, title, description, attributes, owner_id)"
CREATE_SQL = f"{_INSERT} VALUES ($1, $2, $3, $4, $5) RETURNING {ITEM_COLUMNS}"

state: dict[str, Any] = {}


def _default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(type(value).__name__)


def dumps(payload: object) -> bytes:
    return json.dumps(payload, default=_default, separators=(",", ":")).encode()


async def respond(send: Send, status: int, payload: object) -> None:
    body = dumps(payload)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


async def current_user(scope: Scope) -> asyncpg.Record | None:
    header = dict(scope["headers"]).get(b"authorization", b"").decode("latin-1")
    return await user_for_header(header)


async def user_for_header(header: str) -> asyncpg.Record | None:
    """The service's rule: a valid access token whose subject is an active user, of the user's
    current token version."""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    try:
        claims = jwt.decode(
            token,
            SECRET_KEY,
            algorithms=["HS256"],
            issuer=JWT_ISSUER,
            audience=JWT_AUDIENCE,
            options={"require": ["sub", "sid", "ver", "type", "iat", "exp", "iss", "aud"]},
        )
        user_id = uuid.UUID(claims["sub"])
        session_id = uuid.UUID(claims["sid"])
    except (jwt.InvalidTokenError, ValueError):
        return None
    if claims["type"] != "access":
        return None
    user = await state["pool"].fetchrow(USER_SQL, user_id, session_id)
    if user is None or not user["is_active"] or claims["ver"] != user["token_version"]:
        return None
    return user


async def health(scope: Scope, receive: Receive, send: Send) -> None:
    await respond(send, 200, {"status": "ok", "checks": {}})


async def me(scope: Scope, receive: Receive, send: Send) -> None:
    user = await current_user(scope)
    if user is None:
        await respond(send, 401, error("unauthorized", "Could not validate credentials"))
        return
    body = {field: user[field] for field in USER_FIELDS}
    await respond(send, 200, {**body, "email_verified": user["email_verified_at"] is not None})


async def items(scope: Scope, receive: Receive, send: Send) -> None:
    user = await current_user(scope)
    if user is None:
        await respond(send, 401, error("unauthorized", "Could not validate credentials"))
        return
    query = dict(parse_qsl(scope["query_string"].decode("latin-1")))
    try:
        limit, offset = int(query.get("limit", 20)), int(query.get("offset", 0))
    except ValueError:
        limit, offset = -1, -1
    if not (1 <= limit <= 100 and offset >= 0):
        await respond(send, 422, error("validation_error", "Invalid limit or offset"))
        return
    page, total = await fetch_page(user["id"], limit, offset)
    await respond(send, 200, {"items": page, "total": total, "limit": limit, "offset": offset})


async def fetch_page(owner_id: uuid.UUID, limit: int, offset: int) -> tuple[list[Any], int]:
    async with state["pool"].acquire() as connection:
        total = await connection.fetchval(COUNT_SQL, owner_id)
        rows = await connection.fetch(ITEMS_SQL, owner_id, limit, offset)
    return [dict(row) for row in rows], int(total)


async def read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def insert_item(owner_id: uuid.UUID, title: str, description: str | None) -> dict[str, Any]:
    async with state["pool"].acquire() as connection, connection.transaction():
        row = await connection.fetchrow(CREATE_SQL, uuid.uuid4(), title, description, {}, owner_id)
    return dict(row)


async def create_item(scope: Scope, receive: Receive, send: Send) -> None:
    user = await current_user(scope)
    if user is None:
        await respond(send, 401, error("unauthorized", "Could not validate credentials"))
        return
    try:
        body = json.loads(await read_body(receive))
        title, description = body["title"], body.get("description")
    except (ValueError, KeyError, TypeError):
        await respond(send, 422, error("validation_error", "Invalid item"))
        return
    if not isinstance(title, str) or not 1 <= len(title) <= 255:
        await respond(send, 422, error("validation_error", "Invalid title"))
        return
    await respond(send, 201, await insert_item(user["id"], title, description))


ROUTES: dict[tuple[str, str], Callable[[Scope, Receive, Send], Awaitable[None]]] = {
    ("GET", "/health/live"): health,
    ("GET", "/api/v1/users/me"): me,
    ("GET", "/api/v1/items"): items,
    ("POST", "/api/v1/items"): create_item,
}


async def decode_json(connection: asyncpg.Connection) -> None:
    for type_name in ("json", "jsonb"):
        await connection.set_type_codec(
            type_name, encoder=json.dumps, decoder=json.loads, schema="pg_catalog"
        )


async def open_pool() -> None:
    state["pool"] = await asyncpg.create_pool(
        DATABASE_DSN, min_size=1, max_size=POOL_MAX, init=decode_json
    )


async def close_pool() -> None:
    await state["pool"].close()


async def lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await open_pool()
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await close_pool()
            await send({"type": "lifespan.shutdown.complete"})
            return


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "lifespan":
        await lifespan(receive, send)
        return
    if scope["type"] != "http":
        return
    handler = ROUTES.get((scope["method"], scope["path"]))
    if handler is None:
        await respond(send, 404, error("not_found", "Not found"))
        return
    await handler(scope, receive, send)
