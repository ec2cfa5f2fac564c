"""What every schema shares: the request base that refuses unstorable input, and pages.

Pydantic only: services use these schemas too, outside any request.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

MAX_PAGE_SIZE = 100
# PostgreSQL's bigint: the largest integer a column, a LIMIT or an OFFSET can hold.
BIGINT_MAX = 2**63 - 1
# Deeper JSON gains nothing and nears the recursion limits of the JSON encoders on the way in.
MAX_NESTING = 32


def _unstorable_text(text: str) -> str | None:
    if "\x00" in text:
        return "must not contain the NUL character (U+0000)"
    if not text.isascii():
        try:
            text.encode()
        except UnicodeEncodeError:
            return "must not contain unpaired surrogates (U+D800 to U+DFFF)"
    return None


def unstorable(value: object) -> str | None:
    """Why PostgreSQL could not store `value`, or None: checks every nested key and value."""
    pending: list[tuple[object, int]] = [(value, 0)]
    while pending:
        current, depth = pending.pop()
        if isinstance(current, str):
            problem = _unstorable_text(current)
        elif isinstance(current, float):
            problem = None if math.isfinite(current) else "numbers must be finite"
        elif depth > MAX_NESTING:
            problem = f"must not nest deeper than {MAX_NESTING} levels"
        elif isinstance(current, Mapping):
            pending.extend((item, depth + 1) for pair in current.items() for item in pair)
            continue
        elif isinstance(current, (list, tuple, set, frozenset)):
            pending.extend((item, depth + 1) for item in current)
            continue
        else:
            continue
        if problem is not None:
            return problem
    return None


class RequestModel(BaseModel):
    """The base of every request body, form and query model.

    PostgreSQL stores no NUL character in text, and no unpaired surrogate, infinity or NaN
    anywhere; such input fails validation here (422) instead of failing in the database (500).
    Every field of a subclass is checked, at any depth of nested dicts and lists.
    """

    model_config = ConfigDict(allow_inf_nan=False)

    @field_validator("*")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        if (problem := unstorable(value)) is not None:
            raise ValueError(problem)
        return value


def _refuse_null(value: Any) -> Any:
    if value is None:
        raise ValueError("cannot be null")
    return value


def _not_nullable(schema: dict[str, Any]) -> None:
    """The schema of a field that may be left out but not set to null: `X | None = None` says
    the field is nullable, and null would be refused."""
    branches = schema.pop("anyOf")
    schema.update(next(branch for branch in branches if branch.get("type") != "null"))
    del schema["default"]


T = TypeVar("T")
# A field of an update that may be left out, and is left unchanged then, but is never null.
Omittable = Annotated[
    T | None, Field(json_schema_extra=_not_nullable), AfterValidator(_refuse_null)
]


class PageBase(BaseModel):
    """A page of a list: `items` is declared by each subclass."""

    total: int
    limit: int
    offset: int
