"""Per-segment language, with the same rule the importer uses for documents."""

from __future__ import annotations

from qualcode.core.language import detect_language


def detect_segment_language(text: str, default: str = "zh") -> str:
    if not text:
        return default
    return detect_language(text, default=default)
