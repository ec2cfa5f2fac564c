"""A real SMTP server in the test process (aiosmtpd): the app's mail goes out over SMTP to it.

Tests read what arrived with the standard library's `email` package, as a mail client would.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.support.ports import HOST, free_port

LINK = re.compile(r"https?://[^\s<>\"]+")


@dataclass
class Mailbox:
    """Every message the server accepted, in order of arrival."""

    messages: list[EmailMessage] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802  # aiosmtpd's hook name
        assert isinstance(envelope.content, bytes)
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()

    def to(self, address: str) -> list[EmailMessage]:
        with self._lock:
            return [message for message in self.messages if message["To"] == address]

    def only(self, address: str) -> EmailMessage:
        """The one message sent to the address; fails if there is none or more than one."""
        (message,) = self.to(address)
        return message

    async def arrival(self, address: str) -> EmailMessage:
        """The one message sent to the address, once a relay in another task or process has
        delivered it; fails if none arrives within 15 s, or more than one does."""
        async with asyncio.timeout(15):
            while not self.to(address):  # noqa: ASYNC110  # the server runs in another thread
                await asyncio.sleep(0.02)
        return self.only(address)


@dataclass(frozen=True)
class MailServer:
    host: str
    port: int
    mailbox: Mailbox

    @property
    def settings(self) -> dict[str, Any]:
        """The app's SMTP settings for this server, whatever the developer's .env says."""
        return {
            "smtp_host": self.host,
            "smtp_port": self.port,
            "smtp_username": None,
            "smtp_password": None,
            "smtp_tls": False,
            "smtp_starttls": False,
        }


def parts(message: EmailMessage) -> tuple[str, str]:
    """The plain-text and HTML bodies of a multipart/alternative message."""
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None
    assert html is not None
    return text.get_content(), html.get_content()


def link_in(message: EmailMessage) -> str:
    """The one link of the text part, which the HTML part must carry as well."""
    text, html = parts(message)
    links: set[str] = set(LINK.findall(text))
    (link,) = links
    assert f'href="{link}"' in html
    return link


def token_in(message: EmailMessage) -> str:
    (token,) = parse_qs(urlsplit(link_in(message)).query)["token"]
    return token


@pytest.fixture(scope="session")
def mail_server() -> Iterator[MailServer]:
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname=HOST, port=free_port())
    controller.start()
    try:
        yield MailServer(HOST, controller.port, mailbox)
    finally:
        controller.stop()


@pytest.fixture
def mailbox(mail_server: MailServer) -> Mailbox:
    """The server's mailbox, emptied for this test."""
    mail_server.mailbox.clear()
    return mail_server.mailbox
