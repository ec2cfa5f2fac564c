"""Default names derived from the project name."""

from __future__ import annotations

import re
import unicodedata

from jinja2 import Environment
from jinja2.ext import Extension

# A long project name gives defaults made of its first words: a slug that fits a line of code and
# an email domain, and a package name that keeps the generated imports on one line each.
MAX_DEFAULT_SLUG_LENGTH = 40
MAX_DEFAULT_PACKAGE_LENGTH = 17


def _first_words(words: list[str], separator: str, limit: int) -> str:
    joined = words[0][:limit]
    for word in words[1:]:
        if len(joined) + len(separator) + len(word) > limit:
            break
        joined += separator + word
    return joined


def slugify(value: str) -> str:
    """'My Orders API!' -> 'my-orders-api'."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    if not words or not words[0][0].isalpha():
        words.insert(0, "service")
    return _first_words(words, "-", MAX_DEFAULT_SLUG_LENGTH)


def package_name(slug: str) -> str:
    """'my-orders-api' -> 'my_orders_api'."""
    return _first_words(slug.split("-"), "_", MAX_DEFAULT_PACKAGE_LENGTH)


class NamingExtension(Extension):
    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.filters.update(slugify=slugify, package_name=package_name)
