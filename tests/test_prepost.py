"""Issue 17 item 2: pre → post change per participant and code, with paired tests checked independently."""

from __future__ import annotations

import math
import shutil

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from qualcode.analysis.prepost import mcnemar_exact, paired_t, wilcoxon_signed_rank


def _mcnemar_by_hand(lost: int, gained: int) -> float:
    """Two-sided exact McNemar: twice the binomial tail of the smaller discordant count, capped at 1."""
    n = lost + gained
    tail = sum(math.comb(n, i) for i in range(min(lost, gained) + 1)) / 2 ** n
    return min(1.0, 2 * tail)


@pytest.mark.parametrize("lost,gained,agree", [(4, 0, 3), (1, 6, 2), (3, 3, 0), (2, 9, 5)])
def test_mcnemar_matches_the_hand_formula(lost, gained, agree):
    pre = np.array([1] * lost + [0] * gained + [1] * agree)
    post = np.array([0] * lost + [1] * gained + [1] * agree)
    result = mcnemar_exact(pre, post)
    assert (result["lost"], result["gained"]) == (lost, gained)
    assert result["mcnemar_p"] == pytest.approx(_mcnemar_by_hand(lost, gained))
    assert result["cohens_g"] == pytest.approx(abs(gained / (lost + gained) - 0.5))


def test_no_discordant_pair_is_no_change_not_an_error():
    result = mcnemar_exact(np.array([1, 0, 1]), np.array([1, 0, 1]))
    assert math.isnan(result["mcnemar_p"]) and result["note"]


def test_wilcoxon_and_rank_biserial_match_scipy_and_the_definition():
    before = np.array([3, 1, 4, 1, 5, 9, 2, 6, 5, 3], dtype=float)
    after = np.array([4, 1, 6, 0, 8, 9, 5, 7, 5, 6], dtype=float)
    result = wilcoxon_signed_rank(before, after)
    expected = stats.wilcoxon(after - before, zero_method="wilcox")
    assert result["wilcoxon_p"] == pytest.approx(expected.pvalue)
    differences = (after - before)[after != before]
    ranks = stats.rankdata(np.abs(differences))
    positive, negative = ranks[differences > 0].sum(), ranks[differences < 0].sum()
    assert result["rank_biserial_r"] == pytest.approx((positive - negative) / ranks.sum())


def test_paired_t_and_dz_match_scipy_and_the_definition():
    rng = np.random.default_rng(5)
    before = rng.normal(3, 0.5, 30)
    after = before + rng.normal(0.3, 0.4, 30)
    result = paired_t(before, after)
    assert result["t"] == pytest.approx(stats.ttest_rel(after, before).statistic)
    assert result["t_p"] == pytest.approx(stats.ttest_rel(after, before).pvalue)
    difference = after - before
    assert result["cohens_dz"] == pytest.approx(difference.mean() / difference.std(ddof=1))


def test_export_prepost_on_the_sample_compares_pre_with_post_and_tests_the_scores(run_cli, repo_root, tmp_path):
    root = tmp_path / "sample"
    root.mkdir()
    for name in ("transcripts", "codebooks", "scores", "codings"):
        shutil.copytree(repo_root / name, root / name)
    shutil.copy(repo_root / "qualcode.toml", root / "qualcode.toml")
    (root / "exports").mkdir()
    assert run_cli("import", "transcripts", cwd=root).exit_code == 0
    assert run_cli("import-codings", "codings/researcher-A.csv", cwd=root).exit_code == 0
    assert run_cli("scores", "compute", "--scale", "rsca", "--in", "scores/rsca-sample.csv", "--id-column", "id",
                   "--out", "exports/rsca.csv", cwd=root).exit_code == 0
    result = run_cli("export", "prepost", "--scores", "exports/rsca.csv", cwd=root)
    assert result.exit_code == 0, result.err
    assert "comparing wave 'pre' (pre) with 'post' (post)" in result.err
    participants = pd.read_csv(root / "exports" / "prepost-participants.csv")
    matrix_run = run_cli("export", "matrix", "--by", "wave", "--out", "exports/m.csv", cwd=root)
    assert matrix_run.exit_code == 0
    matrix = pd.read_csv(root / "exports" / "m.csv")
    first = matrix.drop_duplicates("participant", keep="first")
    assert set(first.loc[first["participant"].isin(participants["participant"]), "wave"]) == {"pre"}  # declared order
    matrix = matrix.set_index(["participant", "wave"])
    for row in participants.sample(10, random_state=1).itertuples():
        assert row.pre == matrix.loc[(row.participant, "pre"), row.code]
        assert row.post == matrix.loc[(row.participant, "post"), row.code]
        assert row.change == row.post - row.pre
    codes = pd.read_csv(root / "exports" / "prepost-codes.csv")
    assert set(codes["n_pairs"]) == {participants["participant"].nunique()}
    scores = pd.read_csv(root / "exports" / "prepost-scores.csv").set_index("score")
    answers = pd.read_csv(root / "exports" / "rsca.csv")
    wide = answers.pivot_table(index="id", columns="wave", values="RSCA_TOTAL").dropna()
    assert scores.loc["RSCA_TOTAL", "n_pairs"] == len(wide)
    assert scores.loc["RSCA_TOTAL", "t"] == pytest.approx(stats.ttest_rel(wide["post"], wide["pre"]).statistic)


def test_unknown_wave_is_a_message(run_cli, sample_project):
    result = run_cli("--project", sample_project.root, "export", "prepost", "--pre", "baseline")
    assert result.exit_code == 2
    assert "no documents of wave 'baseline'" in result.err and "pre" in result.err
