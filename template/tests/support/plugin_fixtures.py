"""Where each plug-in's test support adds to the core fixtures.

A plug-in's `tests/plugins/<name>/fixtures.py` overrides these fixtures, asking for the one it
overrides by the same name, so that `settings` and the CLI's environment have every plug-in's
part. (What a plug-in does to every app a test starts is `ON_APP_START`, in `apps.py`.)
"""

from collections.abc import Callable

import pytest

from tests.support.mailbox import MailServer


@pytest.fixture(scope="session")
def plugin_settings() -> dict[str, object]:
    """Settings of the plug-ins' own, for the `settings` fixture."""
    return {}


@pytest.fixture(scope="session")
def plugin_environment() -> dict[str, str]:
    """Environment variables of the plug-ins' own, for the CLI."""
    return {}


@pytest.fixture
def stalled_mail() -> Callable[[int], dict[str, str]]:
    """The environment under which a server's mail hangs at `port`, which never answers: SMTP's
    server, unless a plug-in hands mail to something else."""
    return lambda port: {"SMTP_PORT": str(port), "SMTP_TIMEOUT": "60"}


@pytest.fixture
def mail_reaching(mail_server: MailServer) -> dict[str, str]:
    """The environment under which a server's mail reaches `mail_server`, while this lasts."""
    return {"SMTP_HOST": mail_server.host, "SMTP_PORT": str(mail_server.port)}
