"""What an optional layer adds to `dev`."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass


@dataclass(frozen=True)
class DevPlugin:
    # What the layer runs while `dev` runs, with nothing installed (an embedded server, a worker),
    # entered in the order of the plug-ins and left in reverse.
    services: Callable[[], AbstractContextManager[None]]
    # The sentence that says so in `dev --help`.
    help: str
