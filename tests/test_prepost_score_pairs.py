"""Who the pre/post score tests pair (QA round 29).

The sample's questionnaire file holds the interviewed intervention group and two comparison students (C01, C02,
`group = comparison`, never interviewed). `export prepost --scores` tested the RSCA scores over all six pairs
while the terminal and the report said `4 participant(s) seen in both waves`: a comparison group pooled into the
intervention group's paired t test, unsaid. The pairing stays as documented (everyone who answered both waves);
the terminal and the report now say who is in it and which groups it pools.
"""

from __future__ import annotations

import pandas as pd


def _scored(root, run_cli):
    result = run_cli("scores", "compute", "--scale", "rsca", "--in", root / "scores" / "rsca-sample.csv",
                     "--out", root / "exports" / "rsca.csv", cwd=root)
    assert result.exit_code == 0, result.err
    return root / "exports" / "rsca.csv"


def test_the_score_tests_say_they_pair_participants_without_a_transcript_and_pool_the_groups(sample_project,
                                                                                            run_cli):
    root = sample_project.root
    scores = _scored(root, run_cli)
    groups = pd.read_csv(root / "transcripts" / "participants.csv").set_index("id")["group"]
    result = run_cli("export", "prepost", "--scores", scores, "--lang", "en", cwd=root)
    assert result.exit_code == 0, result.err
    said = result.out + result.err
    assert "comparing wave 'pre' (pre) with 'post' (post): 4 participant(s) seen in both waves" in said
    comparison = sorted(groups[groups == "comparison"].index)
    assert comparison == ["C01", "C02"]
    assert (f"{scores}: the score tests pair 6 participant(s) who answered both waves, 2 of them with no transcript "
            f"in the code tests (C01, C02); they pool the groups comparison 2, intervention 4: to test one group, "
            "give --scores a file of its rows only") in said
    table = pd.read_csv(root / "exports" / "prepost-scores.csv").set_index("score")
    assert table.loc["RSCA_TOTAL", "n_pairs"] == 6
    report = (root / "exports" / "prepost-report.md").read_text(encoding="utf-8")
    assert ("Questionnaire pairs: 6 participant(s) who answered both waves (2 with no transcript: C01, C02; "
            "groups pooled: comparison 2, intervention 4).") in report

    chinese = run_cli("--lang", "zh", "export", "prepost", "--scores", scores, "--force", cwd=root)
    assert chinese.exit_code == 0, chinese.err
    assert "问卷得分的配对检验包括两波均作答的 6 人，其中 2 人在编码检验中没有访谈资料（C01, C02）" in chinese.err
    assert "比较 'pre' 轮（前测）与 'post' 轮（后测）：两波均有资料的参与者 4 人" in chinese.out + chinese.err
    report = (root / "exports" / "prepost-report.md").read_text(encoding="utf-8")
    assert "问卷配对：两波均作答者 6 人（其中 2 人没有访谈资料：C01、C02；合并了各组：comparison 2 人，intervention 4 人）。" in report


def test_one_groups_scores_of_interviewed_participants_add_no_note(sample_project, run_cli):
    root = sample_project.root
    scores = _scored(root, run_cli)
    frame = pd.read_csv(scores)
    frame[~frame["id"].isin(["C01", "C02"])].to_csv(root / "exports" / "intervention.csv", index=False)
    result = run_cli("export", "prepost", "--scores", root / "exports" / "intervention.csv", cwd=root)
    assert result.exit_code == 0, result.err
    assert "the score tests pair" not in result.out + result.err
    assert "Questionnaire pairs" not in (root / "exports" / "prepost-report.md").read_text(encoding="utf-8")
