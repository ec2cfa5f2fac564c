# /// script
# requires-python = ">=3.11"
# dependencies = []
# ///
"""Tag every release that `releases.toml` records at its commit, in this clone.

Copier reads the template's versions from git tags, which clones often lack (mirrors, forks,
shallow checkouts). This adds the missing ones; it never moves or deletes a tag, so running it
again changes nothing. Run it from anywhere: `uv run scripts/tag_releases.py`.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def git(repository: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=repository, capture_output=True, text=True, check=False
    )


def recorded_releases(releases_file: Path) -> list[tuple[str, str]]:
    """(version, commit) of each release in `releases_file`."""
    records = tomllib.loads(releases_file.read_text(encoding="utf-8"))["release"]
    return [(record["version"], record["commit"]) for record in records]


def tag_releases(
    repository: Path, releases: Iterable[tuple[str, str]]
) -> tuple[list[str], list[str]]:
    """Tag each release that has no tag yet: what was done, and what could not be."""
    done, problems = [], []
    for version, commit in releases:
        tagged = git(repository, "rev-parse", "--quiet", "--verify", f"refs/tags/{version}^{{}}")
        if tagged.returncode == 0:
            if tagged.stdout.strip() == commit:
                done.append(f"{version}: already tagged at {commit}")
            else:
                problems.append(
                    f"{version}: the tag points at {tagged.stdout.strip()}, but releases.toml "
                    f"records {commit}; left as it is"
                )
        elif git(repository, "cat-file", "-e", f"{commit}^{{commit}}").returncode:
            problems.append(
                f"{version}: commit {commit} is not in this clone; fetch the whole history "
                "(`git fetch --unshallow`, or `fetch-depth: 0` in CI) and run this again"
            )
        else:
            created = git(repository, "tag", version, commit)
            if created.returncode:
                problems.append(f"{version}: git tag failed: {created.stderr.strip()}")
            else:
                done.append(f"{version}: tagged {commit}")
    return done, problems


def main() -> int:
    done, problems = tag_releases(ROOT, recorded_releases(ROOT / "releases.toml"))
    for line in done:
        print(line)
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
