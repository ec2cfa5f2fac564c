"""`copier update` across real template versions, as users run it.

`build_template_repository` clones this repository into a temporary folder, tags each release of
`releases.toml` at its commit, and commits the working tree as the next version (CHANGELOG.md's
unreleased heading). Projects generated from a release are committed to git, edited as a user
would, and updated to the working tree's version; the results are compared file by file with a
fresh copy of that version. `.env` is the one file that always differs: a copy generates new
secrets, and an update never touches the file. One more version, after the working tree, changes
the files users edit most, elsewhere than they edit them; and a clone without tags gets its
versions from `scripts/tag_releases.py`, as the README has users do.
"""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from copier import run_copy, run_update
from packaging.requirements import Requirement
from packaging.version import Version

from extensions.versioning import uv_exclude_newer
from tests.project_runner import outcome, project_env, run_in_project, uv_executable
from tests.rendering import TEMPLATE_ROOT
from tests.resolution import resolution_problems
from tests.template_versions import (
    GIT_IDENTITY,
    Release,
    build_template_repository,
    git,
    next_version,
    releases,
    working_tree_clone,
)
from tests.variants import VARIANTS_BY_NAME

pytestmark = pytest.mark.update

UV = uv_executable()
CORE = VARIANTS_BY_NAME["core"].answers
FULL = VARIANTS_BY_NAME["full"].answers
PACKAGE = "acme_orders"
CONFLICT_START, CONFLICT_MIDDLE, CONFLICT_END = (
    "<<<<<<< before updating",
    "=======",
    ">>>>>>> after updating",
)
Tree = dict[str, bytes]


def moves(version: str) -> dict[str, str]:
    """The files `version` moved, old path -> new path in this test's projects."""
    listed = TEMPLATE_ROOT / "copier_migrations" / f"moves-{version}.toml"
    found = tomllib.loads(listed.read_text(encoding="utf-8"))["moves"]
    return {old.format(package=PACKAGE): new.format(package=PACKAGE) for old, new in found.items()}


# Where each file of the feature-package layout was before 0.3.0, for projects of older releases.
FORMER_PATHS = {new: old for old, new in moves("0.3.0").items()}


# --- Building versions and projects ---


@pytest.fixture(scope="module")
def template_repo() -> Iterator[Path]:
    parent = Path(tempfile.mkdtemp(prefix="fastapi-stack-versions-"))
    yield build_template_repository(parent / "fastapi-stack")
    shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture
def workspace() -> Iterator[Path]:
    # Not under pytest's temp root, which the project's own pytest session may make owner-only.
    folder = Path(tempfile.mkdtemp(prefix="fastapi-stack-update-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def latest_release() -> Release:
    return releases()[-1]


def copy(
    template_repo: Path, destination: Path, version: str | None, answers: dict[str, Any]
) -> Path:
    """`copier copy` of `version`, or of the newest tag when it is None."""
    run_copy(
        str(template_repo),
        destination,
        data=answers,
        vcs_ref=version,
        defaults=True,
        unsafe=True,
        quiet=True,
    )
    return destination


def commit_all(project: Path, message: str) -> None:
    if not (project / ".git").exists():
        git(project, "init", "--quiet")
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message", message)


def generate(template_repo: Path, destination: Path, version: str, answers: dict[str, Any]) -> Path:
    """A project as its user keeps it: copied from `version`, then committed."""
    copy(template_repo, destination, version, answers)
    commit_all(destination, f"Generate from fastapi-stack {version}")
    return destination


def update(project: Path, **options: Any) -> None:
    """`copier update --trust --defaults --conflict inline`, to the newest version by default."""
    run_update(
        project,
        defaults=True,
        unsafe=True,
        overwrite=True,
        quiet=True,
        conflict="inline",
        **options,
    )


def tree(root: Path) -> Tree:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(root).parts
    }


def differences(actual: Tree, expected: Tree) -> list[str]:
    """The paths that differ, each with a short unified diff."""
    found = []
    for path in sorted(actual.keys() | expected.keys()):
        if path not in actual:
            found.append(f"{path}: missing")
        elif path not in expected:
            found.append(f"{path}: unexpected")
        elif actual[path] != expected[path]:
            diff = difflib.unified_diff(
                expected[path].decode(errors="replace").splitlines(),
                actual[path].decode(errors="replace").splitlines(),
                "expected",
                "actual",
                lineterm="",
                n=1,
            )
            found.append(f"{path}:\n" + "\n".join(list(diff)[:40]))
    return found


def without_env(files: Tree) -> Tree:
    return {path: content for path, content in files.items() if path != ".env"}


def env_names(content: bytes) -> list[str]:
    lines = content.decode().splitlines()
    return [line.split("=", 1)[0] for line in lines if "=" in line and not line.startswith("#")]


def leftovers(project: Path) -> list[str]:
    """Rejected hunks and conflict markers an update left behind."""
    found = [f"{path}: rejected hunks" for path in project.rglob("*.rej")]
    for path, content in tree(project).items():
        lines = content.decode(errors="replace").splitlines()
        if any(line.startswith((CONFLICT_START, CONFLICT_END)) for line in lines):
            found.append(f"{path}: conflict markers")
    return found


def answers_file(project: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((project / ".copier-answers.yml").read_text())
    return loaded


# --- 1. User edits survive ---

# Edits of generated files, applied alike to the user's project and to the expected result, by their
# path in the working tree's layout (the file's former path in an older project).
EDITS: dict[str, Callable[[str], str]] = {
    "README.md": lambda text: text.replace(
        "# Acme Orders\n", "# Acme Orders\n\nOwned by the storefront team.\n", 1
    ),
    "pyproject.toml": lambda text: text.replace(
        '    "asyncpg>=', '    "anyio>=4.4",\n    "asyncpg>=', 1
    ),
    f"src/{PACKAGE}/health/router.py": lambda text: text.replace(
        "READINESS_TIMEOUT_SECONDS = 2.0", "READINESS_TIMEOUT_SECONDS = 3.0", 1
    ),
}
DELETED = (".pre-commit-config.yaml",)
ENV_LINE = "# Settings of my own.\nLOG_LEVEL=DEBUG\n"
TEXT_MODULE = '''\
"""Text helpers of our own."""


def headline(text: str) -> str:
    """`"orders are late"` -> `"Orders Are Late"`."""
    return " ".join(word.capitalize() for word in text.split())
'''
TEXT_TEST = f"""\
from {PACKAGE}.text import headline


def test_headline() -> None:
    assert headline("orders  are late") == "Orders Are Late"
"""
MIGRATION = '''\
"""Store email addresses in lower case.

Revision ID: {revision}
Revises: {head}
Create Date: 2026-11-27 00:00:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "{revision}"
down_revision: str | None = "{head}"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("UPDATE users SET email = lower(email)")


def downgrade() -> None:
    """The original case is gone: nothing to undo."""
'''


def new_files(project: Path) -> Tree:
    """A module, its test, and a migration after the template's head."""
    versions = project / "src" / PACKAGE / "migrations" / "versions"
    head = max(int(path.name[:4]) for path in versions.glob("[0-9][0-9][0-9][0-9]_*.py"))
    revision = f"{head + 1:04d}"
    migration = MIGRATION.format(revision=revision, head=f"{head:04d}")
    return {
        f"src/{PACKAGE}/text.py": TEXT_MODULE.encode(),
        "tests/test_text.py": TEXT_TEST.encode(),
        f"src/{PACKAGE}/migrations/versions/{revision}_lowercase_emails.py": migration.encode(),
    }


def edited(files: Tree, user_files: Tree) -> Tree:
    """`files` with the user's edits, new files and deletions."""
    result = dict(files)
    for new_path, edit in EDITS.items():
        path = new_path if new_path in result else FORMER_PATHS[new_path]
        text = result[path].decode()
        assert edit(text) != text, f"the edit of {path} no longer applies"
        result[path] = edit(text).encode()
    for path in DELETED:
        del result[path]
    return {**result, **user_files}


def test_user_edits_survive_and_the_project_passes_its_checks(
    template_repo: Path, workspace: Path, postgres_server_url: str, redis_server_url: str
) -> None:
    old = latest_release().version
    project = generate(template_repo, workspace / "acme-orders", old, CORE)
    generated = tree(project)
    run_in_project(project, UV, "lock")
    user_files = new_files(project)
    for path, content in edited(tree(project), user_files).items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_bytes(content)
    for path in DELETED:
        (project / path).unlink()
    with (project / ".env").open("a") as env:
        env.write(ENV_LINE)
    before_update = tree(project)
    commit_all(project, "Our own changes")

    update(project)

    fresh = tree(copy(template_repo, workspace / "fresh", next_version(), CORE))
    changed_by_template = {path for path in fresh if generated.get(path) != fresh[path]}
    untouched = changed_by_template - EDITS.keys() - {".env", ".copier-answers.yml"}
    assert untouched, f"{old} and {next_version()} render the same files: nothing to update"
    expected = edited(fresh, user_files)
    expected["uv.lock"] = before_update["uv.lock"]
    expected[".env"] = before_update[".env"]
    assert leftovers(project) == []
    assert differences(tree(project), expected) == []
    assert answers_file(project)["_commit"] == next_version()

    # The README's update procedure, then the project's own checks.
    run_in_project(project, UV, "lock")
    checked, problems = resolution_problems(project / "uv.lock", uv_exclude_newer())
    assert (checked > 0, problems) == (True, [])
    run_in_project(project, UV, "sync", "--locked")
    run_in_project(project, UV, "run", "ruff", "check", "--no-cache", ".")
    run_in_project(project, UV, "run", "ruff", "format", "--check", "--no-cache", ".")
    assert "Success: no issues found" in run_in_project(project, UV, "run", "mypy")
    collected = run_in_project(project, UV, "run", "pytest", "--collect-only", "-q", "--no-cov")
    servers = {"TEST_DATABASE_URL": postgres_server_url, "REDIS_URL": redis_server_url}
    output = run_in_project(project, UV, "run", "pytest", "-n", "2", env=servers)
    count = int(collected.strip().splitlines()[-1].split()[0])
    assert outcome(output) == {"passed": count}, output[-4000:]


# --- 2. With no user edits, an update equals a fresh copy ---


def assert_same_as_fresh(project: Path, fresh: Path) -> None:
    updated, copied = tree(project), tree(fresh)
    assert differences(without_env(updated), without_env(copied)) == []
    assert env_names(updated[".env"]) == env_names(copied[".env"])


def test_update_equals_a_fresh_copy(template_repo: Path, workspace: Path) -> None:
    project = generate(template_repo, workspace / "project", latest_release().version, CORE)
    update(project)
    fresh = copy(template_repo, workspace / "fresh", next_version(), CORE)
    assert leftovers(project) == []
    assert_same_as_fresh(project, fresh)


# --- 3. Changing answers adds and removes layers ---


def layer_answers(on: bool) -> dict[str, Any]:
    """Every optional layer that copier.yml offers, on or off."""
    questions = yaml.safe_load((TEMPLATE_ROOT / "copier.yml").read_text(encoding="utf-8"))
    answers: dict[str, Any] = {
        "use_redis": on,
        "use_celery": on,
        "monitoring": list(questions["monitoring"]["choices"].values()) if on else [],
    }
    if "frontend" in questions:
        answers["frontend"] = "react" if on else "none"
    return answers


def dependency_names(project: Path) -> set[str]:
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    return {Requirement(line).name for line in pyproject["project"]["dependencies"]}


def compose_services(project: Path) -> set[str]:
    return set(yaml.safe_load((project / "compose.yaml").read_text())["services"])


def ci_services(project: Path) -> set[str]:
    ci = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text())
    return set(ci["jobs"]["tests"]["services"])


def empty_folders(project: Path) -> list[Path]:
    return [
        path
        for path in project.rglob("*")
        if path.is_dir() and ".git" not in path.parts and not any(path.iterdir())
    ]


def test_changing_answers_adds_and_removes_layers(template_repo: Path, workspace: Path) -> None:
    version = next_version()
    project = generate(template_repo, workspace / "project", version, CORE)
    core = copy(template_repo, workspace / "core", version, CORE)
    layered = copy(template_repo, workspace / "layered", version, {**CORE, **layer_answers(True)})

    update(project, data=layer_answers(True))
    assert leftovers(project) == []
    assert_same_as_fresh(project, layered)
    added_files = tree(layered).keys() - tree(core).keys()
    assert {f"src/{PACKAGE}/plugins/redis/lifespan.py", f"src/{PACKAGE}/plugins/celery/app.py"} <= (
        added_files
    )
    assert {"redis", "celery"} <= dependency_names(project) - dependency_names(core)
    assert {"redis", "worker", "beat"} <= compose_services(project) - compose_services(core)
    assert "redis" in ci_services(project) - ci_services(core)
    commit_all(project, "Add every layer")

    update(project, data=layer_answers(False))
    assert leftovers(project) == []
    assert_same_as_fresh(project, core)
    assert not added_files & tree(project).keys()
    assert empty_folders(project) == []


# --- 4. A real conflict keeps both sides ---


def contains(lines: list[str], part: list[str]) -> bool:
    """Whether `part` is a run of consecutive lines of `lines`."""
    return any(lines[i : i + len(part)] == part for i in range(len(lines) - len(part) + 1))


def workflow_step(workflow: dict[str, Any], name: str) -> str:
    (step,) = [step for step in workflow["jobs"]["update"]["steps"] if step.get("name") == name]
    script: str = step["run"]
    return script


def run_workflow_step(script: str, project: Path, env: dict[str, str]) -> None:
    """A `run:` step as GitHub runs it: bash with -e and pipefail."""
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=project,
        env=project_env({**GIT_IDENTITY, **env}),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"{script}\nfailed:\n{result.stdout}\n{result.stderr}"


def test_a_real_conflict_keeps_both_sides_through_the_scheduled_workflow(
    template_repo: Path, workspace: Path
) -> None:
    old = latest_release().version
    project = generate(template_repo, workspace / "project", old, CORE)
    fresh = copy(template_repo, workspace / "fresh", next_version(), CORE)
    # A line of the README that the new version replaces, changed by the user too.
    old_lines = (project / "README.md").read_text().splitlines()
    new_lines = (fresh / "README.md").read_text().splitlines()
    replaced = [
        (i1, new_lines[j1:j2])
        for tag, i1, _, j1, j2 in difflib.SequenceMatcher(a=old_lines, b=new_lines).get_opcodes()
        if tag == "replace"
    ]
    assert replaced, f"{next_version()} replaces no line of {old}'s README"
    line, theirs = replaced[0]
    ours = "Our own words for this line."
    old_lines[line] = ours
    (project / "README.md").write_text("\n".join(old_lines) + "\n")
    commit_all(project, "Our own README")

    # The steps of the generated workflow, as the new version ships it: check, then update.
    workflow = yaml.safe_load((fresh / ".github/workflows/template-update.yml").read_text())
    runner_temp = workspace / "runner"
    runner_temp.mkdir()
    env = {
        **workflow["jobs"]["update"]["env"],
        "RUNNER_TEMP": str(runner_temp),
        "GITHUB_OUTPUT": str(runner_temp / "output"),
    }
    run_workflow_step(workflow_step(workflow, "Check for a newer template version"), project, env)
    outputs = dict(line.split("=", 1) for line in (runner_temp / "output").read_text().split())
    assert outputs == {"available": "true", "version": next_version()}
    update_step = "Update, keeping the answers and marking conflicts inline"
    run_workflow_step(
        workflow_step(workflow, update_step), project, {**env, "VERSION": outputs["version"]}
    )

    # Git puts the whole region both sides changed between the markers: the user's version of it
    # (with the user's line) first, then the template's (with its new lines).
    readme = (project / "README.md").read_text().splitlines()
    start = readme.index(CONFLICT_START)
    middle = readme.index(CONFLICT_MIDDLE, start)
    end = readme.index(CONFLICT_END, middle)
    ours_side, theirs_side = readme[start + 1 : middle], readme[middle + 1 : end]
    assert ours in ours_side
    assert contains(old_lines, ours_side)
    assert contains(theirs_side, theirs)
    assert contains(new_lines, theirs_side)
    assert readme.count(CONFLICT_START) == 1
    assert git(project, "diff", "--name-only", "--diff-filter=U").split() == ["README.md"]
    assert list(project.rglob("*.rej")) == []
    body = (runner_temp / "pull-request.md").read_text()
    assert "- `README.md`" in body


# --- 5. Typical edits survive a release that changes the same files elsewhere ---

# What a release changes in the template: lines far from those users edit.
TEMPLATE_CHANGES = {
    "template/README.md.jinja": (
        "{{ description }}\n",
        "{{ description }}\n\nSee CONTRIBUTING.md before you open a pull request.\n",
    ),
    "template/pyproject.toml.jinja": (
        'readme = "README.md"\n',
        'readme = "README.md"\nkeywords = ["fastapi"]\n',
    ),
    "template/compose.yaml.jinja": (
        "# Settings come from .env",
        "# Logs: `docker compose logs --follow api`.\n# Settings come from .env",
    ),
    "template/.github/workflows/ci.yml.jinja": (
        "  pull_request:\n",
        "  pull_request:\n  merge_group:\n",
    ),
    "template/.env.example.jinja": (
        "# --- Application ---\n",
        "# --- Application ---\n# Restart the service after changing a setting.\n",
    ),
}
OWN_DEPENDENCY = "tenacity>=9.1"
OWN_SERVICE = """\
  adminer:
    image: adminer:5
    ports:
      - "127.0.0.1:8080:8080"

"""
OWN_STEP = """\
      - name: Announce the image
        run: echo "The image is built"
"""


def with_own_dependency(text: str) -> str:
    head, start, rest = text.partition("dependencies = [\n")
    listed, end, tail = rest.partition("]\n")
    return f'{head}{start}{listed}    "{OWN_DEPENDENCY}",\n{end}{tail}'


# The edits users make most, each where a user puts it: at the end of the file or of its list.
TYPICAL_EDITS: dict[str, Callable[[str], str]] = {
    "README.md": lambda text: text + "\nOwned by the storefront team.\n",
    "pyproject.toml": with_own_dependency,
    "compose.yaml": lambda text: text.replace("\nvolumes:\n", f"\n{OWN_SERVICE}volumes:\n", 1),
    ".github/workflows/ci.yml": lambda text: text + OWN_STEP,
    ".env.example": lambda text: text + "\n# Our own.\nFEATURE_FLAGS=beta\n",
}


def later_version() -> str:
    major, minor, micro = Version(next_version()).release
    return f"{major}.{minor}.{micro + 1}"


def removed_lines(old: bytes, new: bytes) -> list[str]:
    diff = difflib.ndiff(old.decode().splitlines(), new.decode().splitlines())
    return [line for line in diff if line.startswith("- ")]


@pytest.fixture(scope="module")
def later_template_repo(template_repo: Path) -> Iterator[Path]:
    """The template repository with one more version, which changes the files of TYPICAL_EDITS."""
    parent = Path(tempfile.mkdtemp(prefix="fastapi-stack-later-"))
    repo = parent / "fastapi-stack"
    git(parent, "clone", "--quiet", str(template_repo), str(repo))
    for path, (old, new) in TEMPLATE_CHANGES.items():
        text = (repo / path).read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{path} no longer has {old!r}"
        (repo / path).write_text(text.replace(old, new), encoding="utf-8")
    git(repo, "commit", "--quiet", "--all", "--message", "A later release")
    git(repo, "tag", later_version())
    yield repo
    shutil.rmtree(parent, ignore_errors=True)


def test_typical_edits_survive_a_release_that_changes_those_files_elsewhere(
    later_template_repo: Path, workspace: Path
) -> None:
    project = generate(later_template_repo, workspace / "project", next_version(), CORE)
    generated = tree(project)
    for path, edit in TYPICAL_EDITS.items():
        text = (project / path).read_text()
        assert edit(text) != text, f"the edit of {path} no longer applies"
        (project / path).write_text(edit(text))
    commit_all(project, "Our own changes")

    update(project)

    fresh = tree(copy(later_template_repo, workspace / "fresh", later_version(), CORE))
    # The release changed each of these files, only by adding its lines: no file but the answers
    # (and .env's new secrets) carries the version.
    changed = {
        path for path in fresh.keys() | generated.keys() if generated.get(path) != fresh.get(path)
    }
    assert changed == {*TYPICAL_EDITS, ".copier-answers.yml", ".env"}
    removed = [
        line for path in TYPICAL_EDITS for line in removed_lines(generated[path], fresh[path])
    ]
    assert removed == []
    expected = dict(fresh)
    for path, edit in TYPICAL_EDITS.items():
        expected[path] = edit(fresh[path].decode()).encode()
    assert leftovers(project) == []
    assert differences(without_env(tree(project)), without_env(expected)) == []
    assert answers_file(project)["_commit"] == later_version()
    assert (
        OWN_DEPENDENCY
        in tomllib.loads((project / "pyproject.toml").read_text())["project"]["dependencies"]
    )
    assert "adminer" in compose_services(project)
    ci = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text())
    last_job = list(ci["jobs"].values())[-1]
    assert last_job["steps"][-1]["name"] == "Announce the image"


# --- Versions in a clone without tags ---

TAG_COMMAND = "uv run scripts/tag_releases.py"


def copier_cli(project: Path, *args: str) -> str:
    return run_in_project(project, sys.executable, "-m", "copier", *args)


def test_the_tag_command_gives_a_clone_without_tags_its_release_versions(
    workspace: Path,
) -> None:
    for document in ("README.md", ".ci/run", "docs/releasing.md", "docs/updating.md"):
        assert TAG_COMMAND in (TEMPLATE_ROOT / document).read_text(encoding="utf-8"), document
    clone = working_tree_clone(workspace / "fastapi-stack")
    assert git(clone, "tag", "--list") == ""
    recorded = {release.version: release.commit for release in releases()}

    tagged = run_in_project(clone, UV, *TAG_COMMAND.split()[1:])
    assert sorted(tagged.splitlines()) == [
        f"{version}: tagged {commit}" for version, commit in sorted(recorded.items())
    ]
    again = run_in_project(clone, UV, *TAG_COMMAND.split()[1:])
    assert sorted(again.splitlines()) == [
        f"{version}: already tagged at {commit}" for version, commit in sorted(recorded.items())
    ]
    tags = git(clone, "tag", "--list").split()
    assert {tag: git(clone, "rev-parse", f"{tag}^{{commit}}").strip() for tag in tags} == recorded

    # A copy takes the newest release, and records it.
    latest = latest_release().version
    assert answers_file(copy(clone, workspace / "new", None, CORE))["_commit"] == latest

    # A project from 0.1.0 sees the newest release, and its update runs 0.2.0's migration.
    project = generate(clone, workspace / "project", "0.1.0", CORE)
    license_file = project / "LICENSE"
    text = license_file.read_text()
    year = text.split("Copyright (c) ", 1)[1][:4]
    license_file.write_text(text.replace(f"Copyright (c) {year} ", "Copyright (c) 2019 ", 1))
    commit_all(project, "Created in 2019")
    checked = json.loads(copier_cli(project, "check-update", "--output-format", "json"))
    assert checked == {
        "update_available": True,
        "current_version": "0.1.0",
        "latest_version": latest,
    }
    update(project)
    assert answers_file(project)["_commit"] == latest
    assert answers_file(project)["copyright_year"] == 2019
    assert leftovers(project) == []


# --- Migrations ---


def test_the_license_year_of_a_project_from_before_0_2_0_is_kept(
    template_repo: Path, workspace: Path
) -> None:
    assert "0.1.0" in {release.version for release in releases()}
    project = generate(template_repo, workspace / "project", "0.1.0", CORE)
    assert "copyright_year" not in answers_file(project)
    license_file = project / "LICENSE"
    text = license_file.read_text()
    year = text.split("Copyright (c) ", 1)[1][:4]
    license_file.write_text(text.replace(f"Copyright (c) {year} ", "Copyright (c) 2019 ", 1))
    commit_all(project, "Created in 2019")

    update(project)

    assert answers_file(project)["copyright_year"] == 2019
    assert "Copyright (c) 2019 Acme Platform Team\n" in license_file.read_text()
    assert leftovers(project) == []


# --- Every release updates to the working tree, with edits of the files it moved ---

OWN_METHOD = '''
    async def count(self) -> int:
        """How many accounts there are."""
        _, total = await self.users.paginate(limit=1, offset=0)
        return total
'''
OWN_TEST = """

async def test_listing_items_needs_a_token(client: AsyncClient) -> None:
    response = await client.get(ITEMS)
    assert response.status_code == 401
"""
OWN_MODEL = f'''\
"""Orders: a table of our own."""

from sqlalchemy.orm import Mapped, mapped_column

from {PACKAGE}.db.base import Base


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
'''
OWN_MODEL_IMPORT = f"from {PACKAGE}.orders import Order"


def replacing(old: str, new: str) -> Callable[[str], str]:
    return lambda text: text.replace(old, new, 1)


# Edits of files that 0.3.0 moved, by their former path, each away from the lines the move changed.
EDITS_OF_MOVED_FILES: dict[str, Callable[[str], str]] = {
    f"src/{PACKAGE}/services/items.py": replacing("or everyone's (None)", "or all items (None)"),
    f"src/{PACKAGE}/services/users.py": replacing(
        "paginate(limit=limit, offset=offset)\n",
        f"paginate(limit=limit, offset=offset)\n{OWN_METHOD}",
    ),
    f"src/{PACKAGE}/worker/runtime.py": replacing(
        "a connection, and one spare, are all it needs.", "one connection and a spare will do."
    ),
    f"src/{PACKAGE}/db/embedded.py": replacing(
        "to start afresh, delete the folder.", "to start afresh, delete the folder (rm -r)."
    ),
    "tests/test_items.py": lambda text: text + OWN_TEST,
}
# And an edit of lines that the move changed too: a model of our own among the models' imports.
MODELS = f"src/{PACKAGE}/models/__init__.py"


def with_own_model(text: str) -> str:
    """The models' module with ours imported after the others, and exported."""
    imports, all_start, exported = text.partition("\n\n__all__")
    exported = exported.replace('"Item",', '"Item", "Order",', 1)
    return f"{imports}\n{OWN_MODEL_IMPORT}{all_start}{exported}"


def release_answers(template_repo: Path, release: Release) -> dict[str, Any]:
    """The full variant's answers, less the questions and choices `release` did not offer."""
    questions = yaml.safe_load(git(template_repo, "show", f"{release.commit}:copier.yml"))
    answers = {key: value for key, value in FULL.items() if key in questions}
    if "monitoring" in answers:
        offered = set(questions["monitoring"]["choices"].values())
        answers["monitoring"] = [choice for choice in answers["monitoring"] if choice in offered]
    return answers


def conflict_sides(text: str) -> tuple[list[str], list[str], str]:
    """The lines of each conflict's side before and after updating, and the text with every
    conflict resolved to the template's side."""
    sides: dict[str, list[str]] = {CONFLICT_START: [], CONFLICT_MIDDLE: [], CONFLICT_END: []}
    resolved, side = [], CONFLICT_END
    for line in text.splitlines(keepends=True):
        if line.rstrip("\n") in sides:
            side = line.rstrip("\n")
            continue
        sides[side].append(line.rstrip("\n"))
        if side != CONFLICT_START:
            resolved.append(line)
    return sides[CONFLICT_START], sides[CONFLICT_MIDDLE], "".join(resolved)


@pytest.mark.parametrize("release", releases(), ids=lambda release: release.version)
def test_every_release_updates_to_the_working_tree_with_edits_of_moved_files(
    release: Release,
    template_repo: Path,
    workspace: Path,
    postgres_server_url: str,
    redis_server_url: str,
) -> None:
    """The most layers that release offered, edited in files that 0.3.0 moved, then updated: the
    same files as a fresh copy, with each edit at its file's new path, and a conflict only where
    the user and the template changed the same lines."""
    answers = release_answers(template_repo, release)
    project = generate(template_repo, workspace / "project", release.version, answers)
    moved = {old: new for old, new in moves("0.3.0").items() if (project / old).is_file()}
    for path, edit in [*EDITS_OF_MOVED_FILES.items(), (MODELS, with_own_model)]:
        text = (project / path).read_text()
        assert edit(text) != text, f"the edit of {path} no longer applies"
        (project / path).write_text(edit(text))
    (project / f"src/{PACKAGE}/orders.py").write_text(OWN_MODEL)
    commit_all(project, "Our own changes")

    update(project)

    fresh = tree(copy(template_repo, workspace / "fresh", next_version(), answers))
    assert set(moved.values()) <= fresh.keys()
    assert [old for old in moved if (project / old).exists()] == []
    expected = {**fresh, f"src/{PACKAGE}/orders.py": OWN_MODEL.encode()}
    for old, edit in EDITS_OF_MOVED_FILES.items():
        text = fresh[moved[old]].decode()
        assert edit(text) != text, f"the edit of {old} no longer applies at {moved[old]}"
        expected[moved[old]] = edit(text).encode()
    # The models' imports conflict: the user's lines on one side, the template's on the other,
    # and the rest of the file as the template has it.
    models = (project / moved[MODELS]).read_text()
    ours, theirs, resolved = conflict_sides(models)
    assert OWN_MODEL_IMPORT in ours
    assert f"from {PACKAGE}.items.models import Item" in theirs
    assert resolved == fresh[moved[MODELS]].decode()
    expected[moved[MODELS]] = models.encode()
    assert leftovers(project) == [f"{moved[MODELS]}: conflict markers"]
    assert git(project, "diff", "--name-only", "--diff-filter=U").split() == [moved[MODELS]]
    assert differences(without_env(tree(project)), without_env(expected)) == []
    assert env_names(tree(project)[".env"]) == env_names(fresh[".env"])
    assert empty_folders(project) == []

    # Resolved as the user would: the template's side, with their model added again. Then the
    # project's own checks, and its tests of the edited test module.
    (project / moved[MODELS]).write_text(with_own_model(resolved))
    run_in_project(project, UV, "sync")
    # Tidied as an editor does on saving: imports sorted, then formatted.
    ruff = (UV, "run", "ruff")
    run_in_project(project, *ruff, "check", "--select", "I", "--fix", "--no-cache", moved[MODELS])
    run_in_project(project, *ruff, "format", "--no-cache", moved[MODELS])
    run_in_project(project, UV, "run", "ruff", "check", "--no-cache", ".")
    run_in_project(project, UV, "run", "ruff", "format", "--check", "--no-cache", ".")
    servers = {"TEST_DATABASE_URL": postgres_server_url, "REDIS_URL": redis_server_url}
    tests = moved["tests/test_items.py"]
    output = run_in_project(project, UV, "run", "pytest", "--no-cov", tests, env=servers)
    assert set(outcome(output)) == {"passed"}, output[-4000:]
