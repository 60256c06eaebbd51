"""Units of analysis for agreement: segments, sentences, characters.

- ``segment``: one unit per selected speaker turn (participant turns by default;
  every turn with role ``all``), spanning the utterance as stored (labels and
  timestamps excluded).
- ``sentence``: each selected segment split after every run of the sentence
  terminators 。！？!? and after ``.`` when followed by whitespace or the end
  of the segment (so 3.5 and file.txt do not split); closing quotes and
  brackets right after a terminator stay with its sentence (他说“好。”); surrounding
  whitespace is trimmed and empty pieces dropped.
- ``character``: every code point inside a selected segment is one unit (the
  NVivo "coding comparison" convention); computed on intervals, not one object
  per character.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qualcode.core.models import Segment

UNIT_KINDS = ("segment", "sentence", "character")
ROLES = ("participant", "all")

_TERMINATORS = "。！？!?"
_CLOSERS = "”’」』）)\"'"


@dataclass(frozen=True)
class Unit:
    """One unit of analysis: a segment, or one sentence of a segment."""

    document_id: int
    segment_id: int
    segment_ordinal: int
    start: int
    end: int
    sentence: int | None = None  # 1-based within the segment for sentence units

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.document_id, self.segment_ordinal, self.sentence or 0)

    def label(self, document_name: str) -> str:
        where = f"{document_name} #{self.segment_ordinal}"
        return f"{where}.{self.sentence}" if self.sentence is not None else where


def selected_segments(segments: Iterable[Segment], role: str) -> list[Segment]:
    """Participant turns (role ``participant``) or every turn (``all``), empty turns dropped."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}, not {role!r}")
    return [s for s in segments if s.end > s.start and (role == "all" or s.role == "participant")]


def sentence_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` (offsets shifted by ``offset``), see the module docstring."""
    spans: list[tuple[int, int]] = []
    start = 0
    i = 0
    while i < len(text):
        char = text[i]
        ends = char in _TERMINATORS or (char == "." and (i + 1 == len(text) or text[i + 1].isspace()
                                                         or text[i + 1] in _CLOSERS))
        if ends:
            while i + 1 < len(text) and (text[i + 1] in _TERMINATORS or text[i + 1] in _CLOSERS
                                         or text[i + 1] == "."):
                i += 1  # a run such as ？！ or ... and closing quotes (。”) stay with their sentence
            spans.append((start, i + 1))
            start = i + 1
        i += 1
    spans.append((start, len(text)))
    trimmed = []
    for s, e in spans:
        piece = text[s:e]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        if e - trail > s + lead:
            trimmed.append((offset + s + lead, offset + e - trail))
    return trimmed


def segment_units(segments: Sequence[Segment]) -> list[Unit]:
    return [Unit(s.document_id, s.id, s.ordinal, s.start, s.end) for s in segments]


def sentence_units(segments: Sequence[Segment], document_texts: dict[int, str]) -> list[Unit]:
    """Sentences of each segment; ``document_texts`` maps document id to its stored text."""
    units: list[Unit] = []
    for seg in segments:
        text = document_texts[seg.document_id][seg.start:seg.end]
        for number, (start, end) in enumerate(sentence_spans(text, seg.start), start=1):
            units.append(Unit(seg.document_id, seg.id, seg.ordinal, start, end, number))
    return units
