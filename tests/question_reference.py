"""Write docs/questions.md: every question of copier.yml, and what each layer adds.

`uv run nox -s question_reference` (or `uv run python -m tests.question_reference`) rewrites the
page from copier.yml, the answer validators in `extensions/validation.py` and the layer manifests
in `extensions/layers.py` with their partials in `layers/`; tests/test_question_reference.py fails
while the page is stale.
"""

from __future__ import annotations

import ast
import inspect
import re
import sys
from collections.abc import Iterator, Mapping
from typing import Any

from extensions import validation, versioning
from extensions.layers import LAYERS, PARTIALS_ROOT, Layer
from tests.infra_tools import compose_partial_services
from tests.options import COPIER_YML, is_valid, layer_options, questions

PAGE = COPIER_YML.parent / "docs" / "questions.md"
VALIDATOR_MODULES = (validation, versioning)
_VALIDATOR_FILTER = re.compile(r"^\{\{ *\w+ *\| *(\w+_error) *\}\}$")
_SETTING_ROW = re.compile(r"^\| `([A-Z][A-Z0-9_]*)` \|", re.MULTILINE)
_JINJA = re.compile(r"\{\{|\{%")

HEADER = """\
# Questions

<!-- Written by `uv run nox -s question_reference` from copier.yml, extensions/validation.py and
extensions/layers.py; a test fails when this page is stale. Edit those, not this page. -->

`copier copy` asks these questions in this order. `--data name=value` answers one on the command
line and `--defaults` takes the default of every other; a refused answer is asked again
(interactively) or stops the copy with the rule it broke (with `--data`). The answers are kept in
`.copier-answers.yml`, which `copier update` reads.
"""


def plain(value: Any) -> str:
    """An answer as copier.yml and `--data` spell it."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def code(value: Any) -> str:
    return f"`{plain(value)}`"


def kind(spec: Mapping[str, Any]) -> str:
    if spec.get("multiselect"):
        return "several of the choices"
    if "choices" in spec:
        return "one of the choices"
    return {"str": "text", "bool": "yes or no", "int": "a whole number"}[spec.get("type", "str")]


def default(spec: Mapping[str, Any]) -> str:
    if "default" not in spec:
        return "none: an answer is required"
    value = spec["default"]
    if isinstance(value, str) and _JINJA.search(value):
        return f"computed, `{value}`"
    if value == []:
        return "none selected"
    return code(value)


def choices(spec: Mapping[str, Any]) -> list[str]:
    found = spec.get("choices")
    if found is None:
        return []
    pairs = found.items() if isinstance(found, dict) else ((value, value) for value in found)
    return [
        code(value) if str(label) == str(value) else f"{code(value)}: {label}"
        for label, value in pairs
    ]


def _rule_strings(node: ast.AST) -> Iterator[ast.expr]:
    """Each message a validator can give: a string it returns, or the rule of its `refusal`."""
    for found in ast.walk(node):
        if isinstance(found, ast.Return) and isinstance(found.value, ast.Constant | ast.JoinedStr):
            yield found.value
        if isinstance(found, ast.Call) and getattr(found.func, "id", None) == "refusal":
            yield found.args[0]


def validator_rules(spec: Mapping[str, Any]) -> list[str]:
    """What the question refuses: the first line of each of its validator's messages."""
    validator = str(spec.get("validator", "")).strip()
    if match := _VALIDATOR_FILTER.match(validator):
        (function,) = [
            getattr(module, match.group(1))
            for module in VALIDATOR_MODULES
            if hasattr(module, match.group(1))
        ]
        namespace = {**vars(inspect.getmodule(function)), "value": "<answer>"}
        messages = [
            eval(compile(ast.Expression(node), "<rule>", "eval"), namespace)  # noqa: S307  # our own source
            for node in _rule_strings(ast.parse(inspect.getsource(function)))
        ]
        return [message.split("\n")[0] for message in messages if message]
    if validator:
        message = re.sub(r"\{%.*?%\}", "", validator).split("\n")[0]
        return [" ".join(message.split())]
    return []


def question_section(name: str, spec: Mapping[str, Any]) -> list[str]:
    help_text = spec["help"].rstrip(".").replace("<", "&lt;")
    lines = [f"## `{name}`", "", f"{help_text}.", ""]
    lines.append(f"- **Answer:** {kind(spec)}")
    if listed := choices(spec):
        lines += ["- **Choices:**", *(f"    - {choice}" for choice in listed)]
    lines.append(f"- **Default:** {default(spec)}")
    if placeholder := spec.get("placeholder"):
        lines.append(f"- **Example:** {code(placeholder)}")
    if when := spec.get("when"):
        lines.append(f"- **Asked only when:** `{when}`")
    if rules := validator_rules(spec):
        lines += ["- **Refused unless it follows these rules:**", *(f"    - {r}" for r in rules)]
    return [*lines, ""]


def switches() -> dict[str, str]:
    """Each layer, by name, and the answer that turns it on (with Redis, for Celery)."""
    defaults: dict[str, Any] = {}
    for option in layer_options():
        option.answer(option.default, defaults)
    found: dict[str, str] = {}
    for option in layer_options():
        for value in option.values:
            if value == option.value_in(defaults):
                continue
            answers = {name: list(v) if isinstance(v, list) else v for name, v in defaults.items()}
            option.answer(value, answers)
            if not is_valid(answers):
                answers["use_redis"] = True
            answer = f"{option.question}: {option.choice or plain(value)}"
            for layer in LAYERS:
                if layer.enabled(answers) and not layer.enabled(defaults):
                    found.setdefault(layer.name, answer)
    return found


def partial_keys(layer: Layer, slot: str) -> list[str]:
    path = layer.partial(slot)
    return compose_partial_services(path) if path else []


def layer_settings(layer: Layer) -> list[str]:
    path = PARTIALS_ROOT / layer.name / "settings-table.md"
    return _SETTING_ROW.findall(path.read_text(encoding="utf-8")) if path.is_file() else []


def layer_section(layer: Layer, switch: str) -> list[str]:
    lines = [f"### {layer.name} (`{switch}`)", ""]
    rows = [
        ("Files", [f.replace("{package}", "<package>") for f in layer.files]),
        ("Dependencies", list(layer.dependencies)),
        ("Development dependencies", list(layer.dev_dependencies)),
        ("Settings", layer_settings(layer)),
        ("Compose services", partial_keys(layer, "compose_services")),
        ("CI jobs", partial_keys(layer, "ci_jobs")),
        ("CI service containers", partial_keys(layer, "ci_services")),
        ("Readiness checks in `/health/ready`", list(layer.readiness)),
        ("API feature packages", list(layer.features)),
    ]
    for title, values in rows:
        if values:
            lines.append(f"- **{title}:** {', '.join(code(value) for value in values)}")
    if layer.alongside:
        lines.append(f"- **More alongside:** {', '.join(code(name) for name in layer.alongside)}")
    return [*lines, ""]


def page() -> str:
    asked = questions()
    lines = [HEADER, "| Question | Answer | Default |", "|---|---|---|"]
    lines += [
        f"| [`{name}`](#{name}) | {kind(spec)} | {default(spec).split(',')[0]} |"
        for name, spec in asked.items()
    ]
    lines.append("")
    for name, spec in asked.items():
        lines += question_section(name, spec)
    lines += [
        "## What each layer adds",
        "",
        "Turning a layer on adds exactly its files (checked for each layer by",
        "`tests/test_layers.py`), and what follows to the files every project shares.",
        "",
    ]
    found = switches()
    for layer in LAYERS:
        lines += layer_section(layer, found[layer.name])
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    PAGE.write_text(page(), encoding="utf-8")
    print(f"wrote {PAGE.relative_to(COPIER_YML.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
