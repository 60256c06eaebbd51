"""`join` says how many rows matched on both sides and how many are one-sided.

"12 rows joined" counted the 4 rows of participants who answered the questionnaire only (C01, C02, two
waves each) as joined. Real sample project, its real questionnaire file, the written table read back.
"""

from __future__ import annotations

import csv
from collections import Counter


def test_join_counts_matched_and_one_sided_rows_apart(sample_project, run_cli):
    root = sample_project.root
    assert run_cli("--project", root, "import-codings", root / "codings" / "researcher-A.csv").exit_code == 0
    out = root / "exports" / "joined.csv"
    result = run_cli("--project", root, "join", "--scores", root / "scores" / "rsca-sample.csv", "--scale", "rsca",
                     "--by", "wave", "--out", out)
    assert result.exit_code == 0, result.err
    with out.open(encoding="utf-8") as handle:
        matched = Counter(row["matched"] for row in csv.DictReader(handle))
    assert matched["scores_only"] > 0 and matched["both"] > 0       # the sample has questionnaire-only participants
    total = sum(matched.values())
    assert matched["matrix_only"] == 0                              # every interviewed participant answered
    assert f"{total} rows: {matched['both']} matched on both sides, {matched['scores_only']} only in the scores\n" \
        in result.err
    assert "rows joined" not in result.err

    inner = run_cli("--project", root, "join", "--scores", root / "scores" / "rsca-sample.csv", "--scale", "rsca",
                    "--by", "wave", "--how", "inner", "--out", root / "exports" / "inner.csv")
    assert inner.exit_code == 0, inner.err
    assert f"{matched['both']} rows joined, each matched on both sides" in inner.err


def test_join_counts_read_in_chinese_under_zh(sample_project, run_cli):
    """The same lines under --lang zh: they went through the export notes' patterns, which had none for them."""
    root = sample_project.root
    assert run_cli("--project", root, "import-codings", root / "codings" / "researcher-A.csv").exit_code == 0
    out = root / "exports" / "joined.csv"
    result = run_cli("--project", root, "--lang", "zh", "join", "--scores", root / "scores" / "rsca-sample.csv",
                     "--scale", "rsca", "--by", "wave", "--out", out)
    assert result.exit_code == 0, result.err
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    matched = Counter(row["matched"] for row in rows)
    one_sided = [f"{p} (pre, post)" for p in sorted({row["participant"] for row in rows
                                                       if row["matched"] == "scores_only"})]
    assert (f"共 {len(rows)} 行：{matched['both']} 行两边都对上，{matched['scores_only']} 行只在问卷分数中\n"
            in result.err)
    assert f"只在问卷分数中（没有访谈）：{', '.join(one_sided)}\n" in result.err
    assert "matched on both sides" not in result.err and "only in the scores" not in result.err

    inner = run_cli("--project", root, "--lang", "zh", "join", "--scores", root / "scores" / "rsca-sample.csv",
                    "--scale", "rsca", "--by", "wave", "--how", "inner", "--out", root / "exports" / "inner.csv")
    assert inner.exit_code == 0, inner.err
    assert f"已合并 {matched['both']} 行，每行两边都对上" in inner.err
