"""`scores compute --lang zh` prints its reliability lines in Chinese (they stayed English between Chinese lines).
Real sample project, its real questionnaire file, the written reliability table read back for the figures."""

from __future__ import annotations

import csv


def test_the_reliability_lines_of_scores_compute_read_in_chinese(sample_project, run_cli):
    root = sample_project.root
    out = root / "exports" / "rsca.csv"
    result = run_cli("--project", root, "--lang", "zh", "scores", "compute", "--scale", "rsca",
                     "--in", root / "scores" / "rsca-sample.csv", "--out", out)
    assert result.exit_code == 0, result.err
    said = result.out + result.err
    assert "信度（Cronbach's α，只计该因子每一题都作答的受访者）：" in said
    assert "各波次分别计算（每人只计一次）：" in said
    with (root / "exports" / "rsca-reliability.csv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["wave"] == "all"]
    total = next(row for row in rows if row["factor"] == "TOTAL")
    assert (f"{total['factor_label']}：α {float(total['alpha']):.3f}（{total['n_items']} 题，n = {total['n_complete']}）"
            in said)
    for english in ("Reliability (Cronbach", "items, n =", "Per wave"):
        assert english not in said
