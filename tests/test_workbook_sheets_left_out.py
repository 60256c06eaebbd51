"""A workbook whose later sheets hold more rows of the same table (QA round 29).

A researcher keeps the RSCA answers in one workbook with a sheet 前测 and a sheet 后测 (or the participants
table with one sheet per class). Every reader took the first sheet only: `scores compute` wrote the 前测
scores, said `4 rows` and exited 0, and the 后测 wave was gone without a word. A sheet with the first
sheet's columns is now named and the file refused; a sheet of notes beside the answers is still left alone.
"""

from __future__ import annotations

import sqlite3

import openpyxl
import pandas as pd

HEADER = ["编号", "测量", *[f"RSCA{i}" for i in range(1, 28)]]


def _answers(offset: int) -> list[int]:
    return [(i + offset) % 5 + 1 for i in range(27)]


def _workbook(path, second: str = "后测"):
    book = openpyxl.Workbook()
    first = book.active
    first.title = "前测"
    first.append(HEADER)
    for n, pid in enumerate(["S01", "S02", "S03"]):
        first.append([pid, "前测", *_answers(n)])
    other = book.create_sheet(second)
    if second == "后测":
        other.append(["编号", *HEADER[2:]])  # the 后测 sheet without the wave column: still the same table
        for n, pid in enumerate(["S01", "S02", "S03"]):
            other.append([pid, *_answers(n + 2)])
    else:
        other.append(["说明"])
        other.append(["1 = 完全不符合, 5 = 完全符合"])
    book.save(path)
    return path


def test_scores_compute_refuses_a_workbook_whose_second_sheet_holds_the_post_wave(tmp_path, run_cli):
    sheet = _workbook(tmp_path / "rsca.xlsx")
    out = tmp_path / "scores.csv"
    result = run_cli("scores", "compute", "--scale", "rsca", "--in", sheet, "--id-column", "编号", "--out", out,
                     cwd=tmp_path)
    assert result.exit_code == 2
    assert not out.exists() and not (tmp_path / "rsca-reliability.csv").exists()
    assert (f"{sheet}: only sheet '前测' is read, but sheet(s) 后测 (3 row(s)) have the same columns, so their rows "
            "would be left out") in result.err
    assert "Traceback" not in result.err


def test_sheets_under_titles_are_compared_by_their_headers(tmp_path, run_cli):
    """Each sheet opening with its own title (…前测, …后测): compared by the titles, the sheets differed and the
    后测 sheet was left out again."""
    path = _workbook(tmp_path / "rsca.xlsx")
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        sheet.insert_rows(1)
        sheet.cell(row=1, column=1, value=f"青少年心理韧性量表（RSCA）{sheet.title}")
    book.save(path)
    result = run_cli("scores", "compute", "--scale", "rsca", "--in", path, "--id-column", "编号",
                     "--out", tmp_path / "scores.csv", cwd=tmp_path)
    assert result.exit_code == 2
    assert "sheet(s) 后测 (3 row(s)) have the same columns" in result.err


def test_a_notes_sheet_beside_the_answers_is_left_alone(tmp_path, run_cli):
    sheet = _workbook(tmp_path / "rsca.xlsx", second="说明")
    out = tmp_path / "scores.csv"
    result = run_cli("scores", "compute", "--scale", "rsca", "--in", sheet, "--id-column", "编号", "--out", out,
                     cwd=tmp_path)
    assert result.exit_code == 0, result.err
    assert list(pd.read_csv(out)["编号"]) == ["S01", "S02", "S03"]


def test_cases_import_refuses_a_participants_workbook_with_one_sheet_per_class(project, run_cli):
    path = project.root / "participants.xlsx"
    book = openpyxl.Workbook()
    for index, (name, ids) in enumerate([("机电1班", ["S01", "S02"]), ("会计2班", ["S03", "S04"])]):
        sheet = book.active if index == 0 else book.create_sheet(name)
        sheet.title = name
        sheet.append(["id", "gender", "major"])
        for pid in ids:
            sheet.append([pid, "女", name])
    book.save(path)
    database = project.root / ".qualcode" / "project.db"
    before = sqlite3.connect(database).execute("select count(*) from cases").fetchone()
    result = run_cli("cases", "import", path, cwd=project.root)
    assert result.exit_code == 2
    assert "sheet(s) 会计2班 (2 row(s)) have the same columns" in result.err
    assert sqlite3.connect(database).execute("select count(*) from cases").fetchone() == before


def test_title_rows_above_the_header_are_not_taken_for_the_header(tmp_path, run_cli):
    """A questionnaire sheet opening with a title merged across the sheet and a date line: the title was read as
    the header, every row cut to that one column, and the command said `no column '编号'` (its columns: the title)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "前测"
    sheet.append(["青少年心理韧性量表（RSCA）前测"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(["调查时间：2025年9月"])
    sheet.append(HEADER)
    for n, pid in enumerate(["S01", "S02", "S03"]):
        sheet.append([pid, "前测", *_answers(n)])
    sheet["C5"] = 7  # S02's first answer, out of range: reported where Excel shows it
    path = tmp_path / "rsca.xlsx"
    book.save(path)
    out = tmp_path / "scores.csv"
    refused = run_cli("scores", "compute", "--scale", "rsca", "--in", path, "--id-column", "编号", "--out", out,
                      cwd=tmp_path)
    assert refused.exit_code == 2
    assert f"{path}: 1 answers cannot be scored: row 5 (id S02), column RSCA1 (item 1): out-of-range '7'" in refused.err
    sheet["C5"] = 3
    book.save(path)
    result = run_cli("scores", "compute", "--scale", "rsca", "--in", path, "--id-column", "编号", "--out", out,
                     cwd=tmp_path)
    assert result.exit_code == 0, result.err
    assert list(pd.read_csv(out)["编号"]) == ["S01", "S02", "S03"]


def test_a_header_of_two_rows_is_read_by_the_row_naming_the_id(tmp_path, run_cli):
    """Row 1 groups the columns (基本信息 over 编号/测量, 青少年心理韧性量表 over the items, merged), row 2 names them:
    the group row was taken for the header (`no column '测量'; its columns are: 基本信息, Unnamed: 1, …`)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["基本信息", None, "青少年心理韧性量表", *[None] * 26])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=2)
    sheet.merge_cells(start_row=1, start_column=3, end_row=1, end_column=len(HEADER))
    sheet.append(HEADER)
    for n, pid in enumerate(["S01", "S02", "S03"]):
        sheet.append([pid, "前测", *_answers(n)])
    path = tmp_path / "rsca.xlsx"
    book.save(path)
    out = tmp_path / "scores.csv"
    result = run_cli("scores", "compute", "--scale", "rsca", "--in", path, "--id-column", "编号",
                     "--wave-column", "测量", "--out", out, cwd=tmp_path)
    assert result.exit_code == 0, result.err
    scores = pd.read_csv(out)
    assert list(scores["编号"]) == ["S01", "S02", "S03"] and set(scores["测量"]) == {"前测"}


def test_participants_and_transcript_tables_under_a_title_row_are_read(project, run_cli, tmp_path):
    """A participants table and a transcript kept one row per turn, each under a merged title: both were refused
    as missing their columns (the title taken for the header)."""
    people = openpyxl.Workbook()
    sheet = people.active
    sheet.append(["受访者基本信息表（2025级）"])
    sheet.merge_cells("A1:D1")
    sheet.append(["id", "gender", "grade", "major"])
    sheet.append(["S40", "女", "中职一年级", "会计"])
    people.save(tmp_path / "participants.xlsx")
    turns = openpyxl.Workbook()
    sheet = turns.active
    sheet.append(["S40 访谈记录（前测）"])
    sheet.merge_cells("A1:C1")
    sheet.append(["时间", "说话人", "内容"])
    for row in (["00:01", "访谈者", "你好。"], ["00:05", "受访者", "我有点迷茫。"], ["00:09", "访谈者", "为什么？"],
                ["00:12", "受访者", "不知道以后干什么。"]):
        sheet.append(row)
    turns.save(tmp_path / "S40_pre.xlsx")
    result = run_cli("cases", "import", tmp_path / "participants.xlsx", cwd=project.root)
    assert result.exit_code == 0, result.err
    imported = run_cli("import", tmp_path / "S40_pre.xlsx", cwd=project.root)
    assert imported.exit_code == 0, imported.err
    listed = run_cli("cases", "list", cwd=project.root).out
    assert "S40" in listed and "major=会计" in listed
    status = run_cli("status", cwd=project.root).out
    assert "S40_pre" in status
