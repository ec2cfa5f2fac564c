"""The auth endpoints driven as a client would: log in, refresh, log out, list sessions."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient, Response

from tests.support.factories import bearer

LOGIN = "/api/v1/auth/login"
REFRESH = "/api/v1/auth/refresh"
LOGOUT = "/api/v1/auth/logout"
ME = "/api/v1/users/me"
SESSIONS = "/api/v1/users/me/sessions"


async def login(
    client: AsyncClient, email: str, password: str, *, user_agent: str = "test-agent"
) -> dict[str, Any]:
    response = await client.post(
        LOGIN, data={"username": email, "password": password}, headers={"User-Agent": user_agent}
    )
    assert response.status_code == 200, response.text
    tokens: dict[str, Any] = response.json()
    return tokens


async def refresh(client: AsyncClient, refresh_token: str) -> Response:
    return await client.post(REFRESH, json={"refresh_token": refresh_token})


async def list_sessions(client: AsyncClient, access_token: str) -> list[dict[str, Any]]:
    response = await client.get(SESSIONS, headers=bearer(access_token))
    assert response.status_code == 200, response.text
    sessions: list[dict[str, Any]] = response.json()
    return sessions
