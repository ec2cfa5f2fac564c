"""Read the user's names back out of a rendered project, the way each file's own reader does."""

from __future__ import annotations

import ast
import re
import subprocess
from email import message_from_string, policy
from email.headerregistry import Address
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from tests.infra_tools import find_tool


def settings_default(project: Path, package: str, field: str) -> Any:
    """The default of a field of the rendered `Settings` model, as Python parses it."""
    config = project / "src" / package / "core" / "config.py"
    for node in ast.walk(ast.parse(config.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == field
            and isinstance(node.value, ast.Call)
        ):
            (default,) = (kw.value for kw in node.value.keywords if kw.arg == "default")
            return ast.literal_eval(default)
    raise AssertionError(f"Settings has no field {field!r}")


def mail_sender(project: Path, package: str, *, utf8: bool) -> Address:
    """The From header a message of the rendered project carries, once sent and parsed back.

    The rendered `sender` builds it from the default settings; the message is written as SMTP
    puts it on the wire (with or without the server's SMTPUTF8) and read back as a mail client.
    """
    module = ast.parse((project / "src" / package / "mail" / "smtp.py").read_text(encoding="utf-8"))
    (function,) = (n for n in module.body if isinstance(n, ast.FunctionDef) and n.name == "sender")
    namespace: dict[str, Any] = {"Address": Address, "Settings": SimpleNamespace}
    exec(compile(ast.Module([function], []), "smtp.py", "exec"), namespace)  # noqa: S102
    settings = SimpleNamespace(
        project_name=settings_default(project, package, "project_name"),
        smtp_from=settings_default(project, package, "smtp_from"),
    )
    message = EmailMessage()
    message["From"] = namespace["sender"](settings)
    message.set_content("Hello\n")
    wire = message.as_bytes(policy=policy.SMTPUTF8 if utf8 else policy.SMTP).decode()
    # RFC 2047: the folding whitespace between two encoded words is not part of the text, but the
    # standard library's parser keeps it; a mail client drops it.
    wire = re.sub(r"\?=\r\n[ \t]+=\?", "?==?", wire)
    (address,) = message_from_string(wire, policy=policy.default)["From"].addresses
    assert isinstance(address, Address)
    return address


def app_name(frontend: Path) -> str:
    """The frontend's APP_NAME, as JavaScript evaluates its literal."""
    source = (frontend / "src" / "app-name.ts").read_text(encoding="utf-8")
    match = re.fullmatch(r"export const APP_NAME = (.+);\n", source, re.DOTALL)
    assert match, source
    node = find_tool("node")
    run = subprocess.run(
        [node, "-e", f"process.stdout.write({match.group(1)})"],
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout


class _Title(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.titles: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._inside = True
            self.titles.append("")

    def handle_endtag(self, tag: str) -> None:
        self._inside = self._inside and tag != "title"

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.titles[-1] += data


def html_title(frontend: Path) -> str:
    """The text of index.html's one <title>, entities decoded."""
    parser = _Title()
    parser.feed((frontend / "index.html").read_text(encoding="utf-8"))
    parser.close()
    (title,) = parser.titles
    return title
