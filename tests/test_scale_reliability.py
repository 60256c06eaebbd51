"""Issue 17 item 3: Cronbach's α, corrected item–total r and α if item deleted, checked by independent routes."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from qualcode.analysis.questionnaire import load_scale
from qualcode.analysis.reliability import cronbach_alpha, factor_reliability


def _alpha_from_covariances(block: np.ndarray) -> float:
    """α = k·c̄ / (v̄ + (k−1)·c̄) from the item covariance matrix: the same quantity by another algebra."""
    covariance = np.cov(block, rowvar=False)
    k = block.shape[1]
    mean_variance = np.diag(covariance).mean()
    mean_covariance = (covariance.sum() - np.trace(covariance)) / (k * (k - 1))
    return k * mean_covariance / (mean_variance + (k - 1) * mean_covariance)


def test_alpha_matches_the_covariance_form_on_random_answers():
    rng = np.random.default_rng(7)
    trait = rng.normal(size=(60, 1))
    block = np.clip(np.round(3 + trait + rng.normal(scale=0.8, size=(60, 5))), 1, 5)
    assert cronbach_alpha(block) == pytest.approx(_alpha_from_covariances(block), abs=1e-12)


def test_identical_items_give_alpha_one_and_unrelated_items_alpha_near_zero():
    column = np.array([[1], [2], [3], [4], [5], [2]], dtype=float)
    assert cronbach_alpha(np.hstack([column] * 4)) == pytest.approx(1.0)
    rng = np.random.default_rng(3)
    assert abs(cronbach_alpha(rng.normal(size=(4000, 6)))) < 0.1


def test_item_statistics_match_scipy_and_leave_incomplete_answers_out():
    rng = np.random.default_rng(11)
    scored = np.round(3 + rng.normal(size=(40, 1)) + rng.normal(size=(40, 4)))
    scored[5, 2] = np.nan  # one participant skipped an item: left out of this factor, as SPSS does
    result = factor_reliability(scored, [1, 2, 3, 4], "F", ("因子", "Factor"))
    complete = scored[~np.isnan(scored).any(axis=1)]
    assert result.n_complete == 39
    for position, item in enumerate(result.items):
        rest = np.delete(complete, position, axis=1)
        assert item.corrected_item_total_r == pytest.approx(stats.pearsonr(complete[:, position],
                                                                           rest.sum(axis=1))[0])
        assert item.alpha_if_deleted == pytest.approx(_alpha_from_covariances(rest))


def _scored_sample(run_cli, repo_root, tmp_path):
    """A new project scoring the shipped RSCA sample: (its root, the CLI result)."""
    root = tmp_path / "study"
    assert run_cli("init", root).exit_code == 0
    shutil.copytree(repo_root / "scores", root / "scores", dirs_exist_ok=True)
    result = run_cli("scores", "compute", "--scale", "rsca", "--in", "scores/rsca-sample.csv", "--id-column", "id",
                     "--out", "exports/rsca.csv", cwd=root)
    assert result.exit_code == 0, result.err
    return root, result


def test_scores_compute_writes_the_reliability_table_for_the_rsca(run_cli, repo_root, tmp_path):
    root, result = _scored_sample(run_cli, repo_root, tmp_path)
    assert "Cronbach's alpha" in result.err and "TOTAL" in result.err
    table = pd.read_csv(root / "exports" / "rsca-reliability.csv")
    scale = load_scale("rsca", root)
    answers = pd.read_csv(root / "scores" / "rsca-sample.csv")
    items = np.column_stack([pd.to_numeric(answers[f"RSCA{i:02d}" if f"RSCA{i:02d}" in answers else f"RSCA{i}"],
                                           errors="coerce") for i in range(1, scale.n_items + 1)])
    for item in scale.reverse:
        items[:, item - 1] = scale.minimum + scale.maximum - items[:, item - 1]
    for factor in scale.factors:
        block = items[:, [i - 1 for i in factor.items]]
        block = block[~np.isnan(block).any(axis=1)]
        reported = table.loc[table["factor"] == factor.id, "alpha"].iloc[0]
        assert reported == pytest.approx(_alpha_from_covariances(block), abs=1e-4)
    assert set(table["factor"]) >= {"TOTAL", *(f.id for f in scale.factors)}


def test_reliability_is_also_given_per_wave_each_participant_once(run_cli, repo_root, tmp_path):
    root, result = _scored_sample(run_cli, repo_root, tmp_path)
    table = pd.read_csv(root / "exports" / "rsca-reliability.csv")
    scale = load_scale("rsca", root)
    answers = pd.read_csv(root / "scores" / "rsca-sample.csv")
    assert list(dict.fromkeys(table["wave"])) == ["all", "pre", "post"]
    for wave in ("pre", "post"):
        rows = answers[answers["wave"] == wave]
        items = rows[[f"RSCA{i}" for i in range(1, scale.n_items + 1)]].to_numpy(float)
        for item in scale.reverse:
            items[:, item - 1] = scale.minimum + scale.maximum - items[:, item - 1]
        for factor in scale.factors:
            block = items[:, [i - 1 for i in factor.items]]
            block = block[~np.isnan(block).any(axis=1)]
            reported = table[(table["wave"] == wave) & (table["factor"] == factor.id)]
            assert reported["n_complete"].iloc[0] == len(block) <= rows["id"].nunique()
            assert reported["alpha"].iloc[0] == pytest.approx(_alpha_from_covariances(block), abs=1e-4)
    assert "Per wave" in result.err and "pre: GOAL" in result.err
