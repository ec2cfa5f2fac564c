"""Random legal answer sets, names and layers together: each renders a project that passes its own
formatters and linters and shows the user's names exactly as they were answered.

`uv run nox` draws a few; `ANSWER_SPACE_EXAMPLES` sets how many (`nox -s answer_space` draws
thousands, `ANSWER_SPACE_SHARDS` of them at a time).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extensions.validation import (
    author_email_error,
    package_name_error,
    project_name_error,
    project_slug_error,
)
from tests import infra_tools as tools
from tests.frontend_tools import prettier_check
from tests.options import NON_LAYER_OPTIONS, layer_combinations, options
from tests.rendered_names import app_name, html_title, mail_sender, settings_default
from tests.rendering import render

EXAMPLES = int(os.environ.get("ANSWER_SPACE_EXAMPLES", "8"))
SHARDS = int(os.environ.get("ANSWER_SPACE_SHARDS", "1"))

# Characters that have broken a quoting rule somewhere, drawn more often than the rest: quotes,
# escapes and template syntax, accents (composed and combining), other scripts, a joiner.
AWKWARD = (
    "\"'`\\$&<>{}%#|;:,.!?()[]*~^@/=+-_ "
    "\u00e9\u00df\u0141\u2014\u00ab\u00bb\u5317\u0414\u03b4\u0627\u200d\u0301"
)
# Any letter, mark, digit, punctuation, symbol, space or format character of any script; not the
# control characters, line separators, surrogates or private-use characters no name holds.
NAME_CHARACTERS = st.one_of(
    st.sampled_from(AWKWARD),
    st.characters(categories=["L", "M", "N", "P", "S", "Zs", "Cf"], exclude_characters="\ufeff"),
)


def names(max_size: int) -> st.SearchStrategy[str]:
    short = st.text(NAME_CHARACTERS, min_size=1, max_size=12)
    long = st.text(NAME_CHARACTERS, min_size=max_size - 8, max_size=max_size)
    return st.one_of(short, long, st.text(NAME_CHARACTERS, min_size=1, max_size=max_size))


SLUGS = st.from_regex(r"[a-z][a-z0-9]{0,7}(-[a-z0-9]{1,8}){0,4}", fullmatch=True).filter(
    lambda slug: not project_slug_error(slug)
)
PACKAGES = st.from_regex(r"[a-z_][a-z0-9_]{0,16}", fullmatch=True).filter(
    lambda name: not package_name_error(name)
)
CHOICES = {
    option.question: option.values for option in options() if option.name in NON_LAYER_OPTIONS
}


# Answers that have a default made from the project name: each is answered or left to it.
OPTIONAL_NAMES = {
    "project_slug": SLUGS,
    "package_name": PACKAGES,
    "author_name": names(60),
    "description": names(100),
}


@st.composite
def answer_sets(draw: st.DrawFn) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "project_name": draw(names(64).filter(lambda name: not project_name_error(name))),
        **draw(st.sampled_from(list(layer_combinations()))),
        **{question: draw(st.sampled_from(values)) for question, values in CHOICES.items()},
    }
    for question, strategy in OPTIONAL_NAMES.items():
        if draw(st.booleans()):
            answers[question] = draw(strategy)
    return answers


def check_rendered(answers: dict[str, Any], project: Path) -> None:
    recorded = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    for question in ("project_name", *OPTIONAL_NAMES):
        assert recorded[question] == answers.get(question, recorded[question])
    package, slug, name = (
        recorded["package_name"],
        recorded["project_slug"],
        answers["project_name"],
    )
    assert not author_email_error(recorded["author_email"])

    for command in (("format", "--check"), ("check",)):
        run = tools.run_tool("ruff", *command, "--no-cache", ".", cwd=project)
        assert run.ok, run.report()
    for path in project.rglob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")

    assert settings_default(project, package, "project_name") == name
    # In a header a run of spaces reads as one space, and none at either end (RFC 5322).
    display_name = re.sub(r"[ \t]+", " ", name).strip(" \t")
    for utf8 in (False, True):
        sender = mail_sender(project, package, utf8=utf8)
        assert (sender.display_name, sender.addr_spec) == (
            display_name,
            f"no-reply@{slug}.example.com",
        )
    assert yaml.safe_load((project / "compose.yaml").read_text(encoding="utf-8"))["name"] == slug

    if answers.get("frontend") == "react":
        frontend = project / "frontend"
        assert app_name(frontend) == name
        assert html_title(frontend) == name
        run = prettier_check(frontend)
        assert run.ok, run.report()


@pytest.mark.parametrize("shard", range(SHARDS))
@settings(
    max_examples=max(1, EXAMPLES // SHARDS),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(answers=answer_sets())
def test_any_legal_answers_render_a_clean_project(shard: int, answers: dict[str, Any]) -> None:
    folder = Path(tempfile.mkdtemp(prefix=f"answer-space-{shard}-"))
    try:
        check_rendered(answers, render(folder / "project", answers))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
