"""Train the learned engine on a project's human codings (through the fingerprint cache).

What counts as a human coding: every coding in the database, whatever its origin —
``manual``, ``import`` and ``suggestion``. A coding of origin ``suggestion`` exists only
because a person accepted that suggestion, so it is a human decision; pending and
rejected suggestions live in the suggestions table and never train the model.

What counts as a negative (a turn no code applies to): an uncoded participant turn only when the
researcher said so — marked "reviewed, no code applies" (the TUI's `x`, or `qualcode review done` for a
whole document). An uncoded turn nobody reviewed may simply not be coded yet, so it never trains.
(`eval suggestions` also passes ``uncoded="all"``: its reference documents are complete by the protocol.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from qualcode.app.suggesting.learned_cache import cached_engine, fingerprint
from qualcode.core.models import Codebook
from qualcode.nlp.learned import CodedTurn, LearnedEngine, train
from qualcode.storage import repository as repo


@dataclass(frozen=True)
class Training:
    engine: LearnedEngine | None
    key: str = ""
    how: str = ""                 # "built", "reused", "rebuilt (corrupt cache)", or why nothing was trained
    turns: int = 0                # coded participant turns learned from
    negatives: int = 0            # uncoded participant turns learned from as "no code applies"
    messages: tuple[str, ...] = field(default_factory=tuple)


def coded_turns(conn, *, coder: str | None = None, document_ids: Sequence[int] | None = None,
                uncoded: str = "none") -> list[CodedTurn]:
    """Participant turns with at least one coding, each with its previous interviewer turn as the question.

    ``uncoded`` adds uncoded participant turns, with no codes, as negatives: "reviewed" those marked
    reviewed (by ``coder``, or by anyone when None), "all" every one of the chosen documents."""
    from qualcode.app.coding.reviews import reviewed_uncoded_segment_ids

    reviewed = reviewed_uncoded_segment_ids(conn, coder=coder) if uncoded == "reviewed" else set()
    turns = []
    for document in repo.list_documents(conn):
        if document_ids is not None and document.id not in document_ids:
            continue
        codes_by_segment: dict[int, set[str]] = {}
        for coding in repo.list_codings(conn, document_id=document.id, coder=coder):
            if coding.segment_id is not None:
                codes_by_segment.setdefault(coding.segment_id, set()).add(coding.code_id)
        if not codes_by_segment and uncoded != "all" and not reviewed:
            continue
        question = ""
        for segment in repo.list_segments(conn, document.id):
            if segment.role == "interviewer":
                question = segment.text
                continue
            codes = codes_by_segment.get(segment.id)
            negative = not codes and segment.role == "participant" and (
                uncoded == "all" or segment.id in reviewed)
            if (codes or negative) and segment.text.strip():
                turns.append(CodedTurn(segment.text, frozenset(codes or ()),
                                       f"{document.name} #{segment.ordinal}", question,
                                       document.language or "zh"))
    return turns


def code_hints(codebooks: Sequence[Codebook], known: set[str]) -> dict[str, list[str]]:
    """Description, include note and examples of codes the human has used: extra positive examples."""
    hints = {}
    for book in codebooks:
        for code in book.codes:
            if code.id in known:
                texts = [code.description, code.include, *code.examples]
                hints[code.id] = [text for text in texts if text and text.strip()]
    return hints


def train_for_project(project, codebooks: Sequence[Codebook], *, coder: str | None = None,
                      document_ids: Sequence[int] | None = None, use_cache: bool = True,
                      uncoded: str = "reviewed") -> Training:
    """Train (or reuse the cached model) on the human codings and the reviewed uncoded turns
    (``uncoded``, see :func:`coded_turns`)."""
    turns = coded_turns(project.conn, coder=coder, document_ids=document_ids, uncoded=uncoded)
    negatives = sum(not t.codes for t in turns)
    if negatives == len(turns):
        return Training(None, how="no human codings yet", negatives=negatives)
    defined = {code.id for book in codebooks for code in book.codes}
    used = {code for turn in turns for code in turn.codes}
    dropped = sorted(used - defined)   # a code removed from the codebook: its model is not trained
    turns = [CodedTurn(t.text, t.codes & defined, t.label, t.question, t.language) for t in turns
             if t.codes & defined or not t.codes]
    messages = [f"code {code}: coded in the project but not in any codebook; not learned" for code in dropped]
    if len(turns) == negatives:
        return Training(None, how="no human codings of codes in the codebooks", negatives=negatives,
                        messages=tuple(messages))
    hints = code_hints(codebooks, used & defined)
    language = max(("zh", "en"), key=lambda lang: sum(t.language == lang for t in turns if t.codes))
    key = fingerprint(turns, hints, {"language": language, "coder": coder})

    def build() -> LearnedEngine:
        return train(turns, hints, language=language)

    if use_cache:
        engine, how = cached_engine(project.root / ".qualcode", key, build)
    else:
        engine, how = build(), "built"
    messages += engine.report.messages()
    coded = len(turns) - negatives
    if not engine.models:
        return Training(None, key, "no code has enough examples to learn", coded, negatives, tuple(messages))
    return Training(engine, key, how, coded, negatives, tuple(messages))


def training_note(training: Training) -> str:
    """What the model learned from, for the `engine:` line: "built, 40 coded turn(s), 12 reviewed uncoded"."""
    if not training.turns:
        return training.how
    return f"{training.how}, {training.turns} coded turn(s), {training.negatives} reviewed uncoded"
