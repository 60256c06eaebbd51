"""REFI-QDA with a project: importing and exporting ``.qdpx`` projects and ``.qdc`` codebooks.

The formats themselves (reading and writing the files into the neutral model)
live in :mod:`qualcode.io.refiqda`; these use cases move that model in and out
of the project's database.
"""

from __future__ import annotations


def import_qdpx(project, path, allow_external_sources=None):
    """Import a ``.qdpx`` into an open project; returns an :class:`ImportReport`."""
    from qualcode.app.interop.qdpx_import import import_qdpx as _import

    return _import(project, path, allow_external_sources=allow_external_sources)


def export_qdpx(project, out, *, force: bool = False):
    """Write the project as a ``.qdpx``; returns a summary with counts and what was left out."""
    from qualcode.app.interop.qdpx_export import export_qdpx as _export

    return _export(project, out, force=force)


def import_qdc(project, path, *, name: str | None = None):
    """Add a ``.qdc`` codebook's codes to the project as a codebook YAML; returns an :class:`ImportReport`."""
    from qualcode.app.interop.qdc import import_qdc as _import

    return _import(project, path, name=name)


def export_qdc(project, out, *, force: bool = False, codebooks=None):
    """Write the project's code tree (or the named codebooks') as a ``.qdc``."""
    from qualcode.app.interop.qdc import export_qdc as _export

    return _export(project, out, force=force, codebooks=codebooks)


__all__ = ["export_qdc", "export_qdpx", "import_qdc", "import_qdpx"]
