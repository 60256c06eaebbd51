"""`scores compute` on a sheet whose wave column is 测量 (QA round 29).

`join` and `export prepost` take `--wave-column`; `scores compute` had none and looked for a column named `wave`.
On a Chinese sheet (编号, 测量 = 前测/后测) it reported every participant as `编号 answered in 2 rows or more`,
and gave α over both waves pooled only (each student counted twice), with no per-wave α and no word why.
"""

from __future__ import annotations

import csv

import pandas as pd


def _chinese_sheet(root):
    with (root / "scores" / "rsca-sample.csv").open(encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    path = root / "scores" / "问卷.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["编号", "测量", *header[2:]])
        for row in rows:
            writer.writerow([row[0], {"pre": "前测", "post": "后测"}[row[1]], *row[2:]])
    return path


def test_scores_compute_takes_the_wave_column_and_gives_alpha_per_wave(sample_project, run_cli):
    root = sample_project.root
    sheet = _chinese_sheet(root)
    out = root / "exports" / "rsca.csv"
    result = run_cli("scores", "compute", "--scale", "rsca", "--in", sheet, "--id-column", "编号",
                     "--wave-column", "测量", "--out", out, cwd=root)
    assert result.exit_code == 0, result.err
    assert "answered in 2 rows or more" not in result.err
    reliability = pd.read_csv(root / "exports" / "rsca-reliability.csv")
    assert list(dict.fromkeys(reliability["wave"])) == ["all", "前测", "后测"]

    without = run_cli("scores", "compute", "--scale", "rsca", "--in", sheet, "--id-column", "编号",
                      "--out", out, "--force", cwd=root)
    assert without.exit_code == 0, without.err
    assert (f"{sheet}: no column 'wave': if a column holds the wave (测量 前测/后测), name it with --wave-column, so "
            "each wave is one answer per participant and has its own α") in without.err

    typo = run_cli("scores", "compute", "--scale", "rsca", "--in", sheet, "--id-column", "编号",
                   "--wave-column", "波次", "--out", out, "--force", cwd=root)
    assert typo.exit_code == 2
    assert f"{sheet}: no column '波次' in this file; its columns are: 编号, 测量, RSCA1" in typo.err


def test_an_export_filtered_by_wave_takes_the_chinese_name_of_the_wave(sample_project, run_cli):
    """`export matrix --wave 前测` on documents imported as pre (the import reads 前测 as pre): refused with `no
    document of wave 前测 (waves: post, pre)`, while `join --wave 前测` and the scores read it as pre."""
    root = sample_project.root
    chinese, english = root / "exports" / "zh.csv", root / "exports" / "en.csv"
    result = run_cli("export", "matrix", "--wave", "前测", "--out", chinese, cwd=root)
    assert result.exit_code == 0, result.err
    assert run_cli("export", "matrix", "--wave", "pre", "--out", english, cwd=root).exit_code == 0
    assert chinese.read_text(encoding="utf-8") == english.read_text(encoding="utf-8")
