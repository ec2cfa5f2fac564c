"""The release records, the stable answers and the resolution date, checked without rendering old
versions (tests/test_update.py does that)."""

from __future__ import annotations

import ast
import datetime
import re
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml
from packaging.version import Version

from copier_migrations.record_copyright_year import record
from extensions.versioning import copyright_year_error, current_year, uv_exclude_newer
from scripts.tag_releases import recorded_releases, tag_releases
from tests.rendering import TEMPLATE_ROOT
from tests.resolution import resolution_problems
from tests.template_versions import RELEASES_FILE, changelog_headings, git, next_version, releases

# --- Releases ---


def test_releases_are_recorded_with_full_commits_and_dates() -> None:
    recorded = releases()
    assert [release.version for release in recorded][:1] == ["0.1.0"]
    assert recorded[0].commit == "6930f18dc4acd86934e0d76793eafeac8bbcab53"
    for release in recorded:
        assert re.fullmatch(r"[0-9a-f]{40}", release.commit), release.commit
        assert isinstance(release.date, datetime.date)
        assert str(Version(release.version)) == release.version


def test_the_changelog_has_the_next_version_then_every_release_newest_first() -> None:
    dated = [(release.version, release.date.isoformat()) for release in reversed(releases())]
    assert changelog_headings() == [(next_version(), "unreleased"), *dated]
    assert Version(next_version()) > Version(releases()[-1].version)


def test_every_migration_targets_a_version_after_a_release() -> None:
    copier_yml = yaml.safe_load((TEMPLATE_ROOT / "copier.yml").read_text(encoding="utf-8"))
    migrations = copier_yml["_migrations"]
    assert [migration["version"] for migration in migrations] == ["0.2.0", "0.3.0"]
    for migration in migrations:
        # Copier's current list syntax: a command, the version it leads to, and a stage.
        assert set(migration) == {"version", "when", "command"}
        assert Version(releases()[0].version) < Version(migration["version"])
        assert Version(migration["version"]) <= Version(next_version())
        assert re.fullmatch(r"\{\{ _stage == '(before|after)' \}\}", migration["when"])
        # A script of copier_migrations/, run by Copier's own Python.
        (script,) = re.findall(r"'copier_migrations' / '(\w+\.py)'", " ".join(migration["command"]))
        assert (TEMPLATE_ROOT / "copier_migrations" / script).is_file()


# --- Alembic revisions ---

VERSIONS = Path("template", "src", "{{package_name}}", "migrations", "versions")


def revision_ids(source: str) -> tuple[str, str | None]:
    """A revision file's `revision` and `down_revision`."""
    found = {
        node.target.id: ast.literal_eval(node.value)
        for node in ast.parse(source).body
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value
    }
    return found["revision"], found["down_revision"]


def test_the_template_ships_one_line_of_revisions_named_apart_from_a_projects_own() -> None:
    # A project numbers its own revisions 0004, 0005, ...; the template's later ones are
    # stack_0004, stack_0005, ..., so an update never brings an id a project already has.
    shipped = dict(
        revision_ids(path.read_text(encoding="utf-8"))
        for path in (TEMPLATE_ROOT / VERSIONS).glob("*.py")
    )
    line = ["0001", "0002", "0003"]
    line += [f"stack_{number:04d}" for number in range(4, len(shipped) + 1)]

    assert sorted(shipped) == sorted(line)
    assert [shipped[revision] for revision in line] == [None, *line[:-1]]


def test_released_revisions_are_never_rewritten() -> None:
    for release in releases():
        listed = git(TEMPLATE_ROOT, "ls-tree", "--name-only", f"{release.commit}:{VERSIONS}")
        for name in listed.split():
            released = git(TEMPLATE_ROOT, "show", f"{release.commit}:{VERSIONS / name}")
            current = (TEMPLATE_ROOT / VERSIONS / name).read_text(encoding="utf-8")
            assert current == released, f"{name} differs from {release.version}'s"


def test_the_tag_command_reads_the_same_releases() -> None:
    expected = [(release.version, release.commit) for release in releases()]
    assert sorted(recorded_releases(RELEASES_FILE)) == sorted(expected)


def test_the_tag_command_adds_missing_tags_and_never_moves_one(tmp_path: Path) -> None:
    git(tmp_path, "init", "--quiet")
    for message in ("first", "second"):
        git(tmp_path, "commit", "--quiet", "--allow-empty", "--message", message)
    first, second = git(tmp_path, "rev-list", "--reverse", "HEAD").split()
    git(tmp_path, "tag", "0.2.0", first)
    missing = "0" * 40
    recorded = [("0.1.0", first), ("0.2.0", second), ("0.3.0", missing)]

    done, problems = tag_releases(tmp_path, recorded)

    assert done == [f"0.1.0: tagged {first}"]
    assert problems == [
        f"0.2.0: the tag points at {first}, but releases.toml records {second}; left as it is",
        f"0.3.0: commit {missing} is not in this clone; fetch the whole history "
        "(`git fetch --unshallow`, or `fetch-depth: 0` in CI) and run this again",
    ]
    assert git(tmp_path, "tag", "--list").split() == ["0.1.0", "0.2.0"]
    assert git(tmp_path, "rev-parse", "0.2.0").strip() == first
    assert tag_releases(tmp_path, recorded[:1]) == ([f"0.1.0: already tagged at {first}"], [])


# --- The copyright year ---


@pytest.mark.parametrize("year", [2019, "2026", current_year()])
def test_copyright_year_accepts_four_digit_years(year: object) -> None:
    assert copyright_year_error(year) == ""


@pytest.mark.parametrize("year", [19, 20260, "two thousand", "", -2019])
def test_copyright_year_refuses_anything_else(year: object) -> None:
    assert copyright_year_error(year).startswith("must be a four-digit year.")


MIT_LICENSE = "MIT License\n\nCopyright (c) 2019 Acme Platform Team\n\nPermission is hereby...\n"
BSD_LICENSE = "BSD 3-Clause License\n\nCopyright (c) 2021, Acme Platform Team\n"
ANSWERS = "# Changes here will be overwritten by Copier; NEVER EDIT MANUALLY\n_commit: 0.1.0\n"


@pytest.mark.parametrize(("license_text", "year"), [(MIT_LICENSE, 2019), (BSD_LICENSE, 2021)])
def test_the_migration_records_the_license_year(
    tmp_path: Path, license_text: str, year: int
) -> None:
    answers, license_file = tmp_path / ".copier-answers.yml", tmp_path / "LICENSE"
    answers.write_text(ANSWERS + "license: MIT\n")
    license_file.write_text(license_text)

    assert record(answers, license_file) is True
    assert answers.read_text() == f"{ANSWERS}license: MIT\ncopyright_year: {year}\n"
    assert yaml.safe_load(answers.read_text())["copyright_year"] == year


def test_the_migration_keeps_an_answer_already_recorded(tmp_path: Path) -> None:
    answers, license_file = tmp_path / ".copier-answers.yml", tmp_path / "LICENSE"
    answers.write_text(ANSWERS + "copyright_year: 2024\n")
    license_file.write_text(MIT_LICENSE)

    assert record(answers, license_file) is False
    assert answers.read_text() == ANSWERS + "copyright_year: 2024\n"


def test_the_migration_records_nothing_without_a_license(tmp_path: Path) -> None:
    answers = tmp_path / ".copier-answers.yml"
    answers.write_text(ANSWERS + "license: Proprietary\n")

    assert record(answers, tmp_path / "LICENSE") is False
    assert answers.read_text() == ANSWERS + "license: Proprietary\n"


# --- Resolution ---


def test_exclude_newer_is_a_utc_timestamp() -> None:
    cutoff = datetime.datetime.fromisoformat(uv_exclude_newer())
    assert cutoff.utcoffset() == datetime.timedelta(0)
    assert uv_exclude_newer().endswith("T00:00:00Z")


def test_the_maintainers_environment_resolved_within_the_date() -> None:
    """`uv run` locked this environment before the tests started; the lock shows the cutoff."""
    checked, problems = resolution_problems(TEMPLATE_ROOT / "uv.lock", uv_exclude_newer())
    assert checked > 0
    assert problems == []


def test_the_update_workflow_pins_the_copier_the_template_is_tested_with() -> None:
    workflow = TEMPLATE_ROOT / "template" / ".github" / "workflows" / "template-update.yml"
    env = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]["update"]["env"]
    assert env == {
        "COPIER": f"copier=={version('copier')}",
        "COPIER_EXTENSIONS": f"copier-template-extensions=={version('copier-template-extensions')}",
    }
