"""What the screens show, read through the project API (no SQL here).

Plain functions returning plain data, so screens stay thin and the same reads
serve the home screen, the coding screen, statistics and the bench.

Blind mode (two coders coding the same transcripts independently) goes through
here too: every read that shows codings, progress or suggestions takes
``coder``; when it is set, only that coder's codings and review marks count and
suggestions look as that coder should see them (another coder's decision shows
as pending), through :mod:`qualcode.analysis.agreement.blind`. ``None`` shows
everyone's work.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from qualcode.app import queries
from qualcode.app.coding import reviews
from qualcode.core.errors import NotFoundError
from qualcode.core.models import Code, Coding, Document, Memo, Segment, Suggestion
from qualcode.app.project import Project

FALLBACK_COLOURS = ("#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46f0f0", "#f032e6",
                    "#bcf60c", "#fabebe", "#008080", "#e6beff", "#9a6324", "#800000", "#aaffc3")


@dataclass(frozen=True)
class DocumentRow:
    id: int
    name: str
    participant: str
    wave: str
    language: str
    participant_segments: int
    reviewed_segments: int
    pending_suggestions: int
    speaker_warnings: tuple[str, ...] = ()  # no participant turns, one dominant speaker (as `status` says)
    counted: bool = True  # False: the first screenful, shown before the counts are made

    @property
    def progress(self) -> float:
        return self.reviewed_segments / self.participant_segments if self.participant_segments else 1.0


def _blind():
    """Blind mode's queries, imported on first use rather than before the home screen's first frame."""
    from qualcode.analysis.agreement import blind

    return blind


def document_rows(project: Project, *, coder: str | None = None) -> list[DocumentRow]:
    from qualcode.app import api  # here, not at the top: the home's first frame needs it not (a worker counts)

    status = api.project_status(project)
    reviewed = reviews.reviewed_counts(project, coder=coder)
    pending = None if coder is None else Counter(
        row.document_id for row in _blind().suggestions_for_coder(project.conn, coder)
        if row.problem is None and row.suggestion.status == "pending")
    return [
        DocumentRow(p.document_id, p.name, p.case_id or "", p.wave or "", p.language, p.participant_segments,
                    reviewed.get(p.document_id, 0),
                    p.pending_suggestions if pending is None else pending[p.document_id],
                    status.speaker_warnings.get(p.document_id, ()))
        for p in status.per_document
    ]


def next_coder(current: str | None, coders: list[str]) -> str | None:
    """The coder filter's next step: everyone (None), then each coder in turn, then everyone again."""
    order = [None, *coders]
    return order[(order.index(current) + 1) % len(order)] if current in order else None


def uncounted_document_rows(project: Project, limit: int) -> list[DocumentRow]:
    """The first ``limit`` documents by name without their counts (one indexed read, no counting)."""
    return [DocumentRow(doc_id, name, case_id or "", wave or "", language, 0, 0, 0, counted=False)
            for doc_id, name, case_id, wave, language in queries.first_documents(project, limit)]


def all_codes(project: Project) -> list[Code]:
    """Every code of every codebook, depth-first, parents before children."""
    return [code for book in project.codebooks() for code in book.codes]


def code_colours(codes: list[Code]) -> dict[str, str]:
    """The codebook's colour, else a stable colour from a fixed palette."""
    return {code.id: code.color or FALLBACK_COLOURS[i % len(FALLBACK_COLOURS)] for i, code in enumerate(codes)}


def code_counts(project: Project, *, coder: str | None = None) -> Counter[str]:
    """Distinct coded turns per code that the exports count (participant turns of current documents)."""
    return Counter(queries.coded_units_per_code(project, coder=coder))


def codings_not_counted(project: Project, *, coder: str | None = None) -> list[str]:
    """The exports' note on the codings they (and :func:`code_counts`) leave out: on interviewer or other turns."""
    return queries.codings_not_counted(project, coder=coder)


def document_code_counts(project: Project, document_id: int, *, coder: str | None = None) -> dict[str, int]:
    """One document's distinct coded turns per code, as the exports count them: the coding screen's tree."""
    units = {(unit, code_id) for _, _, code_id, unit in
             queries.counted_codings(project, coder=coder, document_id=document_id)}
    return dict(Counter(code_id for _, code_id in units))


@dataclass
class TranscriptData:
    """One document as the coding screen needs it."""

    document: Document
    segments: list[Segment]
    codings: list[Coding]
    reviewed: set[int]
    suggestions: list[Suggestion] | None  # None: the suggestion engine is not installed
    memos: dict[tuple[str, str], str] = field(default_factory=dict)  # (target_type, target_id) -> text
    # ^ the current coder's newest memo per target: the one the memo box (m) edits
    all_memos: dict[tuple[str, str], list[Memo]] = field(default_factory=dict)  # every memo, every author

    @property
    def text(self) -> str:
        return self.document.text


def load_transcript(project: Project, document_id: int, *, suggestion_functions=None,
                    coder: str | None = None) -> TranscriptData:
    """The document, its segments, codings, suggestions and memos (only ``coder``'s work when set: blind)."""
    document = queries.get_document(project, document_id)
    segments = queries.list_segments(project, document_id, with_text=False)
    codings = reload_codings(project, document_id, coder=coder)
    suggestions = None
    if suggestion_functions is not None:
        if coder is None:
            found = suggestion_functions.for_document(project, document_id)
        else:
            found = [row.suggestion for row in _blind().suggestions_for_coder(project.conn, coder, document_id=document_id)
                     if row.problem is None]
        suggestions = sorted(found, key=lambda s: (s.segment_id, -s.score, s.code_id))
    memos: dict[tuple[str, str], str] = {}
    all_memos: dict[tuple[str, str], list[Memo]] = {}
    for memo in queries.list_memos(project):  # oldest first, so the newest own memo wins below
        if memo.target_type not in ("segment", "coding", "document"):
            continue
        all_memos.setdefault((memo.target_type, memo.target_id), []).append(memo)
        if memo.author == project.coder:
            memos[(memo.target_type, memo.target_id)] = memo.text
    return TranscriptData(document, segments, codings,
                          reviews.reviewed_segment_ids(project, document_id, coder=coder), suggestions, memos,
                          all_memos)


def turn_suggestions(project: Project, segment_id: int, *, suggestion_functions,
                     coder: str | None = None) -> list[Suggestion]:
    """One turn's suggestions as :func:`load_transcript` reads them (``coder``: as that coder sees them), read
    again after the turn's codings changed: a suggestion whose code the turn now has reads ``coded``. Its
    ranked candidates come too; the screen replaces only the rows it holds, by id."""
    if coder is None:
        return suggestion_functions.for_turn(project, segment_id)
    return [row.suggestion for row in _blind().turn_suggestions_for_coder(project.conn, coder, segment_id)
            if row.problem is None]


def reload_codings(project: Project, document_id: int, *, coder: str | None = None) -> list[Coding]:
    if coder is not None:
        return _blind().codings_of_coder(project.conn, coder, document_id=document_id)
    return queries.list_codings(project, document_id=document_id)


@dataclass
class CodingStats:
    """Distinct coded segments per participant, per wave and code, and per participant and code."""

    participants: list[str]
    waves: list[str]
    codes: list[str]
    per_participant: Counter[str]
    per_wave_code: Counter[tuple[str, str]]
    grid: Counter[tuple[str, str]]


def coding_stats(project: Project, *, coder: str | None = None) -> CodingStats:
    # The codings the exports count (participant turns, each turn's participant): counted from every coding, the
    # statistics showed codings on interviewer turns that the matrix leaves out (S14: 1 here, 0 in the matrix).
    seen: set[tuple[int, str]] = set()
    per_participant: Counter[str] = Counter()
    per_wave_code: Counter[tuple[str, str]] = Counter()
    grid: Counter[tuple[str, str]] = Counter()
    for participant, wave, code_id, unit in queries.counted_codings(project, coder=coder):
        if (unit, code_id) in seen:
            continue
        seen.add((unit, code_id))
        per_participant[participant] += 1
        per_wave_code[(wave or "-", code_id)] += 1
        grid[(participant, code_id)] += 1
    order = [code.id for code in all_codes(project)]
    used = {code_id for _, code_id in grid}
    codes = [c for c in order if c in used] + sorted(used - set(order))
    return CodingStats(sorted(per_participant), sorted({w for w, _ in per_wave_code}), codes,
                       per_participant, per_wave_code, grid)


@dataclass(frozen=True)
class KwicHit:
    document_id: int
    document_name: str
    segment_id: int | None
    ordinal: int | None
    start: int
    end: int
    left: str
    match: str
    right: str


def corpus_matches(project: Project, query: str, *, context: int = 20, cancelled=lambda: False):
    """Yield keyword-in-context hits of ``query`` (case-insensitive) in every current document."""
    import bisect

    from qualcode.core.text_forms import search_form

    needle = search_form(query)   # ３年 is found by 3年, ＱＱ by qq
    if not needle:
        return
    for document in queries.list_documents(project):
        if cancelled():
            return
        text = queries.document_text(project, document.id)
        haystack = search_form(text)
        position = haystack.find(needle)
        if position < 0:
            continue
        segments = queries.list_segments(project, document.id, with_text=False)
        starts = [s.start for s in segments]
        while position >= 0:
            end = position + len(needle)
            index = bisect.bisect_right(starts, position) - 1
            segment = segments[index] if index >= 0 and position < segments[index].end else None
            left = text[max(0, position - context):position].replace("\n", " ")
            right = text[end:end + context].replace("\n", " ")
            yield KwicHit(document.id, document.name, segment.id if segment else None,
                          segment.ordinal if segment else None, position, end, left, text[position:end], right)
            position = haystack.find(needle, end)


@dataclass(frozen=True)
class FlaggedCoding:
    """A coding flagged for review: its transcript was revised, or `doctor --repair` clipped it (``coding_reviews``)."""

    review_id: int
    document_id: int  # the new version of the transcript
    document_name: str
    code_id: str
    coder: str
    reason: str  # "changed" (moved, words changed), "deleted" (words gone; stays on the old version),
    # "clipped" or "split" (`doctor --repair` cut a span that ran outside its turn)
    old_text: str
    new_text: str | None
    coding_id: int | None  # the coding on the new version, None when its words were deleted
    segment_id: int | None
    start: int | None


def flagged_codings(project: Project, *, coder: str | None = None) -> list[FlaggedCoding]:
    """Open reviews (only ``coder``'s codings when set: blind), with where the moved coding now is."""
    from qualcode.app.importing.reanchor import open_reviews

    flagged = []
    for row in open_reviews(project.conn):
        if coder is not None and row["coder"] != coder:
            continue
        coding = None
        if row["coding_id"] is not None:
            try:
                coding = queries.get_coding(project, row["coding_id"])
            except NotFoundError:  # removed since (the review's coding_id is then set NULL; a race at most)
                coding = None
        flagged.append(FlaggedCoding(
            row["id"], row["document_id"], row["document"], row["code_id"], row["coder"], row["reason"],
            row["old_text"], row["new_text"], coding.id if coding else None,
            coding.segment_id if coding else None, coding.start if coding else None))
    return flagged
