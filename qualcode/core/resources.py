"""Files that ship with qualcode: the default codebooks.

In an installed wheel they live in ``qualcode/data/codebooks`` (pyproject
force-includes the repository's ``codebooks/`` there); in a source checkout
they are read straight from ``<repo>/codebooks``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the qualcode package folder


def shipped_codebook_dir(package_dir: Path | None = None) -> Path:
    """The folder holding the shipped codebook YAML files.

    ``package_dir`` is the ``qualcode`` package folder (default: this one).
    """
    package_dir = package_dir or _PACKAGE_DIR
    installed = package_dir / "data" / "codebooks"
    if installed.is_dir():
        return installed
    return package_dir.parent / "codebooks"


def shipped_codebook_paths(package_dir: Path | None = None) -> list[Path]:
    """The shipped codebook files, sorted by name (empty if none are found)."""
    folder = shipped_codebook_dir(package_dir)
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.yaml"))
