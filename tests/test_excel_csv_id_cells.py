"""CSVs meant for Excel keep ids of digits as text: `007` stays 007, a 12-digit student number stays whole.

Excel reads a CSV cell of digits as a number, so participant 007 became 7 (and was saved back as 7), and a
student number 202301010001 showed as 2.02301E+11. Real sample project, a real transcript of participant 007,
a real participants table, real exports read back and compared cell by cell with the plain CSV.
"""

from __future__ import annotations

import csv

from qualcode.core.excel_cells import excel_text

STUDENT_NUMBER = "202301010001"


def _project_with_digit_ids(sample_project, run_cli):
    root = sample_project.root
    (root / "transcripts" / "P007_pre.txt").write_text(
        "---\nparticipant: 007\nwave: pre\nlanguage: zh\n---\n访谈者：最近压力大吗？\n受访者：考试压力很大，睡不着。\n",
        encoding="utf-8")
    assert run_cli("--project", root, "import", root / "transcripts" / "P007_pre.txt").exit_code == 0
    result = run_cli("--project", root, "--coder", "A", "code", "P007_pre", 2, "AD_EXAM")
    assert result.exit_code == 0, result.err
    table = root / "students.csv"
    table.write_text(f"id,student_number,class\n007,{STUDENT_NUMBER},0302\n", encoding="utf-8")
    result = run_cli("--project", root, "cases", "import", table)
    assert result.exit_code == 0, result.err
    memo = run_cli("--project", root, "--coder", "A", "memo", "case", "007", "--", "考试焦虑明显")
    assert memo.exit_code == 0, memo.err
    return root


def _rows(path, encoding):
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.reader(handle))


def _same_but_kept_as_text(excel_rows, plain_rows):
    """Each Excel cell is the plain cell, the plain cell with a quote in front (formula-like text), or a
    digits cell written ="…"; nothing else differs."""
    assert len(excel_rows) == len(plain_rows)
    for excel_row, plain_row in zip(excel_rows, plain_rows):
        assert len(excel_row) == len(plain_row)
        for e, p in zip(excel_row, plain_row):
            assert e == p or (e == "'" + p and p[:1] in "=+-@") or (e == f'="{p}"' and p.isdigit()), (e, p)


def test_excel_csvs_keep_ids_with_leading_zeros_and_long_numbers_as_text(sample_project, run_cli):
    root = _project_with_digit_ids(sample_project, run_cli)
    for command, extra in (("long", ["--with-text"]), ("matrix", ["--attributes", "all"])):
        excel, plain = root / "exports" / f"{command}-excel.csv", root / "exports" / f"{command}.csv"
        for flag, out in ((["--excel"], excel), ([], plain)):
            result = run_cli("--project", root, "export", command, *extra, *flag, "--out", out)
            assert result.exit_code == 0, result.err
        excel_rows, plain_rows = _rows(excel, "utf-8-sig"), _rows(plain, "utf-8")
        plain_cells = {cell for row in plain_rows for cell in row}
        excel_cells = {cell for row in excel_rows for cell in row}
        assert "007" in plain_cells and '="007"' in excel_cells and "007" not in excel_cells, command
        _same_but_kept_as_text(excel_rows, plain_rows)
    assert {f'="{STUDENT_NUMBER}"', '="0302"'} <= excel_cells and STUDENT_NUMBER in plain_cells   # the matrix

    memos = root / "exports" / "memos.csv"
    assert run_cli("--project", root, "export", "memos", "--format", "csv", "--out", memos).exit_code == 0
    targets = [row[2] for row in _rows(memos, "utf-8-sig")[1:]]
    assert '="007"' in targets and "007" not in targets


def test_only_digits_excel_would_change_are_written_as_text():
    assert [excel_text(v) for v in ("007", "0", "00", "12345678901", STUDENT_NUMBER, "1234567890123456789")] == [
        '="007"', "0", '="00"', "12345678901", f'="{STUDENT_NUMBER}"', '="1234567890123456789"']
    # Numbers with a point or sign, words with digits, full-width digits and non-text values are left alone.
    assert [excel_text(v) for v in ("0.25", "-007", "S007", "００７", "007 ", 7, None)] == [
        "0.25", "-007", "S007", "００７", "007 ", 7, None]


def test_agreement_csv_for_excel_keeps_coder_ids_of_digits(sample_project, run_cli):
    """Coders known by a number (01, 02, as many teams name their coders) lost the zero in Excel."""
    root = sample_project.root
    for coder, new in (("A", "01"), ("B", "02")):
        source = (root / "codings" / f"researcher-{coder}.csv").read_text(encoding="utf-8")
        renamed = root / "codings" / f"coder-{new}.csv"
        renamed.write_text(source.replace(f",{coder},", f",{new},"), encoding="utf-8")
        result = run_cli("--project", root, "import-codings", renamed)
        assert result.exit_code == 0, result.err
    excel, plain = root / "exports" / "agreement-excel.csv", root / "exports" / "agreement.csv"
    for extra, out in ((["--excel"], excel), ([], plain)):
        result = run_cli("--project", root, "agreement", "--coders", "01", "02", *extra, "--out", out)
        assert result.exit_code == 0, result.err
    excel_rows, plain_rows = _rows(excel, "utf-8-sig"), _rows(plain, "utf-8")
    assert len(plain_rows) > 2 and all({"01", "02"} <= set(row) for row in plain_rows[1:])
    assert all({'="01"', '="02"'} <= set(row) for row in excel_rows[1:])
    _same_but_kept_as_text(excel_rows, plain_rows)
