"""Render the template into a folder, the way a user's `copier copy` does.

`python -m tests.rendering VARIANT FOLDER` renders a named variant, for CI steps that audit a
generated project's files.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from copier import run_copy

from tests.variants import VARIANTS_BY_NAME, Variant

TEMPLATE_ROOT = Path(__file__).resolve().parent.parent


def render(destination: Path, answers: dict[str, Any], vcs_ref: str = "HEAD") -> Path:
    run_copy(
        str(TEMPLATE_ROOT),
        destination,
        data=answers,
        defaults=True,
        unsafe=True,
        quiet=True,
        vcs_ref=vcs_ref,
    )
    return destination


def render_once(answers: dict[str, Any], root: Path) -> Path:
    """Render these answers into `root` unless a test (in any xdist worker) already has.

    Tests only read the projects they share. The lock makes concurrent askers wait for the first.
    """
    key = hashlib.sha256(json.dumps(answers, sort_keys=True).encode()).hexdigest()[:16]
    destination = root / key / "project"
    root.mkdir(parents=True, exist_ok=True)
    with (root / f"{key}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (destination / ".copier-answers.yml").is_file():
            render(destination, answers)
    return destination


def render_variant(variant: Variant, destination: Path) -> Path:
    return render(destination, variant.answers)


if __name__ == "__main__":
    name, destination = sys.argv[1:]
    render_variant(VARIANTS_BY_NAME[name], Path(destination))
