"""A Word document as a thesis needs it: A4 with 25 mm margins, the project's title and author in the file's
properties (File → Info in Word) and a Chinese body font, shared by every DOCX qualcode writes."""

from __future__ import annotations

from dataclasses import dataclass

EAST_ASIAN_FONT = "SimSun"  # Word's usual Chinese body font; Word substitutes if it is absent
A4_MM = (210, 297)
MARGIN_MM = 25


@dataclass(frozen=True)
class DocumentInfo:
    """What the file says about itself: the project's title and author, the report's subject."""

    title: str = ""
    author: str = ""
    subject: str = ""
    language: str = "zh-CN"


def new_document(info: DocumentInfo = DocumentInfo()):
    """An empty python-docx Document on A4 carrying ``info`` in its core properties."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm

    document = Document()
    for section in document.sections:
        section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
        section.left_margin = section.right_margin = Mm(MARGIN_MM)
        section.top_margin = section.bottom_margin = Mm(MARGIN_MM)
    normal = document.styles["Normal"]
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    properties = document.core_properties
    properties.title = info.title
    properties.author = info.author
    properties.last_modified_by = info.author
    properties.subject = info.subject
    properties.language = info.language
    return document
