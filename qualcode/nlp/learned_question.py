"""How much the interviewer's question counts: its words' weight (1 or 2) chosen per project by
cross-validation grouped by document.

On interviews the question says much about a turn's codes (the thesis, PDPilot gained with ×2); where the
"question" is just the line before (CPED's dialogue acts) it is noise and ×2 cost. So the coded turns
decide: for each candidate weight, every learned code is fitted on some documents and scored on the
others (turns of one document never on both sides, since `suggest` scores new documents), each code's
best-F1 cut is taken on those held-out scores, and the weight with the better micro-F1 over all codes wins
(a tie keeps 1).

Pure: a feature matrix, truths and document names in; a weight out. Used by
:func:`qualcode.nlp.learned_training.train`.
"""

from __future__ import annotations

from collections.abc import Sequence

from qualcode.nlp.learned_cuts import best_f1_cut
from qualcode.nlp.learned_folds import scores_by_fold

QUESTION_WEIGHTS = (1.0, 2.0)
DOCUMENT_FOLDS = 3   # few: each candidate costs one fit per code and fold (training time only)


def question_columns(vectorizer):
    """A 0/1 mask of the vectorizer's features that are question words ("q:...")."""
    import numpy as np

    return np.array([name.startswith("q:") for name in vectorizer.get_feature_names_out().tolist()])


def column_scale(mask, weight: float):
    """Per feature, the factor of its idf: ``weight`` for question words, 1 for the rest."""
    import numpy as np

    return np.where(mask, weight, 1.0)


def weighted(matrix, scale):
    """l2-normalised tf-idf rows with each feature's column times ``scale``: what the vectorizer gives when
    its idf is multiplied by ``scale`` (the norm absorbs the rest)."""
    from scipy import sparse
    from sklearn.preprocessing import normalize

    return normalize(matrix @ sparse.diags(scale), norm="l2", copy=False).tocsr()


def document_folds(documents: Sequence[str], folds: int = DOCUMENT_FOLDS):
    """Each human turn's fold, whole documents round-robin in order of first appearance; None when fewer
    than two documents are known (a turn without a document name counts as its own unknown)."""
    import numpy as np

    if any(not name for name in documents):
        return None
    order: dict[str, int] = {}
    for name in documents:
        order.setdefault(name, len(order))
    if len(order) < 2:
        return None
    return np.array([order[name] % min(folds, len(order)) for name in documents], dtype=int)


def choose_question_weight(matrix, mask, truths: dict, n_human: int, fold_of, classifier) -> float:
    """The candidate weight with the best document-held-out micro-F1 (``truths``: code -> 0/1 over every row,
    hint rows after the ``n_human`` human turns, which always train); 1 without question features, without
    document folds, or on a tie."""
    if fold_of is None or not mask.any() or not truths:
        return QUESTION_WEIGHTS[0]
    best, best_f1 = QUESTION_WEIGHTS[0], -1.0
    for weight in QUESTION_WEIGHTS:
        f1 = held_out_micro_f1(weighted(matrix, column_scale(mask, weight)), truths, n_human, fold_of, classifier)
        if f1 > best_f1:
            best, best_f1 = weight, f1
    return best


def held_out_micro_f1(matrix, truths: dict, n_human: int, fold_of, classifier) -> float:
    """Micro-F1 over every code of the held-out scores, each code at its own best-F1 cut."""
    tp = fp = fn = 0
    for y in truths.values():
        # A fold with nothing to contrast in its training rows leaves its turns at score 0.
        scores = scores_by_fold(matrix, y, n_human, fold_of, classifier, skip_one_class=True)
        truth = y[:n_human]
        predicted = scores >= best_f1_cut(scores, truth)
        tp += int((predicted & (truth == 1)).sum())
        fp += int((predicted & (truth == 0)).sum())
        fn += int((~predicted & (truth == 1)).sum())
    return 2 * tp / max(1, 2 * tp + fp + fn)
