"""The suggestion engine: codebooks in, scored codes with evidence per segment out.

Pure: no database. ``qualcode.app.suggesting.batch`` runs it over a project.

>>> engine = SuggestionEngine(codebooks)            # doctest: +SKIP
>>> engine.suggest_text("老师一直鼓励我要有自信")       # doctest: +SKIP
[ScoredCode(code_id='PF_CONFIDENCE', score=0.6, evidence=(Evidence(keyword='自信', ...),))]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from qualcode.core.models import Codebook, Segment
from qualcode.nlp.compile import ENGINE_VERSION, CompiledKeywords, compile_codebooks
from qualcode.nlp.language import detect_segment_language
from qualcode.nlp.matcher import find_hits, find_hits_many
from qualcode.nlp.scoring import ScoredCode, score_hits
from qualcode.nlp.settings import NlpSettings


@dataclass(frozen=True, slots=True)  # slots: one per segment, built faster
class SegmentSuggestions:
    segment_id: int
    language: str
    codes: tuple[ScoredCode, ...]


class SuggestionEngine:
    def __init__(self, codebooks: Iterable[Codebook], settings: NlpSettings | None = None) -> None:
        self.settings = settings or NlpSettings()
        self.codebooks = tuple(codebooks)
        self.compiled: CompiledKeywords = compile_codebooks(self.codebooks, self.settings)

    @property
    def version(self) -> str:
        return ENGINE_VERSION

    @property
    def fingerprint(self) -> str:
        """Identifies the engine, the keywords and the settings: finished work is redone when it changes."""
        return self.compiled.fingerprint

    @property
    def warnings(self) -> list[str]:
        return list(self.compiled.warnings)

    def suggest_text(self, text: str, *, language: str | None = None,
                     min_score: float | None = None) -> list[ScoredCode]:
        language = language or detect_segment_language(text)
        threshold = self.settings.min_score if min_score is None else min_score
        hits = find_hits(self.compiled, text, language)
        if not hits:
            return []
        return [scored for scored in score_hits(self.compiled, text, hits) if scored.score >= threshold]

    def suggest_segment(self, segment: Segment, *, min_score: float | None = None,
                        default_language: str = "zh", question: str = "") -> SegmentSuggestions:
        """Suggestions for a stored segment; interviewer turns get none unless configured.

        ``question`` (the previous interviewer turn) is unused by keywords; the learned engine reads it.
        """
        if segment.role == "interviewer" and not self.settings.suggest_interviewer:
            # Skipped: its language is never read, so it is not detected (a third of a transcript's text).
            return SegmentSuggestions(segment.id, default_language, ())
        language = detect_segment_language(segment.text, default_language)
        codes = self.suggest_text(segment.text, language=language, min_score=min_score)
        return SegmentSuggestions(segment.id, language, tuple(codes))

    def suggest_segments(self, segments: Sequence[Segment], questions: Sequence[str], *,
                         min_score: float | None = None, default_language: str = "zh") -> list[SegmentSuggestions]:
        """:meth:`suggest_segment` for each of a document's segments (with the question before each, which
        keywords do not read): the same call as the combined engine's, which scores them in one batch.

        The same results as one segment at a time, worked in batches of :data:`BATCH_SEGMENTS` in three
        passes (every turn's tokens, then every turn's hits, then every turn's scores), so each pass runs
        with its own tables warm in the processor's caches: about a sixth less CPU on English turns
        (docs/performance.md, h/en14e). A batch bounds the tokens held at once."""
        threshold = self.settings.min_score if min_score is None else min_score
        skip_interviewer = not self.settings.suggest_interviewer
        results: list[SegmentSuggestions] = []
        for first in range(0, len(segments), BATCH_SEGMENTS):
            batch = segments[first:first + BATCH_SEGMENTS]
            # Interviewer turns skipped as in suggest_segment: no language detected, no codes.
            asked = [segment for segment in batch if not (skip_interviewer and segment.role == "interviewer")]
            languages = [detect_segment_language(segment.text, default_language) for segment in asked]
            texts = [segment.text for segment in asked]
            found = find_hits_many(self.compiled, texts, languages)
            codes = iter([tuple(scored for scored in score_hits(self.compiled, text, hits) if scored.score >= threshold)
                          if hits else () for text, hits in zip(texts, found)])
            languages_of = iter(languages)
            results += [SegmentSuggestions(segment.id, default_language, ())
                        if skip_interviewer and segment.role == "interviewer"
                        else SegmentSuggestions(segment.id, next(languages_of), next(codes))
                        for segment in batch]
        return results


# Segments per batch of suggest_segments (interviewer turns included): the tokens of at most this many
# turns are held at once. 20 to 1,000 turns at a time measured alike; one at a time cost more.
BATCH_SEGMENTS = 128
