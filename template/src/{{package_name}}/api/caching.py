"""Conditional reads: an ETag on the answer, and 304 Not Modified for a client that has it.

The answers are a user's own data, so only their browser may keep them (`private`), and it must
ask again before using them (`no-cache`); `Vary: Authorization` keeps one user's copy from
answering another's request. A 304 saves the body and its transfer, not the database read.
"""

from __future__ import annotations

import hashlib
from typing import Any

from fastapi import Request, Response
from pydantic import BaseModel

CACHE_CONTROL = "private, no-cache"
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: the `If-None-Match` ETag is current."}
}


def etag_of(content: bytes) -> str:
    return f'"{hashlib.blake2b(content, digest_size=16).hexdigest()}"'


def _matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110's weak comparison of `If-None-Match` with the current ETag."""
    if if_none_match is None:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags


def conditional_json(request: Request, body: BaseModel) -> Response:
    """`body` as JSON with its ETag, or an empty 304 when the request already holds it."""
    content = body.__pydantic_serializer__.to_json(body)
    etag = etag_of(content)
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, "Vary": "Authorization"}
    if _matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(content, media_type="application/json", headers=headers)
