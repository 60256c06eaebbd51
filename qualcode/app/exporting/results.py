"""What every export shares: where to write (``WriteOptions``), what was written (``ExportResult``),
and the one way a labelled table is written into the project's ``exports/`` (with the unfinished files
of an interrupted export removed and counted).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from qualcode.analysis.coding_units import codings_on_other_turns
from qualcode.analysis.table import LabelledTable


@dataclass(frozen=True)
class WriteOptions:
    out: Path | None = None
    format: str | None = None
    excel: bool = False
    label_row: str | None = None
    force: bool = False


@dataclass
class ExportResult:
    paths: list[Path]
    rows: int
    columns: int
    notes: list[str] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.paths[0]


def codebooks_of(project):
    """The project's codebooks; without a codebooks/ folder the ``codes`` table describes the codes."""
    return project.codebooks() if project.codebook_paths() else None


def report_format(write: WriteOptions) -> str:
    """A report's format (quotes, frequencies, codebook): --format, else --out's suffix, else Markdown."""
    return write.format or (Path(write.out).suffix.lstrip(".").lower() if write.out else "md")


def export_target(project, stem: str, write: WriteOptions, default_format: str = "csv") -> Path:
    if write.out is not None:
        return Path(write.out)
    return project.root / "exports" / f"{stem}.{write.format or default_format}"


def sav_notes(table: LabelledTable, path: Path, format: str | None) -> list[str]:
    """What a .sav could not keep whole, said beside the export rather than cut or renamed without a word."""
    from qualcode.io.tables import SPSS_VALUE_LABEL_BYTES, format_for, long_value_labels, spss_renamed

    if format_for(path, format) != "sav":
        return []
    notes = []
    if renamed := spss_renamed(table):
        listed = ", ".join(f"{column} -> {name}" for column, name in list(renamed.items())[:8])
        notes.append(f"{path}: {len(renamed)} column name(s) are not SPSS variable names (a letter first, no spaces, "
                     f"at most 64 bytes) and are written as {listed}{' …' if len(renamed) > 8 else ''}; each "
                     "variable's label starts with the column's own name")
    if columns := long_value_labels(table):
        notes.append(f"{path}: SPSS keeps {SPSS_VALUE_LABEL_BYTES} bytes of a value label (40 Chinese characters); "
                     f"the longer labels of {', '.join(columns)} end in … (…(code) where two would read alike); the "
                     "full values are in the value_labels sheet of an .xlsx export")
    return notes


def codings_awaiting_review(project) -> list[str]:
    """Codings whose words a revised transcript deleted wait in `qualcode review` on the replaced version: no
    table counts them until they are placed again, and the tables said nothing of it."""
    rows = project.conn.execute(
        """SELECT d.name, r.code_id FROM coding_reviews r JOIN documents d ON d.id = r.document_id
           WHERE r.status = 'open' AND r.coding_id IS NULL ORDER BY d.name, r.id""").fetchall()
    if not rows:
        return []
    listed = ", ".join(f"{name} {code}" for name, code in rows[:5]) + (" …" if len(rows) > 5 else "")
    return [f"{len(rows)} coding(s) whose words a revised transcript deleted are not counted ({listed}); "
            "`qualcode review` shows them"]


def codes_no_codebook_defines(project) -> list[str]:
    """Codings of a code removed or renamed in the YAML are still counted, under the old id (and the theme the
    database last knew); `status` said so, the tables did not. Read from the YAML, as the exports are, since the
    database's codes learn of the edit only at the next import or status."""
    books = codebooks_of(project)
    if books is None:
        return []
    defined = {code.id for book in books for code in book.codes}
    counts = project.conn.execute(
        "SELECT c.code_id, count(*) FROM codings c JOIN documents d ON d.id = c.document_id "
        "WHERE d.is_current = 1 GROUP BY c.code_id ORDER BY c.code_id").fetchall()
    return [f"{count} coding(s) of {code_id} are counted, though no codebook defines it now (removed or renamed in "
            f"codebooks/*.yaml): put it back, or `qualcode codes merge {code_id} NEW_ID` to move its codings"
            for code_id, count in counts if code_id not in defined]


def counting_notes(project, filt=None) -> list[str]:
    """What every table of codings counts otherwise than the researcher may think, said beside it."""
    return codings_awaiting_review(project) + codings_on_other_turns(project.conn, filt) + codes_no_codebook_defines(project)


def write_export(project, table: LabelledTable, stem: str, write: WriteOptions, filt=None) -> ExportResult:
    from qualcode.io.tables import remove_stale_parts, write_table

    target = export_target(project, stem, write)
    removed = remove_stale_parts(target.parent) if target.parent.is_dir() else []
    path = write_table(table, target, format=write.format, excel=write.excel,
                       label_row=write.label_row, force=write.force)
    notes = [f"removed {len(removed)} unfinished file(s) left in {target.parent} by an interrupted export: "
             + ", ".join(p.name for p in removed)] if removed else []
    notes += sav_notes(table, path, write.format) + counting_notes(project, filt)
    return ExportResult([path], len(table.frame), len(table.frame.columns), notes)
