"""Each route's unit of work, declared on its endpoint and given by `get_session` (`api/deps.py`).

- `@read_only`: the route's reads see one snapshot of the database (a REPEATABLE READ READ ONLY
  transaction), and a write fails in PostgreSQL instead of being kept.
- `@read_write`: one transaction, which the route's service commits; any error rolls it back.

A route that uses the database without declaring one fails, whatever its HTTP method:
`tests/core/test_units_of_work.py` finds such a route before it ships.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

Endpoint = Callable[..., Any]

_ATTRIBUTE = "__unit_of_work__"


class UnitOfWork(Enum):
    READ_ONLY = "read-only"
    READ_WRITE = "read-write"


def read_only(endpoint: Endpoint) -> Endpoint:
    setattr(endpoint, _ATTRIBUTE, UnitOfWork.READ_ONLY)
    return endpoint


def read_write(endpoint: Endpoint) -> Endpoint:
    setattr(endpoint, _ATTRIBUTE, UnitOfWork.READ_WRITE)
    return endpoint


def declared_unit(endpoint: object) -> UnitOfWork | None:
    unit: UnitOfWork | None = getattr(endpoint, _ATTRIBUTE, None)
    return unit
