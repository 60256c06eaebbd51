"""Exports written before pseudonymisation that still hold real names.

Pseudonymising the project does not reach files already handed out or waiting
in ``exports/``: a quotes file, a matrix with memo columns or a ``.qdpx``
written yesterday still holds the names. The command lists each such file with
the names found, so the researcher can delete or re-export it.

Text files are read as text; zip-based files (``.xlsx``, ``.docx``, ``.qdpx``,
``.odt``) member by member; anything else (``.sav``, ``.parquet``, pictures) is
searched as raw bytes for each name in UTF-8, UTF-16 and GB18030, which finds
names stored uncompressed but not inside compressed columns: such files are
listed as "not checked" when they cannot be read either way.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from qualcode.core.names import NameEntry, find_names

TEXT_SUFFIXES = (".csv", ".tsv", ".md", ".txt", ".json", ".html", ".svg", ".xml", ".qdc", ".yaml")
ZIP_SUFFIXES = (".xlsx", ".docx", ".qdpx", ".odt", ".zip")
MAX_MEMBER_BYTES = 64 << 20  # never inflate more than this per member (a damaged or hostile archive)


def exports_with_names(folder: Path, entries: list[NameEntry]) -> list[str]:
    """``path: names`` for each file under ``folder`` holding a listed name (or that could not be checked)."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
        try:
            names = _names_in(path, entries)
        except (OSError, zipfile.BadZipFile, ValueError) as exc:
            found.append(f"{path}: not checked ({exc})")
            continue
        if names:
            found.append(f"{path}: {', '.join(names)}")
    return found


def _names_in(path: Path, entries: list[NameEntry]) -> list[str]:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return _names(path.read_bytes().decode("utf-8", errors="replace"), entries)
    if suffix in ZIP_SUFFIXES:
        names: set[str] = set()
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if info.is_dir() or info.file_size > MAX_MEMBER_BYTES:
                    continue
                names.update(_names(archive.read(info).decode("utf-8", errors="replace"), entries))
        return sorted(names)
    raw = path.read_bytes()
    return sorted({entry.name for entry in entries for form, _ in entry.surface_forms()
                   if any(_encoded(form, codec) in raw for codec in ("utf-8", "utf-16-le", "gb18030"))})


def _encoded(form: str, codec: str) -> bytes:
    try:
        return form.encode(codec)
    except UnicodeEncodeError:
        return form.encode("utf-8")


def _names(text: str, entries: list[NameEntry]) -> list[str]:
    return sorted({hit.entry.name for hit in find_names(text, entries)})
