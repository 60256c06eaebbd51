"""`qualcode next`: which uncoded (and not reviewed) participant turns would teach the learned model most.

Uncertainty sampling: each uncoded turn is scored by every learned code; the turn whose score sits
closest to a code's threshold is the one the model is least sure about, so coding it first gives
the model the most information per coding.

"Uncoded" means uncoded for the model: when ``[suggest] train_coders`` (or ``--train-coder``) chooses whose
codings train it, a turn only another coder coded (or marked "no code applies") teaches this model nothing
yet, so it is a candidate like any uncoded turn; each such turn names those other coders and the result
counts them, so the caller can say why a turn someone coded is listed.

On a large project the model looks at a random draw of the candidates (``[suggest] next_sample``, 10,000
turns): scoring all 100,000 uncoded turns of 1,200 interviews took 48 s a call, three quarters of it jieba.
Uncertainty sampling over a random draw of the pool is the usual way to keep it fast; the least certain turn
of 10,000 is among the least certain of them all. The draw is seeded by the model, so the order holds until
the model is retrained, and the result says how many turns were looked at.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Sequence

from qualcode.app.coding.reviews import reviewed_uncoded_segment_ids
from qualcode.app.suggesting.learning import train_for_project, training_coders, why_nothing_was_learned
from qualcode.app.suggesting.token_memory import remembering_tokens
from qualcode.core.config import count_setting
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
    coded_by: tuple[str, ...] = ()   # coders outside the training coders who coded this turn


@dataclass(frozen=True)
class NextTurns:
    turns: list[NextTurn]                # the ``limit`` least certain, least certain first
    total: int                           # every candidate turn
    note: str                            # the model note ("built, 12 coded turn(s) by A, 0 reviewed uncoded")
    not_learned: tuple[str, ...]         # why some codes were not learned (they take no part in the order)
    coders: tuple[str, ...] = ()         # the chosen training coders; empty: every coder's codings count
    coded_by_others: int = 0             # candidates another (non-training) coder coded
    looked_at: int = 0                   # candidates the model scored: all of them, or a random draw of them


NEXT_SAMPLE = 10_000   # [suggest] next_sample: uncoded turns scored per call at most


def next_turns(project, *, limit: int = 10, train_coders: Sequence[str] | None = None,
               embeddings: bool | None = None) -> NextTurns:
    """The ``limit`` least certain participant turns the training coders have not coded, how many there are,
    the model note, and why some codes were not learned (those codes take no part in the order, which the
    caller says). ``train_coders``: whose codings train the model (default: qualcode.toml's
    ``[suggest] train_coders``; none chosen: every coder's, and a turn anyone coded is not a candidate);
    ``embeddings``: with sentence embeddings (default: ``[suggest] embeddings``)."""
    training = train_for_project(project, project.codebooks(), coders=train_coders, embeddings=embeddings)
    if training.wrong_coder:
        raise QualcodeError(training.how)
    if training.engine is None:
        raise QualcodeError(f"nothing to learn from yet: {why_nothing_was_learned(training)}; code a few "
                            "participant turns (at least 3 per code) first, then `qualcode next` orders the rest")
    chosen = training_coders(project, train_coders)
    candidates = _candidates(project.conn, chosen)
    sample = count_setting(project.config, "suggest.next_sample", NEXT_SAMPLE, "turns")
    looked_at = (random.Random(training.key).sample(candidates, sample) if len(candidates) > sample
                 else candidates)
    languages = [detect_segment_language(text, document.language or "zh")   # as suggest does
                 for document, _, text, _, _ in looked_at]
    chinese = [text for (_, _, turn, question, _), language in zip(looked_at, languages) if language != "en"
               for text in (turn, question)]
    ranked = []
    with remembering_tokens(project.db_path.parent, chinese):   # the turns' tokens from the last call: jieba splits only new ones
        for (document, ordinal, text, question, coders), language in zip(looked_at, languages):
            margin, code, score, threshold = uncertainty(training.engine, text, question, language)
            ranked.append(NextTurn(document.name, ordinal, margin, code, score, threshold, text,
                                   tuple(sorted(coders))))
    ranked.sort(key=lambda t: (t.margin, t.document, t.ordinal))
    return NextTurns(ranked[:limit], len(candidates), training.summary(), training.messages, chosen,
                     sum(bool(coders) for *_, coders in candidates), len(looked_at))


def _candidates(conn, chosen: tuple[str, ...]) -> list[tuple]:
    """(document, ordinal, text, question, coders) of every participant turn the training coders (``chosen``;
    none: anyone) have neither coded nor marked "no code applies", in document and turn order. Read as plain
    rows, one document at a time: a Segment object per turn of 1,200 interviews cost most of a second."""
    decided = reviewed_uncoded_segment_ids(conn, coders=chosen)
    coders_of = repo.coders_by_segment(conn)
    found = []
    for document in repo.list_documents(conn):
        text = None
        question = ""
        for segment_id, ordinal, start, end, role in repo.turn_spans(conn, document.id):
            if role == "interviewer":
                text = repo.document_text(conn, document.id) if text is None else text
                question = text[start:end]
                continue
            coders = coders_of.get(segment_id, set())
            taught = coders & set(chosen) if chosen else coders
            if role != "participant" or taught or segment_id in decided:
                continue
            text = repo.document_text(conn, document.id) if text is None else text
            turn = text[start:end]
            if turn.strip():
                found.append((document, ordinal, turn, question, coders))
    return found


def next_turns_in_own_process(project, *, limit: int = 10) -> NextTurns:
    """:func:`next_turns` in the window's helper process (see :mod:`qualcode.app.suggesting.own_process`)."""
    from qualcode.app.suggesting.own_process import run_in_own_process

    return run_in_own_process(_next_turns_at, str(project.root), project.coder, limit)


def _next_turns_at(root: str, coder: str, limit: int) -> NextTurns:
    from qualcode.app.project import open_project

    with open_project(root, coder=coder) as project:
        return next_turns(project, limit=limit)
