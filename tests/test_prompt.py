"""The interactive prompt as a user meets it: `copier copy` in an 80x24 terminal.

The terminal is a pseudo-terminal (pexpect) whose output is drawn by a terminal emulator (pyte),
so the tests read the screen the user reads, cut where the user's would be cut.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pexpect
import pyte
import pytest
import yaml

from extensions.validation import COPIER_PREFIX, TERMINAL_WIDTH, package_name_error
from tests.options import questions
from tests.rendering import TEMPLATE_ROOT

COLUMNS, ROWS = TERMINAL_WIDTH, 24
QMARK = "🎤 "  # Copier's mark before each question's help
CURSOR_POSITION_REQUEST = "\x1b[6n"
CLEAR_LINE = "\x15"  # Ctrl-U
TIMEOUT = 90.0


class Terminal:
    """A program running in an 80x24 terminal, and the screen it draws."""

    def __init__(self, *command: str) -> None:
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.Stream(self.screen)
        self.output = ""
        self.child = pexpect.spawn(
            command[0],
            list(command[1:]),
            dimensions=(ROWS, COLUMNS),
            env={**os.environ, "TERM": "xterm-256color"},
            encoding="utf-8",
        )

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    def feed(self, data: str) -> None:
        self.output += data
        self.stream.feed(data)
        if CURSOR_POSITION_REQUEST in data:
            cursor = self.screen.cursor
            self.child.send(f"\x1b[{cursor.y + 1};{cursor.x + 1}R")

    def read(self, timeout: float = 0.1) -> str:
        """Draw what the program writes within `timeout` seconds."""
        try:
            data: str = self.child.read_nonblocking(65536, timeout=timeout)
        except pexpect.TIMEOUT:
            return ""
        self.feed(data)
        return data

    def settle(self) -> None:
        """Draw until the program has been quiet for half a second."""
        while self.read(timeout=0.5):
            pass

    def wait_for_line(self, start: str) -> str:
        """The first line of the screen that starts with `start`, once one does."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            self.read()
            found = [line for line in self.lines() if line.startswith(start)]
            if found:
                return found[0]
        raise AssertionError(f"no line starts with {start!r}:\n" + "\n".join(self.lines()))

    def ask(self, spec: dict[str, Any]) -> None:
        """Wait until the question is asked; check that its help and choices show uncut."""
        help_text = str(spec["help"])
        line = self.wait_for_line(QMARK + help_text[:20])
        assert line == QMARK + help_text, "the help is cut"
        self.settle()
        for title in spec.get("choices") or []:
            assert any(line.endswith(str(title)) for line in self.lines()), title

    def finish(self) -> int:
        """Draw the rest of the program's output; its exit status."""
        self.child.expect(pexpect.EOF, timeout=TIMEOUT)
        self.feed(self.child.before or "")
        self.child.close()
        assert self.child.exitstatus is not None
        return self.child.exitstatus


@pytest.fixture
def copier_copy(tmp_path: Path) -> Iterator[Terminal]:
    copier = Path(sys.executable).with_name("copier")
    terminal = Terminal(
        str(copier), "copy", "--trust", "--vcs-ref=HEAD", str(TEMPLATE_ROOT), str(tmp_path / "shop")
    )
    yield terminal
    terminal.child.close(force=True)


def test_a_refused_package_name_states_the_rule_on_one_visible_line(
    copier_copy: Terminal,
) -> None:
    spec = questions()
    copier_copy.ask(spec["project_name"])
    copier_copy.child.send("Shop\r")
    copier_copy.ask(spec["project_slug"])
    copier_copy.child.send("\r")
    copier_copy.ask(spec["package_name"])
    prefix = COPIER_PREFIX.format(question="package_name")
    for answer in ("class", "json", "Shop-API"):
        copier_copy.child.send(CLEAR_LINE + answer + "\r")
        copier_copy.wait_for_line(prefix)
        copier_copy.settle()
        seen = copier_copy.wait_for_line(prefix)
        assert seen == prefix + package_name_error(answer).splitlines()[0]
        assert len(seen) <= COLUMNS


def test_without_redis_celery_is_never_asked_and_every_help_shows_uncut(
    copier_copy: Terminal, tmp_path: Path
) -> None:
    keys = {"project_name": "Shop\r", "use_redis": "n"}
    for name, spec in questions().items():
        if name != "use_celery":
            copier_copy.ask(spec)
            copier_copy.child.send(keys.get(name, "\r"))
    assert copier_copy.finish() == 0, "\n".join(copier_copy.lines())
    assert str(questions()["use_celery"]["help"]) not in copier_copy.output
    project = tmp_path / "shop"
    answers: dict[str, Any] = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["use_redis"] is False
    assert "use_celery" not in answers
    assert "celery" not in (project / "pyproject.toml").read_text()


def test_with_redis_the_celery_question_shows_uncut(copier_copy: Terminal) -> None:
    keys = {"project_name": "Shop\r", "use_redis": "y"}
    for name, spec in questions().items():
        copier_copy.ask(spec)
        if name == "use_celery":
            break
        copier_copy.child.send(keys.get(name, "\r"))
    else:
        pytest.fail("use_celery was not asked")
