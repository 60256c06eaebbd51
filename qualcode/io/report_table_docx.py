"""One table as a Word document for the thesis (python-docx): the code frequencies, the codebook."""

from __future__ import annotations

from pathlib import Path

from qualcode.io.docx_document import DocumentInfo, new_document
from qualcode.io.tables import atomic_write


def write_report_table_docx(path: Path | str, *, title: str, subtitle: str, header: list[str], body: list[list[str]],
                            depths: list[int], themes: list[bool], note: str, numbers: bool = True,
                            force: bool = False, info: DocumentInfo = DocumentInfo()) -> Path:
    """One table: a row per theme (bold) and code (indented by its depth); with ``numbers`` every column but the
    first is right-aligned."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = new_document(info)
    document.add_heading(title, level=1)
    if subtitle:
        document.add_paragraph(subtitle)
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for cells, depth, theme in zip(body, depths, themes, strict=True):
        row = table.add_row().cells
        for index, (cell, text) in enumerate(zip(row, cells, strict=True)):
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(("\u3000" * depth + text) if index == 0 else text)
            run.bold = theme
            if index and numbers:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if note:
        document.add_paragraph().add_run(note).font.size = Pt(9)
    return atomic_write(Path(path), lambda temp: document.save(str(temp)), force=force)
