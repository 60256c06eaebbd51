"""Text compared as a reader sees it: full-width letters, digits and signs as their ASCII forms, case folded.

Chinese transcripts mix the two widths as the input method was set: ＱＱ群 and QQ群, ３年 and 3年, Ｓ０７ and S07.
A search for `3年` found only the half-width ones, so a count read off a keyword-in-context list was short, unsaid.
The mapping is one character for one (U+FF01–U+FF5E and the ideographic space), so an offset into the folded
text is the same offset into the text.
"""

from __future__ import annotations

_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALF_WIDTH[0x3000] = 0x20


def half_width(text: str) -> str:
    """``text`` with each full-width ASCII form (Ｑ, ３, ：) and the ideographic space as its ASCII character."""
    return text.translate(_HALF_WIDTH)


def search_form(text: str) -> str:
    """What a search compares: half-width, then case-folded (``ＱＱ`` and ``qq`` are one word)."""
    return half_width(text).casefold()
