"""REFI-QDA exchange: ``.qdpx`` projects and ``.qdc`` codebooks (QDA-XML 1.0).

Pure parts (no project needed): :func:`open_qdpx` reads a file into the
neutral :class:`Project` model, :func:`write_qdpx` writes one, and
:func:`read_qdc` / :func:`write_qdc` do the same for codebooks. What reads
or writes a project's database is a use case, in :mod:`qualcode.app.interop`.
"""

from __future__ import annotations

from qualcode.io.refiqda.model import ImportReport, Project
from qualcode.io.refiqda.qdc import read_qdc, write_qdc
from qualcode.io.refiqda.reader import open_qdpx
from qualcode.io.refiqda.writer import write_qdpx


__all__ = ["ImportReport", "Project", "open_qdpx", "read_qdc", "write_qdc", "write_qdpx"]
