"""One error body for every failure.

Every error response, whatever raised it, has the shape
`{"error": {"code": ..., "message": ..., "request_id": ..., "details": [...]}}`.
"""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import Any, ClassVar

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException


class ErrorDetail(BaseModel):
    code: str
    message: str
    request_id: str | None = None
    details: list[dict[str, Any]] = []


class ErrorResponse(BaseModel):
    error: ErrorDetail


class AppError(Exception):
    """An expected failure that maps to an HTTP status and a stable error code."""

    status_code: ClassVar[int] = status.HTTP_400_BAD_REQUEST
    code: ClassVar[str] = "bad_request"
    headers: ClassVar[dict[str, str] | None] = None

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def response_headers(self) -> dict[str, str] | None:
        return self.headers


class NotFoundError(AppError):
    status_code = status.HTTP_404_NOT_FOUND
    code = "not_found"


class ConflictError(AppError):
    status_code = status.HTTP_409_CONFLICT
    code = "conflict"


class AuthenticationError(AppError):
    status_code = status.HTTP_401_UNAUTHORIZED
    code = "not_authenticated"
    headers: ClassVar[dict[str, str] | None] = {"WWW-Authenticate": "Bearer"}


class InvalidCredentialsError(AuthenticationError):
    code = "invalid_credentials"


class PermissionDeniedError(AppError):
    status_code = status.HTTP_403_FORBIDDEN
    code = "forbidden"


class InactiveUserError(PermissionDeniedError):
    code = "inactive_user"


RETRY_AFTER_SECONDS = 5


class RetryLaterError(AppError):
    """A refusal that tells the client when to try again (`Retry-After`, in seconds)."""

    def __init__(self, message: str, *, retry_after: int = RETRY_AFTER_SECONDS) -> None:
        super().__init__(message)
        self.retry_after = retry_after

    def response_headers(self) -> dict[str, str] | None:
        return {"Retry-After": str(self.retry_after)}


class RateLimitedError(RetryLaterError):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    code = "rate_limited"


class ServiceUnavailableError(RetryLaterError):
    """A backing service (the database, say) is down or saturated: the client should retry."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    code = "service_unavailable"


class EmailNotVerifiedError(PermissionDeniedError):
    code = "email_not_verified"


class CsrfError(PermissionDeniedError):
    code = "csrf_failed"


_CODES_BY_STATUS = {
    status.HTTP_401_UNAUTHORIZED: "not_authenticated",
    status.HTTP_422_UNPROCESSABLE_CONTENT: "validation_error",
    status.HTTP_429_TOO_MANY_REQUESTS: "rate_limited",
    status.HTTP_500_INTERNAL_SERVER_ERROR: "internal_error",
}


def code_for_status(status_code: int) -> str:
    """`404` -> `not_found`: the standard reason phrase in snake case, unless overridden."""
    if status_code in _CODES_BY_STATUS:
        return _CODES_BY_STATUS[status_code]
    try:
        phrase = HTTPStatus(status_code).phrase
    except ValueError:
        return f"http_{status_code}"
    return re.sub(r"[^a-z0-9]+", "_", phrase.lower().replace("'", "")).strip("_")


def error_response(
    status_code: int,
    message: str,
    *,
    code: str | None = None,
    request_id: str | None = None,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = ErrorResponse(
        error=ErrorDetail(
            code=code or code_for_status(status_code),
            message=message,
            request_id=request_id,
            details=details or [],
        )
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=status_code, headers=headers)


def internal_error_response(request_id: str | None) -> JSONResponse:
    return error_response(
        status.HTTP_500_INTERNAL_SERVER_ERROR, "Internal server error.", request_id=request_id
    )


def _is_unparsable_body(exc: StarletteHTTPException) -> bool:
    """FastAPI and Starlette answer a body they cannot parse with a bare 400: bytes that are not
    UTF-8, JSON too deep or with too long a number, a broken multipart form. That is invalid
    input like malformed JSON, so it gets the same 422."""
    cause = exc.__cause__ or exc.__context__
    return exc.status_code == status.HTTP_400_BAD_REQUEST and isinstance(
        cause, (ValueError, RecursionError, MultiPartException)
    )


def _request_id(request: Request) -> str | None:
    return getattr(request.state, "request_id", None)


def register_exception_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def handle_app_error(request: Request, exc: AppError) -> JSONResponse:
        return error_response(
            exc.status_code,
            exc.message,
            code=exc.code,
            request_id=_request_id(request),
            headers=exc.response_headers(),
        )

    @app.exception_handler(StarletteHTTPException)
    async def handle_http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if _is_unparsable_body(exc):
            return error_response(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                "The request is invalid.",
                request_id=_request_id(request),
                details=[
                    {
                        "loc": ["body"],
                        "message": "The body could not be parsed.",
                        "type": "body_invalid",
                    }
                ],
            )
        headers = dict(exc.headers) if exc.headers else None
        return error_response(
            exc.status_code, str(exc.detail), request_id=_request_id(request), headers=headers
        )

    @app.exception_handler(RequestValidationError)
    async def handle_validation_error(
        request: Request, exc: RequestValidationError
    ) -> JSONResponse:
        # The submitted input is left out on purpose: it may hold a password.
        details = [
            {"loc": list(error["loc"]), "message": error["msg"], "type": error["type"]}
            for error in exc.errors()
        ]
        return error_response(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "The request is invalid.",
            request_id=_request_id(request),
            details=details,
        )
