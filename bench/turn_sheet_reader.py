"""Coded turns from a turn-by-code coding sheet (.xlsx), for the learned-engine bench.

The layout is the one coders often keep in a spreadsheet: one sheet per coder; the first row holds the
code ids, the second the code names (both from the second column on); then the transcript, one turn per
row — "A: …" for the interviewer, "B: …" for the participant (a full-width colon too) — with a 0/1
cell per code, and a row such as "Participant 7" where a new interview (document) begins. A row
without a speaker label is the previous speaker's: more of the question for the interviewer, a turn of
its own for the participant.

Every participant turn is a turn to score (uncoded ones count, with no codes) and the interviewer's
latest turn is its question. Codings on interviewer rows are counted, not used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from qualcode.nlp.learned import CodedTurn

LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z0-9]*)\s*[:：]\s*")


@dataclass
class SheetCounts:
    documents: int = 0
    rows_before_first_document: int = 0
    interviewer_codings: int = 0

    def summary(self) -> str:
        return (f"{self.documents} documents (skipped: {self.rows_before_first_document} turn rows before the first "
                f"document row, {self.interviewer_codings} codings on interviewer turns)")


def sheet_codes(path: Path, sheet: str) -> dict[str, str]:
    """Code id -> code name, from the sheet's first two rows."""
    ids, names = _rows(path, sheet)[:2]
    return {str(i).strip(): str(n or "").strip() for i, n in zip(ids[1:], names[1:]) if i and str(i).strip()}


def _rows(path: Path, sheet: str) -> list[tuple]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return list(workbook[sheet].iter_rows(values_only=True))
    finally:
        workbook.close()


def read_turn_sheet(path: Path, sheet: str, language: str, interviewer: str = "A",
                    document_pattern: str = r"^Participant\s*\d+", counts: SheetCounts | None = None
                    ) -> list[tuple[str, CodedTurn]]:
    """(document, turn) pairs from one coder's sheet, in sheet order."""
    counts = counts if counts is not None else SheetCounts()
    rows = _rows(path, sheet)
    ids = [str(c).strip() if c else "" for c in rows[0][1:]]
    starts = re.compile(document_pattern)
    turns: list[tuple[str, CodedTurn]] = []
    document, question, speaker = None, "", interviewer
    for number, row in enumerate(rows[2:], start=3):
        text = str(row[0]).strip() if row and row[0] is not None else ""
        if not text:
            continue
        if starts.match(text):
            document, question, speaker = text, "", interviewer
            counts.documents += 1
            continue
        label = LABEL.match(text)
        if label:
            speaker, text = label.group(1), text[label.end():].strip()
        codes = frozenset(code for code, cell in zip(ids, row[1:]) if code and str(cell).strip() == "1")
        if document is None:
            counts.rows_before_first_document += 1
        elif speaker == interviewer:
            question = text if label else f"{question} {text}"
            counts.interviewer_codings += len(codes)
        else:
            turns.append((document, CodedTurn(text, codes, f"{document} row {number}", question, language)))
    return turns
