"""py-spy profiles of the service's worker under load, summarised by library and by function."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.project_runner import uv_executable

_FRAME = re.compile(r"^(?P<function>.*?) \((?P<file>[^():]+)(?::\d+)?\)$")
_THREAD = re.compile(r"^thread \((?P<id>[^)]*)\): ?(?P<name>.*)$")
# Where an idle pool thread sits; those samples are waiting, not work.
_IDLE_LEAVES = frozenset({"Condition.wait", "Event.wait", "_worker"})
MAIN_THREAD = "MainThread"


def pyspy_command() -> list[str]:
    if executable := shutil.which("py-spy"):
        return [executable]
    return [uv_executable(), "tool", "run", "py-spy"]


def start_profile(pid: int, duration_s: int, output: Path) -> subprocess.Popen[str]:
    command = [
        *pyspy_command(),
        "record",
        f"--pid={pid}",
        f"--duration={duration_s}",
        "--rate=200",
        "--format=raw",
        "--threads",
        f"--output={output}",
        "--nonblocking",
    ]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish_profile(process: subprocess.Popen[str], duration_s: int) -> None:
    output, _ = process.communicate(timeout=duration_s + 120)
    if process.returncode != 0:
        raise RuntimeError(f"py-spy failed ({process.returncode}): {output.strip()[-2000:]}")


@dataclass(frozen=True)
class Frame:
    function: str
    file: str

    @property
    def component(self) -> str:
        """The top-level package (or stdlib module) a frame's file belongs to."""
        parts = Path(self.file).parts
        if "site-packages" in parts:
            parts = parts[parts.index("site-packages") + 1 :]
        elif len(parts) > 1 and parts[0] == "/":
            return Path(self.file).stem
        first = parts[0] if parts else self.file
        return first.removesuffix(".py")

    @property
    def label(self) -> str:
        return f"{self.function} ({self.file})"


def parse_frame(text: str) -> Frame:
    match = _FRAME.match(text.strip())
    if match is None:
        return Frame(text.strip(), text.strip())
    return Frame(match["function"], match["file"])


@dataclass(frozen=True)
class Stack:
    thread: str
    frames: list[Frame]
    count: int

    @property
    def idle(self) -> bool:
        return self.thread != MAIN_THREAD and self.frames[-1].function in _IDLE_LEAVES


def parse_stacks(raw: str) -> list[Stack]:
    """py-spy's raw (collapsed) format: `frame;frame;... count`, optionally thread-rooted."""
    stacks = []
    for line in raw.splitlines():
        stack_text, _, count_text = line.rpartition(" ")
        if not stack_text or not count_text.isdigit():
            continue
        parts = [part for part in stack_text.split(";") if part]
        thread = MAIN_THREAD
        if parts and (match := _THREAD.match(parts[0])):
            thread = match["name"] or match["id"]
            parts = parts[1:]
        if parts:
            stacks.append(Stack(thread, [parse_frame(part) for part in parts], int(count_text)))
    return stacks


def summarise(raw_path: Path, app_package: str, top: int = 15) -> dict[str, Any]:
    """Where the worker's busy samples go: self and inclusive shares per library, the
    functions with the most self time, and the app's own functions (inclusive)."""
    stacks = [stack for stack in parse_stacks(raw_path.read_text()) if not stack.idle]
    total = sum(stack.count for stack in stacks)
    self_by_component: Counter[str] = Counter()
    self_by_function: Counter[str] = Counter()
    inclusive_by_component: Counter[str] = Counter()
    app_inclusive: Counter[str] = Counter()
    for stack in stacks:
        leaf = stack.frames[-1]
        self_by_component[leaf.component] += stack.count
        self_by_function[leaf.label] += stack.count
        for component in {frame.component for frame in stack.frames}:
            inclusive_by_component[component] += stack.count
        for label in {f.label for f in stack.frames if f.component == app_package}:
            app_inclusive[label] += stack.count

    def shares(counter: Counter[str], limit: int | None) -> list[dict[str, Any]]:
        if not total:
            return []
        return [
            {"name": name, "percent": round(100 * count / total, 1)}
            for name, count in counter.most_common(limit)
        ]

    main = sum(stack.count for stack in stacks if stack.thread == MAIN_THREAD)
    return {
        "busy_samples": total,
        "main_thread_percent": round(100 * main / total, 1) if total else 0.0,
        "app_package": app_package,
        "self_by_component": shares(self_by_component, top),
        "inclusive_by_component": shares(inclusive_by_component, None),
        "self_by_function": shares(self_by_function, 20),
        "app_functions_inclusive": shares(app_inclusive, top),
    }
