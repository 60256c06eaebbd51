"""Cross-validation of the learned engine's fits: each human turn's held-out probability, a code's cut
(the best F1 on those), and the "does any code apply" gate with its cut.

Pure: a feature matrix and 0/1 truths in, fitted models, scores and cuts out; ``classifier`` makes a fresh
model (:func:`qualcode.nlp.learned_training._classifier`). Used by :func:`qualcode.nlp.learned_training.train`.
"""

from __future__ import annotations

from qualcode.nlp.learned_cuts import best_f1_cut


def gate_fit(matrix, has_code, n_human: int, folds: int, classifier, min_examples: int):
    """The "does any code apply" model (coded turns and hint rows, ``has_code`` 1, against turns without a
    code) and its cut, the best F1 on held-out human turns; (None, 0.0) with fewer than ``min_examples``
    turns of either kind (no reviewed uncoded turns: every turn has some code, and the gate could only
    say yes)."""
    y = has_code
    if min(int(y[:n_human].sum()), n_human - int(y[:n_human].sum())) < min_examples:
        return None, 0.0
    held = held_out_scores(matrix, y, n_human, folds, classifier)
    if held is None:
        return None, 0.0
    model = classifier()
    model.fit(matrix, y)
    return model, best_f1_cut(held[0], y[:n_human])


def cross_validated_cut(matrix, y, n_human: int, folds: int, classifier):
    """The score cut that maximises F1 on held-out human turns (hint rows always train), and those
    held-out (scores, truth, fold of each turn) (None when a fold could not say)."""
    held = held_out_scores(matrix, y, n_human, folds, classifier)
    if held is None:
        return 0.5, None   # a fold without both classes cannot say; the model's own midpoint
    scores, fold_of = held
    return best_f1_cut(scores, y[:n_human]), (scores, y[:n_human], fold_of)


def held_out_scores(matrix, y, n_human: int, folds: int, classifier):
    """Each human turn's probability from a model trained without its fold (hint rows always train), and
    the fold of each turn; None when a fold's training rows hold only one class."""
    import numpy as np

    # Stratified: positives and negatives each go round-robin over the folds. (Plain index % folds put
    # every example of a code in one fold when the coded turns come in a repeating order.)
    fold_of = np.zeros(n_human, dtype=int)
    for label in (0, 1):
        members = np.flatnonzero(y[:n_human] == label)
        fold_of[members] = np.arange(len(members)) % folds
    scores = scores_by_fold(matrix, y, n_human, fold_of, classifier)
    return None if scores is None else (scores, fold_of)


def scores_by_fold(matrix, y, n_human: int, fold_of, classifier, *, skip_one_class: bool = False):
    """Each human turn's probability from a model trained on the other folds' human turns and every hint
    row (rows after ``n_human``). A fold whose training rows hold one class only: None for the whole, or
    with ``skip_one_class`` its turns keep score 0."""
    import numpy as np

    scores = np.zeros(n_human)
    for fold in np.unique(fold_of):   # a fold that holds nothing out is not among them
        held = np.flatnonzero(fold_of == fold)
        keep = np.setdiff1d(np.arange(matrix.shape[0]), held)
        if y[keep].min() == y[keep].max():
            if skip_one_class:
                continue
            return None
        model = classifier()
        model.fit(matrix[keep], y[keep])
        scores[held] = model.predict_proba(matrix[held])[:, 1]
    return scores
