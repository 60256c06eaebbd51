"""The exports `make demo` writes for the sample project.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from qualcode.analysis.frames import ExportFilter
from qualcode.app.exporting.coded_tables import MatrixOptions, export_matrix
from qualcode.app.exporting.questionnaires import JoinOptions, join_with_scores
from qualcode.app.exporting.quote_report import export_quotes
from qualcode.app.exporting.results import WriteOptions


def write_demo_exports(project) -> list[Path]:
    """The sample project's matrix, the matrix joined with RSCA factor scores, and quotes, into exports/."""
    forced = WriteOptions(force=True, excel=True)
    matrix = MatrixOptions(themes=True)
    paths: list[Path] = []
    for suffix in ("csv", "xlsx", "sav"):
        paths += export_matrix(project, matrix, replace(forced, out=project.root / "exports" / f"matrix.{suffix}")).paths
    join = JoinOptions(scores=project.root / "scores" / "rsca-sample.csv", id_column="id", scale="rsca",
                       correlate=True)
    by_wave = MatrixOptions(themes=True, by="wave")
    for suffix in ("csv", "sav"):
        out = project.root / "exports" / f"matrix-with-rsca.{suffix}"
        paths += join_with_scores(project, by_wave, replace(join, correlate=suffix == "csv"),
                                  replace(forced, out=out)).paths
    for suffix in ("md", "docx"):
        paths += export_quotes(project, ExportFilter(), replace(forced, out=project.root / "exports" / f"quotes.{suffix}",
                                                                excel=False)).paths
    return paths
