"""`--map ITEM=COLUMN` that cannot be right (QA round 29).

`--map 28=RSCA1` (the RSCA has 27 items) ended in `internal error: IndexError`. `--map 1=RSCA2` scored item 1
from RSCA2 *and* item 2 from RSCA2 (its name), left the real RSCA1 column out, and exited 0 with wrong factor
scores.
"""

from __future__ import annotations


def test_a_map_to_an_item_the_scale_lacks_is_one_clear_line(sample_project, run_cli):
    root = sample_project.root
    out = root / "exports" / "rsca.csv"
    sheet = root / "scores" / "rsca-sample.csv"
    result = run_cli("scores", "compute", "--scale", "rsca", "--in", sheet, "--map", "28=RSCA1", "--out", out,
                     cwd=root)
    assert result.exit_code == 2 and not out.exists()
    assert f"{sheet}: the column map names item(s) [28], but rsca has items 1–27" in result.err
    assert "internal error" not in result.err


def test_a_column_read_for_two_items_is_refused(sample_project, run_cli):
    root = sample_project.root
    out = root / "exports" / "rsca.csv"
    sheet = root / "scores" / "rsca-sample.csv"
    result = run_cli("scores", "compute", "--scale", "rsca", "--in", sheet, "--map", "1=RSCA2", "--out", out,
                     cwd=root)
    assert result.exit_code == 2 and not out.exists()
    assert (f"{sheet}: column 'RSCA2' would be read for items [1, 2] (the column map gives it to item 1, and its "
            "name makes it item 2); map each item to its own column") in result.err
    both = run_cli("scores", "compute", "--scale", "rsca", "--in", sheet, "--map", "1=RSCA3", "--map", "2=RSCA3",
                   "--out", out, cwd=root)
    assert both.exit_code == 2
    assert "column 'RSCA3' would be read for items [1, 2, 3] (the column map gives it to items [1, 2], and its name " \
           "makes it item 3)" in both.err
    fine = run_cli("scores", "compute", "--scale", "rsca", "--in", sheet, "--map", "1=RSCA1", "--out", out, cwd=root)
    assert fine.exit_code == 0, fine.err


def test_a_score_column_already_in_the_file_is_kept_under_another_name(sample_project, run_cli):
    """The survey tool's own `RSCA_GOAL` column (worked out its own way) was overwritten by the computed score,
    unsaid; both are kept now and the note names them."""
    import pandas as pd

    root = sample_project.root
    answers = pd.read_csv(root / "scores" / "rsca-sample.csv")
    answers["RSCA_GOAL"] = 99
    sheet = root / "scores" / "own.csv"
    answers.to_csv(sheet, index=False)
    out = root / "exports" / "rsca.csv"
    result = run_cli("scores", "compute", "--scale", "rsca", "--in", sheet, "--out", out, cwd=root)
    assert result.exit_code == 0, result.err
    assert (f"{sheet}: the file has its own RSCA_GOAL; the computed score takes that name and the file's values are "
            "kept as RSCA_GOAL_in_file") in result.err
    scores = pd.read_csv(out)
    assert set(scores["RSCA_GOAL_in_file"]) == {99} and scores["RSCA_GOAL"].max() <= 5
