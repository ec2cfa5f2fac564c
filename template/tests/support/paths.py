"""Where the project's own files are, for the tests that read them."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
