"""Coded excerpts by theme and code, as Markdown or Word, with a warning when real names remain in them.
"""

from __future__ import annotations

from pathlib import Path

from qualcode.analysis.frames import ExportFilter
from qualcode.app.exporting.results import ExportResult, WriteOptions, codebooks_of, report_format
from qualcode.core.errors import ExportError

QUOTE_FORMATS = ("md", "docx")


def export_quotes(project, filt: ExportFilter, write: WriteOptions, *, include_interviewer: bool = False,
                  language: str | None = None, title: str | None = None, names_list: Path | None = None
                  ) -> ExportResult:
    """Excerpts by theme and code; headings in ``language`` (zh, en or both; default: the project's language)."""
    from qualcode.app.exporting.report_info import document_info, report_language
    from qualcode.core.report_words import report_words

    from qualcode.analysis.quotes import collect_quotes, render_markdown
    from qualcode.io.quotes_docx import write_quotes_docx
    from qualcode.io.tables import atomic_write

    language = report_language(project, language, fallback="both")  # both: code names in zh and en
    title = title or report_words(language)["quotes"]
    fmt = report_format(write)
    if fmt not in QUOTE_FORMATS:
        raise ExportError(f"quotes are written as md or docx, not {fmt!r}")
    groups = collect_quotes(project.conn, codebooks_of(project), filt=filt, include_interviewer=include_interviewer)
    path = write.out or project.root / "exports" / f"quotes.{fmt}"
    if fmt == "docx":
        written = write_quotes_docx(groups, path, title=title, language=language, force=write.force,
                                    info=document_info(project, title))
    else:
        text = render_markdown(groups, title=title, language=language)
        written = atomic_write(Path(path), lambda temp: temp.write_text(text, encoding="utf-8"), force=write.force)
    count = sum(len(code.quotes) for group in groups for code in group.codes)
    notes = [f"{count} excerpts under {len(groups)} themes"]
    notes += _names_warning(project, groups, names_list)
    return ExportResult([written], count, 0, notes)


def _names_warning(project, groups, names_list: Path | None) -> list[str]:
    """Quotes leave the project: warn when real names (from --names, else the pseudonym key) are in them."""
    from qualcode.app.privacy.pseudonymize import names_remaining, read_key

    if names_list is None and not read_key(project):
        return []
    text = "\n".join(quote.text for group in groups for code in group.codes for quote in code.quotes)
    remaining = names_remaining(text, names_list, project)
    if not remaining:
        return []
    source = str(names_list) if names_list is not None else "the pseudonym key"
    return [f"warning: {len(remaining)} real name(s) from {source} remain in the quotes: {', '.join(remaining)}; "
            "run `qualcode pseudonymize` before sharing this file"]
