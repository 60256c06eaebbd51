"""Change from one wave to the next (pre → post), per participant and code, with paired tests.

Presence of a code is compared with McNemar's exact test (a two-sided binomial test on the discordant pairs)
and its effect size Cohen's g = |c / (b + c) − ½|; counts and questionnaire scores with the Wilcoxon
signed-rank test and the matched-pairs rank-biserial r; scores also with the paired t test and Cohen's d_z.
Only participants seen in both waves count (n pairs); every statistic is left empty, with a note, where it is
undefined (no discordant pair, no non-zero difference, fewer than two pairs).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

NO_CHANGE = "no change between the waves"


def paired_frame(matrix: pd.DataFrame, columns: list[str], pre: str, post: str) -> pd.DataFrame:
    """participant × wave matrix → one row per participant and column with both waves (long form)."""
    both = matrix[matrix["wave"].isin([pre, post])]
    wide = both.pivot_table(index="participant", columns="wave", values=columns, aggfunc="sum")
    paired = [p for p in wide.index if all((c, w) in wide.columns and not pd.isna(wide.loc[p, (c, w)])
                                          for c in columns[:1] for w in (pre, post))]
    rows = []
    for participant in paired:
        for column in columns:
            before, after = (_whole(wide.loc[participant, (column, wave)]) for wave in (pre, post))
            rows.append({"participant": participant, "code": column, "pre": before, "post": after,
                         "change": after - before, "pre_present": int(before > 0), "post_present": int(after > 0)})
    return pd.DataFrame(rows, columns=["participant", "code", "pre", "post", "change", "pre_present",
                                       "post_present"])


def _whole(value) -> int | float:
    """A count of coded turns stays a whole number (3, not 3.0 in the CSV and SPSS)."""
    number = float(value)
    return int(number) if number.is_integer() else number


def mcnemar_exact(pre_present: np.ndarray, post_present: np.ndarray) -> dict[str, object]:
    lost = int(((pre_present == 1) & (post_present == 0)).sum())    # b
    gained = int(((pre_present == 0) & (post_present == 1)).sum())  # c
    if lost + gained == 0:
        return {"lost": lost, "gained": gained, "mcnemar_p": math.nan, "cohens_g": math.nan, "note": NO_CHANGE}
    p = stats.binomtest(gained, lost + gained, 0.5).pvalue
    return {"lost": lost, "gained": gained, "mcnemar_p": float(p),
            "cohens_g": abs(gained / (lost + gained) - 0.5), "note": ""}


def wilcoxon_signed_rank(before: np.ndarray, after: np.ndarray) -> dict[str, object]:
    differences = after - before
    nonzero = differences[differences != 0]
    if len(nonzero) == 0:
        return {"wilcoxon_w": math.nan, "wilcoxon_p": math.nan, "rank_biserial_r": math.nan, "note": NO_CHANGE}
    result = stats.wilcoxon(after, before, zero_method="wilcox")
    ranks = stats.rankdata(np.abs(nonzero))
    positive, negative = ranks[nonzero > 0].sum(), ranks[nonzero < 0].sum()
    return {"wilcoxon_w": float(result.statistic), "wilcoxon_p": float(result.pvalue),
            "rank_biserial_r": float((positive - negative) / (positive + negative)), "note": ""}


def paired_t(before: np.ndarray, after: np.ndarray) -> dict[str, object]:
    differences = after - before
    if len(differences) < 2 or np.std(differences, ddof=1) == 0:
        return {"t": math.nan, "t_p": math.nan, "cohens_dz": math.nan}
    result = stats.ttest_rel(after, before)
    return {"t": float(result.statistic), "t_p": float(result.pvalue),
            "cohens_dz": float(differences.mean() / np.std(differences, ddof=1))}


def code_tests(paired: pd.DataFrame, labels: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """One row per code: n pairs, presence before/after with McNemar, mean counts with Wilcoxon."""
    rows = []
    for code, group in paired.groupby("code", sort=False):
        presence = mcnemar_exact(group["pre_present"].to_numpy(), group["post_present"].to_numpy())
        counts = wilcoxon_signed_rank(group["pre"].to_numpy(), group["post"].to_numpy())
        zh, en = labels.get(code, (code, code))
        rows.append({"code": code, "label_zh": zh, "label_en": en, "n_pairs": len(group),
                     "pre_present": int(group["pre_present"].sum()), "post_present": int(group["post_present"].sum()),
                     "lost": presence["lost"], "gained": presence["gained"], "mcnemar_p": presence["mcnemar_p"],
                     "cohens_g": presence["cohens_g"], "pre_mean": group["pre"].mean(),
                     "post_mean": group["post"].mean(), "wilcoxon_w": counts["wilcoxon_w"],
                     "wilcoxon_p": counts["wilcoxon_p"], "rank_biserial_r": counts["rank_biserial_r"],
                     "note": presence["note"] or counts["note"]})
    return pd.DataFrame(rows)


def score_tests(scores: pd.DataFrame, columns: list[str], *, id_column: str, wave_column: str,
                pre: str, post: str) -> pd.DataFrame:
    """One row per score column: paired t with d_z and Wilcoxon with r, over participants in both waves."""
    rows = []
    by_wave = scores.assign(**{wave_column: scores[wave_column].astype(str).str.strip()})
    for column in columns:
        wide = by_wave.pivot_table(index=id_column, columns=wave_column, values=column, aggfunc="mean")
        if pre not in wide.columns or post not in wide.columns:
            continue
        pairs = wide[[pre, post]].dropna()
        before, after = pairs[pre].to_numpy(float), pairs[post].to_numpy(float)
        row = {"score": column, "n_pairs": len(pairs), "pre_mean": before.mean() if len(pairs) else math.nan,
               "post_mean": after.mean() if len(pairs) else math.nan}
        row.update(paired_t(before, after))
        row.update(wilcoxon_signed_rank(before, after))
        rows.append(row)
    return pd.DataFrame(rows)
