"""REFI-QDA exchange: ``.qdpx`` projects and ``.qdc`` codebooks (QDA-XML 1.0).

Pure parts (no project needed): :func:`open_qdpx` reads a file into the
neutral :class:`Project` model, :func:`write_qdpx` writes one, and
:func:`read_qdc` / :func:`write_qdc` do the same for codebooks. With a
project: :func:`import_qdpx`, :func:`export_qdpx`, :func:`import_qdc`,
:func:`export_qdc`.
"""

from __future__ import annotations

from qualcode.io.refiqda.model import ImportReport, Project
from qualcode.io.refiqda.qdc import read_qdc, write_qdc
from qualcode.io.refiqda.reader import open_qdpx
from qualcode.io.refiqda.writer import write_qdpx


def import_qdpx(project, path):
    """Import a ``.qdpx`` into an open project; returns an :class:`ImportReport`."""
    from qualcode.io.refiqda.project_import import import_qdpx as _import

    return _import(project, path)


def export_qdpx(project, out, *, force: bool = False):
    """Write the project as a ``.qdpx``; returns a summary with counts and what was left out."""
    from qualcode.io.refiqda.project_export import export_qdpx as _export

    return _export(project, out, force=force)


def import_qdc(project, path, *, name: str | None = None):
    """Add a ``.qdc`` codebook's codes to the project as a codebook YAML; returns an :class:`ImportReport`."""
    from qualcode.io.refiqda.codebook_io import import_qdc as _import

    return _import(project, path, name=name)


def export_qdc(project, out, *, force: bool = False, codebooks=None):
    """Write the project's code tree (or the named codebooks') as a ``.qdc``."""
    from qualcode.io.refiqda.codebook_io import export_qdc as _export

    return _export(project, out, force=force, codebooks=codebooks)


__all__ = ["ImportReport", "Project", "export_qdc", "export_qdpx", "import_qdc", "import_qdpx", "open_qdpx",
           "read_qdc", "write_qdc", "write_qdpx"]
