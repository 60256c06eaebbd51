"""A transcript as a supervisor reads the coding: every turn with its coded passages, codes, coders and memos.

Plain data for the writers in :mod:`qualcode.io.annotated_transcript`: the turns in order (interviewer turns
included and marked by their role), each coding as a mark on its turn's text with the code's label and colour
and the coding's memos, the turn's memos, and the document's memos. A coding is drawn on the turn it is
attached to, clipped to it; codings attached to no turn (a damaged project, see ``qualcode doctor``) are
counted in ``unplaced`` rather than dropped silently.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field


# colours for codes whose codebook gives none (Tableau 10, as the shipped codebooks use)
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#bab0ac")


@dataclass(frozen=True)
class MemoNote:
    author: str
    date: str  # YYYY-MM-DD HH:MM
    text: str


@dataclass(frozen=True)
class Mark:
    coding_id: int
    start: int  # offsets into the turn's text
    end: int
    code_id: str
    labels: tuple[str, str]
    color: str
    coder: str
    memos: tuple[MemoNote, ...] = ()


@dataclass
class TurnView:
    ordinal: int
    speaker: str
    role: str
    text: str
    marks: list[Mark] = field(default_factory=list)
    memos: list[MemoNote] = field(default_factory=list)

    def pieces(self) -> list[tuple[str, tuple[Mark, ...]]]:
        """The text cut at every mark's edges: (words, the marks covering them) in order."""
        cuts = sorted({0, len(self.text), *(m.start for m in self.marks), *(m.end for m in self.marks)})
        pieces = []
        for begin, end in zip(cuts, cuts[1:]):
            if begin < end:
                pieces.append((self.text[begin:end], tuple(m for m in self.marks if m.start <= begin and end <= m.end)))
        return pieces


@dataclass
class TranscriptView:
    name: str
    participant: str
    wave: str
    turns: list[TurnView]
    memos: list[MemoNote]
    unplaced: int = 0

    @property
    def marks(self) -> list[Mark]:
        return [mark for turn in self.turns for mark in turn.marks]


def _memos(conn: sqlite3.Connection) -> dict[tuple[str, str], list[MemoNote]]:
    """(target type, stored target id) -> its memos, oldest first."""
    found: dict[tuple[str, str], list[MemoNote]] = defaultdict(list)
    for target_type, target_id, author, when, text in conn.execute(
            "SELECT target_type, target_id, author, coalesce(updated_at, created_at, ''), text FROM memos "
            "ORDER BY created_at, id"):
        found[(target_type, str(target_id))].append(MemoNote(author, str(when)[:16].replace("T", " "), text))
    return found


def code_styles(conn: sqlite3.Connection) -> dict[str, tuple[tuple[str, str], str]]:
    """code id -> ((label_zh, label_en), colour), a palette colour where the codebook gives none."""
    styles = {}
    for number, row in enumerate(conn.execute("SELECT id, label_zh, label_en, color FROM codes ORDER BY position")):
        color = row[3] if row[3] and str(row[3]).startswith("#") and len(str(row[3])) == 7 else None
        styles[row[0]] = ((row[1] or "", row[2] or ""), color or PALETTE[number % len(PALETTE)])
    return styles


def transcript_view(conn: sqlite3.Connection, document_id: int, *, coders: tuple[str, ...] | None = None
                    ) -> TranscriptView:
    name, case_id, attributes, text = conn.execute(
        "SELECT name, case_id, attributes, text FROM documents WHERE id = ?", (document_id,)).fetchone()
    styles, memos_of = code_styles(conn), _memos(conn)
    segments = conn.execute("SELECT id, ordinal, start, end, speaker, role FROM segments WHERE document_id = ? "
                            "ORDER BY ordinal", (document_id,)).fetchall()
    turns = {sid: TurnView(ordinal, speaker or "", role, text[start:end],
                           memos=list(memos_of.get(("segment", str(sid)), [])))
             for sid, ordinal, start, end, speaker, role in segments}
    bounds = {row[0]: (row[2], row[3]) for row in segments}
    unplaced = 0
    for coding_id, segment_id, start, end, code_id, coder in conn.execute(
            "SELECT id, segment_id, start, end, code_id, coder FROM codings WHERE document_id = ? "
            "ORDER BY start, end, code_id, coder", (document_id,)).fetchall():
        if coders is not None and coder not in coders:
            continue
        seg_start, seg_end = bounds.get(segment_id, (0, 0))
        start, end = max(start, seg_start) - seg_start, min(end, seg_end) - seg_start
        if segment_id not in turns or start >= end:
            unplaced += 1
            continue
        labels, color = styles.get(code_id, ((code_id, code_id), PALETTE[0]))
        turns[segment_id].marks.append(Mark(coding_id, start, end, code_id, labels, color, coder,
                                            tuple(memos_of.get(("coding", str(coding_id)), []))))
    wave = str(json.loads(attributes or "{}").get("wave", "") or "")
    doc_memos = memos_of.get(("document", str(document_id)), []) + memos_of.get(("document", name), [])
    return TranscriptView(name, case_id or "", wave, [turns[row[0]] for row in segments], doc_memos, unplaced)
