"""`nox -s all_variants` relies on xdist's `--dist loadgroup` to run all of a variant's checks on
one worker. If it stopped grouping, nothing would fail: each variant would just be rendered and
installed on both workers. Here a tiny suite parametrized as tests/conftest.py does proves it
groups, with the pytest and pytest-xdist this environment has."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

CONFTEST = """
import pytest

def pytest_generate_tests(metafunc):
    names = ["a", "b", "c"]
    params = [pytest.param(name, marks=pytest.mark.xdist_group(name)) for name in names]
    metafunc.parametrize("variant", params, ids=names, scope="module")
"""

CHECKS = "".join(f"def test_{n}(variant):\n    pass\n\n" for n in range(4))


def test_loadgroup_runs_each_variant_on_one_worker(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "test_checks.py").write_text(CHECKS)
    command = [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-v"]
    command += ["-p", "no:cacheprovider"]
    run = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)

    workers = defaultdict(set)
    for worker, variant in re.findall(r"\[(gw\d)\] .* PASSED \S+\[(\w)\]", run.stdout):
        workers[variant].add(worker)
    assert run.returncode == 0, run.stdout + run.stderr
    assert {variant: len(found) for variant, found in workers.items()} == {"a": 1, "b": 1, "c": 1}
