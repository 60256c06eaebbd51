"""CSVs meant for Excel keep text starting with = + - @ as text (a quote in front); plain CSVs keep it exactly.

Real sample project, a real transcript whose turns start with those characters, real exports read back.
"""

from __future__ import annotations

import csv

from qualcode.core.excel_cells import excel_text

TURNS = ["=不想上学，老师说的都不对", "+1，我也这么想", "- 第一，家里没钱", "@王老师 说我不行", "-3"]


def _project_with_formula_text(sample_project, run_cli):
    root = sample_project.root
    body = "\n".join(f"访谈者：问题{i}？\n受访者：{text}" for i, text in enumerate(TURNS, 1))
    (root / "transcripts" / "S99_pre.txt").write_text(
        f"---\nparticipant: S99\nwave: pre\nlanguage: zh\n---\n{body}\n", encoding="utf-8")
    assert run_cli("--project", root, "import", root / "transcripts" / "S99_pre.txt").exit_code == 0
    for number in range(2, 2 * len(TURNS) + 1, 2):   # the participant turns
        result = run_cli("--project", root, "--coder", "A", "code", "S99_pre", number, "AD_EXAM")
        assert result.exit_code == 0, result.err
    memo = run_cli("--project", root, "--coder", "A", "memo", "case", "S99", "--", "-第一点：家庭压力")
    assert memo.exit_code == 0, memo.err
    return root


def _rows(path, encoding):
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.reader(handle))


def test_excel_csvs_keep_formula_like_text_as_text(sample_project, run_cli):
    root = _project_with_formula_text(sample_project, run_cli)
    excel, plain = root / "exports" / "long-excel.csv", root / "exports" / "long.csv"
    for extra, out in ((["--excel"], excel), ([], plain)):
        result = run_cli("--project", root, "export", "long", "--with-text", *extra, "--out", out)
        assert result.exit_code == 0, result.err

    assert excel.read_bytes().startswith(b"\xef\xbb\xbf") and not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    excel_rows, plain_rows = _rows(excel, "utf-8-sig"), _rows(plain, "utf-8")
    assert excel_rows[0] == plain_rows[0] and len(excel_rows) == len(plain_rows)
    plain_cells = {cell for row in plain_rows for cell in row}
    excel_cells = {cell for row in excel_rows for cell in row}
    for text in TURNS[:4]:
        assert text in plain_cells                       # the plain CSV (R, pandas, SPSS) keeps the text exactly
        assert "'" + text in excel_cells and text not in excel_cells
    assert "-3" in excel_cells and "'-3" not in excel_cells   # a plain number stays a number
    # Nothing else differs: each Excel cell is the plain cell, or the plain cell with the quote in front.
    for excel_row, plain_row in zip(excel_rows, plain_rows):
        for e, p in zip(excel_row, plain_row):
            assert e == p or (e == "'" + p and p[:1] in "=+-@"), (e, p)

    memos = root / "exports" / "memos.csv"
    assert run_cli("--project", root, "export", "memos", "--format", "csv", "--out", memos).exit_code == 0
    texts = [row[6] for row in _rows(memos, "utf-8-sig")[1:]]
    assert "'-第一点：家庭压力" in texts


def test_only_text_that_excel_would_run_gets_the_quote():
    assert [excel_text(t) for t in TURNS] == ["'" + t for t in TURNS[:4]] + ["-3"]
    assert excel_text("\t=1") == "'\t=1" and excel_text("-0.25") == "-0.25" and excel_text("+1e3") == "+1e3"
    assert excel_text("不想上学 = 压力") == "不想上学 = 压力" and excel_text(-2) == -2 and excel_text(None) is None


def test_agreement_csv_for_excel_quotes_text_and_keeps_numbers(sample_project, run_cli):
    root = sample_project.root
    book = root / "codebooks" / "needs-themes.yaml"
    book.write_text(book.read_text(encoding="utf-8").replace(
        "label: {zh: 中考失利, en: Exam failure (zhongkao)}", "label: {zh: '@中考失利', en: '@Exam failure'}"),
        encoding="utf-8")
    for coder in ("A", "B"):
        result = run_cli("--project", root, "import-codings", root / "codings" / f"researcher-{coder}.csv")
        assert result.exit_code == 0, result.err
    excel, plain = root / "exports" / "agreement-excel.csv", root / "exports" / "agreement.csv"
    for extra, out in ((["--excel"], excel), ([], plain)):
        result = run_cli("--project", root, "agreement", "--coders", "A", "B", *extra, "--out", out)
        assert result.exit_code == 0, result.err
    excel_rows, plain_rows = _rows(excel, "utf-8-sig"), _rows(plain, "utf-8")
    assert len(excel_rows) == len(plain_rows) > 2
    exam = next(i for i, row in enumerate(plain_rows) if row[0] == "AD_EXAM")
    assert plain_rows[exam][1].startswith("@") and excel_rows[exam][1] == "'" + plain_rows[exam][1]
    for excel_row, plain_row in zip(excel_rows, plain_rows):
        for e, p in zip(excel_row, plain_row):
            assert e == p or (e == "'" + p and p[:1] in "=+-@"), (e, p)   # numbers (a negative κ too) unchanged


def test_an_xlsx_export_stores_text_starting_with_equals_as_text(sample_project, run_cli):
    """openpyxl made `=不想上学…` a formula cell (Excel: #NAME?); the .xlsx keeps it as text, nothing added."""
    import openpyxl

    root = _project_with_formula_text(sample_project, run_cli)
    out = root / "exports" / "long.xlsx"
    result = run_cli("--project", root, "export", "long", "--with-text", "--out", out)
    assert result.exit_code == 0, result.err
    cells = [cell for row in openpyxl.load_workbook(out)["data"].iter_rows() for cell in row]
    text = {cell.value: cell.data_type for cell in cells if isinstance(cell.value, str)}
    for turn in TURNS[:4]:
        assert text[turn] == "s", (turn, text[turn])
    assert not any(cell.data_type == "f" for cell in cells)
