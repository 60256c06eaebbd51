"""Where a learned code's score cut lies: the best-F1 cut on held-out scores, the one logit offset
shared by every code that gives the best micro-F1 over all of them ("pooled" thresholds), and the cut a
thin code must pass to be pending (its own cut drawn toward the pooled one).

Pure: held-out scores and truths in, cuts out; used by :func:`qualcode.nlp.learned_training.train`.
"""

from __future__ import annotations

OFFSETS = tuple(step / 10 for step in range(-20, 31))   # logit shifts tried: -2 .. +3


def _logit(p: float) -> float:
    import math

    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def shared_offset(held_out: dict, cuts: dict[str, float], human_pairs: int) -> dict[str, float]:
    """Each code's cut moved by the one logit offset that maximises micro-F1 over every code's held-out
    scores pooled. A per-code cut is chosen for that code alone, so together the codes are generous (a
    turn collects several). The offset is judged honestly: each fold's scores are cut where the other
    folds' scores put that code's cut (the same cut on the scores it was chosen on would always look best).
    ``human_pairs`` counts every human (turn, code) pair, learned codes or not. On a tie the offset nearest
    0 wins, and an offset of 0 leaves the cuts as they were."""
    import numpy as np

    # Per code and fold: (held-out scores of the fold, their truth, the logit of the cut the other folds give).
    pieces = []
    for code, (scores, truth, fold_of) in held_out.items():
        for fold in np.unique(fold_of):
            inside, outside = fold_of == fold, fold_of != fold
            if truth[outside].any():
                pieces.append((scores[inside], truth[inside] == 1, _logit(best_f1_cut(scores[outside], truth[outside]))))
    best, best_f1 = 0.0, -1.0
    for offset in sorted(OFFSETS, key=abs):
        tp = fp = 0
        for scores, truth, logit in pieces:
            predicted = scores >= 1 / (1 + np.exp(-(logit + offset)))
            hits = int((predicted & truth).sum())
            tp, fp = tp + hits, fp + int(predicted.sum()) - hits
        f1 = 2 * tp / (tp + fp + human_pairs) if tp else 0.0
        if f1 > best_f1 + 1e-12:
            best, best_f1 = offset, f1
    if not best:
        return {}
    return {code: float(1 / (1 + np.exp(-(_logit(cuts[code]) + best)))) for code in held_out}


def pending_cuts(held_out: dict, cuts: dict[str, float], examples: dict[str, int], prior: float) -> dict[str, float]:
    """Per code whose cut it raises, the score it must reach to be pending: its own cut and the best cut
    over every code's held-out scores pooled, averaged in logit space with weights n and ``prior`` (n the
    code's human examples) -- as if the pooled cut had been seen on ``prior`` examples of the code. A cut
    chosen on the held-out scores of three examples is mostly chance, and most often too low (the best F1
    of a thin code takes every turn that scores like its weakest example); the more examples, the more
    the code's own cut counts. Never lowered: a code pending at its own cut is not made more generous."""
    import numpy as np

    if not held_out or prior <= 0:
        return {}
    pooled = _logit(best_f1_cut(np.concatenate([scores for scores, _, _ in held_out.values()]),
                                np.concatenate([truth for _, truth, _ in held_out.values()])))
    raised = {}
    for code in held_out:
        n = examples[code]
        drawn = float(1 / (1 + np.exp(-(n * _logit(cuts[code]) + prior * pooled) / (n + prior))))
        if drawn > cuts[code]:
            raised[code] = drawn
    return raised


def best_f1_cut(scores, truth) -> float:
    """The cut with the best F1 on held-out scores; on a tie the highest such cut, set halfway down to the
    next lower score, so a turn scoring like the weakest true example is still in and one far below is not.
    (Taking the lowest of tied cuts made "every turn has every code" the answer on small data.)"""
    import numpy as np

    cuts = sorted(set(np.round(scores, 3)), reverse=True)
    best, best_f1, below = 0.5, -1.0, 0.0
    for index, cut in enumerate(cuts):
        predicted = scores >= cut
        tp = int((predicted & (truth == 1)).sum())
        f1 = 2 * tp / (predicted.sum() + truth.sum()) if tp else 0.0
        if f1 > best_f1:
            best, best_f1 = float(cut), f1
            below = float(cuts[index + 1]) if index + 1 < len(cuts) else 0.0
    return (best + below) / 2
