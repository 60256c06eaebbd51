"""The coding as tables for SPSS, R and Excel: the participant × code matrix (and its chart), the long
table of codings, co-occurrence and code × attribute crosstabs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qualcode.analysis.frames import ExportFilter
from qualcode.analysis.table import LabelledTable
from qualcode.app.exporting.results import ExportResult, WriteOptions, codebooks_of, write_export
from qualcode.app.exporting.waves import declared_waves


@dataclass(frozen=True)
class MatrixOptions:
    unit: str = "count"
    by: str = "case"
    themes: bool = False
    filt: ExportFilter = ExportFilter()
    attributes: tuple[str, ...] = ()  # case attributes as columns; ("all",) for every one


def matrix_table(project, options: MatrixOptions) -> LabelledTable:
    from qualcode.analysis.attributes import resolve_attributes, with_attributes
    from qualcode.analysis.matrix import build_matrix

    names = resolve_attributes(project.conn, options.attributes, options.filt) if options.attributes else []
    table = build_matrix(project.conn, codebooks_of(project), unit=options.unit, by=options.by,
                         filt=options.filt, themes=options.themes, wave_order=declared_waves(project))
    return with_attributes(table, project.conn, names, options.filt)


def export_matrix(project, options: MatrixOptions, write: WriteOptions) -> ExportResult:
    return write_export(project, matrix_table(project, options), f"matrix-{options.unit}", write)


def export_long(project, filt: ExportFilter, write: WriteOptions, *, with_text: bool = False) -> ExportResult:
    from qualcode.analysis.long import build_long_table

    table = build_long_table(project.conn, codebooks_of(project), filt=filt, with_text=with_text)
    return write_export(project, table, "codings", write)


def export_cooccurrence(project, filt: ExportFilter, write: WriteOptions, *, window: int = 0,
                        percent: bool = False) -> ExportResult:
    from qualcode.analysis.cooccurrence import build_cooccurrence

    table = build_cooccurrence(project.conn, codebooks_of(project), filt=filt, window=window, percent=percent)
    return write_export(project, table, table.name, write)


def export_crosstab(project, filt: ExportFilter, write: WriteOptions, *, attribute: str, unit: str = "count",
                    themes: bool = False) -> ExportResult:
    from qualcode.analysis.cooccurrence import build_crosstab

    table = build_crosstab(project.conn, codebooks_of(project), attribute=attribute, filt=filt, unit=unit,
                           themes=themes)
    return write_export(project, table, table.name, write)


def export_chart(project, options: MatrixOptions, *, kind: str = "heatmap", labels: str = "id",
                 out: Path | None = None, force: bool = False, title: str | None = None) -> ExportResult:
    from qualcode.io.charts import write_chart

    table = matrix_table(project, options)
    path = out or project.root / "exports" / f"{kind}-{options.unit}.png"
    written = write_chart(table, path, kind=kind, labels=labels, title=title, force=force, unit=options.unit)
    return ExportResult([written], len(table.frame), len(table.frame.columns))
