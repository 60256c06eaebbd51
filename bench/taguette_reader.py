"""Coded turns from a Taguette project database (its SQLite file), for the learned-engine bench.

Taguette keeps each document as HTML (``documents.contents``) and each highlight as a span of that
document (``highlights.start_offset``/``end_offset``) with its tags (``highlight_tags`` → ``tags.path``).
The offsets count UTF-8 bytes of the document's text with the HTML tags removed and the entities
decoded (checked on a real project: all 1,794 highlights' offsets give back their stored snippet).

A paragraph (``<p>``, ``<br>``, a heading, a list item or a line break) is a turn. Paragraphs that
match ``question_pattern`` are the interviewer's (or the task sheet's) and are not scored: the latest
one is the question of the turns after it. Two ways to cut the coded unit:

- ``unit="paragraph"``: every other paragraph is a turn, with the tags of every highlight that
  overlaps it (uncoded paragraphs count, with no codes) — what `suggest` sees in a transcript;
- ``unit="highlight"``: every highlight is a turn with its own tags, and the paragraphs no highlight
  touches are uncoded turns — the researcher's own unit.

Nothing is dropped silently: ``TaguetteCounts`` says how many highlights had no tag, fell only on
question paragraphs (``unit="paragraph"`` only), or had an empty text.
"""

from __future__ import annotations

import html
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from qualcode.nlp.learned import CodedTurn

TAG = re.compile(r"<[^>]*>")
BLOCK_END = re.compile(r"</?(p|div|li|h[1-6]|br|tr|blockquote)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Paragraph:
    start: int     # byte offsets in the document's text, as Taguette counts them
    end: int
    text: str


@dataclass
class TaguetteCounts:
    documents: int = 0
    highlights: int = 0
    untagged_highlights: int = 0
    highlights_on_questions_only: int = 0
    empty_highlights: int = 0
    paragraphs_kept: list[int] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.documents} documents, {self.highlights} highlights "
                f"(skipped: {self.untagged_highlights} without a tag, {self.highlights_on_questions_only} only on "
                f"question paragraphs, {self.empty_highlights} with no text)")


def paragraphs(contents: str) -> list[Paragraph]:
    """The document's non-blank paragraphs with their byte spans in Taguette's text."""
    found: list[Paragraph] = []
    position, current, current_start = 0, [], 0

    def close() -> None:
        text = "".join(current)
        if text.strip():
            found.append(Paragraph(current_start, position, text.strip()))
        current.clear()

    for piece in re.split(r"(<[^>]*>)", contents):
        if TAG.fullmatch(piece):
            if BLOCK_END.match(piece):
                close()
                current_start = position
            continue
        for k, line in enumerate(html.unescape(piece).split("\n")):
            if k:
                close()
                position += 1
                current_start = position
            current.append(line)
            position += len(line.encode("utf-8"))
    close()
    return found


def read_taguette(path: Path, language: str, question_pattern: str | None = None, unit: str = "paragraph",
                  counts: TaguetteCounts | None = None) -> list[tuple[str, CodedTurn]]:
    """(document name, turn) pairs from a Taguette database, in document order."""
    counts = counts if counts is not None else TaguetteCounts()
    asks = re.compile(question_pattern) if question_pattern else None
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        documents = db.execute("SELECT id, name, contents FROM documents ORDER BY id").fetchall()
        tags: dict[int, set[str]] = {}
        spans: dict[int, list[tuple[int, int, int]]] = {}
        for hid, doc, start, end in db.execute("SELECT id, document_id, start_offset, end_offset FROM highlights"):
            spans.setdefault(doc, []).append((start, end, hid))
            tags[hid] = set()
        for hid, tag in db.execute("SELECT ht.highlight_id, t.path FROM highlight_tags ht "
                                   "JOIN tags t ON t.id = ht.tag_id"):
            tags.setdefault(hid, set()).add(tag)
    turns: list[tuple[str, CodedTurn]] = []
    for doc, name, contents in documents:
        counts.documents += 1
        turns.extend(_document_turns(name, contents, sorted(spans.get(doc, [])), tags, asks, unit, language, counts))
    return turns


def taguette_descriptions(path: Path) -> dict[str, list[str]]:
    """Each tag's description, as a codebook's description of the code (blank ones left out)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return {tag: [text.strip()] for tag, text in db.execute("SELECT path, description FROM tags")
                if text and text.strip()}


def _document_turns(name, contents, spans, tags, asks, unit, language, counts) -> list[tuple[str, CodedTurn]]:
    text_bytes = html.unescape(TAG.sub("", contents)).encode("utf-8")
    parts = paragraphs(contents)
    is_question = [bool(asks and asks.search(p.text)) for p in parts]
    question_before = []
    latest = ""
    for p, asked in zip(parts, is_question):
        question_before.append(latest)
        latest = p.text if asked else latest
    touched: dict[int, set[str]] = {}
    units: list[tuple[int, CodedTurn]] = []
    for start, end, hid in spans:
        counts.highlights += 1
        overlapping = [i for i, p in enumerate(parts) if p.start < end and start < p.end]
        # A highlight is the researcher's unit even on a task line that holds the participant's words too;
        # as paragraphs, those lines are the interviewer's and are not scored.
        hit = overlapping if unit == "highlight" else [i for i in overlapping if not is_question[i]]
        snippet = text_bytes[start:end].decode("utf-8", "replace").strip()
        if not tags.get(hid):
            counts.untagged_highlights += 1
        elif not hit:
            counts.highlights_on_questions_only += 1
        elif not snippet:
            counts.empty_highlights += 1
        else:
            for i in hit:
                touched.setdefault(i, set()).update(tags[hid])
            if unit == "highlight":
                units.append((hit[0], CodedTurn(snippet, frozenset(tags[hid]), f"{name} h{hid}",
                                                question_before[hit[0]], language)))
    for i, p in enumerate(parts):
        if is_question[i] or (unit == "highlight" and i in touched):
            continue
        units.append((i, CodedTurn(p.text, frozenset(touched.get(i, ())), f"{name} ¶{i + 1}", question_before[i],
                                   language)))
    units.sort(key=lambda u: u[0])
    return [(name, turn) for _, turn in units]
