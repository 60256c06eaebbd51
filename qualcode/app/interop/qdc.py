"""``.qdc`` codebooks <-> a project's codebook YAML files."""

from __future__ import annotations

from pathlib import Path

from qualcode.core.errors import ExportError, Location, NotFoundError
from qualcode.io.refiqda import model
from qualcode.io.refiqda.codebook_map import refi_codes
from qualcode.io.refiqda.guids import canonical
from qualcode.app.interop.qdpx_export import GuidSource, project_language
from qualcode.app.api import sync_codes
from qualcode.app.codebook_staging import write_with_codebook
from qualcode.app.interop.qdpx_import import slug, stage_codebook_for
from qualcode.io.refiqda.qdc import read_qdc, write_qdc
from qualcode.storage.interop import remember_guid


def import_qdc(project, path: Path | str, *, name: str | None = None) -> model.ImportReport:
    path = Path(path)
    roots = read_qdc(path)
    report = model.ImportReport(path=str(path))
    report.imported["codes"] = sum(1 for root in roots for _ in root.walk())
    sync_codes(project)
    code_ids, staged = stage_codebook_for(project, roots, slug(name or path.stem), report, origin=path.name)

    def remember(conn) -> None:
        for root in roots:
            for code, _ in root.walk():
                remember_guid(conn, "code", code_ids[canonical(code.guid)], code.guid)

    write_with_codebook(project, staged, remember)  # the YAML and the remembered GUIDs together
    return report


def export_qdc(project, out: Path | str, *, force: bool = False, codebooks: list[str] | None = None) -> Path:
    out = Path(out)
    if out.exists() and not force:
        raise ExportError("exists; pass --force to replace it", Location(path=out))
    books = project.codebooks()
    if codebooks:
        unknown = sorted(set(codebooks) - {b.name for b in books})
        if unknown:
            raise NotFoundError(f"no codebook named {', '.join(unknown)}; the project has "
                                f"{', '.join(b.name for b in books)}")
        books = [b for b in books if b.name in codebooks]
    guids = GuidSource(project.conn)
    return write_qdc(refi_codes(books, language=project_language(project), guid_for=lambda i: guids("code", i)), out)
