"""`qualcode next`: which uncoded (and not reviewed) participant turns would teach the learned model most.

Uncertainty sampling: each uncoded turn is scored by every learned code; the turn whose score sits
closest to a code's threshold is the one the model is least sure about, so coding it first gives
the model the most information per coding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from qualcode.app.coding.reviews import reviewed_uncoded_segment_ids
from qualcode.app.suggesting.learning import train_for_project, why_nothing_was_learned
from qualcode.core.errors import QualcodeError
from qualcode.nlp.language import detect_segment_language
from qualcode.nlp.learned import uncertainty
from qualcode.storage import repository as repo


@dataclass(frozen=True)
class NextTurn:
    document: str
    ordinal: int
    margin: float      # |score - threshold| of the least certain code
    code: str
    score: float
    threshold: float
    text: str


def next_turns(project, *, limit: int = 10,
               train_coders: Sequence[str] | None = None,
               embeddings: bool | None = None) -> tuple[list[NextTurn], int, str, tuple[str, ...]]:
    """The ``limit`` least certain uncoded participant turns, how many uncoded turns there are, the model note,
    and why some codes were not learned (those codes take no part in the order, which the caller says).
    ``train_coders``: whose codings train the model (default: qualcode.toml's ``[suggest] train_coders``);
    ``embeddings``: with sentence embeddings (default: ``[suggest] embeddings``)."""
    training = train_for_project(project, project.codebooks(), coders=train_coders, embeddings=embeddings)
    if training.wrong_coder:
        raise QualcodeError(training.how)
    if training.engine is None:
        raise QualcodeError(f"nothing to learn from yet: {why_nothing_was_learned(training)}; code a few "
                            "participant turns (at least 3 per code) first, then `qualcode next` orders the rest")
    ranked = []
    decided = reviewed_uncoded_segment_ids(project.conn)   # "no code applies": already answered
    for document in repo.list_documents(project.conn):
        coded = {c.segment_id for c in repo.list_codings(project.conn, document_id=document.id)}
        question = ""
        for segment in repo.list_segments(project.conn, document.id):
            if segment.role == "interviewer":
                question = segment.text
                continue
            if segment.role != "participant" or segment.id in coded or segment.id in decided or not segment.text.strip():
                continue
            language = detect_segment_language(segment.text, document.language or "zh")   # as suggest does
            margin, code, score, threshold = uncertainty(training.engine, segment.text, question, language)
            ranked.append(NextTurn(document.name, segment.ordinal, margin, code, score, threshold, segment.text))
    ranked.sort(key=lambda t: (t.margin, t.document, t.ordinal))
    return ranked[:limit], len(ranked), training.summary(), training.messages


def next_turns_in_own_process(project, *, limit: int = 10) -> tuple[list[NextTurn], int, str, tuple[str, ...]]:
    """:func:`next_turns` in the window's helper process (see :mod:`qualcode.app.suggesting.own_process`)."""
    from qualcode.app.suggesting.own_process import run_in_own_process

    return run_in_own_process(_next_turns_at, str(project.root), project.coder, limit)


def _next_turns_at(root: str, coder: str, limit: int) -> tuple[list[NextTurn], int, str, tuple[str, ...]]:
    from qualcode.app.project import open_project

    with open_project(root, coder=coder) as project:
        return next_turns(project, limit=limit)
