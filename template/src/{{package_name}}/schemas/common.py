from __future__ import annotations

from typing import Annotated

from fastapi import Query
from pydantic import BaseModel

MAX_PAGE_SIZE = 100

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Page size.")]
Offset = Annotated[int, Query(ge=0, description="Number of entries to skip.")]


class PageBase(BaseModel):
    """A page of a list: `items` is declared by each subclass."""

    total: int
    limit: int
    offset: int
