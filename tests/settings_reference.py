"""Regenerate the template's `.env.example` and README configuration table from the settings models.

`uv run nox -s settings_reference` (or `uv run python -m tests.settings_reference`) renders every
variant with marker answers, runs its `settings env-example` and `settings table` commands, and
writes what they print back as Jinja, the markers turned into the answers' expressions again.
What every variant prints goes into `template/.env.example.jinja` and the table of
`template/README.md.jinja`; what only the variants with a layer print goes into that layer's
partials, `layers/<name>/env.example` and `layers/<name>/settings-table.md`, which those files
include where the layers' settings come; anything else only some variants print is wrapped in the
one answer's condition that selects exactly those variants. Each rendered project's own test then
checks that the files it was given match its command.
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from extensions.layers import LAYERS, PARTIAL_SLOTS, PARTIALS_ROOT, contributions
from tests.options import questions
from tests.project_runner import run_in_project, uv_executable
from tests.rendering import TEMPLATE_ROOT, render
from tests.variants import VARIANTS, Variant

ENV_EXAMPLE = TEMPLATE_ROOT / "template" / ".env.example.jinja"
README = TEMPLATE_ROOT / "template" / "README.md.jinja"
README_START = "<!-- settings:start -->\n"
README_END = "<!-- settings:end -->"
MARKERS = {
    "project_name": "Zqx Marker Name",
    "project_slug": "zqx-marker-slug",
    "package_name": "zqx_marker_pkg",
}
# Most specific first: a quoted or code-formatted answer takes the filter that formats it.
SUBSTITUTIONS = (
    (f"'{MARKERS['project_name']}'", "{{ project_name | env_value }}"),
    (f"`{MARKERS['project_name']}`", "{{ project_name | md_code }}"),
    (MARKERS["project_name"], "{{ project_name }}"),
    (MARKERS["project_slug"], "{{ project_slug }}"),
    (MARKERS["package_name"], "{{ package_name }}"),
)
_ENV_VARIABLE = re.compile(r"^(# )?[A-Z][A-Z0-9_]*=")
_ENV_SECTION = re.compile(r"^# --- .* ---$")

Answers = dict[str, Any]
Condition = tuple[str, list[bool]]
# The blocks of a shared file, with None where it includes the enabled layers' partials.
Shared = list[str | None]
# Each layer's blocks, by its name.
LayerBlocks = dict[str, list[str]]


class SettingsReferenceError(RuntimeError):
    """The variants print something no single answer explains."""


def env_blocks(text: str) -> list[str]:
    """The header, each section title (with the blank line before it), and each variable."""
    blocks: list[str] = []
    current: list[str] = []
    for line in text.splitlines(keepends=True):
        if line == "\n" and current:
            blocks.append("".join(current))
            current = []
        current.append(line)
        if _ENV_VARIABLE.match(line) or _ENV_SECTION.match(line):
            blocks.append("".join(current))
            current = []
    if current:
        blocks.append("".join(current))
    return blocks


def table_blocks(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def merge(outputs: list[list[str]]) -> list[str]:
    """Every block of every output, each variant's blocks kept in their order.

    The outputs with the most blocks go first, so that the others only fill in around them."""
    merged: list[str] = []
    for blocks in sorted(outputs, key=len, reverse=True):
        position = 0
        for block in blocks:
            if block in merged:
                position = merged.index(block) + 1
            else:
                merged.insert(position, block)
                position += 1
    for blocks in outputs:
        positions = [merged.index(block) for block in blocks]
        if positions != sorted(positions):
            raise SettingsReferenceError("the variants print these blocks in different orders")
    return merged


def _candidate_conditions(answers: list[Answers]) -> Iterable[Condition]:
    """Each answer's conditions, with which variants they hold for."""
    for key in sorted({key for each in answers for key in each} - set(MARKERS)):
        values = [each.get(key) for each in answers]
        if all(isinstance(value, bool) for value in values):
            yield key, [bool(value) for value in values]
            yield f"not {key}", [not value for value in values]
        elif all(isinstance(value, list) for value in values):
            lists = [value if isinstance(value, list) else [] for value in values]
            for item in sorted({item for value in lists for item in value}):
                yield f"{item!r} in {key}", [item in value for value in lists]
        else:
            for shown in sorted({repr(value) for value in values}):
                yield f"{key} == {shown}", [repr(value) == shown for value in values]


def condition(block: str, present: list[bool], answers: list[Answers]) -> str | None:
    """The one answer's condition that holds exactly for the variants that print `block`."""
    if all(present):
        return None
    for expression, holds in _candidate_conditions(answers):
        if holds == present:
            return expression
    raise SettingsReferenceError(f"no single answer selects the variants that print:\n{block}")


def check_wrapping(blocks: Iterable[str]) -> None:
    """Answers change in length, so they must stay out of the comments the command wraps."""
    for block in blocks:
        for line in block.splitlines():
            comment = not (_ENV_SECTION.match(line) or _ENV_VARIABLE.match(line))
            wrapped = line.startswith("# ") and comment
            if wrapped and any(marker in line for marker in MARKERS.values()):
                raise SettingsReferenceError(
                    f"a description names an answer, so its wrapping depends on it: {line!r}"
                )


def layer_of(present: list[bool], answers: list[Answers]) -> str | None:
    """The layer that is on in exactly the variants that print a block, if one is."""
    owners = [layer.name for layer in LAYERS if list(map(layer.enabled, answers)) == present]
    if len(owners) > 1:
        raise SettingsReferenceError(f"no variant tells these layers apart: {', '.join(owners)}")
    return owners[0] if owners else None


def layer_order(answers: Answers) -> list[str]:
    """The enabled layers in the order the commands print their settings: the order in which
    `Settings` inherits their mixins."""
    owners = {mixin: layer.name for layer in LAYERS for mixin in layer.settings_mixins}
    return list(dict.fromkeys(owners[mixin] for mixin in contributions(answers).settings_mixins))


@dataclass(frozen=True)
class Reference:
    """A settings reference as Jinja: the shared file's text, and each layer's partial."""

    shared: str
    partials: dict[str, str]


def _tag(statement: str, before: str) -> str:
    """A tag on a line of its own; `-%}` eats its newline unless a blank line follows anyway."""
    return f"{{% {statement} %}}" if before.startswith("\n") else f"{{% {statement} -%}}\n"


def _with_answers(text: str) -> str:
    for marker, expression in SUBSTITUTIONS:
        text = text.replace(marker, expression)
    return text


def split(present: Mapping[str, list[bool]], answers: list[Answers]) -> tuple[Shared, LayerBlocks]:
    """The shared file's blocks, and each layer's. The partials are included where the first
    block of a layer stood, or at the end when no layer prints any."""
    shared: Shared = []
    partials: LayerBlocks = {}
    for block, printed in present.items():
        layer = None if all(printed) else layer_of(printed, answers)
        if layer is None:
            shared.append(block)
            continue
        if not partials:
            shared.append(None)
        partials.setdefault(layer, []).append(block)
    if not partials:
        shared.append(None)
    return shared, partials


def check_included(
    outputs: list[list[str]], answers: list[Answers], shared: Shared, partials: LayerBlocks
) -> None:
    """Each variant's output is its shared blocks with its layers' partials in place."""
    for blocks, each in zip(outputs, answers, strict=True):
        included = [block for name in layer_order(each) for block in partials.get(name, [])]
        rendered: list[str] = []
        for part in shared:
            if part is None:
                rendered += included
            elif part in blocks:
                rendered.append(part)
        if rendered != blocks:
            raise SettingsReferenceError(
                "a variant prints the layers' settings elsewhere than together, after one "
                "another, in the order `Settings` inherits their mixins"
            )


def shared_jinja(
    shared: Shared, present: Mapping[str, list[bool]], answers: list[Answers], slot: str
) -> str:
    """The shared file: its blocks, each under its condition, and the loop over the partials."""
    text: list[str] = []
    open_condition: str | None = None
    for part, after in zip(shared, [*shared[1:], ""], strict=True):
        wanted = None if part is None else condition(part, present[part], answers)
        if wanted != open_condition:
            if open_condition is not None:
                text.append(_tag("endif", part or ""))
            if wanted is not None:
                text.append(_tag(f"if {wanted}", part or ""))
            open_condition = wanted
        if part is None:
            text.append(f"{{% for partial in layers.{slot} %}}{{% include partial %}}")
            text.append(_tag("endfor", after or ""))
        else:
            text.append(part)
    if open_condition is not None:
        text.append(_tag("endif", ""))
    return _with_answers("".join(text))


def to_jinja(outputs: list[list[str]], answers: list[Answers], slot: str) -> Reference:
    """The shared file and the layers' partials of `slot` that render each variant's output.

    A layer's blocks go to its partial, which the shared file includes (`layers.<slot>`) where
    the layers' settings come: every variant must print them there, one layer after another, in
    the order `Settings` inherits their mixins. What only some variants print without being a
    layer's stays in the shared file, under the answer's condition that selects them.
    """
    present = {block: [block in blocks for blocks in outputs] for block in merge(outputs)}
    shared, partials = split(present, answers)
    check_included(outputs, answers, shared, partials)
    return Reference(
        shared=shared_jinja(shared, present, answers, slot),
        partials={name: _with_answers("".join(blocks)) for name, blocks in partials.items()},
    )


def write_partials(slot: str, partials: Mapping[str, str], root: Path = PARTIALS_ROOT) -> None:
    """Each layer's partial of `slot`; a layer that prints nothing for it has none."""
    for layer in LAYERS:
        path = root / layer.name / PARTIAL_SLOTS[slot]
        if layer.name in partials:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(partials[layer.name], encoding="utf-8")
        else:
            path.unlink(missing_ok=True)


def bool_defaults() -> Answers:
    return {
        name: bool(spec.get("default", False))
        for name, spec in questions().items()
        if spec.get("type") == "bool"
    }


def reference_of(variant: Variant, destination: Path) -> tuple[Answers, str, str]:
    """The answers of a marker rendering of `variant`, and what its two commands print."""
    project = render(destination, {**variant.answers, **MARKERS})
    recorded = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    # A yes/no question left unasked (its `when` false) is not recorded: it took its default.
    answers = {**bool_defaults(), **recorded}
    uv = uv_executable()
    run_in_project(project, uv, "sync", "--quiet")
    package = MARKERS["package_name"]
    env_example = run_in_project(project, uv, "run", package, "settings", "env-example")
    table = run_in_project(project, uv, "run", package, "settings", "table")
    return answers, env_example, table


def regenerate(variants: Iterable[Variant] = VARIANTS) -> None:
    answers: list[Answers] = []
    env_outputs: list[list[str]] = []
    table_outputs: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="settings-reference-") as scratch:
        for variant in variants:
            print(f"rendering {variant.name}", file=sys.stderr)
            rendered, env_example, table = reference_of(variant, Path(scratch) / variant.name)
            answers.append(rendered)
            env_outputs.append(env_blocks(env_example))
            check_wrapping(env_outputs[-1])
            table_outputs.append(table_blocks(table))
    env_reference = to_jinja(env_outputs, answers, "env_example")
    table_reference = to_jinja(table_outputs, answers, "settings_table")
    ENV_EXAMPLE.write_text(env_reference.shared, encoding="utf-8")
    write_partials("env_example", env_reference.partials)
    readme = README.read_text(encoding="utf-8")
    head, _, rest = readme.partition(README_START)
    _, _, tail = rest.partition(README_END)
    table = table_reference.shared
    README.write_text(head + README_START + table + README_END + tail, encoding="utf-8")
    write_partials("settings_table", table_reference.partials)
    print(
        f"wrote {ENV_EXAMPLE.relative_to(TEMPLATE_ROOT)}, the table of "
        f"{README.relative_to(TEMPLATE_ROOT)} and the layers' partials of both",
        file=sys.stderr,
    )


if __name__ == "__main__":
    regenerate()
