"""`qualcode keywords propose|add`: learn keywords from what has been coded, write them to the codebook."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Sequence

from qualcode.core.errors import NotFoundError, QualcodeError
from qualcode.nlp.keyness import KeywordCandidate, LabeledSegment, rank_keywords
from qualcode.app.suggesting.batch import build_engine


def coded_segments(project, *, coder: str | None = None, reference: Path | None = None) -> list[LabeledSegment]:
    """Participant segments of the coded documents, each with the codes the coder (or reference) gave it."""
    from qualcode.app.suggesting.evaluate import participant_segments, reference_from_csv, reference_from_project

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


def add_keywords(project, code_id: str, words: Sequence[str], *, language: str | None = None) -> dict[str, list[str]]:
    """Append ``words`` to the code's keywords in its codebook file (comments and order kept).

    Each word goes to ``language``, or to zh/en by its script. Returns the words
    added per language (words the code already has are skipped). The file is
    validated before it is replaced, so a bad word leaves it untouched.
    """
    from qualcode.core.codebook_edit import add_keywords as add_to_file
    from qualcode.core.language import detect_language

    words = [w.strip() for w in words if w.strip()]
    if not words:
        raise QualcodeError("name at least one keyword to add")
    if language is not None and language not in ("zh", "en"):
        raise QualcodeError(f"keyword language is zh or en, not {language!r}")
    books = project.codebooks()
    owner = next((b for b in books if any(c.id == code_id for c in b.codes)), None)
    if owner is None or owner.path is None:
        raise NotFoundError(f"no code {code_id!r} in the project's codebooks")
    siblings = [p for p in project.codebook_paths() if Path(p).resolve() != Path(owner.path).resolve()]
    before = next(c for c in owner.codes if c.id == code_id).keywords
    grouped: dict[str, list[str]] = {}
    for word in words:
        grouped.setdefault(language or detect_language(word, default="zh"), []).append(word)
    added: dict[str, list[str]] = {}
    for lang, group in grouped.items():
        add_to_file(owner.path, code_id, group, lang, siblings=siblings)
        known = {w.casefold() for w in before.for_language(lang)}
        added[lang] = [w for w in dict.fromkeys(group) if w.casefold() not in known]
    return added
