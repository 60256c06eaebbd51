"""`qualcode next` cuts its text column to the terminal's cells, counted as the terminal counts them: a Chinese
character takes two cells, so a cut by characters made Chinese rows twice as wide as English ones and ran them
past an 80-column SSH terminal. Real project (real SQLite, jieba, scikit-learn), the CLI run in-process."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from test_suggest_learned import UNCODED, coded_project  # noqa: F401  (S04's one uncoded Chinese turn)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_next_rows_fit_80_columns_with_chinese_text(coded_project, run_cli, monkeypatch, lang):
    monkeypatch.setenv("COLUMNS", "80")
    result = run_cli("--project", str(coded_project.root), "--lang", lang, "next")
    assert result.exit_code == 0, result.err
    lines = result.out.splitlines()
    header, row = lines[0], next(line for line in lines if line.startswith("S04_pre"))
    assert cell_len(row) <= 80 and cell_len(header) <= 80, result.out
    text = row.split()[-1]
    assert text.endswith("…") and UNCODED.startswith(text[:-1]), row   # cut, at a character, marked
    # The text column starts at the same cell in the header and the row (the table stays aligned).
    heading = "文本" if lang == "zh" else "text"
    assert cell_len(header[:header.index(heading)]) == cell_len(row[:row.index(text)]), result.out


def test_a_wide_terminal_shows_the_whole_chinese_turn(coded_project, run_cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "140")
    result = run_cli("--project", str(coded_project.root), "next")
    assert result.exit_code == 0, result.err
    row = next(line for line in result.out.splitlines() if line.startswith("S04_pre"))
    assert row.endswith(UNCODED), row
