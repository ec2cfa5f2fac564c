"""Render the template into a folder, the way a user's `copier copy` does.

`python -m tests.rendering VARIANT FOLDER` renders a named variant, for CI steps that audit a
generated project's files.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from copier import run_copy

from tests.variants import VARIANTS_BY_NAME, Variant

TEMPLATE_ROOT = Path(__file__).resolve().parent.parent


def render(destination: Path, answers: dict[str, Any]) -> Path:
    run_copy(
        str(TEMPLATE_ROOT),
        destination,
        data=answers,
        defaults=True,
        unsafe=True,
        quiet=True,
        vcs_ref="HEAD",
    )
    return destination


def render_variant(variant: Variant, destination: Path) -> Path:
    return render(destination, variant.answers)


if __name__ == "__main__":
    name, destination = sys.argv[1:]
    render_variant(VARIANTS_BY_NAME[name], Path(destination))
