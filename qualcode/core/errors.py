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


class BusyError(QualcodeError):
    """The database stayed locked by another process for longer than we wait."""


class IncompleteImportError(QualcodeError):
    """Some rows were imported and some could not be placed: exit 1 so scripts notice the gap."""

    exit_code = 1
