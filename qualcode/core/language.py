"""Tell Chinese from English by the share of CJK characters.

A Chinese transcript still contains Latin letters (Excel, PPT, names) and an
English one may quote a Chinese phrase, so we compare counts: one Han
character carries about as much as a short English word, so Han characters
are weighed against Latin *letters* with a low threshold.
"""

from __future__ import annotations

import re

_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")
_HAN_RUN = re.compile(_HAN.pattern + "+")
_LATIN_RUN = re.compile(_LATIN_LETTER.pattern + "+")

# Share of Han characters among Han characters plus Latin letters at or above
# which a text counts as Chinese.  A Chinese sentence with one English word
# ("我用 Excel 做表") is ~0.5; an English paragraph quoting four Chinese
# characters in 300 letters is ~0.01.
CHINESE_THRESHOLD = 0.2


def detect_language(text: str, *, default: str = "zh") -> str:
    """``"zh"`` or ``"en"``; ``default`` when the text has no letters at all."""
    share = cjk_share(text)
    if share is None:
        return default
    return "zh" if share >= CHINESE_THRESHOLD else "en"


def cjk_share(text: str) -> float | None:
    """Han characters as a share of Han characters plus Latin letters; None if neither."""
    sample = _sample(text)
    # Counted over runs, not characters: suggest asks once per turn, and a list of every letter cost more
    # than matching the turn's keywords.
    han = 0 if sample.isascii() else sum(map(len, _HAN_RUN.findall(sample)))  # isascii: in C, no regex scan
    if not han:  # the share is 0 or there are no letters at all: no need to count every English word
        return 0.0 if _LATIN_LETTER.search(sample) else None
    latin = sum(map(len, _LATIN_RUN.findall(sample)))
    return han / (han + latin) if han + latin else None


def _sample(text: str, *, chunks: int = 20, chunk_size: int = 5_000) -> str:
    """Evenly spaced chunks of a long text: the share is stable, the cost bounded."""
    if len(text) <= chunks * chunk_size:
        return text
    step = len(text) // chunks
    return "".join(text[i * step : i * step + chunk_size] for i in range(chunks))
