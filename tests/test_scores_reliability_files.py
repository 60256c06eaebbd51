"""The reliability table written beside each scores file (QA round 29).

A researcher scores each wave into a file of its own (`--out exports/rsca-pre.csv`, then `rsca-post.csv`). The
reliability table was always `rsca-reliability.csv`, whatever the scores file was called: the second run wrote
`rsca-post.csv`, then stopped with exit 2 on `rsca-reliability.csv: already exists` -- a half-written export, and
the reliability table on disk was the first wave's. Now each scores file has its own reliability table, and a
command that writes two files checks both before writing either.
"""

from __future__ import annotations

import csv

import pandas as pd


def _wave_sheet(root, wave: str):
    with (root / "scores" / "rsca-sample.csv").open(encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    path = root / "scores" / f"rsca-{wave}-answers.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(row for row in rows if row[1] == wave)
    return path


def test_each_waves_scores_file_gets_its_own_reliability_table(sample_project, run_cli):
    root = sample_project.root
    for wave in ("pre", "post"):
        result = run_cli("scores", "compute", "--scale", "rsca", "--in", _wave_sheet(root, wave),
                         "--out", root / "exports" / f"rsca-{wave}.csv", cwd=root)
        assert result.exit_code == 0, result.err
    pre = pd.read_csv(root / "exports" / "rsca-pre-reliability.csv")
    post = pd.read_csv(root / "exports" / "rsca-post-reliability.csv")
    total = {name: table.loc[table["factor"] == "TOTAL", "alpha"].iloc[0] for name, table in
             (("pre", pre), ("post", post))}
    assert total["pre"] != total["post"]  # each table holds its own wave's answers
    assert not (root / "exports" / "rsca-reliability.csv").exists()


def test_scores_compute_writes_nothing_when_the_reliability_file_exists(sample_project, run_cli):
    root = sample_project.root
    taken = root / "exports" / "rsca-reliability.csv"
    taken.write_text("kept\n", encoding="utf-8")
    out = root / "exports" / "rsca.csv"
    result = run_cli("scores", "compute", "--scale", "rsca", "--in", root / "scores" / "rsca-sample.csv",
                     "--out", out, cwd=root)
    assert result.exit_code == 2
    assert f"{taken}: already exists; use --force to overwrite it (nothing was written)" in result.err
    assert not out.exists() and taken.read_text(encoding="utf-8") == "kept\n"


def test_join_with_correlations_writes_nothing_when_the_correlations_file_exists(sample_project, run_cli):
    root = sample_project.root
    out = root / "exports" / "joined.csv"
    taken = root / "exports" / "joined-correlations.csv"
    taken.write_text("kept\n", encoding="utf-8")
    result = run_cli("join", "--scores", root / "scores" / "rsca-sample.csv", "--scale", "rsca", "--by", "wave",
                     "--correlate", "--out", out, cwd=root)
    assert result.exit_code == 2
    assert f"{taken}: already exists" in result.err
    assert not out.exists() and taken.read_text(encoding="utf-8") == "kept\n"
