"""Train the learned engine on a project's human codings (through the fingerprint cache).

What counts as a human coding: every coding in the database, whatever its origin —
``manual``, ``import`` and ``suggestion``. A coding of origin ``suggestion`` exists only
because a person accepted that suggestion, so it is a human decision; pending and
rejected suggestions live in the suggestions table and never train the model.

Whose codings: every coder's, or only those named by ``[suggest] train_coders`` in qualcode.toml
(``--train-coder`` on ``suggest`` and ``next`` for one run). A named coder without codings is no
model trained on nobody: the training says who does have codings, and the caller decides.

What counts as a negative (a turn no code applies to): an uncoded participant turn only when the
researcher said so — marked "reviewed, no code applies" (the TUI's `x`, or `qualcode review done` for a
whole document) by one of the training coders. An uncoded turn nobody reviewed may simply not be coded
yet, so it never trains. (`eval suggestions` also passes ``uncoded="all"``: its reference documents are
complete by the protocol.)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Sequence

from qualcode.app.suggesting.learned_cache import cached_engine, fingerprint
from qualcode.core.models import Codebook
from qualcode.nlp.compile import give_jieba_the_keywords
from qualcode.nlp.language import detect_segment_language
from qualcode.nlp.learned import (CHINESE_UNIGRAMS, CUT_PRIOR, MIN_EXAMPLES_WITH_TEXT, CodedTurn, LearnedEngine,
                                  train)
from qualcode.storage import repository as repo


@dataclass(frozen=True)
class Training:
    engine: LearnedEngine | None
    key: str = ""
    how: str = ""                 # "built", "reused", "rebuilt (corrupt cache)", or why nothing was trained
    turns: int = 0                # coded participant turns learned from
    negatives: int = 0            # uncoded participant turns learned from as "no code applies"
    messages: tuple[str, ...] = field(default_factory=tuple)
    unsaved: str = ""             # why the trained model could not be cached (it is trained again next time)
    coders: tuple[str, ...] = ()  # whose codings trained it (the chosen coders, or every coder who coded)
    wrong_coder: bool = False     # a chosen coder has no codings: ``how`` names them and who has codings

    def summary(self) -> str:
        """How the model was had, from what and whose: "built, 40 coded turn(s) by alice, 12 reviewed uncoded"."""
        if not self.turns:
            return self.how
        named = ", ".join(self.coders[:3]) + (f" and {len(self.coders) - 3} more" if len(self.coders) > 3 else "")
        # Embeddings are opt-in and change every score: say when they are on, so toggling them shows.
        dense = ", with sentence embeddings" if getattr(self.engine, "embedding_weight", 0.0) else ""
        # The question's weight is chosen per project (qualcode.nlp.learned_question) and changes every
        # score: say when it is not the plain 1, so a researcher can tell why a retrain ranks differently.
        factor = getattr(self.engine, "question_weight", 1.0)
        asked = f", question weighted ×{factor:g}" if factor != 1.0 else ""
        return (f"{self.how}, {self.turns} coded turn(s)" + (f" by {named}" if self.coders else "")
                + f", {self.negatives} reviewed uncoded{dense}{asked}")


def coded_turns(conn, *, coders: Sequence[str] = (), document_ids: Sequence[int] | None = None,
                uncoded: str = "none") -> list[CodedTurn]:
    """Participant turns with at least one coding (by one of ``coders``; empty: by anyone), each with its
    previous interviewer turn as the question.

    ``uncoded`` adds uncoded participant turns, with no codes, as negatives: "reviewed" those marked
    reviewed (by one of ``coders``, or by anyone when empty), "all" every one of the chosen documents."""
    from qualcode.app.coding.reviews import reviewed_uncoded_segment_ids

    reviewed = reviewed_uncoded_segment_ids(conn, coders=coders) if uncoded == "reviewed" else set()
    turns = []
    for document in repo.list_documents(conn):
        if document_ids is not None and document.id not in document_ids:
            continue
        codes_by_segment: dict[int, set[str]] = {}
        for coding in repo.list_codings(conn, document_id=document.id):
            if coding.segment_id is not None and (not coders or coding.coder in coders):
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
                # Each turn in its own language, as `suggest` scores it: an English answer in a Chinese
                # interview was learned from jieba words but scored on English lemmas.
                turns.append(CodedTurn(segment.text, frozenset(codes or ()),
                                       f"{document.name} #{segment.ordinal}", question,
                                       detect_segment_language(segment.text, document.language or "zh"),
                                       document.name))
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
    """Labels, description, include note and examples of codes the human has used: extra positive examples.

    The labels count because a researcher's code name is often the claim itself ("supplementary labels
    give detail clues"): as one more positive row, the names raised micro-F1 and recall@3 on the public
    interview sets (docs/suggestions.md). A label that only repeats the code's id is no text about it."""
    hints = {}
    for book in codebooks:
        for code in book.codes:
            if code.id in known:
                labels = dict.fromkeys(label.strip() for label in code.labels.values())
                texts = [label for label in labels if label != code.id]
                texts += [code.description, code.include, *code.examples]
                hints[code.id] = [text for text in texts if text and text.strip()]
    return hints


def codings_per_coder(conn, *, accepted_suggestions: bool = True) -> list[tuple[str, int]]:
    """(coder, codings of current documents' turns), most first; ``accepted_suggestions=False`` leaves out
    codings made by accepting a suggestion (eval's reference is what a person coded unprompted)."""
    origin = "" if accepted_suggestions else "AND c.origin != 'suggestion'"
    return [(name, count) for name, count in conn.execute(
        f"""SELECT c.coder, count(*) FROM codings c JOIN segments s ON s.id = c.segment_id
            JOIN documents d ON d.id = s.document_id WHERE d.is_current = 1 {origin}
            GROUP BY c.coder ORDER BY count(*) DESC, c.coder""")]


def counts_in_brief(counts: Sequence[tuple[str, int]], shown: int = 5) -> str:
    """"alice 35, bob 5" -- the first ``shown`` coders with their codings, the others counted."""
    named = ", ".join(f"{name} {n}" for name, n in counts[:shown])
    return named + (f", and {len(counts) - shown} more" if len(counts) > shown else "")


def training_coders(project, chosen: Sequence[str] | None = None) -> tuple[str, ...]:
    """The coders whose codings train the model: ``chosen`` (``--train-coder``) or else qualcode.toml's
    ``[suggest] train_coders``; empty means every coder."""
    from qualcode.core.config import names_setting

    if chosen:
        return tuple(dict.fromkeys(name.strip() for name in chosen if name.strip()))
    return names_setting(project.config, "suggest.train_coders")


def missing_coders(conn, coders: Sequence[str]) -> str:
    """Why the chosen coders cannot train a model ("" when each has codings), naming who has codings."""
    counts = codings_per_coder(conn)
    missing = [name for name in coders if name not in dict(counts)]
    if not missing:
        return ""
    who = (f"codings by: {counts_in_brief(counts)}; pass --train-coder {counts[0][0]} or set [suggest] "
           "train_coders in qualcode.toml") if counts else "no one has coded a turn yet"
    return f"no codings by {', '.join(missing)} to train the learned model on ({who})"


def embedding_weight(project, chosen: bool | None = None) -> float:
    """The weight of sentence embeddings in the learned model: 0 (off, the default) or
    :data:`qualcode.nlp.embeddings.WEIGHT`, as ``chosen`` (``--embeddings``/``--no-embeddings``) or else
    qualcode.toml's ``[suggest] embeddings`` says. On, the embedding package must be installed: else the one
    message naming the setting and how to install the package."""
    from qualcode.core.config import flag_setting

    wanted = flag_setting(project.config, "suggest.embeddings") if chosen is None else chosen
    if not wanted:
        return 0.0
    from qualcode.nlp import embeddings

    embeddings.require(by_option=chosen is not None)
    return embeddings.WEIGHT


def train_for_project(project, codebooks: Sequence[Codebook], *, coders: Sequence[str] | None = None,
                      document_ids: Sequence[int] | None = None, use_cache: bool = True,
                      uncoded: str = "reviewed", embeddings: bool | None = None) -> Training:
    """Train (or reuse the cached model) on the codings of ``coders`` (None: as qualcode.toml's
    ``[suggest] train_coders`` says) and their reviewed uncoded turns (``uncoded``, see :func:`coded_turns`),
    with sentence embeddings when ``embeddings`` (None: as ``[suggest] embeddings`` says)."""
    weight = embedding_weight(project, embeddings)
    coders = training_coders(project, coders)
    missing = missing_coders(project.conn, coders) if coders else ""
    if missing:
        return Training(None, how=missing, wrong_coder=True)
    turns = coded_turns(project.conn, coders=coders, document_ids=document_ids, uncoded=uncoded)
    negatives = sum(not t.codes for t in turns)
    if negatives == len(turns):
        return Training(None, how="no human codings yet", negatives=negatives)
    defined = {code.id for book in codebooks for code in book.codes}
    used = {code for turn in turns for code in turn.codes}
    dropped = sorted(used - defined)   # a code removed from the codebook: its model is not trained
    turns = [replace(t, codes=t.codes & defined) for t in turns
             if t.codes & defined or not t.codes]
    messages = [f"code {code}: coded in the project but not in any codebook; not learned" for code in dropped]
    if len(turns) == negatives:
        return Training(None, how="no human codings of codes in the codebooks", negatives=negatives,
                        messages=tuple(messages))
    hints = code_hints(codebooks, used & defined)
    language = max(("zh", "en"), key=lambda lang: sum(t.language == lang for t in turns if t.codes))
    jieba_words = give_jieba_the_keywords(codebooks)   # before training: scoring will split with them too
    # Whose codings is part of the key, so that choosing other coders retrains ("coder": None for
    # everyone's); so are embeddings, named only when on, so existing caches stay valid. "cut_prior" retrains
    # a model cached before thin codes had pending cuts (or with another prior), and "gate" one cached before
    # the engine learned "does any code apply" from reviewed uncoded turns (without such turns there is no
    # gate, and no "gate" in the key); "question_weight" one cached before the question's weight was chosen
    # by cross-validation by document (it had 1); "min_with_text" one cached before a code with codebook text
    # was learned from fewer examples than a code without; "chinese_unigrams" one cached before a Chinese
    # turn's single characters were features; "apostrophes" an English one cached before don’t and don't
    # were one word; "jieba_words" (the codebook's Chinese keywords, which jieba keeps whole) a Chinese one
    # trained before they were given to jieba ahead of training, or with other keywords.
    settings = ({"language": language, "coder": sorted(coders) or None, "cut_prior": CUT_PRIOR,
                 "question_weight": "by document", "min_with_text": MIN_EXAMPLES_WITH_TEXT,
                 "chinese_unigrams": CHINESE_UNIGRAMS}
                | ({"gate": 1} if negatives else {})
                | ({"apostrophes": "ascii"} if language == "en" else {})
                | ({"jieba_words": list(jieba_words)} if language == "zh" and jieba_words else {}))
    if weight:
        settings["embeddings"] = weight
    key = fingerprint(turns, hints, settings)

    def build() -> LearnedEngine:
        return train(turns, hints, language=language, embeddings=weight)

    unsaved: list[str] = []
    if use_cache:
        engine, how = cached_engine(project.root / ".qualcode", key, build, notes=unsaved)
    else:
        engine, how = build(), "built"
    messages += unsaved + engine.report.messages()
    coded = len(turns) - negatives
    if not engine.models:
        return Training(None, key, "no code has enough examples to learn", coded, negatives, tuple(messages))
    who = tuple(coders) or tuple(name for name, _ in codings_per_coder(project.conn))
    return Training(engine, key, how, coded, negatives, tuple(messages), unsaved[0] if unsaved else "", who)
