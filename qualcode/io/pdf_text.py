"""The text layer of a PDF transcript, page by page (pypdf).

qualcode codes text, so a PDF is read only for the text it carries. A scanned
PDF has pictures of pages and no text: that is refused with a word about OCR
rather than imported as an empty document. A password-protected PDF is refused
too; one encrypted only against editing (an empty user password) is read.
"""

from __future__ import annotations

import logging
from pathlib import Path

from qualcode.core.errors import Location, TranscriptError
from qualcode.io.sheet_reader import byte_source


def pdf_text(path: Path, raw: bytes | None = None) -> str:
    """The text of every page in order, pages separated by a newline (read from ``raw`` when given)."""
    import pypdf
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about odd PDFs are not the user's problem
    try:
        reader = pypdf.PdfReader(byte_source(path, raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise TranscriptError(
                "the PDF is encrypted (password-protected); open it, save or print an unprotected copy, "
                "and import that", Location(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except TranscriptError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as problem:
        raise TranscriptError(
            f"the PDF is damaged or not a PDF ({type(problem).__name__}: {problem})", Location(path)) from None
    except Exception as problem:  # pypdf needs an extra package for AES; anything else is a damaged file
        raise TranscriptError(f"the PDF cannot be read ({type(problem).__name__}: {problem})",
                              Location(path)) from None
    if not pages:
        raise TranscriptError("the PDF has no pages", Location(path))
    if not any(text.strip() for text in pages):
        raise TranscriptError(
            f"the PDF has no text layer on any of its {len(pages)} page(s) (a scanned document?); "
            "OCR is needed first: run it through OCR (e.g. ocrmypdf, or your scanner's software) "
            "or export the transcript as .docx/.txt", Location(path))
    return "\n".join(text.rstrip("\n") for text in pages)
