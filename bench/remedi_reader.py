"""Coded patient turns from ReMeDi's processed dialogue files, for the learned-engine bench.

ReMeDi (GitHub yanguojun123/Medical-Dialogue, MIT) holds Chinese online doctor–patient consultations
whose patient turns people labelled with intents; `data/dev_human_annotation.txt` is one line per
patient turn:

    <|endoftext|> <|context|> <|user|> … <|system|> … <|endofcontext|> <|currentuser|> the turn
    <|endofcurrentuser|> <|intent|> Inform symptom 乏力 <|continue|> Other <|endofintent|> … <|endoftext|>

The context is the dialogue so far (<|user|> the patient, <|system|> the doctor); a line with an empty
context, or the first line after a blank one, begins a new dialogue, which is the document. The doctor's
latest turn in the context is the turn's question. Each intent label is an intent, a slot and a value
("Inform symptom 乏力") or a bare intent ("Chitchat", "QuestionAnswering"); the code is the intent with
its slot ("Inform symptom") — the value is the medical entity itself, open-ended — or, with
``top_level``, the intent alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from qualcode.nlp.learned import CodedTurn

FIELD = r"<\|{0}\|>(.*?)<\|endof{0}\|>"
SPEAKER = re.compile(r"<\|(user|system)\|>")
SLOT = re.compile(r"^[a-z_]+$")   # ReMeDi's slots are lowercase names (symptom, check_item); anything else is a value


@dataclass
class RemediCounts:
    dialogues: int = 0
    malformed_lines: int = 0
    unlabelled_turns: int = 0
    labels_without_slot: int = 0

    def summary(self) -> str:
        return (f"{self.dialogues} dialogues (skipped: {self.malformed_lines} lines without context, turn and "
                f"intent fields; kept uncoded: {self.unlabelled_turns} turns without an intent; "
                f"{self.labels_without_slot} Inform/Inquire labels without a slot name, coded by their intent)")


def _field(name: str, line: str) -> str | None:
    found = re.search(FIELD.format(name), line)
    return found.group(1) if found else None


def _doctor_question(context: str) -> str:
    """The doctor's latest turn in the context ("" when the doctor has not spoken yet)."""
    parts = SPEAKER.split(context)   # ["", "user", text, "system", text, ...]
    doctor = [text.strip() for speaker, text in zip(parts[1::2], parts[2::2]) if speaker == "system"]
    return doctor[-1] if doctor else ""


def _code(label: str, top_level: bool, counts: RemediCounts) -> str:
    intent, *rest = label.split()
    if top_level or intent not in ("Inform", "Inquire"):
        return intent
    if rest and SLOT.match(rest[0]):
        return f"{intent} {rest[0]}"
    counts.labels_without_slot += 1
    return intent


def read_remedi(paths: list[Path], language: str = "zh", top_level: bool = False,
                counts: RemediCounts | None = None) -> list[tuple[str, CodedTurn]]:
    """(dialogue, patient turn) pairs in file order; every dialogue of every file is its own document."""
    counts = counts if counts is not None else RemediCounts()
    turns: list[tuple[str, CodedTurn]] = []
    for path in paths:
        document, after_blank = None, True
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
            if not line.strip():
                after_blank = True
                continue
            context, text, intents = (_field(name, line) for name in ("context", "currentuser", "intent"))
            if context is None or text is None or intents is None:
                counts.malformed_lines += 1
                continue
            if after_blank or not context.strip() or document is None:
                counts.dialogues += 1
                document = f"{path.stem} dialogue {counts.dialogues}"
            after_blank = False
            labels = [label.strip() for label in intents.split("<|continue|>") if label.strip()]
            codes = frozenset(_code(label, top_level, counts) for label in labels)
            counts.unlabelled_turns += not codes
            turns.append((document, CodedTurn(text.strip(), codes, f"{path.name} line {number}",
                                              _doctor_question(context), language)))
    return turns
