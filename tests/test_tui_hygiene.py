"""The TUI is an outer layer: importing qualcode.tui (as the CLI does) loads no Textual until it runs,
and the domain modules the TUI added (qualcode.app.coding.reviews) never import Textual or click."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    return set(result.stdout.split())


def test_importing_the_tui_package_loads_no_textual():
    assert "textual" not in loaded_after("import qualcode.tui")


def test_reviews_is_domain_code():
    modules = loaded_after("import qualcode.app.coding.reviews")
    assert "textual" not in modules and "click" not in modules
