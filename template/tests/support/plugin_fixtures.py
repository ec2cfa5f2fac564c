"""Where each plug-in's test support adds to the core fixtures.

A plug-in's `tests/plugins/<name>/fixtures.py` overrides these fixtures, asking for the one it
overrides by the same name, so that `settings` and the CLI's environment have every plug-in's
part. (What a plug-in does to every app a test starts is `ON_APP_START`, in `apps.py`.)
"""

import pytest


@pytest.fixture(scope="session")
def plugin_settings() -> dict[str, object]:
    """Settings of the plug-ins' own, for the `settings` fixture."""
    return {}


@pytest.fixture(scope="session")
def plugin_environment() -> dict[str, str]:
    """Environment variables of the plug-ins' own, for the CLI."""
    return {}
