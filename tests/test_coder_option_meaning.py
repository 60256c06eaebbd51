"""Issue 11 item 7: `--coder` always names who acts; an export filters by coder only with --only-coder, and says whom it pooled."""

from __future__ import annotations

import pandas as pd


def _matrix_total(path) -> int:
    frame = pd.read_csv(path)
    return int(frame.drop(columns=["participant"]).select_dtypes("number").to_numpy().sum())


def test_coder_before_or_after_export_pools_every_coder_and_says_so(run_cli, sample_project):
    root = sample_project.root
    assert run_cli("--project", root, "import-codings", "codings/researcher-A.csv").exit_code == 0
    assert run_cli("--project", root, "import-codings", "codings/researcher-B.csv").exit_code == 0
    before = run_cli("--project", root, "--coder", "A", "export", "matrix", "--out", root / "exports" / "a.csv")
    after = run_cli("--project", root, "export", "matrix", "--coder", "A", "--out", root / "exports" / "b.csv")
    for result in (before, after):
        assert result.exit_code == 0, result.err
        assert "pooled coders: A, B (2)" in result.err
    assert _matrix_total(root / "exports" / "a.csv") == _matrix_total(root / "exports" / "b.csv")
    only = run_cli("--project", root, "export", "matrix", "--only-coder", "A", "--out", root / "exports" / "c.csv")
    assert only.exit_code == 0 and "only coder(s): A" in only.err
    pooled_zh = run_cli("--project", root, "--lang", "zh", "export", "matrix", "--out", root / "exports" / "d.csv")
    assert "合并计入的编码者：A, B（2 人）；只计一位编码者请用 --only-coder 姓名" in pooled_zh.err, pooled_zh.err
    only_zh = run_cli("--project", root, "--lang", "zh", "export", "matrix", "--only-coder", "A", "--only-coder", "Z",
                      "--out",
                      root / "exports" / "e.csv")
    assert only_zh.exit_code == 0 and "只计编码者：A（Z 没有编码）" in only_zh.err, only_zh.err
    assert _matrix_total(root / "exports" / "c.csv") < _matrix_total(root / "exports" / "a.csv")
