"""The code frequency table of the findings chapter: Markdown or Word for the text, CSV/XLSX/SAV for analysis."""

from __future__ import annotations

from pathlib import Path

from qualcode.analysis.frames import ExportFilter
from qualcode.app.exporting.results import (ExportResult, WriteOptions, codebooks_of, counting_notes, report_format,
                                            write_export)
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
    fmt = report_format(write)
    summary = [f"{len(result.table.frame)} codes and themes; N = {result.participants} participant(s)"
               + "".join(f", {wave} {n}" for wave, n in result.waves.items())]
    if fmt not in REPORT_FORMATS:
        exported = write_export(project, result.table, "frequencies", write, filt)
        exported.notes = summary + exported.notes
        return exported
    language = report_language(project, language, fallback="en")
    path = Path(write.out or project.root / "exports" / f"frequencies.{fmt}")
    written = _write_report(project, result, path, fmt, language, frequencies_title(language), write.force)
    return ExportResult([written], len(result.table.frame), 0, summary + counting_notes(project, filt))


def _write_report(project, result, path: Path, fmt: str, language: str, title: str, force: bool) -> Path:
    from qualcode.analysis.frequencies import (FREQUENCY_WORDS, frequency_note, frequency_rows,
                                               render_frequencies_markdown)
    from qualcode.app.exporting.report_info import document_info
    from qualcode.io.tables import atomic_write

    if fmt == "md":
        text = render_frequencies_markdown(result, title=title, language=language)
        return atomic_write(path, lambda temp: temp.write_text(text, encoding="utf-8"), force=force)
    from qualcode.io.report_table_docx import write_report_table_docx

    header, body, depths = frequency_rows(result, language)
    words = FREQUENCY_WORDS.get(language, FREQUENCY_WORDS["en"])
    return write_report_table_docx(path, title=title, subtitle=words["of"].format(n=result.participants),
                                   header=header, body=body, depths=depths,
                                   themes=list(result.table.frame["level"] == "theme"),
                                   note=frequency_note(result, language), force=force,
                                   info=document_info(project, title))


def export_codebook_table(project, write: WriteOptions, *, language: str | None = None) -> ExportResult:
    """The codebook as a table (Markdown or Word): name, definition, include, exclude and an example per code."""
    from qualcode.analysis.codebook_report import CODEBOOK_WORDS, codebook_rows, render_codebook_markdown
    from qualcode.app.exporting.report_info import document_info, report_language
    from qualcode.core.errors import ExportError
    from qualcode.io.tables import atomic_write

    fmt = report_format(write)
    if fmt not in REPORT_FORMATS:
        raise ExportError(f"the codebook table is written as md or docx, not {fmt!r} (the XLSX matrix has a codebook "
                          "sheet; `qualcode codebook export FILE.qdc` moves it to another QDA tool)")
    language = report_language(project, language, fallback="en")
    books = codebooks_of(project)
    path = Path(write.out or project.root / "exports" / f"codebook.{fmt}")
    header, body, depths, themes, count = codebook_rows(books, language)
    if fmt == "md":
        text = render_codebook_markdown(books, language=language)
        written = atomic_write(path, lambda temp: temp.write_text(text, encoding="utf-8"), force=write.force)
    else:
        from qualcode.io.report_table_docx import write_report_table_docx

        title = CODEBOOK_WORDS.get(language, CODEBOOK_WORDS["en"])["title"]
        written = write_report_table_docx(path, title=title, subtitle=count, header=header, body=body, depths=depths,
                                          themes=themes, note="", numbers=False, force=write.force,
                                          info=document_info(project, title))
    return ExportResult([written], len(body), 0, [count])
