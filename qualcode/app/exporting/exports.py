"""Export use cases: build a table from the project, write it where asked. One function per CLI command.

Every function takes an open project (``conn``, ``codebooks()``, ``root``), writes
atomically, refuses to overwrite without ``force``, and returns what it wrote with
notes for the user (ids found on one side only, unanswered items ...).

They live in modules by purpose; this module gathers them for callers that want one place
(the TUI's export dialog, library users). The CLI imports each command's own module.

- :mod:`.results`: ``WriteOptions``, ``ExportResult``, writing a labelled table into exports/
- :mod:`.coded_tables`: the matrix (and its chart), the long table, co-occurrence, crosstabs
- :mod:`.quote_report`: excerpts by theme and code
- :mod:`.questionnaires`: factor scores and reliability, the matrix joined with scores
- :mod:`.waves` and :mod:`.prepost_export`: pre → post change and paired tests
- :mod:`.demo_exports`: what `make demo` writes
"""

from __future__ import annotations

from qualcode.app.exporting.coded_tables import (MatrixOptions, export_chart, export_cooccurrence, export_crosstab,
                                                 export_long, export_matrix, matrix_table)
from qualcode.app.exporting.demo_exports import write_demo_exports
from qualcode.app.exporting.prepost_export import export_prepost
from qualcode.app.exporting.questionnaires import JoinOptions, compute_scores, join_with_scores
from qualcode.app.exporting.quote_report import QUOTE_FORMATS, export_quotes
from qualcode.app.exporting.results import ExportResult, WriteOptions, codebooks_of
from qualcode.app.exporting.waves import choose_waves, declared_waves

__all__ = ["QUOTE_FORMATS", "ExportResult", "JoinOptions", "MatrixOptions", "WriteOptions", "choose_waves",
           "codebooks_of", "compute_scores", "declared_waves", "export_chart", "export_cooccurrence",
           "export_crosstab", "export_long", "export_matrix", "export_prepost", "export_quotes", "join_with_scores",
           "matrix_table", "write_demo_exports"]
