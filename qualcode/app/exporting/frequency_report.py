"""The code frequency table of the findings chapter: Markdown or Word for the text, CSV/XLSX/SAV for analysis."""

from __future__ import annotations

from pathlib import Path

from qualcode.analysis.frames import ExportFilter
from qualcode.app.exporting.results import ExportResult, WriteOptions, codebooks_of, write_export
from qualcode.app.exporting.waves import declared_waves

REPORT_FORMATS = ("md", "docx")


def export_frequencies(project, filt: ExportFilter, write: WriteOptions, *, language: str | None = None
                       ) -> ExportResult:
    """Per theme and code: coded segments and participants mentioning it (n, %), overall and per wave."""
    from qualcode.analysis.frequencies import build_frequencies, frequencies_title
    from qualcode.app.exporting.coded_tables import reading_every_coding
    from qualcode.app.exporting.report_info import report_language

    with reading_every_coding(project):
        result = build_frequencies(project.conn, codebooks_of(project), filt=filt, wave_order=declared_waves(project))
    fmt = write.format or (Path(write.out).suffix.lstrip(".").lower() if write.out else "md")
    summary = [f"{len(result.table.frame)} codes and themes; N = {result.participants} participant(s)"
               + "".join(f", {wave} {n}" for wave, n in result.waves.items())]
    if fmt not in REPORT_FORMATS:
        exported = write_export(project, result.table, "frequencies", write, filt)
        exported.notes = summary + exported.notes
        return exported
    language = report_language(project, language, fallback="en")
    path = Path(write.out or project.root / "exports" / f"frequencies.{fmt}")
    written = _write_report(project, result, path, fmt, language, frequencies_title(language), write.force)
    return ExportResult([written], len(result.table.frame), 0, summary)


def _write_report(project, result, path: Path, fmt: str, language: str, title: str, force: bool) -> Path:
    from qualcode.analysis.frequencies import (FREQUENCY_WORDS, frequency_note, frequency_rows,
                                               render_frequencies_markdown)
    from qualcode.app.exporting.report_info import document_info
    from qualcode.io.tables import atomic_write

    if fmt == "md":
        text = render_frequencies_markdown(result, title=title, language=language)
        return atomic_write(path, lambda temp: temp.write_text(text, encoding="utf-8"), force=force)
    from qualcode.io.frequencies_docx import write_frequencies_docx

    header, body, depths = frequency_rows(result, language)
    words = FREQUENCY_WORDS.get(language, FREQUENCY_WORDS["en"])
    return write_frequencies_docx(path, title=title, subtitle=words["of"].format(n=result.participants),
                                  header=header, body=body, depths=depths,
                                  themes=list(result.table.frame["level"] == "theme"),
                                  note=frequency_note(result, language), force=force,
                                  info=document_info(project, title))
