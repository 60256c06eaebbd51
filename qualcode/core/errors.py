"""One exception hierarchy for the whole library.

The CLI and the TUI turn any :class:`QualcodeError` into one line for the user
(``file:line:col: message``); anything else is a bug and shows a traceback only
with ``--debug``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """Where in a user's file the problem is. Lines and columns are 1-based."""

    path: Path | str | None = None
    line: int | None = None
    column: int | None = None
    detail: str | None = None  # e.g. "row 12, column RSCA5" or "sheet coder_A"

    def __str__(self) -> str:
        parts: list[str] = []
        if self.path is not None:
            parts.append(str(self.path))
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        text = ":".join(parts)
        if self.detail:
            text = f"{text} ({self.detail})" if text else self.detail
        return text


class QualcodeError(Exception):
    """Base of every error a user can cause and fix."""

    exit_code = 2

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location is not None and str(self.location):
            return f"{self.location}: {self.message}"
        return self.message


class ProjectError(QualcodeError):
    """No project here, a second init, a read-only folder, a broken database."""


class CodebookError(QualcodeError):
    """A codebook that does not parse or does not validate."""


class TranscriptError(QualcodeError):
    """A transcript that cannot be decoded, read or split into turns."""


class ImportFormatError(QualcodeError):
    """A spreadsheet, archive or other input file of the wrong shape."""


class ScoreError(QualcodeError):
    """Questionnaire data or scale definitions that cannot be scored."""


class ExportError(QualcodeError):
    """An export that cannot be written (exists without --force, bad format)."""


class NotFoundError(QualcodeError):
    """A document, segment, code, case or suggestion the user named does not exist."""


class ConflictError(QualcodeError):
    """Another window or process changed the same thing first."""


class SupersededVersionError(ConflictError):
    """An action aimed at a version of a transcript that a re-import replaced (a window or command still on it)."""


class ChangedMeanwhileError(ConflictError):
    """A code's text (description, label …) changed in its file after an editor showed it, and the editor's new
    text differs from both: nothing is written. ``clashes`` holds (field, text in the file now, text typed), the
    field as ``description`` or ``label.zh``, so a face can say it in its own words and show the typed text back."""

    def __init__(self, code_id: str, clashes: tuple[tuple[str, str, str], ...], location: Location | None = None):
        self.code_id = code_id
        self.clashes = clashes
        parts = "; ".join(f"the {field.replace('.', ' ')} of {code_id} is now {now!r} in the file, your text was "
                          f"{typed!r}" for field, now, typed in clashes)
        super().__init__(f"{parts}: it was changed in the file while you were editing it, so the file's text is "
                         "kept and your text was not saved; edit it again to combine the two", location)


class BusyError(QualcodeError):
    """The database stayed locked by another process for longer than we wait."""


class IncompleteImportError(QualcodeError):
    """Some rows were imported and some could not be placed: exit 1 so scripts notice the gap."""

    exit_code = 1


_SQLITE_FULL = 13  # "database or disk is full"
_SQLITE_IOERR = 10  # "disk I/O error", the primary code of every SQLITE_IOERR_* extended code
LOW_SPACE_BYTES = 16_000_000  # below this, an I/O error of SQLite is taken for the disk being full


def is_sqlite_io_error(exc: BaseException) -> bool:
    """SQLite's "disk I/O error" (any SQLITE_IOERR_* code): the file could not be read or written, which
    says nothing of its contents."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF == _SQLITE_IOERR


def is_disk_full(exc: BaseException, where: Path | str | None = None) -> bool:
    """SQLite's SQLITE_FULL or the OS's ENOSPC, however deep in a chain of exceptions.

    ``where``: a folder on the disk being written. On a full disk SQLite in WAL mode often answers
    "disk I/O error" instead of SQLITE_FULL (SQLITE_IOERR_SHMSIZE: the ``-shm`` file cannot grow, before
    any page is written); with ``where`` such an error counts as a full disk when that disk has almost no
    space left.
    """
    import errno

    seen = 0
    while exc is not None and seen < 10:
        if getattr(exc, "sqlite_errorcode", None) == _SQLITE_FULL:
            return True
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            return True
        if where is not None and is_sqlite_io_error(exc) and _little_space(where):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _little_space(where: Path | str) -> bool:
    import shutil

    folder = Path(where)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return shutil.disk_usage(folder).free < LOW_SPACE_BYTES
    except OSError:
        return False


class DiskFullError(QualcodeError):
    """The disk (or quota) ran out while writing; what was being written was rolled back."""

    def __init__(self, where: "Path | str") -> None:
        import shutil
        from pathlib import Path

        folder = Path(where)
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        try:
            free_mb = shutil.disk_usage(folder).free / 1e6
            free = f"{free_mb:.0f} MB free"
        except OSError:
            free = "free space unknown"
        super().__init__(f"the disk is full ({free} on the disk holding {folder}); free some space and run the "
                         "command again; the project is as it was before this command")
