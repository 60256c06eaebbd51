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
from qualcode.nlp.matcher import find_hits
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
        keywords do not read): the same call as the combined engine's, which scores them in one batch."""
        return [self.suggest_segment(segment, min_score=min_score, default_language=default_language)
                for segment in segments]
