"""The coding as tables for SPSS, R and Excel: the participant × code matrix (and its chart), the long
table of codings, co-occurrence and code × attribute crosstabs.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from qualcode.analysis.frames import ExportFilter
from qualcode.analysis.table import LabelledTable
from qualcode.app.collections_pause import fewer_collections
from qualcode.app.exporting.results import ExportResult, WriteOptions, codebooks_of, counting_notes, write_export
from qualcode.app.exporting.waves import declared_waves


@dataclass(frozen=True)
class MatrixOptions:
    unit: str = "count"
    by: str = "case"
    themes: bool = False
    filt: ExportFilter = ExportFilter()
    attributes: tuple[str, ...] = ()  # case attributes as columns; ("all",) for every one


@contextmanager
def reading_every_coding(project) -> Iterator[None]:
    """Around a table built from every coding: the database read through a memory map with a page cache
    that holds what the joins revisit, and fewer garbage-collector passes (all as they were after)."""
    from qualcode.storage.db import reading_much

    with reading_much(project.conn), fewer_collections():
        yield


def matrix_table(project, options: MatrixOptions) -> LabelledTable:
    from qualcode.analysis.attributes import resolve_attributes, with_attributes
    from qualcode.analysis.matrix import build_matrix

    books = codebooks_of(project)
    with reading_every_coding(project):
        names = resolve_attributes(project.conn, options.attributes, options.filt) if options.attributes else []
        table = build_matrix(project.conn, books, unit=options.unit, by=options.by,
                             filt=options.filt, themes=options.themes, wave_order=declared_waves(project))
        return with_attributes(table, project.conn, names, options.filt)


def export_matrix(project, options: MatrixOptions, write: WriteOptions) -> ExportResult:
    table = matrix_table(project, options)
    result = write_export(project, table, f"matrix-{options.unit}", write, options.filt)
    result.notes = documents_as_participants(project, table) + result.notes
    return result


def documents_as_participants(project, table: LabelledTable) -> list[str]:
    """A note per row that is a document, not a participant: its turns carry no case, so the row is named after
    the document and pools every participant speaker in it (a group interview's 学生A and 学生B in one row)."""
    if "participant" not in table.frame.columns:
        return []
    rows = {str(p) for p in table.frame["participant"].dropna()}
    found = project.conn.execute(
        """SELECT d.name, group_concat(DISTINCT s.speaker) FROM documents d
           JOIN segments s ON s.document_id = d.id
           WHERE d.is_current = 1 AND d.case_id IS NULL AND s.case_id IS NULL AND s.role = 'participant'
           GROUP BY d.name ORDER BY d.name""").fetchall()
    taken = rows | {str(case_id) for (case_id,) in project.conn.execute("SELECT id FROM cases")}
    free = (f"P{n:02d}" for n in range(1, 10_000) if f"P{n:02d}" not in taken)  # ids no case has, none twice
    notes = []
    for name, speakers in found:
        if name not in rows:
            continue
        speakers = sorted(set((speakers or "").split(","))) if speakers else []
        example = ",".join(f"{speaker}={next(free)}" for speaker in speakers[:2])
        notes.append(f"{name} has no participant: its row is named after the document and pools its participant "
                     f"speaker(s) {', '.join(speakers)}; give each a participant id with "
                     f"`qualcode documents speakers {name} --set \"{example}\"`")
    return notes


def export_long(project, filt: ExportFilter, write: WriteOptions, *, with_text: bool = False) -> ExportResult:
    from qualcode.analysis.long import build_long_table

    books = codebooks_of(project)
    with reading_every_coding(project):
        table = build_long_table(project.conn, books, filt=filt, with_text=with_text)
    result = write_export(project, table, "codings", write, filt)
    result.notes = documents_as_participants(project, table) + result.notes
    return result


def export_cooccurrence(project, filt: ExportFilter, write: WriteOptions, *, window: int = 0,
                        percent: bool = False) -> ExportResult:
    from qualcode.analysis.cooccurrence import build_cooccurrence

    books = codebooks_of(project)
    with reading_every_coding(project):
        table = build_cooccurrence(project.conn, books, filt=filt, window=window, percent=percent)
    return write_export(project, table, table.name, write, filt)


def export_crosstab(project, filt: ExportFilter, write: WriteOptions, *, attribute: str, unit: str = "count",
                    themes: bool = False) -> ExportResult:
    from qualcode.analysis.cooccurrence import build_crosstab

    books = codebooks_of(project)
    with reading_every_coding(project):
        table = build_crosstab(project.conn, books, attribute=attribute, filt=filt, unit=unit, themes=themes)
    return write_export(project, table, table.name, write, filt)


def export_chart(project, options: MatrixOptions, *, kind: str = "heatmap", labels: str = "id",
                 out: Path | None = None, force: bool = False, title: str | None = None) -> ExportResult:
    from qualcode.io.charts import write_chart

    table = matrix_table(project, options)
    path = out or project.root / "exports" / f"{kind}-{options.unit}.png"
    written = write_chart(table, path, kind=kind, labels=labels, title=title, force=force, unit=options.unit)
    return ExportResult([written], len(table.frame), len(table.frame.columns), counting_notes(project, options.filt))
