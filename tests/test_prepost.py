"""Issue 17 item 2: pre → post change per participant and code, with paired tests checked independently."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

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
    assert all(participants[c].dtype.kind == "i" for c in ("pre", "post", "change"))  # counts: 3, not 3.0
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


def _sample_with_chinese_waves(repo_root, tmp_path) -> Path:
    """The sample with its files named 前测/后测, the scores' waves written 前测/后测, and those declared."""
    root = tmp_path / "zh-waves"
    root.mkdir()
    for name in ("codebooks", "scores"):
        shutil.copytree(repo_root / name, root / name)
    (root / "transcripts").mkdir()
    for source in (repo_root / "transcripts").iterdir():
        name = source.name.replace("_pre", "_前测").replace("_post", "_后测")
        shutil.copy(source, root / "transcripts" / name)
    toml = (repo_root / "qualcode.toml").read_text(encoding="utf-8")
    (root / "qualcode.toml").write_text(toml.replace("[project]\n", '[project]\nwaves = ["前测", "后测"]\n', 1),
                                        encoding="utf-8")
    answers = pd.read_csv(repo_root / "scores" / "rsca-sample.csv")
    answers["wave"] = answers["wave"].map({"pre": "前测", "post": "后测"})
    answers.to_csv(root / "scores" / "rsca-zh.csv", index=False)
    (root / "exports").mkdir()
    return root


def test_waves_declared_in_chinese_compare_before_with_after_and_pair_the_scores(run_cli, repo_root, tmp_path):
    root = _sample_with_chinese_waves(repo_root, tmp_path)
    assert run_cli("import", "transcripts", cwd=root).exit_code == 0
    codings = pd.read_csv(repo_root / "codings" / "researcher-A.csv")
    codings["document"] = codings["document"].str.replace("_pre", "_前测").str.replace("_post", "_后测")
    codings.to_csv(root / "codings-zh.csv", index=False)
    assert run_cli("import-codings", "codings-zh.csv", cwd=root).exit_code == 0
    assert run_cli("scores", "compute", "--scale", "rsca", "--in", "scores/rsca-zh.csv", "--id-column", "id",
                   "--out", "exports/rsca.csv", cwd=root).exit_code == 0
    result = run_cli("export", "prepost", "--scores", "exports/rsca.csv", cwd=root)
    assert result.exit_code == 0, result.err
    # The earlier wave is the one declared first (前测), whatever the stored spelling.
    participants = pd.read_csv(root / "exports" / "prepost-participants.csv")
    first_doc = codings[codings["document"].str.endswith("_前测")]
    lowself_before = first_doc[first_doc["code"] == "AD_LOWSELF"].groupby(
        first_doc["document"].str[:3])["segment"].nunique()
    row = participants[(participants["code"] == "AD_LOWSELF") & (participants["participant"] == "S01")].iloc[0]
    assert row.pre == lowself_before["S01"]
    # The questionnaire waves 前测/后测 pair with the interviews' waves: the scores are tested, not dropped.
    scores = pd.read_csv(root / "exports" / "prepost-scores.csv").set_index("score")
    answers = pd.read_csv(root / "exports" / "rsca.csv")
    wide = answers.pivot_table(index="id", columns="wave", values="RSCA_TOTAL").dropna()
    assert scores.loc["RSCA_TOTAL", "n_pairs"] == len(wide) == 6
    assert scores.loc["RSCA_TOTAL", "t"] == pytest.approx(stats.ttest_rel(wide["后测"], wide["前测"]).statistic)


def test_scores_seen_in_one_wave_only_are_counted_and_named(run_cli, repo_root, tmp_path):
    root = _sample_with_chinese_waves(repo_root, tmp_path)
    assert run_cli("import", "transcripts", cwd=root).exit_code == 0
    answers = pd.read_csv(repo_root / "scores" / "rsca-sample.csv")
    answers.loc[0, "id"] = "X99"  # a typo: S01's first questionnaire under an id nobody has
    answers.to_csv(root / "scores" / "typo.csv", index=False)
    assert run_cli("scores", "compute", "--scale", "rsca", "--in", "scores/typo.csv", "--id-column", "id",
                   "--out", "exports/rsca.csv", cwd=root).exit_code == 0
    result = run_cli("export", "prepost", "--scores", "exports/rsca.csv", cwd=root)
    assert result.exit_code == 0, result.err
    assert "1 id(s) answered wave 'pre' but not 'post', left out of the paired tests: X99" in result.err
    assert "1 id(s) answered wave 'post' but not 'pre', left out of the paired tests: S01" in result.err
    chinese = run_cli("--lang", "zh", "export", "prepost", "--scores", "exports/rsca.csv", "--force", cwd=root)
    assert chinese.exit_code == 0, chinese.err
    assert "1 个编号回答了 'pre' 轮、没有回答 'post' 轮，未计入配对检验：X99" in chinese.err, chinese.err
    scores = pd.read_csv(root / "exports" / "prepost-scores.csv").set_index("score")
    assert scores.loc["RSCA_TOTAL", "n_pairs"] == answers["id"].nunique() - 2  # S01 and X99 unpaired


def test_scores_without_the_compared_wave_are_a_message_not_an_empty_table(run_cli, repo_root, tmp_path):
    root = _sample_with_chinese_waves(repo_root, tmp_path)
    assert run_cli("import", "transcripts", cwd=root).exit_code == 0
    answers = pd.read_csv(repo_root / "scores" / "rsca-sample.csv")
    answers["wave"] = answers["wave"].map({"pre": "T1", "post": "T2"})
    answers.to_csv(root / "exports" / "t.csv", index=False)
    result = run_cli("export", "prepost", "--scores", "exports/t.csv", cwd=root)
    assert result.exit_code == 2
    assert "exports/t.csv" in result.err and "no answers of wave 'pre'" in result.err and "T1, T2" in result.err


def test_join_by_wave_pairs_questionnaire_waves_written_in_chinese_with_the_interviews(run_cli, repo_root, tmp_path):
    root = _sample_with_chinese_waves(repo_root, tmp_path)
    assert run_cli("import", "transcripts", cwd=root).exit_code == 0
    result = run_cli("join", "--scores", "scores/rsca-zh.csv", "--scale", "rsca", "--id-column", "id", "--by", "wave",
                     "--out", "exports/j.csv", cwd=root)
    assert result.exit_code == 0, result.err
    joined = pd.read_csv(root / "exports" / "j.csv")
    interviewed = joined[joined["participant"].isin(["S01", "S02", "S03", "E01"])]
    assert set(interviewed["matched"]) == {"both"}, interviewed[["participant", "wave", "matched"]]
    assert len(interviewed) == 8  # four participants × two waves, not sixteen half-rows


def test_a_questionnaire_entered_twice_for_one_wave_is_named_not_averaged(run_cli, repo_root, tmp_path):
    root = _sample_with_chinese_waves(repo_root, tmp_path)
    assert run_cli("import", "transcripts", cwd=root).exit_code == 0
    answers = pd.read_csv(repo_root / "scores" / "rsca-sample.csv")
    again = answers.iloc[[0]].copy()
    again.iloc[0, 2:] = 1  # S01's pre questionnaire typed in a second time, with other answers
    pd.concat([answers, again]).to_csv(root / "scores" / "twice.csv", index=False)
    scored = run_cli("scores", "compute", "--scale", "rsca", "--in", "scores/twice.csv", "--id-column", "id",
                     "--out", "exports/rsca.csv", cwd=root)
    assert scored.exit_code == 0
    assert "S01" in scored.err and "2 rows" in scored.err and "pre" in scored.err  # the scorer says so too
    result = run_cli("export", "prepost", "--scores", "exports/rsca.csv", cwd=root)
    assert result.exit_code == 2
    assert "exports/rsca.csv" in result.err and "S01" in result.err and "rows 2, 14" in result.err
    assert not (root / "exports" / "prepost-scores.csv").exists()


def test_prepost_in_spss_marks_presence_nominal_with_labels_and_counts_as_scale(run_cli, sample_project, tmp_path):
    import pyreadstat

    run_cli("--project", sample_project.root, "import-codings", "codings/researcher-A.csv")
    result = run_cli("--project", sample_project.root, "export", "prepost", "--out", tmp_path / "pp.sav")
    assert result.exit_code == 0, result.err
    frame, meta = pyreadstat.read_sav(str(tmp_path / "pp-participants.sav"))
    assert set(frame["pre_present"].dropna()) <= {0, 1}
    for column in ("pre_present", "post_present"):
        assert meta.variable_measure[column] == "nominal"
        assert set(meta.variable_value_labels[column]) == {0, 1}
        assert meta.original_variable_types[column].endswith(".0")
    for column in ("pre", "post", "change"):  # coded-turn counts
        assert meta.variable_measure[column] == "scale" and meta.original_variable_types[column].endswith(".0")


def test_questionnaire_scores_are_named_by_their_scale_in_the_report_language(run_cli, sample_project):
    from ruamel.yaml import YAML

    from qualcode.analysis.questionnaire import scale_search_path

    root = sample_project.root
    assert run_cli("--project", root, "scores", "compute", "--scale", "rsca", "--in", "scores/rsca-sample.csv",
                   "--id-column", "id", "--out", root / "exports" / "rsca.csv").exit_code == 0
    shipped = next(p for p in scale_search_path() if p.joinpath("rsca.yaml").is_file()).joinpath("rsca.yaml")
    goal = next(f for f in YAML(typ="safe").load(shipped.read_text(encoding="utf-8"))["factors"] if f["id"] == "GOAL")
    for lang in ("zh", "en"):
        result = run_cli("--project", root, "export", "prepost", "--scores", root / "exports" / "rsca.csv",
                         "--lang", lang, "--force")
        assert result.exit_code == 0, result.err
        report = (root / "exports" / "prepost-report.md").read_text(encoding="utf-8")
        assert f"| {goal['label'][lang]} (RSCA_GOAL) |" in report
    scores = pd.read_csv(root / "exports" / "prepost-scores.csv").set_index("score")
    assert scores.loc["RSCA_GOAL", "label_zh"] == goal["label"]["zh"]


def test_a_score_column_with_a_word_in_it_is_named_not_silently_left_out(run_cli, sample_project):
    root = sample_project.root
    assert run_cli("--project", root, "scores", "compute", "--scale", "rsca", "--in", "scores/rsca-sample.csv",
                   "--id-column", "id", "--out", root / "exports" / "rsca.csv").exit_code == 0
    scored = pd.read_csv(root / "exports" / "rsca.csv").astype(object)
    scored.loc[3, "RSCA_GOAL"] = "缺"  # a typed note in a score cell (file row 5)
    scored["group"] = "intervention"  # a text column is not a score and needs no word
    scored.to_csv(root / "exports" / "typed.csv", index=False)
    result = run_cli("--project", root, "export", "prepost", "--scores", root / "exports" / "typed.csv")
    assert result.exit_code == 2
    assert "RSCA_GOAL" in result.err and "row 5" in result.err and "缺" in result.err and "group" not in result.err


def test_join_names_a_word_in_a_score_column_instead_of_writing_the_score_as_text(run_cli, sample_project):
    root = sample_project.root
    scored_ok = run_cli("--project", root, "scores", "compute", "--scale", "rsca", "--in", "scores/rsca-sample.csv",
                        "--id-column", "id", "--out", root / "exports" / "rsca.csv")
    assert scored_ok.exit_code == 0
    scored = pd.read_csv(root / "exports" / "rsca.csv").astype(object)
    scored.loc[3, "RSCA_GOAL"] = "缺"
    scored.to_csv(root / "exports" / "typed.csv", index=False)
    result = run_cli("--project", root, "join", "--scores", root / "exports" / "typed.csv", "--id-column", "id",
                     "--by", "wave", "--out", root / "exports" / "j.csv")
    assert result.exit_code == 2
    assert "typed.csv" in result.err and "RSCA_GOAL" in result.err and "row 5" in result.err
    assert not (root / "exports" / "j.csv").exists()
