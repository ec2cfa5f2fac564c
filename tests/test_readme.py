"""The README's shell blocks, run in order in a fresh clone of this repository, as a new user would.

Each block runs in bash (`set -euo pipefail`) in the folder the previous one ended in, so a `cd`
carries over as in a terminal. It is all verbatim, with these exceptions, and only these:

- the interactive `copier copy` gets its answers on stdin, as a user types them: the project name,
  then Enter to take every other default;
- `uv run nox` (the template's whole suite, which this test is part of) is left out;
- `uv run pytest` in the generated project is left out: too slow here, and the variant checks run
  every variant's suite, `core`'s exactly so, on embedded servers;
- git gets a committer's name and email through the environment, as a user's git config has them.

Both generate commands, `uv sync` in the project and `copier update` do run, and must succeed.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

from tests.project_runner import project_env
from tests.rendering import TEMPLATE_ROOT

SHELL_BLOCK = re.compile(r"^```bash\n(.*?)^```$", re.MULTILINE | re.DOTALL)
LEFT_OUT = ("uv run nox", "uv run pytest")
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "README Reader",
    "GIT_AUTHOR_EMAIL": "reader@example.com",
    "GIT_COMMITTER_NAME": "README Reader",
    "GIT_COMMITTER_EMAIL": "reader@example.com",
}


def shell_blocks(readme: str) -> list[str]:
    return [match.group(1) for match in SHELL_BLOCK.finditer(readme)]


def typed_answers(project_name: str) -> str:
    """The keys a user presses: the name, then Enter for every other question's default."""
    copier_yml = yaml.safe_load((TEMPLATE_ROOT / "copier.yml").read_text(encoding="utf-8"))
    questions = [name for name in copier_yml if not name.startswith("_")]
    return f"{project_name}\r" + "\r" * (len(questions) - 1)


def run_block(block: str, cwd: Path, stdin: str, state: Path) -> Path:
    """Run one block in `cwd`; return the folder it ends in."""
    script = f"set -euo pipefail\n{block}\npwd > {state}\n"
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=cwd,
        input=stdin,
        env=project_env(GIT_IDENTITY),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"{block}\nfailed:\n{result.stdout}\n{result.stderr}"
    return Path(state.read_text().strip())


def test_readme_commands_work_in_order_in_a_fresh_clone(tmp_path: Path) -> None:
    clone = tmp_path / "fastapi-stack"
    subprocess.run(
        ["git", "clone", "--quiet", str(TEMPLATE_ROOT), str(clone)], check=True, timeout=120
    )
    blocks = shell_blocks((clone / "README.md").read_text(encoding="utf-8"))
    commands = [line for block in blocks for line in block.splitlines()]
    assert set(LEFT_OUT) <= set(commands), "the README no longer has a command this test skips"
    assert any("copier update" in line for line in commands)

    cwd = clone
    for block in blocks:
        kept = "\n".join(line for line in block.splitlines() if line not in LEFT_OUT)
        interactive = "copier copy" in kept and "--defaults" not in kept
        answers = typed_answers("Orders API") if interactive else ""
        cwd = run_block(kept, cwd, answers, tmp_path / "cwd")

    project = tmp_path / "orders-api"
    assert cwd == project
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert answers["_src_path"] == str(clone)
    assert answers["package_name"] == "orders_api"
    assert (project / "uv.lock").is_file()
    # The update ran on a clean tree, on the same template commit: nothing changed.
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True, check=True
    )
    assert status.stdout == ""
    other = yaml.safe_load((tmp_path / "billing-api" / ".copier-answers.yml").read_text())
    assert (other["project_name"], other["author_email"]) == ("Billing API", "team@example.com")
