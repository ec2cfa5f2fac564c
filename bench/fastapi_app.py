"""The framework's own floor: a bare FastAPI app doing the raw baseline's SQL through asyncpg.

It answers the compared routes as the service does (the same paths, token check, SQL and JSON
shape) in idiomatic FastAPI: path operations, a `Depends` for the current user, validated query
parameters and request body, and Pydantic response models. It has no middleware, exception
handlers of the service's, ORM or service layer, so it sits between the raw ASGI baseline (what
FastAPI costs) and the service (what the template's own layers and the ORM cost). The benchmark
copies it beside the raw baseline, whose SQL and pool it imports.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Annotated, Any

import asyncpg  # type: ignore[import-untyped,unused-ignore]
import bench_baseline_app as raw  # type: ignore[import-not-found,unused-ignore]
from fastapi import Depends, FastAPI, Header, HTTPException, Query, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field


class Health(BaseModel):
    status: str
    checks: dict[str, str]


class UserRead(BaseModel):
    id: uuid.UUID
    email: str
    full_name: str | None
    is_active: bool
    is_superuser: bool
    created_at: datetime
    updated_at: datetime
    email_verified: bool


class ItemCreate(BaseModel):
    title: str = Field(min_length=1, max_length=255)
    description: str | None = Field(default=None, max_length=10_000)


class ItemRead(BaseModel):
    id: uuid.UUID
    title: str
    description: str | None
    attributes: dict[str, Any]
    owner_id: uuid.UUID
    created_at: datetime
    updated_at: datetime


class ItemPage(BaseModel):
    items: list[ItemRead]
    total: int
    limit: int
    offset: int


class Unauthorized(HTTPException):
    def __init__(self) -> None:
        super().__init__(status.HTTP_401_UNAUTHORIZED)


async def current_user(authorization: Annotated[str, Header()] = "") -> asyncpg.Record:
    user = await raw.user_for_header(authorization)
    if user is None:
        raise Unauthorized
    return user


CurrentUser = Annotated[asyncpg.Record, Depends(current_user)]


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    await raw.open_pool()
    yield
    await raw.close_pool()


app = FastAPI(lifespan=lifespan, openapi_url=None, docs_url=None, redoc_url=None)


@app.exception_handler(Unauthorized)
async def unauthorized(_request: object, _exc: Unauthorized) -> JSONResponse:
    return JSONResponse(raw.error("unauthorized", "Could not validate credentials"), 401)


@app.get("/health/live", response_model=Health)
async def health() -> dict[str, Any]:
    return {"status": "ok", "checks": {}}


@app.get("/api/v1/users/me", response_model=UserRead)
async def me(user: CurrentUser) -> dict[str, Any]:
    return {**dict(user), "email_verified": user["email_verified_at"] is not None}


@app.get("/api/v1/items", response_model=ItemPage)
async def items(
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    page, total = await raw.fetch_page(user["id"], limit, offset)
    return {"items": page, "total": total, "limit": limit, "offset": offset}


@app.post("/api/v1/items", response_model=ItemRead, status_code=status.HTTP_201_CREATED)
async def create_item(body: ItemCreate, user: CurrentUser) -> dict[str, Any]:
    return await raw.insert_item(user["id"], body.title, body.description)  # type: ignore[no-any-return]
