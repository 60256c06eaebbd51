"""Internal consistency of a questionnaire scale: Cronbach's α, corrected item–total r, α if an item is deleted.

Computed on the reverse-scored answers of the participants who answered every item of the factor (listwise),
as SPSS's RELIABILITY procedure does by default, so the figures can be checked against it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qualcode.analysis.questionnaire import Scale


@dataclass(frozen=True)
class ItemStatistics:
    item: int
    corrected_item_total_r: float
    alpha_if_deleted: float


@dataclass(frozen=True)
class FactorReliability:
    factor_id: str
    labels: tuple[str, str]
    n_items: int
    n_complete: int  # participants who answered every item of the factor
    alpha: float
    items: tuple[ItemStatistics, ...]


def cronbach_alpha(block: np.ndarray) -> float:
    """α = k/(k−1) · (1 − Σ item variances / variance of the sum), sample variances; NaN when undefined."""
    n, k = block.shape
    if k < 2 or n < 2:
        return float("nan")
    total_variance = block.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        return float("nan")
    return float(k / (k - 1) * (1 - block.var(axis=0, ddof=1).sum() / total_variance))


def _correlation(a: np.ndarray, b: np.ndarray) -> float:
    if len(a) < 2 or a.std() == 0 or b.std() == 0:
        return float("nan")
    return float(np.corrcoef(a, b)[0, 1])


def factor_reliability(scored: np.ndarray, items: list[int], factor_id: str,
                       labels: tuple[str, str]) -> FactorReliability:
    """``scored``: participants × all items of the scale, reverse-scored, NaN for no answer."""
    block = scored[:, [i - 1 for i in items]]
    complete = block[~np.isnan(block).any(axis=1)]
    statistics = []
    for position, item in enumerate(items):
        rest = np.delete(complete, position, axis=1)
        statistics.append(ItemStatistics(
            item=item,
            corrected_item_total_r=_correlation(complete[:, position], rest.sum(axis=1)),
            alpha_if_deleted=cronbach_alpha(rest)))
    return FactorReliability(factor_id, labels, len(items), len(complete), cronbach_alpha(complete),
                             tuple(statistics))


def scale_reliability(scored: np.ndarray, scale: Scale) -> list[FactorReliability]:
    """Every factor, then every higher-order score and the total."""
    results = [factor_reliability(scored, list(f.items), f.id, f.labels) for f in scale.factors]
    for node in [*scale.higher_order, *([scale.total] if scale.total else [])]:
        results.append(factor_reliability(scored, scale.items_of(node), node.id, node.labels))
    return results


def reverse_scored(answers: np.ndarray, scale: Scale) -> np.ndarray:
    scored = answers.copy()
    for item in scale.reverse:
        scored[:, item - 1] = scale.minimum + scale.maximum - scored[:, item - 1]
    return scored


MIN_RESPONDENTS_FOR_REVERSAL_CHECK = 10


def reversal_looks_done(answers: np.ndarray, scale: Scale) -> tuple[float, float] | None:
    """(α as scored, α with the answers taken as they are) over all the scale's items, when the second is clearly
    the better: the reverse-scored items were most likely recoded in the file already (SPSS's RECODE into the
    same variables), and reversing them again turns the scores upside down without an error. None otherwise,
    or with fewer than 10 complete answers (too few to tell)."""
    if not scale.reverse:
        return None
    items = sorted({item for factor in scale.factors for item in factor.items})
    block = answers[:, [i - 1 for i in items]]
    complete = ~np.isnan(block).any(axis=1)
    if complete.sum() < MIN_RESPONDENTS_FOR_REVERSAL_CHECK:
        return None
    as_given = cronbach_alpha(block[complete])
    as_scored = cronbach_alpha(reverse_scored(answers, scale)[:, [i - 1 for i in items]][complete])
    if np.isnan(as_given) or as_given < 0.5 or not (np.isnan(as_scored) or as_given - as_scored >= 0.2):
        return None
    return as_scored, as_given
