"""Reading a ``.qdpx`` zip that may come from anywhere, safely.

A ``.qdpx`` is a zip of ``project.qde`` plus a ``sources/`` folder. We never
extract it to disk; we read the few entries we need into memory. Before
anything is read the whole archive is checked: entry names must be relative
and stay inside the archive (no ``../``, no ``/etc/...``, no ``C:\\``), the
declared uncompressed total is capped, and so is each entry's compression
ratio (a zip bomb inflates a few kilobytes into gigabytes). Reads are bounded
again while decompressing, because the sizes in a zip header can lie.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from qualcode.core.errors import ImportFormatError, Location

MAX_TOTAL_BYTES = 1 << 30  # 1 GiB of declared uncompressed content
MAX_ENTRY_BYTES = 256 << 20  # any single entry we read
MAX_RATIO = 200  # uncompressed / compressed, for entries above RATIO_FLOOR
RATIO_FLOOR = 1 << 20  # small entries may compress extremely well (runs of spaces)
READ_CHUNK = 1 << 16

_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class Limits:
    total_bytes: int = MAX_TOTAL_BYTES
    entry_bytes: int = MAX_ENTRY_BYTES
    ratio: int = MAX_RATIO
    ratio_floor: int = RATIO_FLOOR


def unsafe_entry_reason(name: str) -> str | None:
    """Why a zip entry name is refused, or None when it is a plain relative path."""
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or _DRIVE.match(normalised):
        return "an absolute path"
    if ".." in PurePosixPath(normalised).parts:
        return "a path that climbs out of the archive (../)"
    if "\x00" in name:
        return "a NUL character in its name"
    return None


class QdpxArchive:
    """An opened, checked ``.qdpx``; entries are looked up case-insensitively."""

    def __init__(self, path: Path, zf: zipfile.ZipFile, limits: Limits) -> None:
        self.path = path
        self._zip = zf
        self._limits = limits
        self._by_lower: dict[str, zipfile.ZipInfo] = {}
        for info in zf.infolist():
            key = info.filename.replace("\\", "/").lower()
            self._by_lower.setdefault(key, info)

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> "QdpxArchive":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def names(self) -> list[str]:
        return [info.filename for info in self._zip.infolist()]

    def find(self, *candidates: str) -> str | None:
        """The stored name of the first candidate present (any letter case)."""
        for candidate in candidates:
            info = self._by_lower.get(candidate.replace("\\", "/").lower())
            if info is not None and not info.is_dir():
                return info.filename
        return None

    def find_source(self, file_name: str) -> str | None:
        """A source file by name: under ``sources/`` (any case), else anywhere in the archive."""
        found = self.find(f"sources/{file_name}", file_name)
        if found:
            return found
        wanted = file_name.lower()
        for key, info in self._by_lower.items():
            if key.rsplit("/", 1)[-1] == wanted and not info.is_dir():
                return info.filename
        return None

    def read(self, name: str) -> bytes:
        """An entry's bytes, stopping as soon as it grows past what it declared or the cap."""
        info = self._zip.getinfo(name)
        cap = min(info.file_size, self._limits.entry_bytes)
        if info.file_size > self._limits.entry_bytes:
            raise _refuse(self.path, f"entry {name!r} is {info.file_size} bytes uncompressed, over the "
                                     f"{self._limits.entry_bytes} byte limit")
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as handle:
                while True:
                    chunk = handle.read(READ_CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > cap:
                        raise _refuse(self.path, f"entry {name!r} inflates past its declared size "
                                                 "(a zip bomb?)")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError) as exc:
            raise ImportFormatError(f"entry {name!r} cannot be read: {exc}", Location(path=self.path)) from exc
        return b"".join(chunks)


def _refuse(path: Path, why: str) -> ImportFormatError:
    return ImportFormatError(f"refused: {why}", Location(path=path))


def check_entries(path: Path, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Refuse the whole archive if any entry is unsafe; nothing has been read yet."""
    total = 0
    for info in infos:
        reason = unsafe_entry_reason(info.filename)
        if reason:
            raise _refuse(path, f"entry {info.filename!r} has {reason}")
        total += info.file_size
        if total > limits.total_bytes:
            raise _refuse(path, f"the archive would unpack to more than {limits.total_bytes} bytes "
                                "(a zip bomb?)")
        if info.file_size > limits.ratio_floor:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.ratio:
                raise _refuse(path, f"entry {info.filename!r} compresses {ratio:.0f}:1, over the "
                                    f"{limits.ratio}:1 limit (a zip bomb?)")


def open_archive(path: Path | str, *, limits: Limits | None = None) -> QdpxArchive:
    """Open and check a ``.qdpx`` (or ``.qdc``-in-zip); raises ImportFormatError when refused."""
    path = Path(path)
    limits = limits or Limits()
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError as exc:
        raise ImportFormatError("no such file", Location(path=path)) from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFormatError(f"not a REFI-QDA project (.qdpx is a zip file): {exc}",
                                Location(path=path)) from exc
    try:
        check_entries(path, zf.infolist(), limits)
    except ImportFormatError:
        zf.close()
        raise
    return QdpxArchive(path, zf, limits)
