"""Suggestions against human codings: precision, recall, F1, Cohen's kappa.

Unit: a (segment, code) decision. A segment the human gave code X and the
engine suggested X is a true positive; suggested but not coded is a false
positive; coded but not suggested a false negative; every other (segment,
code) pair of the evaluated codes is a true negative (needed for kappa).

Micro averages pool the counts of all codes (dominated by frequent codes);
macro averages the per-code figures (every code counts the same).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable, Hashable, Mapping, Sequence


@dataclass(frozen=True)
class CodeScores:
    code_id: str
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def kappa(self) -> float:
        return cohen_kappa(self.tp, self.fp, self.fn, self.tn)


@dataclass(frozen=True)
class EvalResult:
    per_code: tuple[CodeScores, ...]
    micro: CodeScores  # pooled counts
    macro_precision: float
    macro_recall: float
    macro_f1: float
    kappa: float  # pooled over every (segment, code) decision
    segments: int
    fold_micro_f1: tuple[float, ...] = ()


def cohen_kappa(tp: int, fp: int, fn: int, tn: int) -> float:
    """Cohen's kappa for two raters' yes/no decisions (engine = rater 1, human = rater 2)."""
    n = tp + fp + fn + tn
    if n == 0:
        return 0.0
    observed = (tp + tn) / n
    engine_yes, human_yes = (tp + fp) / n, (tp + fn) / n
    expected = engine_yes * human_yes + (1 - engine_yes) * (1 - human_yes)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def score(gold: Mapping[Hashable, frozenset[str]], predicted: Mapping[Hashable, frozenset[str]],
          codes: Sequence[str], *, fold_micro_f1: Sequence[float] = ()) -> EvalResult:
    """Compare code sets per segment; ``gold`` names the evaluated segments."""
    counts = {code: [0, 0, 0, 0] for code in codes}
    for key, human in gold.items():
        engine = predicted.get(key, frozenset())
        for code, cell in counts.items():
            cell[(code not in engine) * 2 + (code not in human)] += 1  # tp, fp, fn, tn
    per_code = tuple(CodeScores(code, *cell) for code, cell in counts.items())
    micro = CodeScores("micro", *(sum(c[i] for c in counts.values()) for i in range(4)))
    present = [c for c in per_code if c.support or c.fp] or list(per_code)
    size = max(len(present), 1)
    return EvalResult(
        per_code=per_code, micro=micro,
        macro_precision=sum(c.precision for c in present) / size,
        macro_recall=sum(c.recall for c in present) / size,
        macro_f1=sum(c.f1 for c in present) / size,
        kappa=micro.kappa, segments=len(gold), fold_micro_f1=tuple(fold_micro_f1))


def document_folds(documents: Sequence[Hashable], folds: int, *, seed: int = 0) -> list[list[Hashable]]:
    """Documents shuffled reproducibly and dealt into ``folds`` groups (never more groups than documents)."""
    order = sorted(set(documents), key=str)
    random.Random(seed).shuffle(order)
    folds = max(1, min(folds, len(order)))
    return [order[i::folds] for i in range(folds)]


def train_test_split(documents: Sequence[Hashable], train_fraction: float, *,
                     seed: int = 0) -> tuple[list[Hashable], list[Hashable]]:
    order = sorted(set(documents), key=str)
    random.Random(seed).shuffle(order)
    cut = min(max(1, round(len(order) * train_fraction)), len(order) - 1) if len(order) > 1 else 0
    return order[:cut], order[cut:]


Predict = Callable[[Sequence[Hashable], Sequence[Hashable]], Mapping[Hashable, frozenset[str]]]


def cross_validate(gold: Mapping[Hashable, frozenset[str]], document_of: Mapping[Hashable, Hashable],
                   codes: Sequence[str], predict: Predict, *, folds: int = 5,
                   train_fraction: float | None = None, seed: int = 0) -> EvalResult:
    """Pool the held-out predictions of every fold; ``predict(train_docs, test_docs)`` returns code sets."""
    documents = sorted(set(document_of.values()), key=str)
    if train_fraction is not None:
        train, test = train_test_split(documents, train_fraction, seed=seed)
        splits = [(train, test)]
    else:
        groups = document_folds(documents, folds, seed=seed)
        splits = [([d for g in groups if g is not group for d in g], group) for group in groups]
    pooled: dict[Hashable, frozenset[str]] = {}
    held_out_gold: dict[Hashable, frozenset[str]] = {}
    fold_f1 = []
    for train, test in splits:
        test_set = set(test)
        fold_gold = {k: v for k, v in gold.items() if document_of[k] in test_set}
        fold_predicted = predict(train, test)
        pooled.update({k: fold_predicted.get(k, frozenset()) for k in fold_gold})
        held_out_gold.update(fold_gold)
        fold_f1.append(score(fold_gold, fold_predicted, codes).micro.f1)
    return score(held_out_gold, pooled, codes, fold_micro_f1=fold_f1)
