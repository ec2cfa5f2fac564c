"""Values derived from the answers, shared by every template file."""

from __future__ import annotations

from typing import Any

from copier_template_extensions import ContextHook


class ContextUpdater(ContextHook):
    def hook(self, context: dict[str, Any]) -> None:
        python_version = str(context.get("python_version", "3.12"))
        context["python_version_nodot"] = python_version.replace(".", "")
        context["ruff_target_version"] = "py" + python_version.replace(".", "")
