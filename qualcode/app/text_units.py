"""Words and sentences of a turn, for selecting a span from the keyboard.

A word step needs word boundaries: Chinese has no spaces, so text with CJK
characters is cut by jieba (loaded once per process, about a second the first
time); other text by runs of letters and digits. Sentences end after 。！？!?；;…
(with any closing quotes or brackets after them) or at a line break.
Offsets are relative to the text passed in.
"""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_SENTENCE_END = re.compile(r"[。！？!?；;…]+[”’」』）)\]\"']*|\n")


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word: punctuation and spaces are not words."""
    if _CJK.search(text):
        from qualcode.nlp.tokenizers import cut_chinese, token_starts

        tokens = cut_chinese(text)
        return [(start, start + len(token)) for start, token in zip(token_starts(tokens), tokens)
                if any(ch.isalnum() for ch in token)]
    return [match.span() for match in _LATIN_WORD.finditer(text)]


def sentence_ends(text: str) -> list[int]:
    """Offsets just after each sentence (the text's end is always one)."""
    ends = [match.end() for match in _SENTENCE_END.finditer(text)]
    if not ends or ends[-1] < len(text):
        ends.append(len(text))
    return ends
