"""Whether a uv.lock was resolved within an `exclude-newer` cutoff."""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path


def resolution_problems(lock_file: Path, cutoff: str) -> tuple[int, list[str]]:
    """How many locked files carry an upload time, and what breaks the cutoff.

    uv writes the cutoff into the lock's options, and each sdist's and wheel's upload time next to
    it, so the lock itself shows whether the resolution honoured the date.
    """
    lock = tomllib.loads(lock_file.read_text(encoding="utf-8"))
    problems = []
    recorded = lock.get("options", {}).get("exclude-newer")
    if recorded != cutoff:
        problems.append(f"the lock's exclude-newer is {recorded!r}, not {cutoff!r}")
    limit = datetime.datetime.fromisoformat(cutoff)
    checked = 0
    for package in lock.get("package", []):
        for dist in [package.get("sdist"), *package.get("wheels", [])]:
            if not dist or "upload-time" not in dist:
                continue
            checked += 1
            if datetime.datetime.fromisoformat(dist["upload-time"]) > limit:
                problems.append(f"{package['name']} {package['version']}: {dist['upload-time']}")
    return checked, problems
