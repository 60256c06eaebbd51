"""Which document a transcript file is: found by its path in the project, named so names never collide.

A document is the file at one path. Re-importing that path finds its document
(a changed file becomes a new version of it); a file at another path is another
document, even with the same file name: ``transcripts/wave1/S01.txt`` and
``transcripts/wave2/S01.txt`` are two interviews, never two versions of one.

Names (what the CLI, the TUI and exports show) stay unique among current
documents. A file in a folder that names a wave (``pre``, ``post``, ``wave1``,
``T2`` ...) gets the wave from the folder when its own name has none, and its
name says so: ``pre/S01.txt`` is ``S01_pre``, like ``S01_pre.txt``. Otherwise a
file is named by its stem, and by ``stem_folder`` when another file already has
the stem. A file whose document has moved (its old path is gone) keeps its
document, and so does a renamed file (``S01_pre.txt`` -> ``S01_pre_final.txt``): a file with the same bytes as a
current document whose file is gone is that document, not a second copy of the interview. The same bytes
at another path while the first file is still there is imported as asked, with a warning naming the other. Two files in one folder with the same stem (``S01.txt``, ``S01.docx``)
are a real clash and refused: the same interview would come in twice. A path whose document a ``.qdpx``
has revised since (the current version's path is inside the archive) is still that document.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from qualcode.core.errors import ImportFormatError, Location
from qualcode.core.frontmatter import metadata_from_file_name, wave_from_folder


@dataclass(frozen=True)
class Identity:
    name: str  # the document's name
    wave: str | None  # the wave its folder names, when its file name names none
    same_bytes_as: str | None = None  # a current document at another, existing path with these very bytes


def identify(conn: sqlite3.Connection, root: Path, path: Path, relative: str,
             planned: dict[str, str], sha: str) -> Identity:
    """The document a file is; ``planned`` (name -> relative path) holds this batch's earlier files;
    ``sha``: the SHA-256 of the file's bytes."""
    folder_wave = wave_from_folder(path.parent.name) if "wave" not in metadata_from_file_name(path.name) else None
    row = conn.execute("SELECT name FROM documents WHERE path = ? AND is_current = 1", (relative,)).fetchone()
    if row is None:
        row = _revised_from_an_archive(conn, relative)
    if row is not None:
        return _planned(planned, Identity(row["name"], folder_wave), relative, path)
    twins = conn.execute("SELECT name, path FROM documents WHERE sha256 = ? AND is_current = 1 ORDER BY id",
                         (sha,)).fetchall()
    for twin in twins:
        if twin["name"] not in planned and file_is_gone(root, twin["path"]):  # renamed or moved: the same document
            return _planned(planned, Identity(twin["name"], folder_wave), relative, path)
    identity = _by_name(conn, root, path, relative, planned, folder_wave)
    if twins:
        return Identity(identity.name, identity.wave, f"{twins[0]['name']} ({twins[0]['path']})")
    return identity


def _revised_from_an_archive(conn: sqlite3.Connection, relative: str):
    """The document this path was imported as, when a ``.qdpx`` has revised it since (its current version's
    path is inside the archive): the file is still that document, not another interview."""
    return conn.execute(
        "SELECT old.name FROM documents old JOIN documents cur ON cur.name = old.name AND cur.is_current = 1 "
        "WHERE old.path = ? AND old.is_current = 0 AND instr(cur.path, '!') > 0 "
        "ORDER BY old.version DESC LIMIT 1", (relative,)).fetchone()


def _by_name(conn: sqlite3.Connection, root: Path, path: Path, relative: str, planned: dict[str, str],
             folder_wave: str | None) -> Identity:
    stem = path.stem
    candidates = [f"{stem}_{path.parent.name}"] if folder_wave else [stem, f"{stem}_{path.parent.name}"]
    holders = []
    for name in candidates:
        holder = planned.get(name) or _current_path(conn, name)
        if holder is None or holder == relative or (name not in planned and file_is_gone(root, holder)):
            return _planned(planned, Identity(name, folder_wave), relative, path)
        if Path(holder).parent == Path(relative).parent:
            raise ImportFormatError(
                f"{Path(holder).name} and {path.name} in the same folder would both be document {name!r} "
                "(the same interview twice?); keep one of them, or rename one", Location(path))
        holders.append(f"{name!r} is {holder}")
    raise ImportFormatError(f"no free document name: {'; '.join(holders)}; rename the file", Location(path))


def _planned(planned: dict[str, str], identity: Identity, relative: str, path: Path) -> Identity:
    other = planned.get(identity.name)
    if other is not None and other != relative:
        raise ImportFormatError(f"{other} and {relative} would both be document {identity.name!r}; rename one",
                                Location(path))
    planned[identity.name] = relative
    return identity


def _current_path(conn: sqlite3.Connection, name: str) -> str | None:
    row = conn.execute("SELECT path FROM documents WHERE name = ? AND is_current = 1", (name,)).fetchone()
    return row["path"] if row is not None else None


def file_is_gone(root: Path, stored: str) -> bool:
    """The stored file is gone from where it was imported (renamed or moved): the new path takes it over."""
    if "!" in stored:  # a source inside a .qdpx is not a file of its own
        return False
    where = Path(stored) if Path(stored).is_absolute() else root / stored
    return not where.exists()
