"""The export dialog's work: the same use cases and options as ``qualcode export``.

Each kind is a generator of progress steps ``(done, total, what, notes)`` so a worker
can show a progress bar and stop between steps when cancelled (toolong's
habit); the last step's ``notes`` are what the CLI prints beside the file. The options are the CLI's: ``--only-coder``, ``--wave``, ``--themes``,
``--labels``, ``--excel`` (a byte-order mark for Excel), ``--attribute`` for a
crosstab, ``--lang`` for quotes, ``--force``. :func:`check_path` refuses a bad
output path with one clear message before anything runs. Nothing here imports
Textual.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from qualcode.core.errors import ExportError

KINDS = ("matrix", "long", "crosstab", "quotes", "qdpx")
TABLE_FORMATS = ("csv", "xlsx", "sav", "parquet")
UNITS = ("count", "presence", "coverage", "per1000")
BY = ("case", "document", "wave")
LABEL_ROWS = ("none", "zh", "en", "both")  # --labels: a second header row with the codes' names (CSV)
QUOTE_LANGUAGES = ("both", "zh", "en")


class Step(NamedTuple):
    done: int
    total: int
    what: str
    notes: tuple[str, ...] = ()  # the export's notes (a row that is a document, labels SPSS shortened …)


class NotAvailable(ExportError):
    """Kept for callers that still name it; every kind is part of this installation now."""


@dataclass(frozen=True)
class ExportRequest:
    kind: str
    path: Path
    format: str = "csv"
    unit: str = "count"
    by: str = "case"
    force: bool = False
    only_coder: str | None = None  # --only-coder: None pools every coder (and the dialog says so)
    wave: str | None = None  # --wave
    themes: bool = False  # --themes: one column per theme
    label_row: str | None = None  # --labels zh|en|both (CSV)
    excel: bool = False  # --excel: CSV with a byte-order mark
    attribute: str | None = None  # crosstab --attribute
    language: str = "both"  # quotes --lang


def file_suffix(kind: str, format: str) -> str:
    return {"quotes": "md", "qdpx": "qdpx"}.get(kind, format)


def default_path(project_root: Path, request_kind: str, format: str) -> Path:
    return project_root / "exports" / f"{request_kind}.{file_suffix(request_kind, format)}"


def check_path(project_root: Path, typed: str, kind: str, format: str, *, force: bool = False) -> Path:
    """The output path the dialog will write, or an ExportError saying what is wrong with it.

    Relative paths are under the project folder. Refused: an empty path, a
    folder, a parent that is a file, a suffix that does not match the format,
    and an existing file without "overwrite".
    """
    text = typed.strip()
    if not text:
        raise ExportError("type the file to write, e.g. exports/matrix.csv")
    path = Path(text).expanduser()
    path = path if path.is_absolute() else project_root / path
    wanted = "." + file_suffix(kind, format)
    allowed = {wanted, ".docx"} if kind == "quotes" else {wanted}
    if path.exists() and path.is_dir():
        raise ExportError(f"{path} is a folder; add a file name such as {path / ('export' + wanted)}")
    if path.suffix.lower() not in allowed:
        raise ExportError(f"{path.name}: a {kind} export in {file_suffix(kind, format)} is written to a "
                          f"'{wanted}' file; change the name or the format")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise ExportError(f"{parent} is a file, so {path.name} cannot be written under it")
            break
    if path.exists() and not force:
        raise ExportError(f"{path} already exists; tick 'overwrite' to replace it")
    return path


def run_export(project, request: ExportRequest) -> Iterator[Step]:
    """Write the export, yielding progress; the last step's ``what`` is the path written, its ``notes`` what the
    export says beside it (the CLI prints them; the dialog showed only the path)."""
    from qualcode.app.exporting import exports

    if request.kind not in KINDS:
        raise ExportError(f"unknown export {request.kind!r}; choose one of {', '.join(KINDS)}")
    yield Step(0, 2, request.kind)
    if request.kind == "qdpx":
        from qualcode.app.interop import export_qdpx

        export_qdpx(project, request.path, force=request.force)
        yield Step(2, 2, str(request.path))
        return
    filt = export_filter(request)
    write = exports.WriteOptions(out=request.path, format=_format(request), excel=request.excel,
                                 label_row=request.label_row, force=request.force)
    yield Step(1, 2, request.format)
    if request.kind == "matrix":
        options = exports.MatrixOptions(unit=request.unit, by=request.by, themes=request.themes, filt=filt)
        result = exports.export_matrix(project, options, write)
    elif request.kind == "long":
        result = exports.export_long(project, filt, write)
    elif request.kind == "crosstab":
        if not request.attribute:
            raise ExportError("a crosstab needs an attribute (gender, grade, wave …)")
        result = exports.export_crosstab(project, filt, write, attribute=request.attribute,
                                         unit="presence" if request.unit == "presence" else "count",
                                         themes=request.themes)
    else:
        result = exports.export_quotes(project, filt, write, language=request.language)
    yield Step(2, 2, str(result.path), tuple(result.notes))


def _format(request: ExportRequest) -> str:
    if request.kind == "quotes":
        return request.path.suffix.lstrip(".").lower() or "md"
    return request.format


def export_filter(request: ExportRequest):
    from qualcode.analysis.frames import ExportFilter

    return ExportFilter(coder=(request.only_coder,) if request.only_coder else None,
                        wave=(request.wave,) if request.wave else None)

