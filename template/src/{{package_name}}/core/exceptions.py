"""The kinds of expected failure, in the application's own terms.

Services, repositories and commands raise them, and know nothing of HTTP: the API turns each
kind into a status code and headers in one place (`core/errors.py`), and the CLI prints the
message. Each feature subclasses these kinds in its own `exceptions.py`.
"""

from __future__ import annotations

from typing import ClassVar

RETRY_AFTER_SECONDS = 5


class DomainError(Exception):
    """A request the rules refuse, with a stable `code` for programs and a message for people."""

    code: ClassVar[str] = "bad_request"
    default_message: ClassVar[str] = "The request cannot be applied."

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message
        super().__init__(self.message)


class NotFoundError(DomainError):
    code = "not_found"
    default_message = "Not found."


class ConflictError(DomainError):
    code = "conflict"
    default_message = "The request conflicts with existing data."


class BusyError(ConflictError):
    """Another change holds what this one needs, longer than it may wait."""

    code = "busy"
    default_message = "Another change holds this data; retry shortly."


class NotAuthenticatedError(DomainError):
    """Missing, invalid or expired credentials."""

    code = "not_authenticated"
    default_message = "Not authenticated."


class PermissionDeniedError(DomainError):
    """The caller is known, and not allowed to do this."""

    code = "forbidden"
    default_message = "You are not allowed to do this."


class RetryLaterError(DomainError):
    """A refusal that says when to try again, in seconds."""

    code = "service_unavailable"
    default_message = "Temporarily unavailable; retry shortly."

    def __init__(
        self, message: str | None = None, *, retry_after: int = RETRY_AFTER_SECONDS
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ServiceUnavailableError(RetryLaterError):
    """A backing service (the database, say) is down or saturated."""


class RateLimitedError(RetryLaterError):
    """Too many attempts from one client or for one account."""

    code = "rate_limited"
    default_message = "Too many requests."
