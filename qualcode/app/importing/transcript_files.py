"""Which files an import reads: the files named, and the transcripts inside the folders named.

A folder's walk leaves out hidden folders, the project's own output folders, Office lock files and read-me files;
a file named directly is read as asked (a lock file named directly is refused, saying what it is). Any other file
the walk meets that qualcode cannot read (an old Word .doc, a recording) is left out and named, never passed over
unsaid.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from qualcode.core.errors import ImportFormatError, Location

PARTICIPANT_TABLE_STEMS = ("participants", "cases")
SKIPPED_NAMES = ("readme",)
# What Windows writes into any folder it has shown: not the researcher's files, so not named as left out.
SYSTEM_FILE_NAMES = frozenset({"thumbs.db", "desktop.ini"})
OLD_OFFICE_SUFFIXES = (".doc", ".wps")
NAMED_LEFT_OUT = 5
# Word and Excel write "~$S01_pre.docx" beside a document while it is open: a few bytes naming who has it open.
OFFICE_LOCK_PREFIX = "~$"


def expand_paths(paths: Iterable[Path], *, own_folders: Sequence[Path] = (),
                 left_out: list[Path] | None = None) -> list[Path]:
    """Files named directly, and the transcript files inside named folders (sorted, recursive).

    A folder's walk leaves out hidden folders (``.qualcode/``, whose ``originals/`` keeps the transcripts as they
    were before ``pseudonymize``, with the real names; ``.git/``) and ``own_folders`` (the project's
    ``exports/``, whose annotated transcripts are Word files, and ``scores/``, questionnaire tables):
    ``qualcode import .`` in the project folder imported each exported transcript as a second document of its
    participant. Named directly, or as the folder walked, they are imported as asked. Files of the walk that no
    reader takes are appended to ``left_out``.
    """
    from qualcode.io.readers import TRANSCRIPT_SUFFIXES  # one list of what can be read; readers load lazily

    readable = TRANSCRIPT_SUFFIXES + (".qdpx",)
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            skipped = [parts for folder in own_folders if (parts := _folder_inside(path, folder))]
            for child in sorted(path.rglob("*")):
                inside = child.relative_to(path).parts
                # not is_file(): a pipe or device link must be refused by name below, not skipped unseen
                if (child.is_dir() or any(part.startswith(".") for part in inside)
                        or child.name.startswith(OFFICE_LOCK_PREFIX)
                        or child.stem.lower().startswith(SKIPPED_NAMES) or child.name.lower() in SYSTEM_FILE_NAMES
                        or any(inside[:len(parts)] == parts for parts in skipped)):
                    continue
                if child.suffix.lower() in readable:
                    found.append(child)
                elif left_out is not None:
                    left_out.append(child)
        elif path.exists():
            if path.name.startswith(OFFICE_LOCK_PREFIX):
                raise ImportFormatError(
                    "this is a lock file (~$…) that Word or Excel writes beside a document while it is open, not a "
                    "transcript; import the document itself (closing it in Word first is safest)", Location(path))
            found.append(path)
        else:
            raise ImportFormatError("no such file or folder", Location(path))
    return found


def _folder_inside(walked: Path, folder: Path) -> tuple[str, ...]:
    """The parts of ``folder`` below ``walked`` (``("exports",)`` for the project folder), or () when the
    walk does not contain it (or is inside it: `qualcode import exports/…` asks for those files)."""
    if not folder.is_dir():
        return ()
    try:
        return folder.resolve().relative_to(walked.resolve()).parts
    except ValueError:
        return ()


def is_participants_table(path: Path) -> bool:
    return path.suffix.lower() in (".csv", ".xlsx") and path.stem.lower() in PARTICIPANT_TABLE_STEMS


def check_name_is_utf8(path: Path) -> None:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        # The name came from bytes that are not UTF-8 (an old archive, another OS); it cannot be stored or
        # exported, so say which file it is in a form the terminal can show.
        shown = os.fsencode(path).decode("utf-8", errors="backslashreplace")
        raise ImportFormatError(f"{shown}: the file name is not valid UTF-8; rename the file and import again") \
            from None


def left_out_note(left_out: Sequence[Path]) -> str:
    """What a folder's walk left out, in one line: the first few names, how many in all, and for an old
    Word or WPS file what to do."""
    names = ", ".join(str(path) for path in left_out[:NAMED_LEFT_OUT])
    more = f" and {len(left_out) - NAMED_LEFT_OUT} more" if len(left_out) > NAMED_LEFT_OUT else ""
    hint = ("; a .doc or .wps file is an old Word or WPS document: open it there and save it as .docx"
            if any(path.suffix.lower() in OLD_OFFICE_SUFFIXES for path in left_out) else "")
    return f"left out {len(left_out)} file(s) that are not transcripts qualcode reads: {names}{more}{hint}"
