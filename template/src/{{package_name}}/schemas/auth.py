from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class AccessToken(BaseModel):
    """What cookie mode returns: the refresh token travels in its cookie instead."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105  # the OAuth2 token type, not a secret
    expires_in: int


class TokenPair(AccessToken):
    refresh_token: str


class RefreshRequest(BaseModel):
    refresh_token: str
