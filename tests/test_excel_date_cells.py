"""Cells Excel stored as dates or times, in workbooks read by `import-codings`, `scores compute` and
`cases import`.

Excel turns an id typed `3-12` or `1/5` into a date the moment it is typed; the workbook then holds 12 March,
not the id, and qualcode read it as `2026-03-12`: a participant nobody interviewed, scored or given codings
without a word. Now a date or time in a column of ids, names or numbers is refused, naming the sheet, the row,
the column and the cell, and nothing is imported. A duration ([h]:mm) reads as Excel shows it (26:30:00), not
Python's `1 day, 2:30:00`. Real workbooks written with openpyxl, the real CLI.
"""

from __future__ import annotations

import csv
import datetime as dt

from openpyxl import Workbook

from qualcode.io.sheet_reader import read_sheets

STUDENT = "3-12"   # as typed; Excel keeps 12 March of this year
EXCEL_MADE = dt.datetime(2026, 3, 12)


def workbook(path, title: str, rows: list[list]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_import_codings_refuses_a_participant_id_excel_made_a_date(sample_project, run_cli, tmp_path):
    root = sample_project.root
    sheet = tmp_path / "coder-C.xlsx"
    workbook(sheet, "C", [["participant", "document", "segment", "code"],
                          ["S01", "S01_pre", 4, "AD_EXAM"],
                          [EXCEL_MADE, "S01_pre", 6, "AD_EXAM"]])
    before = run_cli("--project", root, "export", "long", "--out", tmp_path / "before.csv")
    assert before.exit_code == 0
    result = run_cli("--project", root, "import-codings", sheet)
    assert result.exit_code != 0
    assert ("coder-C.xlsx:3 (sheet C): column 'participant', cell A3: Excel stored it as a date or time (it reads "
            "2026-03-12), so what was typed there is gone") in result.err, result.err
    assert "nothing imported" in result.err
    after = run_cli("--project", root, "export", "long", "--out", tmp_path / "after.csv")
    assert after.exit_code == 0
    assert (tmp_path / "before.csv").read_bytes() == (tmp_path / "after.csv").read_bytes()


def test_scores_compute_refuses_an_id_excel_made_a_date(sample_project, run_cli, tmp_path):
    root = sample_project.root
    with (root / "scores" / "rsca-sample.csv").open(encoding="utf-8", newline="") as handle:
        rows = [list(row) for row in csv.reader(handle)]
    typed = [rows[0]] + [[row[0], row[1], *(int(cell) if cell.isdigit() else cell for cell in row[2:])]
                         for row in rows[1:]]
    typed[3][0] = EXCEL_MADE   # the third participant's id, typed 3-12
    answers = tmp_path / "rsca.xlsx"
    workbook(answers, "data", typed)
    result = run_cli("--project", root, "scores", "compute", "--scale", "rsca", "--in", answers,
                     "--out", root / "exports" / "rsca.csv")
    assert result.exit_code != 0
    assert "rsca.xlsx:4 (sheet data): column 'id', cell A4: Excel stored it as a date or time" in result.err, \
        result.err
    assert not (root / "exports" / "rsca.csv").exists()


def test_a_duration_reads_as_excel_shows_it_and_dates_are_remembered(tmp_path):
    path = tmp_path / "times.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["id", "interview_length", "date"])
    sheet.append(["S01", dt.timedelta(hours=26, minutes=30), dt.date(2026, 3, 9)])
    sheet["B2"].number_format = "[h]:mm:ss"
    book.save(path)
    (read,) = read_sheets(path)
    assert read.rows[1] == (2, ("S01", "26:30:00", "2026-03-09"))
    assert read.dated == {(2, 1), (2, 2)}


def test_cases_import_refuses_a_participant_id_excel_made_a_date(sample_project, run_cli, tmp_path):
    root = sample_project.root
    table = tmp_path / "participants.xlsx"
    workbook(table, "名单", [["id", "gender", "interview_date"],
                             ["S01", "男", dt.date(2026, 3, 9)],   # a real date, in a column of dates: read as one
                             [EXCEL_MADE, "女", dt.date(2026, 3, 10)]])
    listed = run_cli("--project", root, "cases", "list")
    result = run_cli("--project", root, "cases", "import", table)
    assert result.exit_code != 0
    assert ("participants.xlsx:3 (sheet 名单): column 'id', cell A3: Excel stored it as a date or time (it reads "
            "2026-03-12)") in result.err, result.err
    assert run_cli("--project", root, "cases", "list").out == listed.out   # nothing imported
    table_ok = tmp_path / "participants-ok.xlsx"
    workbook(table_ok, "名单", [["id", "interview_date"], ["S01", dt.date(2026, 3, 9)]])
    assert run_cli("--project", root, "cases", "import", table_ok).exit_code == 0
    assert "2026-03-09" in run_cli("--project", root, "cases", "list").out


def test_cases_import_keeps_a_date_attribute_as_an_iso_date_and_says_so(sample_project, run_cli, tmp_path):
    root = sample_project.root
    table = tmp_path / "participants.xlsx"
    workbook(table, "名单", [["id", "访谈日期"], ["S01", dt.datetime(2026, 3, 12)],
                             ["S02", dt.datetime(2026, 3, 13, 14, 5)]])
    result = run_cli("--project", root, "cases", "import", table)
    assert result.exit_code == 0, result.err
    assert ("warning: column '访谈日期': 2 cell(s) Excel stored as a date or time, kept as text in ISO form "
            "(row 2 reads 2026-03-12)") in result.out, result.out
    listed = run_cli("--project", root, "cases", "list").out
    assert "访谈日期=2026-03-12" in listed and "访谈日期=2026-03-13 14:05:00" in listed, listed
    zh = run_cli("--project", root, "--lang", "zh", "cases", "import", table)
    assert "警告：列“访谈日期”：2 个单元格被 Excel 存为日期或时间，已按 ISO 格式作为文字保存（第 2 行为 2026-03-12）" in zh.out, zh.out


def test_a_turn_table_says_which_words_excel_made_a_date_and_keeps_a_times_clock_only(project, tmp_path):
    from qualcode.app.api import import_paths
    from qualcode.storage import repository as repo

    path = project.root / "transcripts" / "S05_pre.xlsx"
    workbook(path, "访谈", [["speaker", "text", "time"],
                           ["访谈者", "你哪天考试？", dt.time(0, 0, 5)],
                           ["受访者", EXCEL_MADE, dt.time(0, 0, 9)],   # typed 3月12日: Excel kept a date
                           ["访谈者", "好的，然后呢？", dt.datetime(2026, 3, 13, 0, 0, 12)]])
    report = import_paths(project, [path])
    [entry] = report.files
    assert ("1 row(s) whose words Excel stored as a date or time (row 3 reads 2026-03-12): what was typed there "
            "(3月12日, 3-12) may read otherwise now; check it against the source, or format the column as Text in "
            "Excel and type it again") in entry.warnings, entry.warnings
    document = repo.get_document(project.conn, "S05_pre")
    assert [s.start_time for s in repo.list_segments(project.conn, document.id)] == ["00:00:05", "00:00:09", "00:00:12"]
