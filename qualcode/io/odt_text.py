"""The paragraphs of an OpenDocument text (.odt, LibreOffice/WPS), in document order (odfpy).

Headings and paragraphs (also those inside table cells) each become one line;
the label parser then finds the speaker turns as in a .txt. A document with
unaccepted tracked changes is refused, as a .docx is: its text is not settled.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from qualcode.core.errors import Location, TranscriptError
from qualcode.io.sheet_reader import byte_source

_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_LINE_ELEMENTS = {"p", "h"}


def odt_text(path: Path, raw: bytes | None = None) -> str:
    """The document's lines (read from ``raw`` when given, the bytes the import read already)."""
    if not zipfile.is_zipfile(byte_source(path, raw)):
        raise TranscriptError("not an OpenDocument .odt file (it is not a ZIP archive)", Location(path))
    from odf import teletype
    from odf.opendocument import load

    try:
        document = load(byte_source(path, raw))
    except Exception as problem:  # odfpy raises many types on damaged packages
        raise TranscriptError(f"the .odt file is damaged or not a text document ({type(problem).__name__}: "
                              f"{problem})", Location(path)) from None
    lines: list[str] = []
    tracked = 0

    def walk(node) -> None:
        nonlocal tracked
        for child in node.childNodes:
            qname = getattr(child, "qname", None)
            if qname == (_TEXT_NS, "tracked-changes"):
                tracked += sum(1 for c in child.childNodes if getattr(c, "qname", None) == (_TEXT_NS, "changed-region"))
            elif qname is not None and qname[0] == _TEXT_NS and qname[1] in _LINE_ELEMENTS:
                lines.append(teletype.extractText(child))
            elif qname is not None:
                walk(child)

    walk(document.text)
    if tracked:
        raise TranscriptError(
            f"the document has {tracked} tracked change(s); accept or reject them (Edit > Track Changes > "
            "Manage > Accept All), save, and import again", Location(path))
    text = "\n".join(lines)
    if not text.strip():
        raise TranscriptError("the document has no text", Location(path))
    return text
