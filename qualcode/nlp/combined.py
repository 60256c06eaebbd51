"""One score from two engines: keyword rules and the model learned from the researcher's codings.

Pure: no database. ``qualcode.app.suggesting.batch`` builds it and runs it over a project.

How the two scores become one: the learned probability is first rescaled so that the
code's cross-validated threshold lands exactly on ``min_score`` (a learned suggestion is
"pending for review" exactly when the model, judged on held-out human codings, would say
yes); then keyword score k and rescaled learned score l combine by noisy-or,
1 - (1 - k)(1 - l): either engine alone can propose, and agreement raises the score.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from qualcode.core.models import Evidence, Segment
from qualcode.nlp.engine import SegmentSuggestions, SuggestionEngine
from qualcode.nlp.language import detect_segment_language
from qualcode.nlp.learned import LearnedEngine, LearnedSuggestion
from qualcode.nlp.scoring import ScoredCode

ENGINES = ("keywords", "learned", "both")
LEARNED_FLOOR = 0.05   # raw probability a learned code must reach to be considered at all
CANDIDATE_FLOOR = 0.05  # combined score a ranked candidate below min_score must reach to be kept
GATED_MARGIN = 0.001   # how far below min_score a gated-out turn's best (or a held-back) learned code is put
CANDIDATES = 3         # a turn keeps at least its best three codes (above the floor), ranked
# With the learned engine on, a code at or above min_score is pending only when its score is at least this
# share of the turn's best score; one below it is kept as a ranked candidate, just under min_score and in
# the same order. Most coded turns carry one code, and the per-code cuts are each chosen for that code
# alone, so together they pend a second and third code far weaker than the first, which is mostly wrong.
# 0.6 by one rule over nine public sets (no set loses micro-F1 + recall@3, then the largest mean gain;
# docs/suggestions.md, "A turn's weaker codes wait"); 0 turns it off. Where the researcher's coded turns
# carry k codes on average (rounded), the turn's k-th best score stands for its best: passages coded with six
# aspects each (ASAP) had half their right codes held back by the share of the first.
PENDING_SHARE = 0.6
SHARE_BAND = 0.01      # the width below min_score - GATED_MARGIN into which such codes are put, in order


def rescale(probability: float, threshold: float, min_score: float) -> float:
    """Piecewise-linear map sending 0 -> 0, ``threshold`` -> ``min_score``, 1 -> 1."""
    threshold = min(max(threshold, 1e-6), 1 - 1e-6)
    if probability < threshold:
        return probability / threshold * min_score
    return min_score + (probability - threshold) / (1 - threshold) * (1 - min_score)


def _learned_parts(learned_found, min_score: float) -> dict[str, float]:
    """Each learned code's rescaled score. When the learned engine's gate says no code applies to the turn
    (LearnedSuggestion.gated_out), all of them are scaled down together so the best stays just below
    min_score: none is pending on the learned evidence alone, and their order is kept for the ranking. A
    thin code short of its pending cut (LearnedSuggestion.held_back) is put just below min_score: a
    candidate, still ahead of the codes that scored below it."""
    parts = {found.code: rescale(found.score, found.threshold, min_score) for found in learned_found}
    best = max(parts.values(), default=0.0)
    if best >= min_score and any(found.gated_out for found in learned_found):
        factor = (min_score - GATED_MARGIN) / best
        parts = {code: part * factor for code, part in parts.items()}
    for found in learned_found:
        if found.held_back:
            parts[found.code] = min(parts[found.code], min_score - GATED_MARGIN)
    return parts


def usual_codes_per_turn(learned: LearnedEngine | None) -> int:
    """How many codes the researcher's coded turns carry: the mean over the human-coded turns the model
    learned from, rounded, at least 1 (uncoded turns it learned as negatives do not count)."""
    counts = [len(turn.codes) for turn in (learned.trained_turns if learned is not None else ()) if turn.codes]
    return max(1, round(sum(counts) / len(counts))) if counts else 1


def _weaker_held(scored: list[ScoredCode], threshold: float, share: float, usual: int = 1) -> list[ScoredCode]:
    """``scored`` (best first) with each code at or above ``threshold`` whose score is under ``share`` of the
    turn's ``usual``-th best (its best when coded turns carry one code; the weakest at ``threshold`` when
    fewer reach it) put just below ``threshold``: into a band of width SHARE_BAND under ``threshold -
    GATED_MARGIN``, linearly in its score, so the held codes keep their order (a shared score would rank them
    by code id) and stay ahead of the candidates that scored under the band. Its evidence says why."""
    if not share or not scored or scored[0].score < threshold:
        return scored
    reaching = [code.score for code in scored if code.score >= threshold]
    anchor = reaching[min(usual, len(reaching)) - 1]
    cut = share * anchor
    top = threshold - GATED_MARGIN
    held = []
    for code in scored:
        if threshold <= code.score < cut:
            lowered = round(top - SHARE_BAND * (1 - code.score) / max(1 - threshold, 1e-6), 4)
            note = (f"under {share:g} of this turn's best score {anchor:.2f}: kept as a candidate" if usual == 1 else
                    f"under {share:g} of this turn's score no. {usual}, {anchor:.2f} (your coded turns carry "
                    f"{usual} codes): kept as a candidate")
            evidence = tuple(replace(e, note=f"{e.note}; {note}" if e.note else note) if e.kind == "learned" else e
                             for e in code.evidence)
            code = ScoredCode(code.code_id, lowered, evidence)
        held.append(code)
    return sorted(held, key=lambda s: (-s.score, s.code_id))


def learned_evidence(found: LearnedSuggestion) -> Evidence:
    similar = ", ".join(found.similar)
    return Evidence(keyword=f"like your codings of {similar}" if similar else "learned from your codings",
                    matched=", ".join(found.terms), start=0, end=0, kind="learned", weight=found.score,
                    note=f"model {found.score:.2f}, threshold {found.threshold:.2f}" + (
                        f"; any code applies {found.gate:.2f} < {found.gate_threshold:.2f}, kept as a candidate"
                        if found.gated_out else
                        f"; few examples: pending from {found.pending_threshold:.2f}" if found.held_back else ""))


@dataclass
class CombinedEngine:
    """Keyword engine, learned engine, or both; ``suggest_segment`` like :class:`SuggestionEngine`."""

    keywords: SuggestionEngine | None
    learned: LearnedEngine | None
    min_score: float
    learned_key: str = ""    # fingerprint of what the learned engine was trained on
    codebooks: tuple = ()
    settings: object = None
    training_messages: tuple[str, ...] = ()

    def __getstate__(self) -> dict:
        # Sent to worker processes: the keyword engine is rebuilt there from its codebooks (compiled
        # patterns need not pickle); the trained model travels as it is, so workers never retrain.
        state = dict(self.__dict__)
        state["keywords"] = self.keywords is not None
        return state

    def __setstate__(self, state: dict) -> None:
        had_keywords = state.pop("keywords")
        self.__dict__.update(state)
        self.keywords = SuggestionEngine(self.codebooks, self.settings) if had_keywords else None

    @property
    def version(self) -> str:
        parts = [self.keywords.version] if self.keywords else []
        return "+".join(parts + (["learned-1"] if self.learned else []))

    @property
    def fingerprint(self) -> str:
        keyword_part = self.keywords.fingerprint if self.keywords else "-"
        # The share decides which learned codes are pending: a new value must redo finished documents.
        # So does how many codes coded turns carry, once it is more than one (one: the key as before it counted).
        usual = self.usual_codes
        learned_part = (f"{self.learned_key}|{PENDING_SHARE}" + (f"@{usual}" if usual > 1 else "")
                        if self.learned else "-")
        text = f"{keyword_part}|{learned_part}|{self.min_score}"
        return hashlib.sha256(text.encode()).hexdigest()

    @functools.cached_property
    def usual_codes(self) -> int:
        """How many codes a coded turn usually carries here (:func:`usual_codes_per_turn`)."""
        return usual_codes_per_turn(self.learned)

    @property
    def warnings(self) -> list[str]:
        return self.keywords.warnings if self.keywords else []

    def suggest_segment(self, segment: Segment, *, min_score: float | None = None, default_language: str = "zh",
                        question: str = "") -> SegmentSuggestions:
        return self.suggest_segments([segment], [question], min_score=min_score,
                                     default_language=default_language)[0]

    def suggest_segments(self, segments: Sequence[Segment], questions: Sequence[str], *,
                         min_score: float | None = None, default_language: str = "zh") -> list[SegmentSuggestions]:
        """:meth:`suggest_segment` for each of a document's segments, each read with its question (the
        interviewer turn before it): the learned engine scores the participant turns in one batch
        (:meth:`LearnedEngine.suggest_many`, the same results as one at a time, less CPU)."""
        threshold = self.min_score if min_score is None else min_score
        if self.keywords is None:
            keyword_parts = [self._language_only(segment, default_language) for segment in segments]
        else:  # the keyword engine's batch (the same as one segment at a time, less CPU)
            keyword_parts = [(keyword.language, {s.code_id: s for s in keyword.codes})
                             for keyword in self.keywords.suggest_segments(
                                 segments, questions, min_score=0.0, default_language=default_language)]
        learned_for = [i for i, segment in enumerate(segments)
                       if self.learned is not None and segment.role != "interviewer" and segment.text.strip()]
        learned = self.learned.suggest_many(
            [(segments[i].text, questions[i], keyword_parts[i][0]) for i in learned_for],
            floor=LEARNED_FLOOR, limit=CANDIDATES) if learned_for else []
        by_segment = dict(zip(learned_for, learned))
        share = PENDING_SHARE if self.learned is not None else 0.0
        return [self._combined(language, by_keyword, by_segment.get(i, ()), threshold, segment.id, share,
                               self.usual_codes)
                for i, (segment, (language, by_keyword)) in enumerate(zip(segments, keyword_parts))]

    @staticmethod
    def _language_only(segment: Segment, default_language: str) -> tuple[str, dict]:
        """Without a keyword engine: the segment's language and no keyword suggestions. Interviewer turns
        keep the document's language (the learned model never scores them: it learns participant turns,
        each read with its question); with a keyword engine, :meth:`SuggestionEngine.suggest_segments`
        gives the language and every keyword score (a score below min_score still counts towards the
        noisy-or with the learned score), skipping interviewer turns unless ``[nlp] suggest_interviewer``."""
        if segment.role == "interviewer":   # nothing will suggest it: its language is never read
            return default_language, {}
        return detect_segment_language(segment.text, default_language), {}

    @staticmethod
    def _combined(language: str, by_keyword: dict, learned_found, threshold: float, segment_id: int,
                  share: float = 0.0, usual: int = 1) -> SegmentSuggestions:
        by_learned: dict[str, LearnedSuggestion] = {found.code: found for found in learned_found}
        learned_parts = _learned_parts(learned_found, threshold)
        scored = []
        for code in sorted(set(by_keyword) | set(by_learned)):
            k = by_keyword[code].score if code in by_keyword else 0.0
            learned = by_learned.get(code)
            l = learned_parts[code] if learned else 0.0
            score = round(1 - (1 - k) * (1 - l), 4)
            if score < CANDIDATE_FLOOR:
                continue
            evidence = (by_keyword[code].evidence if code in by_keyword else ()) + (
                (learned_evidence(learned),) if learned else ())
            scored.append(ScoredCode(code, score, evidence))
        scored.sort(key=lambda s: (-s.score, s.code_id))
        scored = _weaker_held(scored, threshold, share, usual)
        # Every code at or above min_score, topped up to CANDIDATES with the best below it. Those below are
        # stored as ranked candidates (status "candidate"), which review, bulk accept and counts never read.
        above = sum(s.score >= threshold for s in scored)
        return SegmentSuggestions(segment_id, language, tuple(scored[:max(above, CANDIDATES)]))
