"""JSON with `//` comments, as VS Code reads its settings (trailing commas are refused)."""

from __future__ import annotations

import json
import re
from typing import Any

# A string, kept whole, or a `//` comment to the end of its line, dropped.
_STRING_OR_COMMENT = re.compile(r'("(?:\\.|[^"\\])*")|//[^\n]*')


def without_comments(text: str) -> str:
    return _STRING_OR_COMMENT.sub(lambda match: match.group(1) or "", text)


def loads(text: str) -> Any:
    return json.loads(without_comments(text))
