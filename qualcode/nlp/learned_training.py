"""Training the learned suggestion engine (:class:`qualcode.nlp.learned.LearnedEngine`).

Pure: coded turns in, a trained engine out. Kept apart from the engine, which scores and explains; a
cached engine's pickle names only classes and functions of :mod:`qualcode.nlp.learned`, so where the
training lives does not matter to old caches.
"""

from __future__ import annotations

from qualcode.nlp.learned import (CUT_PRIOR, MIN_EXAMPLES, MIN_EXAMPLES_WITH_TEXT, SOLVER, THRESHOLD_FOLDS, CodedTurn, LearnedEngine,
                                  TrainingReport, _given_features, turn_features)
from qualcode.nlp.learned_cuts import pending_cuts, shared_offset
from qualcode.nlp.learned_folds import cross_validated_cut, gate_fit
from qualcode.nlp.learned_question import choose_question_weight, column_scale, document_folds, question_columns, weighted


def train(turns: list[CodedTurn], hints: dict[str, list[str]] | None = None,
          *, language: str = "zh", folds: int = THRESHOLD_FOLDS, thresholds: str = "per-code",
          embeddings: float = 0.0, gate: bool = True, cut_prior: float = CUT_PRIOR,
          question_weight: float | None = None, min_with_text: int = MIN_EXAMPLES_WITH_TEXT) -> LearnedEngine:
    """Learn one model per code with at least MIN_EXAMPLES human examples, or ``min_with_text`` when the
    codebook gives the code text (a hint row: its name, description or examples). A thin code's pending
    cut is drawn toward the pooled cut (``cut_prior``), so its pending suggestions stay conservative; a
    fold that holds none of its examples out still trains on them and its hint rows.

    ``hints`` maps a code to its description/include/examples text, used as extra positives. A turn with
    no codes is a negative for every code. ``thresholds``: "per-code" keeps each code's cross-validated
    cut (the best F1 of that code alone); "pooled" then moves every cut by one shared logit offset, the
    one that gives the best micro-F1 over all codes' cross-validated scores together. ``embeddings``: the
    weight of each turn's sentence embedding (:mod:`qualcode.nlp.embeddings`), appended to its tf-idf row;
    0 (the default) adds none and never imports the embedding package.

    ``gate``: when at least MIN_EXAMPLES turns carry no code (turns the researcher reviewed as "no code
    applies"), one more model learns "does any code apply" from every turn -- far more examples than
    any one code has -- with its own cross-validated cut; a turn below it gets no pending code (its codes
    stay ranked candidates, in the same order).

    ``cut_prior``: a code's score must also reach its cut drawn toward the best cut of all codes pooled
    (weights: its examples, and ``cut_prior``) to be pending; below that it keeps its rank as a candidate.
    A thin code's own cut rests on the held-out scores of a few examples. 0 turns this off.

    ``question_weight``: the factor of the question words' idf; None (the default) chooses 1 or 2 by
    cross-validation grouped by each turn's ``document`` (:mod:`qualcode.nlp.learned_question`).
    """
    from threadpoolctl import threadpool_limits

    # scikit-learn and the scipy optimiser load their own BLAS when first imported, and threadpool_limits
    # only limits the libraries already loaded: imported inside the block, the first training of every
    # process ran the optimiser on all of OpenBLAS's threads (CPED, 1,000 turns: 127 s, then 2.4 s).
    import sklearn.feature_extraction.text  # noqa: F401
    import sklearn.linear_model  # noqa: F401

    # One BLAS thread: on a busy 2-core machine OpenBLAS's threads spun against each other and made
    # the optimiser seven times slower (42 s -> 6 s for 80 ANES answers, 21 codes).
    with threadpool_limits(limits=1):
        return _train(turns, hints or {}, language, folds, thresholds, embeddings, gate, cut_prior,
                      question_weight, min_with_text)


def _classifier():
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=4.0, class_weight="balanced", solver=SOLVER, max_iter=1000)


def _train(turns: list[CodedTurn], hints: dict[str, list[str]], language: str, folds: int,
           how_thresholds: str = "per-code", embedding_weight: float = 0.0, gate: bool = True,
           cut_prior: float = CUT_PRIOR, question_weight: float | None = None,
           min_with_text: int = MIN_EXAMPLES_WITH_TEXT) -> LearnedEngine:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    report = TrainingReport()
    counts: dict[str, int] = {}
    for turn in turns:
        for code in turn.codes:
            counts[code] = counts.get(code, 0) + 1
    extra = [CodedTurn(text, frozenset({code}), "", "", language)
             for code, texts in hints.items() for text in texts if text and text.strip()]
    everything = list(turns) + extra
    vectorizer = TfidfVectorizer(analyzer=_given_features, sublinear_tf=True, min_df=1)
    features = [turn_features(t.text, t.question, t.language) for t in everything]
    matrix = vectorizer.fit_transform(features) if features else None
    if matrix is not None:
        matrix, question_weight = _question_weighted(vectorizer, matrix, turns, everything, counts,
                                                     question_weight)
    human = matrix[:len(turns)] if matrix is not None else None   # the evidence compares tf-idf rows only
    if embedding_weight and matrix is not None:
        matrix = _with_embeddings(matrix, [t.text for t in everything], embedding_weight)
    models, thresholds, held_out = {}, {}, {}
    has_code = np.array([bool(t.codes) for t in everything], dtype=int)
    gate_model, gate_cut = (gate_fit(matrix, has_code, len(turns), folds, _classifier, MIN_EXAMPLES)
                            if gate else (None, 0.0))
    for code in sorted(set(counts) | set(hints)):
        n = counts.get(code, 0)
        if n < (min_with_text if _has_text(hints.get(code)) else MIN_EXAMPLES) or n == 0:
            report.too_few_examples[code] = n
            continue
        if n == len(turns):
            report.no_negatives.append(code)
            continue
        y = np.array([code in t.codes for t in everything], dtype=int)
        model = _classifier()
        model.fit(matrix, y)
        models[code] = model
        thresholds[code], held = cross_validated_cut(matrix, y, len(turns), folds, _classifier)
        if held is not None:
            held_out[code] = held
        report.trained.append(code)
    if how_thresholds == "pooled" and held_out:
        thresholds.update(shared_offset(held_out, thresholds, sum(counts.values())))
    raised = pending_cuts(held_out, thresholds, counts, cut_prior)
    engine = LearnedEngine(vectorizer, models, thresholds, human, list(turns), report,
                           gate_model if models else None, gate_cut, raised)
    if embedding_weight:
        engine.embedding_weight = float(embedding_weight)
    engine.question_weight = float(1.0 if question_weight is None else question_weight)   # 0 is a weight
    return engine


def _has_text(texts: list[str] | None) -> bool:
    return any(text and text.strip() for text in texts or ())


def _question_weighted(vectorizer, matrix, turns, everything, counts, weight: float | None):
    """The tf-idf rows and the vectorizer with the question words' idf times ``weight`` (None: chosen by
    cross-validation by document over the codes that will be learned), and that weight."""
    import numpy as np

    mask = question_columns(vectorizer)
    if weight is None:
        learned = [c for c, n in counts.items() if MIN_EXAMPLES <= n < len(turns)]   # thin codes cannot say
        truths = {c: np.array([c in t.codes for t in everything], dtype=int) for c in sorted(learned)}
        # One question for every turn (a survey's) cannot tell codes apart: nothing to choose.
        asked = len({t.question for t in turns}) > 1
        weight = choose_question_weight(matrix, mask, truths if asked else {}, len(turns),
                                        document_folds([t.document for t in turns]), _classifier)
    if weight == 1.0 or not mask.any():
        return matrix, 1.0
    scale = column_scale(mask, weight)
    vectorizer.idf_ = vectorizer.idf_ * scale   # scoring reads this idf: the same rows as in training
    return weighted(matrix, scale), weight


def _with_embeddings(matrix, texts: list[str], weight: float):
    """The tf-idf rows with each text's sentence embedding (times ``weight``) as dense columns after them."""
    from scipy import sparse

    from qualcode.nlp.embeddings import encode

    return sparse.hstack([matrix, sparse.csr_matrix(encode(texts, weight))], format="csr")
