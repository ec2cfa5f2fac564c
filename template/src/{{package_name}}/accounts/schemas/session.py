from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel


class SessionRead(BaseModel):
    """One login on one device; the user agent and IP address are those it began from."""

    id: uuid.UUID
    user_agent: str | None
    ip_address: str | None
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    current: bool
