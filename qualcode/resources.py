"""Files that ship with qualcode: the default codebooks.

In an installed wheel they live in ``qualcode/data/codebooks`` (pyproject
force-includes the repository's ``codebooks/`` there); in a source checkout
they are read straight from ``<repo>/codebooks``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def shipped_codebook_dir() -> Path:
    """The folder holding the shipped codebook YAML files."""
    installed = _PACKAGE_DIR / "data" / "codebooks"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "codebooks"


def shipped_codebook_paths() -> list[Path]:
    """The shipped codebook files, sorted by name (empty if none are found)."""
    folder = shipped_codebook_dir()
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.yaml"))
