"""Matching spreadsheet rows to a project's segments, in order.

Rows are matched within their document (or their participant's documents, or
the whole project when a sheet names neither), walking forward: a row is
looked for after the segment the previous row matched, so ten rows of ``嗯。``
land on ten successive ``嗯。`` turns instead of all on the first. Per row:
the segment number when given; else the exact text (ignoring whitespace),
with or without a leading speaker label; else a segment containing the
excerpt; else the most similar text by rapidfuzz above a threshold -- first
after the previous match, then anywhere in the document.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePath

from rapidfuzz import fuzz, process

from qualcode.core.text_forms import name_key
from qualcode.io.coded_sheets_read import SheetRow

_SPACE = re.compile(r"\s+")
_LABEL = re.compile(r"^\s*(?:\[\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\]\s*)?[^\s：:\[\]]{1,24}\s*[：:]\s*")
MIN_FUZZY_LENGTH = 4  # similarity over two or three characters means nothing


@dataclass(frozen=True)
class TargetSegment:
    segment_id: int
    document_id: int
    document: str
    ordinal: int
    start: int
    end: int
    text: str
    case_id: str | None = None


@dataclass(frozen=True)
class TargetDocument:
    document_id: int
    name: str
    case_id: str | None
    segments: tuple[TargetSegment, ...]


@dataclass(frozen=True)
class RowMatch:
    row: SheetRow
    segment: TargetSegment | None
    how: str = ""  # "segment number", "exact text", "text without speaker label", "excerpt", "similar text (93)",
    # "several turns"
    problem: str = ""  # why unmatched, or a warning for a match
    also: tuple[TargetSegment, ...] = ()  # the following turns when the row's text runs over several

    @property
    def segments(self) -> tuple[TargetSegment, ...]:
        return ((self.segment,) if self.segment else ()) + self.also


def squash(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFC", text or ""))


def without_label(text: str) -> str:
    stripped = _LABEL.sub("", text, count=1)
    return stripped if stripped.strip() else text


@dataclass
class _Track:
    segments: list[TargetSegment]
    squashed: list[str] = field(default_factory=list)
    cursor: int = 0  # index after the last matched segment
    last_codes: set[str] = field(default_factory=set)  # codes the rows matched there so far carried

    def __post_init__(self) -> None:
        self.squashed = [squash(s.text) for s in self.segments]


class SegmentMatcher:
    def __init__(self, documents: list[TargetDocument], *, threshold: float = 85.0, form: str = "long") -> None:
        self.documents = documents
        self.threshold = threshold
        self.form = form
        self._by_name: dict[str, TargetDocument] = {}
        # "Ｓ01_pre" in a sheet typed with a Chinese input method is the project's "S01_pre" (and the reverse):
        # names compared width- and case-insensitively when no name is written the same way.
        self._by_key: dict[str, dict[int, TargetDocument]] = {}
        for doc in documents:
            for key in (doc.name, PurePath(doc.name).stem):
                self._by_name.setdefault(key.lower(), doc)
                self._by_key.setdefault(name_key(key), {})[doc.document_id] = doc
        self._tracks: dict[tuple, _Track] = {}
        self._shifts: dict[int, int] = {}  # per document: how far off the sheet's turn numbers were last found

    def document(self, name: str) -> TargetDocument | None:
        return self._document_named(name)[0]

    def _document_named(self, name: str) -> tuple[TargetDocument | None, str]:
        """The document ``name`` names, or None and why: none, or several written alike (never one of them)."""
        doc = self._by_name.get(name.lower()) or self._by_name.get(PurePath(name).stem.lower())
        if doc is not None:
            return doc, ""
        alike = {**self._by_key.get(name_key(name), {}), **self._by_key.get(name_key(PurePath(name).stem), {})}
        if len(alike) == 1:
            return next(iter(alike.values())), ""
        if alike:
            names = ", ".join(repr(d.name) for d in alike.values())
            return None, f"{name!r} could be any of the documents {names} (written alike in another width or case)"
        return None, f"no document named {name!r} in the project"

    def match_all(self, rows: list[SheetRow]) -> list[RowMatch]:
        return [self.match(row) for row in rows]

    def match(self, row: SheetRow) -> RowMatch:
        docs, problem = self._documents_for(row)
        if problem:
            return RowMatch(row, None, problem=problem)
        if row.ordinal is not None:
            return self._by_ordinal(row, docs)
        query = row.text or row.excerpt
        if not query or not squash(query):
            return RowMatch(row, None, problem="no text and no segment number")
        key = tuple(d.document_id for d in docs)
        track = self._tracks.get(key)
        if track is None:
            track = self._tracks[key] = _Track([s for d in docs for s in d.segments])
        # long form: the next row may be another code for the same turn, unless it repeats a code
        again = self.form == "long" and track.cursor > 0 and not (set(row.codes) & track.last_codes)
        found = self._find(track, query, is_excerpt=row.text is None, include_last=again)
        if found is None:
            return RowMatch(row, None, problem=f"no segment with this text: {query[:40]!r}")
        index, how, count = found
        last = index + count - 1
        if last + 1 != track.cursor:
            track.last_codes = set()
        track.cursor = last + 1
        track.last_codes |= set(row.codes)
        return RowMatch(row, track.segments[index], how, also=tuple(track.segments[index + 1:last + 1]))

    def _documents_for(self, row: SheetRow) -> tuple[list[TargetDocument], str]:
        if row.document:
            doc, problem = self._document_named(row.document)
            return ([doc], "") if doc else ([], problem)
        if row.participant:
            docs = [d for d in self.documents if (d.case_id or "").lower() == row.participant.lower()]
            alike = [d for d in self.documents if name_key(d.case_id or "") == name_key(row.participant)]
            if not docs and len({d.case_id for d in alike}) == 1:   # "Ｓ01" for S01, never two cases for one
                docs = alike
            return (docs, "") if docs else ([], f"no document of participant {row.participant!r}")
        return self.documents, ""

    def _by_ordinal(self, row: SheetRow, docs: list[TargetDocument]) -> RowMatch:
        if len(docs) != 1:
            return RowMatch(row, None, problem="a segment number needs a document column (this participant "
                                                "or project has several documents)")
        segment = next((s for s in docs[0].segments if s.ordinal == row.ordinal), None)
        if segment is None:
            return RowMatch(row, None, problem=f"{docs[0].name} has no segment {row.ordinal}")
        quoted = row.excerpt or row.text
        if quoted and not self._holds(segment, quoted):
            elsewhere = self._turn_holding(docs[0], quoted, near=row.ordinal,
                                           shift=self._shifts.get(docs[0].document_id, 0))
            if elsewhere is not None:  # the numbers are off (made before a revision, or counted another way)
                self._shifts[docs[0].document_id] = elsewhere.ordinal - row.ordinal
                return RowMatch(row, elsewhere, "text, not its segment number",
                                problem=f"its text {quoted[:30]!r} is in {docs[0].name} segment {elsewhere.ordinal}, "
                                        f"not {row.ordinal}: coded there (the sheet's turn numbers are off, perhaps "
                                        "from before the transcript was revised)")
            return RowMatch(row, segment, "segment number",
                            problem=f"its text {quoted[:30]!r} is not in {docs[0].name} segment {row.ordinal}")
        if quoted:
            self._shifts[docs[0].document_id] = 0
        return RowMatch(row, segment, "segment number")

    def _holds(self, segment: TargetSegment, quoted: str) -> bool:
        return squash(without_label(quoted)) in squash(segment.text) or \
            fuzz.partial_ratio(squash(quoted), squash(segment.text)) >= self.threshold

    def _turn_holding(self, document: TargetDocument, quoted: str, *, near: int,
                      shift: int = 0) -> TargetSegment | None:
        """The one turn of the document whose words hold the row's text (the nearest to ``near`` when several
        do, as a repeated 嗯。 would); None when none does. Text too short to tell turns apart (嗯。) is placed
        only by the shift the rows before it found: turn ``near + shift`` when its words are exactly these."""
        bare = squash(without_label(quoted))
        if len(bare) < MIN_FUZZY_LENGTH:
            shifted = next((s for s in document.segments if s.ordinal == near + shift), None)
            return shifted if shift and shifted is not None and squash(shifted.text) == bare else None
        holding = [s for s in document.segments if bare in squash(s.text)] or \
            [s for s in document.segments if fuzz.partial_ratio(bare, squash(s.text)) >= self.threshold]
        return min(holding, key=lambda s: abs(s.ordinal - near - shift)) if holding else None

    def _find(self, track: _Track, query: str, *, is_excerpt: bool,
              include_last: bool) -> tuple[int, str, int] | None:
        """(first segment index, how, number of successive segments) or None."""
        exact, bare = squash(query), squash(without_label(query))
        start = track.cursor - 1 if include_last else track.cursor
        order = list(range(start, len(track.segments))) + list(range(0, start))
        for wanted, how in ((exact, "exact text"), (bare, "text without speaker label")):
            for index in order:
                if track.squashed[index] == wanted:
                    return index, how, 1
        several = _several_turns(track, query, order)
        if several is not None:
            return several
        if is_excerpt and len(bare) >= MIN_FUZZY_LENGTH:
            for index in order:
                if bare in track.squashed[index]:
                    return index, "excerpt", 1
        if len(bare) < MIN_FUZZY_LENGTH:
            return None
        for window in (order[: len(track.segments) - start], order):
            choices = {i: track.squashed[i] for i in window}
            best = process.extractOne(bare, choices, scorer=fuzz.ratio, score_cutoff=self.threshold)
            if best is not None:
                return best[2], f"similar text ({best[1]:.0f})", 1
        return None


def _several_turns(track: _Track, query: str, order: list[int]) -> tuple[int, str, int] | None:
    """A cell holding several labelled lines (``受访者：…\n访谈者：…``): the successive turns they are.

    Line-based tools export a selection over two turns this way; matching it by similarity would put
    the code on one turn only and lose the rest without a word.
    """
    turns: list[str] = []  # a line with a speaker label starts a turn; other lines continue it
    for line in query.splitlines():
        if not line.strip():
            continue
        if _LABEL.match(line) or not turns:
            turns.append(line)
        else:
            turns[-1] += line
    lines = [squash(without_label(turn)) for turn in turns]
    if len(lines) < 2:
        return None
    for index in order:
        if index + len(lines) <= len(track.segments) and all(
                track.squashed[index + k] == line for k, line in enumerate(lines)):
            return index, "several turns", len(lines)
    return None


def passage(segment: TargetSegment, row: SheetRow) -> tuple[int, int, str]:
    """The part of the matched turn a long row codes: (start, end, warning or "").

    A row with ``start``/``end`` offsets (``qualcode export long`` writes them) codes that part of the turn, not
    the whole turn: a passage of seven characters came back as the whole turn of seventy, which changes what the
    coder coded and the span-overlap agreement. When the offsets are off (the sheet was written before the
    transcript was revised), the row's ``text`` is looked for in the turn instead.
    """
    whole = (segment.start, segment.end, "")
    if row.start is None or row.end is None or row.end <= row.start:
        return whole
    quoted = row.text
    if segment.start <= row.start and row.end <= segment.end:
        words = segment.text[row.start - segment.start:row.end - segment.start]
        if quoted is None or squash(quoted) == squash(words):
            return row.start, row.end, ""
    if quoted and squash(quoted) == squash(segment.text):
        return whole
    if quoted:
        at = _nearest_occurrence(segment.text, quoted.strip(), near=row.start - segment.start)
        if at is not None:
            return segment.start + at, segment.start + at + len(quoted.strip()), ""
    return (*whole[:2], f"its offsets {row.start}\u2013{row.end} are not inside {segment.document} segment "
                        f"{segment.ordinal} (the transcript was revised since the sheet was written?): coded that "
                        "turn whole; check it, or export the sheet with --with-text so that its rows follow their words")


def _nearest_occurrence(text: str, words: str, *, near: int) -> int | None:
    found = [m.start() for m in re.finditer(re.escape(words), text)] if words else []
    return min(found, key=lambda at: abs(at - near)) if found else None
