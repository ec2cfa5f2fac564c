"""The README's question table agrees with copier.yml, and its list of sessions with noxfile.py."""

from __future__ import annotations

import ast
import re
from typing import Any

import pytest

from tests.options import choice_values, questions
from tests.rendering import TEMPLATE_ROOT

README = TEMPLATE_ROOT / "README.md"
NOXFILE = TEMPLATE_ROOT / "noxfile.py"
CODE = re.compile(r"`([^`]+)`")
# Defaults computed from something other than answers, as the table words them.
COMPUTED_DEFAULTS = {"{{ current_year() }}": "this year"}


def section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def question_rows() -> dict[str, tuple[str, str]]:
    """Each row of the question table: the name, then its meaning and default."""
    rows = {}
    for line in section("The questions").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) == 3:
            (name,) = CODE.findall(cells[0])
            rows[name] = (cells[1], cells[2])
    return rows


def test_the_table_has_every_question_once_in_order() -> None:
    assert list(question_rows()) == list(questions())


def question_names(template: str) -> list[str]:
    return [name for name in questions() if re.search(rf"\b{name}\b", template)]


def shown(default: Any) -> str:
    """How the table writes a literal default."""
    if isinstance(default, bool):
        return "yes" if default else "no"
    if default == []:
        return "none"
    return str(default)


@pytest.mark.parametrize("name", list(questions()))
def test_the_table_gives_each_default(name: str) -> None:
    spec = questions()[name]
    cell = question_rows()[name][1]
    default = spec.get("default")
    if default is None:
        assert cell == "(required)"
    elif isinstance(default, str) and "{{" in default:
        sources = [f"`{source}`" for source in question_names(default) if source != name]
        assert cell == (f"from {', '.join(sources)}" if sources else COMPUTED_DEFAULTS[default])
    else:
        assert cell == shown(default)


@pytest.mark.parametrize("name", [name for name, spec in questions().items() if "choices" in spec])
def test_the_table_lists_every_choice(name: str) -> None:
    meaning = question_rows()[name][0]
    missing = [value for value in choice_values(questions()[name]) if str(value) not in meaning]
    assert missing == []


@pytest.mark.parametrize("name", [name for name, spec in questions().items() if "when" in spec])
def test_the_table_says_when_a_question_is_asked(name: str) -> None:
    meaning = question_rows()[name][0]
    assert {f"`{source}`" for source in question_names(questions()[name]["when"])} <= set(
        re.findall(r"`[^`]+`", meaning)
    )


def nox_sessions() -> tuple[list[str], list[str]]:
    """Every session of noxfile.py, and the default ones in the order they run."""
    tree = ast.parse(NOXFILE.read_text(encoding="utf-8"))
    sessions, defaults = [], []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and any(
            "nox.session" in ast.unparse(decorator) for decorator in node.decorator_list
        ):
            sessions.append(node.name)
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "nox.options.sessions":
            defaults = ast.literal_eval(node.value)
    return sessions, defaults


def test_the_readme_names_every_nox_session_and_the_defaults_in_order() -> None:
    paragraph = section("Developing the template").split("\n\n")[1]
    assert paragraph.startswith("`uv run nox -l` lists the sessions.")
    default_part, other_part = paragraph.split("The others run when named:")
    named = [name for name in CODE.findall(default_part) if name.isidentifier()]
    others = [name for name in CODE.findall(other_part) if name.isidentifier()]
    sessions, defaults = nox_sessions()
    assert named == defaults
    assert sorted(named + others) == sorted(sessions)
