"""Fresh secrets, generated each time a project is copied."""

from __future__ import annotations

import secrets

from jinja2 import Environment
from jinja2.ext import Extension


def token_urlsafe(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def token_hex(nbytes: int = 16) -> str:
    return secrets.token_hex(nbytes)


class SecretsExtension(Extension):
    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.globals.update(token_urlsafe=token_urlsafe, token_hex=token_hex)
