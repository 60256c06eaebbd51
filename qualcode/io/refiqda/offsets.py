"""Source text normalisation with offset maps, and the ``\\r\\n`` question.

qualcode stores text with ``\\n`` newlines, in NFC, without a BOM. A REFI-QDA
selection counts code points in the text *as the exporting tool saw it*. The
spec says code points, so ``\\r\\n`` is two; ATLAS.ti counts it as one. For a
source with ``\\r\\n`` we try both readings and keep the one under which the
selections' names (ATLAS.ti, MAXQDA and others store the start of the quoted
text there) match the text; when names do not decide, the exporting tool
decides (ATLAS.ti: one, everyone else: two, as the spec says).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

CRLF_AS_ONE = "one"
CRLF_AS_TWO = "two"

_SPACE = re.compile(r"\s+")
_ELLIPSIS = ("…", "...")


@dataclass(frozen=True)
class NormalisedText:
    text: str
    # offset maps, index = offset in the tool's text, value = offset in `text`
    from_two: tuple[int, ...]  # \r\n counted as two code points (the raw file)
    from_one: tuple[int, ...]  # \r\n counted as one
    has_crlf: bool


def normalise(raw: str) -> NormalisedText:
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    has_crlf = "\r\n" in raw
    collapsed, raw_to_collapsed = _collapse_newlines(raw)
    text, nfc_map = _nfc_with_map(collapsed)
    from_one = tuple(nfc_map)
    from_two = tuple(nfc_map[i] for i in raw_to_collapsed)
    return NormalisedText(text, from_two, from_one, has_crlf)


def _collapse_newlines(raw: str) -> tuple[str, list[int]]:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; map raw offsets (0..len) to the result."""
    if "\r" not in raw:  # the common case: nothing to collapse, offsets unchanged
        return raw, list(range(len(raw) + 1))
    out: list[str] = []
    mapping: list[int] = []
    i = 0
    while i < len(raw):
        mapping.append(len(out))
        ch = raw[i]
        if ch == "\r":
            if i + 1 < len(raw) and raw[i + 1] == "\n":
                mapping.append(len(out))  # an offset between \r and \n lands before the newline
                i += 1
            out.append("\n")
        else:
            out.append(ch)
        i += 1
    mapping.append(len(out))
    return "".join(out), mapping


def _nfc_with_map(text: str) -> tuple[str, list[int]]:
    """NFC, normalising chunk by chunk so every chunk boundary keeps a known offset."""
    if unicodedata.is_normalized("NFC", text):
        return text, list(range(len(text) + 1))
    chunks = _composition_chunks(text)
    out: list[str] = []
    mapping: list[int] = []
    length = 0
    for chunk in chunks:
        normalised = unicodedata.normalize("NFC", chunk)
        # offsets inside a chunk that changed length snap to its start
        mapping.extend([length] * len(chunk))
        out.append(normalised)
        length += len(normalised)
    mapping.append(length)
    return "".join(out), mapping


def _composition_chunks(text: str) -> list[str]:
    chunks: list[str] = []
    current = ""
    for ch in text:
        if current and unicodedata.combining(ch) == 0 and _separable(current[-1], ch):
            chunks.append(current)
            current = ""
        current += ch
    if current:
        chunks.append(current)
    return chunks


def _separable(previous: str, ch: str) -> bool:
    pair = previous + ch
    return unicodedata.normalize("NFC", pair) == unicodedata.normalize("NFC", previous) + unicodedata.normalize(
        "NFC", ch)


def map_span(mapping: tuple[int, ...], start: int, end: int) -> tuple[int, int] | None:
    if start < 0 or end < start or end >= len(mapping):
        return None
    return mapping[start], mapping[end]


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def name_matches(name: str, covered: str) -> bool:
    """Does a selection's name quote the covered text (possibly shortened with an ellipsis)?"""
    wanted = _squash(name)
    shortened = False
    for mark in _ELLIPSIS:
        if wanted.endswith(mark):
            wanted, shortened = wanted[: -len(mark)].rstrip(), True
    if len(wanted) < 4:  # "Quotation 6:1"-style names and tiny names decide nothing
        return False
    have = _squash(covered)
    return have.startswith(wanted) if shortened else have == wanted or have.startswith(wanted)


def choose_crlf_reading(norm: NormalisedText, spans: list[tuple[int, int, str]], origin: str) -> tuple[str, str]:
    """(reading, why) for a source; spans are (start, end, selection name) as exported."""
    if not norm.has_crlf:
        return CRLF_AS_TWO, "no \\r\\n in the text"
    scores = {}
    for reading, mapping in ((CRLF_AS_ONE, norm.from_one), (CRLF_AS_TWO, norm.from_two)):
        hits = 0
        for start, end, name in spans:
            mapped = map_span(mapping, start, end)
            if mapped and name_matches(name, norm.text[mapped[0]:mapped[1]]):
                hits += 1
        scores[reading] = hits
    if scores[CRLF_AS_ONE] != scores[CRLF_AS_TWO]:
        best = max(scores, key=scores.get)
        return best, (f"\\r\\n counted as {best} character{'s' if best == CRLF_AS_TWO else ''}: "
                      f"{scores[best]} of {len(spans)} selection names match the text that way, "
                      f"{scores[CRLF_AS_ONE if best == CRLF_AS_TWO else CRLF_AS_TWO]} the other way")
    if "atlas" in origin.lower():
        return CRLF_AS_ONE, "\\r\\n counted as one character, as ATLAS.ti does"
    return CRLF_AS_TWO, "\\r\\n counted as two code points, as the REFI-QDA standard says"
