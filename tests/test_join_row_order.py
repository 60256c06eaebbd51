"""The joined table keeps the matrix's row order (thesis QA round 31).

`join --by wave` wrote every participant's `post` row above the `pre` row and `S10` above `S2`: the outer
merge sorts its keys as strings. The docs promise the matrix's order, waves in time order, in the join too, and
a researcher reading the table (or SPSS's paired-samples dialog fed by row) expects pre then post.
"""

from __future__ import annotations

import pandas as pd

from qualcode.analysis.frames import natural_key


def test_the_joined_rows_are_in_natural_order_with_pre_before_post(sample_project, run_cli):
    root = sample_project.root
    answers = pd.read_csv(root / "scores" / "rsca-sample.csv")
    extra = answers[answers["id"] == "C01"].assign(id="C10")  # S2-before-S10 order among scores-only rows too
    answers = pd.concat([answers, extra])
    sheet = root / "scores" / "answers.csv"
    answers.to_csv(sheet, index=False)
    out = root / "exports" / "joined.csv"
    result = run_cli("join", "--scores", sheet, "--scale", "rsca", "--by", "wave", "--out", out, cwd=root)
    assert result.exit_code == 0, result.err
    table = pd.read_csv(out)
    rows = list(zip(table["participant"], table["wave"], strict=True))
    expected = sorted(rows, key=lambda row: (natural_key(row[0]), ["pre", "post"].index(row[1])))
    assert rows == expected
    assert rows[:2] == [("C01", "pre"), ("C01", "post")] and ("C10", "pre") in rows


def test_scores_computed_earlier_keep_their_scale_labels_in_spss(sample_project, run_cli):
    """`scores compute`, then `join --scores exports/rsca.csv`: the .sav labelled RSCA_GOAL as `RSCA_GOAL`, where
    the same join with --scale labels it 目标专注 / Goal focus (thesis QA round 31)."""
    import pyreadstat

    root = sample_project.root
    scores = root / "exports" / "rsca.csv"
    assert run_cli("scores", "compute", "--scale", "rsca", "--in", root / "scores" / "rsca-sample.csv",
                   "--out", scores, cwd=root).exit_code == 0
    out = root / "exports" / "joined.sav"
    result = run_cli("join", "--scores", scores, "--by", "wave", "--out", out, cwd=root)
    assert result.exit_code == 0, result.err
    labels = pyreadstat.read_sav(str(out), metadataonly=True)[1].column_names_to_labels
    assert labels["RSCA_GOAL"] == "目标专注 / Goal focus"
    assert labels["RSCA_TOTAL"] == "心理韧性总分 / Resilience (all items)"


def test_one_sided_ids_by_wave_say_which_wave_did_not_match(sample_project, run_cli):
    """S01 answered the questionnaire before but not after: the join said `only in the matrix (no scores): S01`,
    as if S01 had no scores at all, while S01's pre row had matched."""
    root = sample_project.root
    run_cli("import-codings", root / "codings" / "researcher-A.csv", cwd=root)
    answers = pd.read_csv(root / "scores" / "rsca-sample.csv")
    answers = answers[~((answers["id"] == "S01") & (answers["wave"] == "post"))]
    sheet = root / "scores" / "answers.csv"
    answers.to_csv(sheet, index=False)
    out = root / "exports" / "joined.csv"
    result = run_cli("join", "--scores", sheet, "--scale", "rsca", "--by", "wave", "--out", out, cwd=root)
    assert result.exit_code == 0, result.err
    assert "only in the matrix (no scores): S01 (post)\n" in result.err
    assert "only in the scores (no transcript): C01 (pre, post), C02 (pre, post)\n" in result.err
