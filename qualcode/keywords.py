"""`qualcode keywords propose|add`: learn keywords from what has been coded, write them to the codebook."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Sequence

from qualcode.core.errors import NotFoundError, QualcodeError
from qualcode.nlp.keyness import KeywordCandidate, LabeledSegment, rank_keywords
from qualcode.suggest import build_engine


def coded_segments(project, *, coder: str | None = None, reference: Path | None = None) -> list[LabeledSegment]:
    """Participant segments of the coded documents, each with the codes the coder (or reference) gave it."""
    from qualcode.evaluate import participant_segments, reference_from_csv, reference_from_project

    if reference is not None:
        gold = reference_from_csv(reference, coder=coder)
    else:
        gold = reference_from_project(project, coder or project.coder)
    segments = participant_segments(project, {name for name, _ in gold})
    return [dataclasses.replace(seg, codes=frozenset(gold.get(key, ()))) for key, seg in segments.items()]


def propose_keywords(project, *, code_ids: Sequence[str] = (), coder: str | None = None,
                     reference: Path | None = None, top: int = 10,
                     min_count: int = 2) -> dict[str, list[KeywordCandidate]]:
    """Ranked new keywords per code; words the code's keywords already find are left out."""
    engine = build_engine(project)
    for code_id in code_ids:
        if code_id not in engine.compiled.codes:
            raise NotFoundError(f"no code {code_id!r} in the project's codebooks")
    segments = coded_segments(project, coder=coder, reference=reference)
    if not any(s.codes for s in segments):
        raise QualcodeError("no coded participant segments to learn from")

    def already_matched(code_id: str, word: str, language: str) -> bool:
        return any(s.code_id == code_id for s in engine.suggest_text(word, language=language, min_score=0))

    return rank_keywords(segments, code_ids=list(code_ids) or None, already_matched=already_matched, top=top,
                         min_count=min_count, settings=engine.settings)
