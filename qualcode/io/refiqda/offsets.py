"""Source text normalisation with offset maps, and the ``\\r\\n`` question.

qualcode stores text with ``\\n`` newlines, in NFC, without a BOM. A REFI-QDA
selection counts code points in the text *as the exporting tool saw it*. The
spec says code points, so ``\\r\\n`` is two; ATLAS.ti counts it as one. For a
source with ``\\r\\n`` we try both readings and keep the one under which the
selections' names (ATLAS.ti, MAXQDA and others store the start of the quoted
text there) match the text; when names do not decide (NVivo writes them empty),
the reading under which clearly more selections start and end between words;
then the exporting tool decides (ATLAS.ti: one, everyone else: two, as the spec says).
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
    # The same two maps for positions counted in UTF-16 code units (.NET and Java strings), where a
    # character outside the BMP (emoji, 𠮷) counts two; empty when the text has no such character.
    from_two_utf16: tuple[int, ...] = ()
    from_one_utf16: tuple[int, ...] = ()


def normalise(raw: str) -> NormalisedText:
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    has_crlf = "\r\n" in raw
    collapsed, raw_to_collapsed = _collapse_newlines(raw)
    text, nfc_map = _nfc_with_map(collapsed)
    from_one = tuple(nfc_map)
    from_two = tuple(nfc_map[i] for i in raw_to_collapsed)
    if not any(ord(ch) > 0xFFFF for ch in raw):
        return NormalisedText(text, from_two, from_one, has_crlf)
    return NormalisedText(text, from_two, from_one, has_crlf,
                          from_two_utf16=_through_utf16(raw, from_two),
                          from_one_utf16=_through_utf16(collapsed, from_one))


def _through_utf16(tool_text: str, mapping: tuple[int, ...]) -> tuple[int, ...]:
    """``mapping`` (code point offsets in ``tool_text`` -> ours) re-indexed by UTF-16 code units.

    An offset between the two halves of a surrogate pair is not a character boundary; it maps to
    -1, so a reading that needs it is seen to be wrong (see :func:`choose_reading`).
    """
    units: list[int] = []
    for index, ch in enumerate(tool_text):
        units.append(mapping[index])
        if ord(ch) > 0xFFFF:
            units.append(-1)
    units.append(mapping[len(tool_text)])
    return tuple(units)


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
    if start < 0 or end < start or end >= len(mapping) or mapping[start] < 0 or mapping[end] < 0:
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
    # each line-end reading at its best position count (code points or, with characters outside the BMP,
    # UTF-16 units), so a .NET export's line ends are judged under the units it counted in
    scores = {reading: max((_score(norm, mapping, spans) for mapping in maps if mapping),
                           key=lambda score: (score.names, score.placed, score.between_words))
              for reading, maps in ((CRLF_AS_ONE, (norm.from_one, norm.from_one_utf16)),
                                    (CRLF_AS_TWO, (norm.from_two, norm.from_two_utf16)))}
    preference = _prefer(scores[CRLF_AS_ONE], scores[CRLF_AS_TWO], len(spans))
    if preference:
        best = CRLF_AS_ONE if preference > 0 else CRLF_AS_TWO
        other = CRLF_AS_TWO if best == CRLF_AS_ONE else CRLF_AS_ONE
        return best, (f"\\r\\n counted as {best} character{'s' if best == CRLF_AS_TWO else ''}: "
                      f"{scores[best].describe(len(spans))} that way, {scores[other].describe()} the other way")
    if "atlas" in origin.lower():
        return CRLF_AS_ONE, "\\r\\n counted as one character, as ATLAS.ti does"
    return CRLF_AS_TWO, "\\r\\n counted as two code points, as the REFI-QDA standard says"


CODE_POINTS = "code points"
UTF16_UNITS = "UTF-16 code units"


def choose_reading(norm: NormalisedText, spans: list[tuple[int, int, str]],
                   origin: str) -> tuple[tuple[int, ...], list[str]]:
    """The offset map to use for a source, and what to say about it in the report.

    First the ``\r\n`` question (:func:`choose_crlf_reading`); then, when the text
    has characters outside the BMP, whether positions count code points (the
    standard) or UTF-16 code units (tools on .NET or Java): the reading under
    which more selection names match the covered text wins, then the one with
    fewer selections splitting a surrogate pair or running past the end, then
    the one with more selections that start and end between words (NVivo writes
    empty names; a wrong reading cuts words); a tie keeps code points.
    """
    reading, why = choose_crlf_reading(norm, spans, origin)
    notes = [why] if norm.has_crlf else []
    points = norm.from_one if reading == CRLF_AS_ONE else norm.from_two
    if not norm.from_two_utf16:
        return points, notes
    units = norm.from_one_utf16 if reading == CRLF_AS_ONE else norm.from_two_utf16
    scores = {CODE_POINTS: _score(norm, points, spans), UTF16_UNITS: _score(norm, units, spans)}
    best = UTF16_UNITS if _prefer(scores[UTF16_UNITS], scores[CODE_POINTS], len(spans)) > 0 else CODE_POINTS
    other = CODE_POINTS if best == UTF16_UNITS else UTF16_UNITS
    notes.append(f"positions read as {best}: {scores[best].describe(len(spans))} that way, "
                 f"{scores[other].describe()} the other way")
    return (units if best == UTF16_UNITS else points), notes


@dataclass(frozen=True)
class _Score:
    names: int  # selection names matching the covered text
    placed: int  # selections that map onto character boundaries
    between_words: int  # of those, selections whose start and end cut no word

    def describe(self, total: int | None = None) -> str:
        if total is None:
            return f"{self.names}, {self.placed} and {self.between_words}"
        return (f"{self.names} of {total} selection names match, {self.placed} selections fall on character "
                f"boundaries and {self.between_words} start and end between words")


def _prefer(first: _Score, second: _Score, total: int) -> int:
    """1 when ``first`` is the better reading, -1 when ``second`` is, 0 when nothing decides.

    Matching names decide first, then selections that split a character. Cut words decide only with enough
    selections (10) and a clear result: the better reading has 80 % of its selections between words and a
    fifth of them more than the other (a person may select part of a word now and then; a few selections
    decide nothing)."""
    for mine, theirs in ((first.names, second.names), (first.placed, second.placed)):
        if mine != theirs:
            return 1 if mine > theirs else -1
    better, worse = (first, second) if first.between_words >= second.between_words else (second, first)
    if (total >= _WORD_EDGE_MIN_SELECTIONS and better.between_words >= 0.8 * better.placed
            and better.between_words - worse.between_words >= total / 5):
        return 1 if better is first else -1
    return 0


_WORD_EDGE_MIN_SELECTIONS = 10


def _score(norm: NormalisedText, mapping: tuple[int, ...], spans: list[tuple[int, int, str]]) -> _Score:
    names = placed = between_words = 0
    text = norm.text
    for start, end, name in spans:
        mapped = map_span(mapping, start, end)
        if mapped is None:
            continue
        placed += 1
        if name_matches(name, text[mapped[0]:mapped[1]]):
            names += 1
        between_words += cuts_no_word(text, mapped[0]) and cuts_no_word(text, mapped[1])
    return _Score(names, placed, between_words)


def cuts_no_word(text: str, offset: int) -> bool:
    """Whether ``offset`` cuts no run of letters or digits (a person selects words, not halves of them).
    Between two Chinese characters counts as a cut too: the same for every reading, so it decides nothing."""
    return offset <= 0 or offset >= len(text) or not (text[offset - 1].isalnum() and text[offset].isalnum())
