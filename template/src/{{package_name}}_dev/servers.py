"""The servers `dev` started, recorded for commands started in another terminal.

`dev` serves each embedded server under the variable that names it (DATABASE_URL...): it sets the
variable in its own environment, and records it in .dev/servers.json while it runs. A command
that finds such a variable unset may take it from there.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SERVERS_FILE = Path(".dev") / "servers.json"
_serving: dict[str, str] = {}


@contextmanager
def serving(variable: str, url: str) -> Iterator[None]:
    """Point `variable` at the server at `url` while the block lasts, here and in the record."""
    _serving[variable] = url
    try:
        with environment_variable(variable, url):
            yield
    finally:
        del _serving[variable]


@contextmanager
def environment_variable(name: str, value: str) -> Iterator[None]:
    """Set an environment variable for the block, so that settings read inside it see the value."""
    previous = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if previous is None:
            del os.environ[name]
        else:
            os.environ[name] = previous


@contextmanager
def recorded_servers() -> Iterator[None]:
    """Record the servers this process serves while the block lasts."""
    SERVERS_FILE.parent.mkdir(parents=True, exist_ok=True)
    record = {"pid": os.getpid(), "urls": dict(_serving)}
    SERVERS_FILE.write_text(json.dumps(record), encoding="utf-8")
    try:
        yield
    finally:
        SERVERS_FILE.unlink(missing_ok=True)


def running_dev_servers() -> dict[str, str]:
    """The URLs a running `dev` recorded, by variable; empty when no `dev` runs here."""
    try:
        record = json.loads(SERVERS_FILE.read_text(encoding="utf-8"))
        os.kill(record["pid"], 0)  # signal 0 only asks whether the process exists
    except (OSError, ValueError, KeyError):
        return {}
    return dict(record["urls"])
