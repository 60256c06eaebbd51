"""Text compared as a reader sees it: full-width letters and digits as their ASCII forms, case folded.

Chinese transcripts mix the two widths as the input method was set: ＱＱ群 and QQ群, ３年 and 3年, Ｓ０７ and S07.
A search for `3年` found only the half-width ones, so a count read off a keyword-in-context list was short, unsaid.
The mapping is one character for one, so an offset into the folded text is the same offset into the text.
Full-width punctuation (，：？) is left as it is: nearly every Chinese text has it, and mapping it made a search
of a 1,200-interview corpus eight times slower; a text without full-width letters or digits is not copied.
"""

from __future__ import annotations

import re
import unicodedata

HALF_WIDTH = {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}
_FULL_WIDTH_LETTER = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def half_width(text: str) -> str:
    """``text`` with each full-width letter and digit (Ｑ, ３) as its ASCII character."""
    return text.translate(HALF_WIDTH) if _FULL_WIDTH_LETTER.search(text) else text


def search_form(text: str) -> str:
    """What a search compares: half-width, then case-folded (``ＱＱ`` and ``qq`` are one word)."""
    return half_width(text).casefold()


def name_key(name: str) -> str:
    """A name (a coder, a code's label) as compared for "the same name written another way": NFKC (full-width
    forms half-width), case folded, runs of spaces as one and none around it (``Ｂ``, ``b`` and `` B `` are B)."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())
