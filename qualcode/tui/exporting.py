"""The export dialog's work: the export area's library functions, called when installed.

Each kind is a generator of progress steps ``(done, total, what)`` so a worker
can show a progress bar and stop between steps when cancelled (toolong's
habit). Nothing here imports Textual; a missing export function raises
:class:`NotAvailable` and the dialog says "not available".
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from qualcode.core.errors import ExportError

KINDS = ("matrix", "long", "quotes", "qdpx")
TABLE_FORMATS = ("csv", "xlsx", "sav", "parquet")
UNITS = ("count", "presence", "coverage", "per1000")
BY = ("case", "document", "wave")


class NotAvailable(ExportError):
    """The export functions for this kind are not part of this installation."""


@dataclass(frozen=True)
class ExportRequest:
    kind: str
    path: Path
    format: str = "csv"
    unit: str = "count"
    by: str = "case"
    force: bool = False


def _function(module: str, name: str):
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise NotAvailable(f"{module}.{name} is not available in this installation") from exc


def default_path(project_root: Path, request_kind: str, format: str) -> Path:
    suffix = {"quotes": "md", "qdpx": "qdpx"}.get(request_kind, format)
    return project_root / "exports" / f"{request_kind}.{suffix}"


def run_export(project, request: ExportRequest) -> Iterator[tuple[int, int, str]]:
    """Write the export, yielding progress; the last step's ``what`` is the path written."""
    if request.kind in ("matrix", "long"):
        yield from _table(project, request)
    elif request.kind == "quotes":
        yield from _quotes(project, request)
    elif request.kind == "qdpx":
        export = _function("qualcode.app.interop", "export_qdpx")
        yield 0, 1, "qdpx"
        export(project, request.path, force=request.force)
        yield 1, 1, str(request.path)
    else:
        raise ExportError(f"unknown export {request.kind!r}; choose one of {', '.join(KINDS)}")


def _table(project, request: ExportRequest) -> Iterator[tuple[int, int, str]]:
    write_table = _function("qualcode.io.tables", "write_table")
    yield 0, 2, request.kind
    if request.kind == "matrix":
        build = _function("qualcode.analysis.matrix", "build_matrix")
        table = build(project.conn, project.codebooks(), unit=request.unit, by=request.by)
    else:
        build = _function("qualcode.analysis.long", "build_long_table")
        table = build(project.conn, project.codebooks())
    yield 1, 2, request.format
    written = write_table(table, request.path, format=request.format, force=request.force)
    yield 2, 2, str(written)


def _quotes(project, request: ExportRequest) -> Iterator[tuple[int, int, str]]:
    collect = _function("qualcode.analysis.quotes", "collect_quotes")
    render = _function("qualcode.analysis.quotes", "render_markdown")
    atomic_write = _function("qualcode.io.tables", "atomic_write")
    yield 0, 2, "quotes"
    groups = collect(project.conn, project.codebooks())
    yield 1, 2, "md"
    text = render(groups)
    written = atomic_write(request.path, lambda target: Path(target).write_text(text, encoding="utf-8"),
                           force=request.force)
    yield 2, 2, str(written)
