"""Coded turns from a MAXQDA "Coded Segments" report and the transcripts it was coded on (learned bench).

MAXQDA exports its coded segments as a table with the columns Document name, Code (its path in the code
system, parts joined by " > ") and Segment (the coded text), and its code system as a list of code
names with their memo and frequency. Published as PDF, the table's cells run together, so a row is
recognised by its document name at the start of a line and the code is told apart from the segment by
the code system's names (the longest name that starts the rest of the row). Text files, or PDFs read
with pypdf, are accepted.

The transcripts are plain text with speaker labels ("Dan:" / "Participant:", the text after the label,
possibly on the next lines). Every participant turn is a turn to score; the interviewer's turn before it
is its question; a turn gets the codes of every coded segment that covers part of it (uncoded turns
count, with no codes). A segment is found by its text with the white space squeezed; segments found in
no participant turn of their document are counted, never dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from qualcode.nlp.learned import CodedTurn

FREQUENCY = re.compile(r"\s+\d+\s*$")
SPEAKER = re.compile(r"^([A-Z][A-Za-z]*):\s*", re.MULTILINE)


@dataclass
class MaxqdaCounts:
    segments: int = 0
    unreadable_rows: int = 0
    segments_not_found: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.segments} coded segments (skipped: {self.unreadable_rows} rows without a known code, "
                f"{len(self.segments_not_found)} segments found in no participant turn)")


def text_of(path: Path) -> str:
    if path.suffix.lower() == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return path.read_text(encoding="utf-8")


def squeeze(text: str) -> str:
    return " ".join(text.split())


def code_names(code_system: str) -> list[str]:
    """Each code-system line without its frequency: a code name, possibly followed by its memo."""
    lines = [FREQUENCY.sub("", line).strip() for line in code_system.splitlines()]
    return [line for line in lines if line and not line.startswith("Code System")]


def _leading_code(rest: str, names: list[str]) -> str | None:
    """The longest code name (a code-system line, or the words of one before its memo) starting ``rest``."""
    best = None
    for line in names:
        words = line.split()
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n])
            if (rest == name or rest.startswith(name + " ")) and (best is None or len(name) > len(best)):
                best = name
                break
    return best


def coded_segments(table: str, names: list[str], documents: set[str],
                   counts: MaxqdaCounts) -> list[tuple[str, tuple[str, ...], str]]:
    """(document, code path, segment text) rows of a Coded Segments report."""
    starts = re.compile(r"^(" + "|".join(re.escape(d) for d in sorted(documents, key=len, reverse=True)) + r") ",
                        re.MULTILINE)
    found = list(starts.finditer(table))
    rows = []
    for k, match in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(table)
        rest, path = squeeze(table[match.end():end]), []
        while True:
            name = _leading_code(rest, names)
            if name is None:
                break
            path.append(name)
            rest = rest[len(name):].lstrip()
            if not rest.startswith("> "):
                break
            rest = rest[2:]
        counts.segments += 1
        if not path:
            counts.unreadable_rows += 1
            continue
        rows.append((match.group(1), tuple(path), rest))
    return rows


def transcript_turns(text: str) -> list[tuple[str, str]]:
    """(speaker, text) turns of a transcript with "Name:" labels."""
    marks = list(SPEAKER.finditer(text))
    return [(m.group(1), squeeze(text[m.end():marks[k + 1].start() if k + 1 < len(marks) else len(text)]))
            for k, m in enumerate(marks)]


def _turns_under(turns: list[tuple[str, str]], segment: str, interviewer: str) -> list[int]:
    """The participant turns a segment covers: a segment may start inside a turn and run over the next
    ones, speaker labels included, so it is found in the transcript written out as "Speaker: text"."""
    spans, parts, position = [], [], 0
    for speaker, text in turns:
        part = f"{speaker}: {text}"
        spans.append((position, position + len(part)))
        parts.append(part)
        position += len(part) + 1
    start = " ".join(parts).find(segment[:60])
    if start < 0:
        return []
    end = start + len(segment)
    return [i for i, ((a, b), (speaker, _)) in enumerate(zip(spans, turns))
            if a < end and start < b and speaker != interviewer]


def read_maxqda(segments: Path, code_system: Path, transcripts: list[Path], language: str, interviewer: str,
                top_level: bool = False, counts: MaxqdaCounts | None = None) -> list[tuple[str, CodedTurn]]:
    """(document, turn) pairs: each transcript's participant turns with the codes of the segments in them.
    A transcript's document name is its file name without the extension; ``top_level`` keeps only the
    first part of each code path (the code group)."""
    counts = counts if counts is not None else MaxqdaCounts()
    by_document = {path.stem: transcript_turns(text_of(path)) for path in transcripts}
    rows = coded_segments(text_of(segments), code_names(text_of(code_system)), set(by_document), counts)
    codes: dict[tuple[str, int], set[str]] = {}
    for document, path, segment in rows:
        code = path[0] if top_level else " > ".join(path)
        hits = _turns_under(by_document[document], segment, interviewer)
        if not hits:
            counts.segments_not_found.append(f"{document}: {segment[:50]}")
        for i in hits:
            codes.setdefault((document, i), set()).add(code)
    result = []
    for document, turns in by_document.items():
        question = ""
        for i, (speaker, text) in enumerate(turns):
            if speaker == interviewer:
                question = text
                continue
            result.append((document, CodedTurn(text, frozenset(codes.get((document, i), ())),
                                               f"{document} #{i + 1}", question, language)))
    return result
