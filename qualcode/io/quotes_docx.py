"""Quotes as a Word document (python-docx), the same grouping as the Markdown file."""

from __future__ import annotations

from pathlib import Path

from qualcode.analysis.quotes import ThemeQuotes, excerpt_count, heading
from qualcode.core.report_words import report_words
from qualcode.io.docx_document import DocumentInfo, new_document
from qualcode.io.tables import atomic_write


def write_quotes_docx(groups: list[ThemeQuotes], path: Path | str, *, title: str | None = None,
                      language: str = "both", force: bool = False, info: DocumentInfo = DocumentInfo()) -> Path:
    from docx.shared import Pt

    words = report_words(language)
    document = new_document(info)
    document.add_heading(title or words["quotes"], level=0)
    quote_style = document.styles["Quote"].style_id
    if not groups:
        document.add_paragraph(words["no_quotes"])
    for group in groups:
        document.add_heading(heading(group.labels, group.theme_id, language), level=1)
        for code in group.codes:
            document.add_heading(f"{heading(code.labels, code.code_id, language)} — "
                                 f"{excerpt_count(len(code.quotes), language)}", level=2)
            for quote in code.quotes:
                # The style by its id, looked up once: add_paragraph(style="Quote") looks the name up among all
                # styles for every paragraph, which was 20 of the 55 s of 14,003 excerpts (bench/quotes_docx_bench.py).
                document.add_paragraph(quote.text)._p.get_or_add_pPr().style = quote_style
                where = document.add_paragraph()
                run = where.add_run(f"— {quote.location_in(language)}")
                run.italic = True
                run.font.size = Pt(9)
    return atomic_write(Path(path), lambda temp: document.save(str(temp)), force=force)
