"""Default names derived from the project name."""

from __future__ import annotations

import re
import unicodedata

from jinja2 import Environment
from jinja2.ext import Extension


def slugify(value: str) -> str:
    """'My Orders API!' -> 'my-orders-api'."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = "-".join(words)
    return slug if slug[:1].isalpha() else f"service-{slug}".rstrip("-")


def package_name(slug: str) -> str:
    """'my-orders-api' -> 'my_orders_api'."""
    return slug.replace("-", "_")


class NamingExtension(Extension):
    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters.update(slugify=slugify, package_name=package_name)
