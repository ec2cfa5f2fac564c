"""The template's versions: the recorded releases, and a repository in which they are tagged.

`releases.toml` records each release's version and commit, and `CHANGELOG.md` names the next
version in its "(unreleased)" heading. `working_tree_clone` clones this repository without its
tags and commits the working tree (uncommitted changes included); `build_template_repository`
then tags each release at its commit, as `scripts/tag_releases.py` does, and the working tree as
the next version, so the update tests need no tags in the repository they run from.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

from packaging.version import Version

from scripts.tag_releases import tag_releases
from tests.rendering import TEMPLATE_ROOT

RELEASES_FILE = TEMPLATE_ROOT / "releases.toml"
CHANGELOG_FILE = TEMPLATE_ROOT / "CHANGELOG.md"
CHANGELOG_HEADING = re.compile(r"^## (\S+) \((unreleased|\d{4}-\d{2}-\d{2})\)$", re.MULTILINE)
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Template Maintainer",
    "GIT_AUTHOR_EMAIL": "maintainer@example.com",
    "GIT_COMMITTER_NAME": "Template Maintainer",
    "GIT_COMMITTER_EMAIL": "maintainer@example.com",
}


@dataclass(frozen=True)
class Release:
    version: str
    commit: str
    date: datetime.date


def releases() -> list[Release]:
    """The recorded releases, oldest first."""
    records = tomllib.loads(RELEASES_FILE.read_text(encoding="utf-8"))["release"]
    found = [Release(r["version"], r["commit"], r["date"]) for r in records]
    return sorted(found, key=lambda release: Version(release.version))


def changelog_headings() -> list[tuple[str, str]]:
    """(version, date or "unreleased") for each version heading of CHANGELOG.md, in its order."""
    return CHANGELOG_HEADING.findall(CHANGELOG_FILE.read_text(encoding="utf-8"))


def next_version() -> str:
    """The version the working tree will be released as: CHANGELOG.md's unreleased heading."""
    unreleased = [version for version, date in changelog_headings() if date == "unreleased"]
    if len(unreleased) != 1:
        raise ValueError(f"CHANGELOG.md needs one '## X.Y.Z (unreleased)' heading: {unreleased}")
    return unreleased[0]


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args],
        cwd=cwd,
        env={**os.environ, **GIT_IDENTITY},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if result.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed in {cwd}:\n{result.stderr}")
    return result.stdout


def working_tree_files() -> list[str]:
    """The files of the working tree that git would commit: tracked or new, never ignored."""
    listed = git(TEMPLATE_ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    paths = (TEMPLATE_ROOT / name for name in listed.split("\0") if name)
    return sorted({path.relative_to(TEMPLATE_ROOT).as_posix() for path in paths if path.is_file()})


def working_tree_clone(destination: Path) -> Path:
    """A clone without tags whose last commit is the working tree, uncommitted changes included."""
    git(destination.parent, "clone", "--quiet", str(TEMPLATE_ROOT), str(destination))
    tags = git(destination, "tag", "--list").split()
    if tags:
        git(destination, "tag", "--delete", *tags)
    for name in git(destination, "ls-files", "-z").split("\0"):
        if name:
            (destination / name).unlink()
    for name in working_tree_files():
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(TEMPLATE_ROOT / name, target, follow_symlinks=False)
    git(destination, "add", "--all")
    git(destination, "commit", "--quiet", "--allow-empty", "--message", "The working tree")
    return destination


def build_template_repository(destination: Path) -> Path:
    """A clone with every release tagged at its commit and the working tree tagged as the next
    version; the clone has no other tags."""
    working_tree_clone(destination)
    _, problems = tag_releases(destination, [(r.version, r.commit) for r in releases()])
    if problems:
        raise RuntimeError("\n".join(problems))
    git(destination, "tag", next_version())
    return destination
