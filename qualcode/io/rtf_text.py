"""The text of an .rtf transcript (striprtf), in the code page the file declares.

RTF is 7-bit text with escapes: ``\\uN?`` for Unicode and ``\\'hh`` bytes in the
document's ANSI code page (``\\ansicpg936`` = GBK for Chinese Word/WordPad
files), so the code page is read from the header before the bytes are decoded.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from qualcode.core.errors import Location, TranscriptError

_CODE_PAGE = re.compile(r"\\ansicpg(\d+)")


def rtf_text(raw: bytes, path: Path) -> str:
    from striprtf.striprtf import rtf_to_text

    head = raw[:4096].decode("latin-1")
    if not head.lstrip().startswith("{\\rtf"):
        raise TranscriptError("not an RTF file (it does not start with {\\rtf)", Location(path, line=1))
    match = _CODE_PAGE.search(head)
    encoding = f"cp{match.group(1)}" if match else "cp1252"
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise TranscriptError(f"the RTF file declares code page {match.group(1)}, which qualcode cannot decode; "
                              "save it as .docx or UTF-8 .txt", Location(path, line=1)) from None
    try:
        text = rtf_to_text(raw.decode("latin-1"), encoding=encoding, errors="strict")
    except (UnicodeDecodeError, ValueError) as problem:
        raise TranscriptError(f"the RTF file is damaged or not in code page {encoding} ({problem})",
                              Location(path)) from None
    if not text.strip():
        raise TranscriptError("the RTF file has no text", Location(path))
    return text
