"""Carry the user's edits of the files that 0.3.0 moved to their new paths.

Copier runs this in the project after an update from a version older than 0.3.0. By then the update
has written each moved file at its new path and deleted it from its old one, edits and all; the
user's version is still in git's HEAD, since Copier updates only a clean work tree. For each move
in `moves-0.3.0.toml` this merges the user's edits into the new file as Copier merges any file: the
base is the old path as the version updated from renders it (rendered again here, with the answers
HEAD holds), ours is the user's file, theirs is the new version's. A conflict is marked inline with
Copier's labels and recorded in git's index, so `git diff --name-only --diff-filter=U` lists it.
A file the user left as generated, or deleted, gets the new version's file as the update wrote it.
Usage: `carry_moved_edits.py ANSWERS_FILE`, in the project's folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import yaml
from copier import run_copy

MOVES_FILE = Path(__file__).with_name("moves-0.3.0.toml")
LABELS = ("before updating", "last update", "after updating")


def git(*args: str, stdin: bytes = b"") -> bytes:
    result = subprocess.run(["git", *args], input=stdin, capture_output=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed:\n{result.stderr.decode()}")
    return result.stdout


def head_files() -> dict[str, tuple[str, str]]:
    """The mode and blob of each file in HEAD, by its path in the project."""
    files = {}
    for entry in filter(None, git("ls-tree", "-r", "-z", "HEAD").decode().split("\0")):
        info, path = entry.split("\t", 1)
        mode, _, blob = info.split()
        files[path] = (mode, blob)
    return files


def moves(old_package: str, new_package: str) -> dict[str, str]:
    listed = tomllib.loads(MOVES_FILE.read_text(encoding="utf-8"))["moves"]
    return {
        old.format(package=old_package): new.format(package=new_package)
        for old, new in listed.items()
    }


def render(answers: dict[str, object], destination: Path) -> Path:
    """The project as the version it was updated from renders it."""
    run_copy(
        src_path=str(answers["_src_path"]),
        dst_path=destination,
        vcs_ref=str(answers["_commit"]),
        data={key: value for key, value in answers.items() if not key.startswith("_")},
        defaults=True,
        unsafe=True,
        quiet=True,
        skip_tasks=True,
    )
    return destination


def merge(ours: bytes, base: bytes, theirs: bytes) -> tuple[bytes, bool]:
    """Git's three-way merge of the contents; whether it conflicted."""
    with tempfile.TemporaryDirectory() as folder:
        files = [Path(folder, name) for name in ("ours", "base", "theirs")]
        for file, content in zip(files, (ours, base, theirs), strict=True):
            file.write_bytes(content)
        labels = [option for label in LABELS for option in ("-L", label)]
        merged = subprocess.run(
            ["git", "merge-file", "-p", *labels, *map(str, files)], capture_output=True, check=False
        )
    if not 0 <= merged.returncode < 128:
        raise RuntimeError(f"git merge-file failed:\n{merged.stderr.decode()}")
    return merged.stdout, merged.returncode > 0


def record_conflict(path: str, mode: str, ours_blob: str, base: bytes, theirs: bytes) -> None:
    """Give `path` the index stages of a merge conflict: base, ours and theirs."""
    base_blob, theirs_blob = (
        git("hash-object", "-w", "--stdin", stdin=content).decode().strip()
        for content in (base, theirs)
    )
    full_path = git("rev-parse", "--show-prefix").decode().strip() + path
    stages = [(1, base_blob), (2, ours_blob), (3, theirs_blob)]
    lines = [f"0 {'0' * 40}\t{full_path}"]
    lines += [f"{mode} {blob} {stage}\t{full_path}" for stage, blob in stages]
    top = git("rev-parse", "--show-toplevel").decode().strip()
    git("-C", top, "update-index", "--index-info", stdin="\n".join(lines).encode())


def remove_empty_folders(paths: list[str]) -> None:
    """Remove the folders the moves emptied, deepest first; a bytecode cache alone is empty."""
    folders = {parent for path in paths for parent in Path(path).parents if parent != Path()}
    for folder in sorted(folders, key=lambda folder: len(folder.parts), reverse=True):
        if folder.is_dir() and {entry.name for entry in folder.iterdir()} <= {"__pycache__"}:
            shutil.rmtree(folder)


def carry(answers_file: Path) -> None:
    old_answers = yaml.safe_load(git("show", f"HEAD:./{answers_file.as_posix()}"))
    new_answers = yaml.safe_load(answers_file.read_text(encoding="utf-8"))
    in_head = head_files()
    moved = {
        old: new
        for old, new in moves(old_answers["package_name"], new_answers["package_name"]).items()
        if old in in_head and Path(new).is_file()
    }
    with tempfile.TemporaryDirectory() as folder:
        old_render = render(old_answers, Path(folder, "project"))
        for old, new in moved.items():
            if not (old_render / old).is_file():
                continue  # The user's own file, which the update left where it was.
            mode, ours_blob = in_head[old]
            ours, base = git("cat-file", "blob", ours_blob), (old_render / old).read_bytes()
            if ours == base:
                continue
            theirs = Path(new).read_bytes()
            merged, conflicted = merge(ours, base, theirs)
            Path(new).write_bytes(merged)
            for leftover in (Path(old), Path(f"{old}.rej")):  # The .rej of `--conflict rej`.
                leftover.unlink(missing_ok=True)
            if conflicted:
                record_conflict(new, mode, ours_blob, base, theirs)
                print(f"Conflict: your edits of {old} and the template's {new}; resolve it there.")
            else:
                print(f"Carried your edits of {old} to {new}.")
    remove_empty_folders(list(moved))


if __name__ == "__main__":
    carry(Path(sys.argv[1]))
