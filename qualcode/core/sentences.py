"""Split unlabelled text into sentences (``[transcripts] unlabelled_split = "sentence"``).

Open answers and field notes have no speaker labels; by default each paragraph is a segment, and
this splits each paragraph further at sentence ends so a code can be given to one sentence.
A sentence ends at 。！？!?… (with any closing quotes), or at a full stop followed by white space
unless the word before it is an abbreviation (``Mr.``, ``e.g.``) or a single initial (``J.``).
"""

from __future__ import annotations

import re
from typing import Iterable

from qualcode.core.models import Turn

_END = re.compile(r"[。！？!?…]+[”’\"'」』）)]*|\.(?=[ \t\n\u3000]|$)[”’\"'」』)]*")
_ABBREVIATIONS = frozenset("mr mrs ms dr prof st vs etc e.g i.e cf no approx dept".split())


def sentence_turns(text: str, paragraphs: Iterable[Turn]) -> list[Turn]:
    """Each paragraph turn cut at sentence ends; every sentence is a participant turn."""
    turns: list[Turn] = []
    for paragraph in paragraphs:
        start = paragraph.start
        for match in _END.finditer(text, paragraph.start, paragraph.end):
            if match.group().startswith(".") and _abbreviation_before(text, match.start(), paragraph.start):
                continue
            _add(turns, text, start, match.end())
            start = match.end()
        _add(turns, text, start, paragraph.end)
    return turns


def _abbreviation_before(text: str, dot: int, floor: int) -> bool:
    word_start = dot
    while word_start > floor and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:dot].casefold()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _add(turns: list[Turn], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    if not piece.strip():
        return
    first = start + len(piece) - len(piece.lstrip())
    last = start + len(piece.rstrip())
    turns.append(Turn(first, last, None, "participant"))
