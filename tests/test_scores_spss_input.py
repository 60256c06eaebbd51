"""Questionnaire answers kept in SPSS, as a social-work study often does (QA round 29).

The `.sav` has the wave coded 1/2 with the value labels 前测/后测, 9 as a user-missing code for an unanswered item.
`scores compute` wrote the wave as `1.0`/`2.0`, `join --by wave` then refused the file saying its *ids* matched no
participant (they all did), and a problem was reported at "row 4" for the third case (SPSS shows cases from 1).
`join --wave pre` on scores whose waves are written otherwise dropped every score row and wrote the table with
exit 0.
"""

from __future__ import annotations

import re

import pandas as pd
import pyreadstat

ITEMS = [f"RSCA{i}" for i in range(1, 28)]


def _sav(root):
    answers = pd.read_csv(root / "scores" / "rsca-sample.csv")
    answers["wave"] = answers["wave"].map({"pre": 1, "post": 2}).astype(float)
    answers.loc[2, "RSCA3"] = 9  # the third case left item 3 unanswered
    path = root / "scores" / "rsca.sav"
    pyreadstat.write_sav(answers, str(path), missing_ranges={item: [9] for item in ITEMS},
                         variable_value_labels={"wave": {1: "前测", 2: "后测"},
                                                **{item: {1: "完全不符合", 5: "完全符合", 9: "未答"} for item in ITEMS}})
    return path, answers


def test_a_sav_file_is_read_with_its_wave_labels_and_its_case_numbers(sample_project, run_cli):
    root = sample_project.root
    sav, answers = _sav(root)
    out = root / "exports" / "rsca.csv"
    result = run_cli("scores", "compute", "--scale", "rsca", "--in", sav, "--out", out, cwd=root)
    assert result.exit_code == 0, result.err
    third = answers.loc[2, "id"]
    assert f"{sav}: row 3 (id {third}), column RSCA3 (item 3): missing" in result.err
    scores = pd.read_csv(out)
    assert list(scores["wave"]) == [{1.0: "前测", 2.0: "后测"}[w] for w in answers["wave"]]

    joined = root / "exports" / "joined.csv"
    result = run_cli("join", "--scores", sav, "--scale", "rsca", "--by", "wave", "--out", joined, cwd=root)
    assert result.exit_code == 0, result.err
    table = pd.read_csv(joined)
    both = table[table["matched"] == "both"]
    interviewed = set(table.loc[table["matched"] != "scores_only", "participant"])
    assert len(both) == answers["id"].isin(interviewed).sum() > 0 and set(both["wave"]) == {"pre", "post"}


def test_join_of_one_wave_refuses_scores_without_that_wave(sample_project, run_cli):
    root = sample_project.root
    answers = pd.read_csv(root / "scores" / "rsca-sample.csv")
    answers["wave"] = answers["wave"].map({"pre": "T1", "post": "T2"})
    sheet = root / "scores" / "t1t2.csv"
    answers.to_csv(sheet, index=False)
    out = root / "exports" / "pre.csv"
    result = run_cli("join", "--scores", sheet, "--scale", "rsca", "--wave", "pre", "--out", out, cwd=root)
    assert result.exit_code == 2 and not out.exists()
    assert f"{sheet}: no score row of wave pre in column 'wave' (the waves there: T1, T2)" in result.err

    result = run_cli("join", "--scores", sheet, "--scale", "rsca", "--by", "wave", "--out", out, cwd=root)
    assert result.exit_code == 2 and not out.exists()
    assert re.search(r"no wave of the scores is a wave of the documents: participants .*S01.* are on both sides, "
                     r"but the scores' 'wave' gives t1, t2 and the documents have post, pre", result.err), result.err


def test_join_names_score_ids_that_are_another_spelling_of_a_participant(sample_project, run_cli):
    """`s1` and a full-width `Ｓ02` (typed on a Chinese keyboard) were listed as "only in the scores" beside S01 and
    S02 "only in the matrix", with no word that they are the same people or how to match them."""
    root = sample_project.root
    answers = pd.read_csv(root / "scores" / "rsca-sample.csv")
    answers["id"] = answers["id"].replace({"S01": "s1", "S02": "Ｓ02"})
    sheet = root / "scores" / "typed.csv"
    answers.to_csv(sheet, index=False)
    out = root / "exports" / "joined.csv"
    result = run_cli("join", "--scores", sheet, "--scale", "rsca", "--by", "wave", "--out", out, cwd=root)
    assert result.exit_code == 0, result.err
    assert ("s1, Ｓ02 in the scores are another spelling of S01, S02 in the matrix and were not matched: "
            "--normalize-ids matches them") in result.err
    chinese = run_cli("--lang", "zh", "join", "--scores", sheet, "--scale", "rsca", "--by", "wave", "--out", out,
                      "--force", cwd=root)
    assert "问卷分数中的 s1, Ｓ02 是矩阵中 S01, S02 的另一种写法，没有对上：加 --normalize-ids 即可匹配" in chinese.err
    matched = run_cli("join", "--scores", sheet, "--scale", "rsca", "--by", "wave", "--normalize-ids", "--out", out,
                      "--force", cwd=root)
    assert matched.exit_code == 0 and "another spelling" not in matched.err


def test_pre_test_and_post_test_as_survey_tools_write_them_join_the_documents_waves(sample_project, run_cli):
    """A Qualtrics-style wave column `Pre-test`/`Post-test`: `pretest` was read as pre, `Pre-test` stayed as
    written, so no score row met the transcripts' pre/post."""
    root = sample_project.root
    answers = pd.read_csv(root / "scores" / "rsca-sample.csv")
    answers["wave"] = answers["wave"].map({"pre": "Pre-test", "post": "Post test"})
    sheet = root / "scores" / "qualtrics.csv"
    answers.to_csv(sheet, index=False)
    out = root / "exports" / "joined.csv"
    result = run_cli("join", "--scores", sheet, "--scale", "rsca", "--by", "wave", "--out", out, cwd=root)
    assert result.exit_code == 0, result.err
    table = pd.read_csv(out)
    assert set(table.loc[table["matched"] == "both", "wave"]) == {"pre", "post"}
