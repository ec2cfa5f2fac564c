"""Record the year of the project's LICENSE as its `copyright_year` answer.

Copier runs this in the project before an update from a version older than 0.2.0, whose license
took the year of each render. Without the answer, the update would take this year's as its default.
Usage: `record_copyright_year.py ANSWERS_FILE`, in the project's folder. It changes nothing when
the answer is already there, or when the project has no LICENSE (it chose no license).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

COPYRIGHT_LINE = re.compile(r"^Copyright \(c\) ([0-9]{4})\b", re.MULTILINE)


def license_year(license_file: Path) -> int | None:
    if not license_file.is_file():
        return None
    match = COPYRIGHT_LINE.search(license_file.read_text(encoding="utf-8"))
    return int(match.group(1)) if match else None


def record(answers_file: Path, license_file: Path) -> bool:
    """Append the answer to the answers file; return whether it did."""
    text = answers_file.read_text(encoding="utf-8")
    year = license_year(license_file)
    if "copyright_year" in (yaml.safe_load(text) or {}) or year is None:
        return False
    answers_file.write_text(f"{text.rstrip()}\ncopyright_year: {year}\n", encoding="utf-8")
    return True


if __name__ == "__main__":
    record(Path(sys.argv[1]), Path("LICENSE"))
