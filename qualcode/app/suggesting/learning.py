"""Train the learned engine on a project's human codings (through the fingerprint cache).

What counts as a human coding: every coding in the database, whatever its origin —
``manual``, ``import`` and ``suggestion``. A coding of origin ``suggestion`` exists only
because a person accepted that suggestion, so it is a human decision; pending and
rejected suggestions live in the suggestions table and never train the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from qualcode.app.suggesting.learned_cache import cached_engine, fingerprint
from qualcode.core.models import Codebook
from qualcode.nlp.language import detect_segment_language
from qualcode.nlp.learned import CodedTurn, LearnedEngine, train
from qualcode.storage import repository as repo


@dataclass(frozen=True)
class Training:
    engine: LearnedEngine | None
    key: str = ""
    how: str = ""                 # "built", "reused", "rebuilt (corrupt cache)", or why nothing was trained
    turns: int = 0                # coded participant turns learned from
    messages: tuple[str, ...] = field(default_factory=tuple)
    unsaved: str = ""             # why the trained model could not be cached (it is trained again next time)


def coded_turns(conn, *, coder: str | None = None,
                document_ids: Sequence[int] | None = None) -> list[CodedTurn]:
    """Participant turns with at least one coding, each with its previous interviewer turn as the question."""
    turns = []
    for document in repo.list_documents(conn):
        if document_ids is not None and document.id not in document_ids:
            continue
        codes_by_segment: dict[int, set[str]] = {}
        for coding in repo.list_codings(conn, document_id=document.id, coder=coder):
            if coding.segment_id is not None:
                codes_by_segment.setdefault(coding.segment_id, set()).add(coding.code_id)
        if not codes_by_segment:
            continue
        question = ""
        for segment in repo.list_segments(conn, document.id):
            if segment.role == "interviewer":
                question = segment.text
                continue
            if segment.id in codes_by_segment and segment.text.strip():
                # Each turn in its own language, as `suggest` scores it: an English answer in a Chinese
                # interview was learned from jieba words but scored on English lemmas.
                turns.append(CodedTurn(segment.text, frozenset(codes_by_segment[segment.id]),
                                       f"{document.name} #{segment.ordinal}", question,
                                       detect_segment_language(segment.text, document.language or "zh")))
    return turns


def why_nothing_was_learned(training: Training, shown: int = 3) -> str:
    """``training.how`` with its reasons, for an error line: the first ``shown`` codes named, the rest counted
    (a codebook of 60 codes with two examples each made a line of 4,000 characters)."""
    return reasons_in_brief(training.how, training.messages, shown)


def reasons_in_brief(how: str, reasons: Sequence[str], shown: int = 3) -> str:
    """``how`` followed by the first ``shown`` reasons in parentheses, the others counted."""
    if not reasons:
        return how
    more = f"; and {len(reasons) - shown} more code(s) not learned" if len(reasons) > shown else ""
    return f"{how} ({'; '.join(reasons[:shown])}{more})"


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
                      document_ids: Sequence[int] | None = None, use_cache: bool = True) -> Training:
    turns = coded_turns(project.conn, coder=coder, document_ids=document_ids)
    if not turns:
        return Training(None, how="no human codings yet")
    defined = {code.id for book in codebooks for code in book.codes}
    used = {code for turn in turns for code in turn.codes}
    dropped = sorted(used - defined)   # a code removed from the codebook: its model is not trained
    turns = [CodedTurn(t.text, t.codes & defined, t.label, t.question, t.language) for t in turns
             if t.codes & defined]
    messages = [f"code {code}: coded in the project but not in any codebook; not learned" for code in dropped]
    if not turns:
        return Training(None, how="no human codings of codes in the codebooks", messages=tuple(messages))
    hints = code_hints(codebooks, used & defined)
    language = max(("zh", "en"), key=lambda lang: sum(t.language == lang for t in turns))
    key = fingerprint(turns, hints, {"language": language, "coder": coder})

    def build() -> LearnedEngine:
        return train(turns, hints, language=language)

    unsaved: list[str] = []
    if use_cache:
        engine, how = cached_engine(project.root / ".qualcode", key, build, notes=unsaved)
    else:
        engine, how = build(), "built"
    messages += unsaved + engine.report.messages()
    if not engine.models:
        return Training(None, key, "no code has enough examples to learn", len(turns), tuple(messages))
    return Training(engine, key, how, len(turns), tuple(messages), unsaved[0] if unsaved else "")
