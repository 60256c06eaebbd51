"""Importing a codebook from CSV/XLSX, and writing it back as YAML."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from qualcode.core.codebook import load_codebook
from qualcode.core.codebook_writer import write_codebook_yaml
from qualcode.core.errors import CodebookError, ImportFormatError, QualcodeError
from qualcode.io.codebook_table import import_codebook_table

HEADER = ["id", "parent", "label_zh", "label_en", "description", "keywords_zh", "keywords_en", "examples", "key", "color"]
ROWS = [
    ["PF", "", "个人力", "Personal strengths", "Theme", "", "", "", "", ""],
    ["PF_GOAL", "PF", "目标专注", "Goal focus", "Has goals", "目标；计划; 考证", "goal; plan*", "我想考电工证。\n我想考高职。", "g", "#4e79a7"],
    ["PF_CONF", "PF", "自信", "Confidence", "Believes in self", "自信;我能行", "confident", "", "c", ""],
    ["AD", "", "逆境", "Adversities", "", "", "", "", "", ""],
    ["AD_LOW", "AD", "自卑", "Low self-esteem", "", "自卑", "inferior", "", "", "#f00"],
]


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([cell if cell != "" else None for cell in row])
    workbook.save(path)
    return path


def check_imported(codebook, name: str) -> None:
    assert codebook.name == name
    assert [(c.id, c.parent_id, c.depth, c.position) for c in codebook.codes] == [
        ("PF", None, 0, 0), ("PF_GOAL", "PF", 1, 0), ("PF_CONF", "PF", 1, 1),
        ("AD", None, 0, 1), ("AD_LOW", "AD", 1, 0),
    ]
    goal = codebook.by_id()["PF_GOAL"]
    assert goal.labels == {"zh": "目标专注", "en": "Goal focus"}
    assert goal.keywords.zh == ("目标", "计划", "考证")
    assert goal.keywords.en == ("goal", "plan*")
    assert goal.examples == ("我想考电工证。", "我想考高职。")
    assert (goal.key, goal.color) == ("g", "#4e79a7")
    assert codebook.by_id()["AD_LOW"].color == "#ff0000"


def test_csv_import(tmp_path):
    check_imported(import_codebook_table(write_csv(tmp_path / "mine.csv", HEADER, ROWS)), "mine")


def test_csv_saved_by_chinese_excel_in_gb18030(tmp_path):
    check_imported(import_codebook_table(write_csv(tmp_path / "gbk.csv", HEADER, ROWS, "gb18030")), "gbk")


def test_xlsx_import(tmp_path):
    check_imported(import_codebook_table(write_xlsx(tmp_path / "book.xlsx", HEADER, ROWS)), "book")


def test_plain_label_and_keywords_columns_sort_languages_by_script(tmp_path):
    header = ["ID", "Parent", "Label", "Description", "Keywords"]
    rows = [["T", "", "主题", "", ""], ["C", "T", "目标", "", "目标; goal；work toward; 计划"]]
    codebook = import_codebook_table(write_csv(tmp_path / "plain.csv", header, rows))
    assert codebook.languages == ("zh",)
    code = codebook.by_id()["C"]
    assert (code.keywords.zh, code.keywords.en) == (("目标", "计划"), ("goal", "work toward"))


def test_mixed_plain_labels_report_the_missing_language_by_row(tmp_path):
    rows = [["T", "", "主题"], ["C", "T", "Goal"]]
    with pytest.raises(CodebookError) as info:
        import_codebook_table(write_csv(tmp_path / "mixed.csv", ["id", "parent", "label"], rows))
    messages = [str(p) for p in info.value.problems]
    assert any("row 2, column label" in m and "'T' is missing its en label" in m for m in messages)
    assert any("row 3, column label" in m and "'C' is missing its zh label" in m for m in messages)


def test_missing_columns_are_named(tmp_path):
    path = write_csv(tmp_path / "cols.csv", ["id", "description"], [["A", "x"]])
    with pytest.raises(ImportFormatError) as info:
        import_codebook_table(path)
    assert "missing columns: parent, label (or label_zh and label_en)" in str(info.value)
    assert str(path) in str(info.value)


def test_unknown_column_suggests_a_known_one(tmp_path):
    path = write_csv(tmp_path / "typo.csv", ["id", "parent", "label", "descripton"], [["A", "", "甲", "x"]])
    with pytest.raises(ImportFormatError, match="unknown column 'descripton'; did you mean 'description'"):
        import_codebook_table(path)


def test_unknown_parent_names_its_row(tmp_path):
    rows = [row[:] for row in ROWS]
    rows[4][1] = "ADX"
    with pytest.raises(CodebookError) as info:
        import_codebook_table(write_csv(tmp_path / "p.csv", HEADER, rows))
    assert "row 6, column parent" in str(info.value) and "parent 'ADX'" in str(info.value)


def test_cycle_in_parent_links_names_the_rows(tmp_path):
    rows = [["A", "C", "甲", "A"], ["B", "A", "乙", "B"], ["C", "B", "丙", "C"], ["D", "", "丁", "D"]]
    with pytest.raises(CodebookError) as info:
        import_codebook_table(write_csv(tmp_path / "cycle.csv", ["id", "parent", "label_zh", "label_en"], rows))
    assert "cycle: A → C → B → A" in str(info.value)
    assert "(rows 2, 3, 4)" in str(info.value)


def test_self_parent_is_a_cycle(tmp_path):
    with pytest.raises(CodebookError, match=r"cycle: A → A \(rows 2\)"):
        import_codebook_table(write_csv(tmp_path / "self.csv", ["id", "parent", "label"], [["A", "A", "甲"]]))


def test_duplicate_and_empty_ids(tmp_path):
    rows = [["A", "", "甲"], ["A", "", "乙"]]
    with pytest.raises(CodebookError, match=r"row 3, column id\): duplicate id 'A' \(also in row 2\)"):
        import_codebook_table(write_csv(tmp_path / "dup.csv", ["id", "parent", "label"], rows))
    with pytest.raises(CodebookError, match=r"row 2, column id\): empty id"):
        import_codebook_table(write_csv(tmp_path / "empty.csv", ["id", "parent", "label"], [["", "", "甲"]]))


def test_keywords_typed_as_a_comma_list_become_separate_keywords_and_a_regex_keeps_its_comma(tmp_path):
    header = ["id", "parent", "label", "keywords"]
    rows = [["T", "", "主题", ""], ["C", "T", "爱好", "hobby, hobbies; 爱好，兴趣、业余; re:考.{0,2}证"]]
    code = import_codebook_table(write_csv(tmp_path / "commas.csv", header, rows)).by_id()["C"]
    assert code.keywords.en == ("hobby", "hobbies")
    assert code.keywords.zh == ("爱好", "兴趣", "业余", "re:考.{0,2}证")


def test_bad_keyword_and_colour_are_located_by_row_and_column(tmp_path):
    rows = [row[:] for row in ROWS]
    rows[2][5] = "自信; re:(考"
    rows[4][9] = "red"
    with pytest.raises(CodebookError) as info:
        import_codebook_table(write_csv(tmp_path / "bad.csv", HEADER, rows))
    messages = [str(p) for p in info.value.problems]
    assert any("row 4, column keywords_zh" in m and "invalid regular expression" in m for m in messages)
    assert any("row 6, column color" in m and "bad colour" in m for m in messages)


def test_not_a_workbook_and_wrong_suffix(tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("id,parent,label\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match="not an Excel .xlsx workbook"):
        import_codebook_table(fake)
    with pytest.raises(ImportFormatError, match=".csv or .xlsx"):
        import_codebook_table(tmp_path / "book.ods")
    with pytest.raises(QualcodeError, match="missing.csv: no such file"):
        import_codebook_table(tmp_path / "missing.csv")


def test_header_only_table(tmp_path):
    with pytest.raises(ImportFormatError, match="no codes"):
        import_codebook_table(write_csv(tmp_path / "h.csv", HEADER, []))


def test_written_yaml_loads_back_to_the_same_codebook(tmp_path):
    imported = import_codebook_table(write_xlsx(tmp_path / "book.xlsx", HEADER, ROWS))
    out = write_codebook_yaml(imported, tmp_path / "book.yaml", header="Imported from book.xlsx")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Imported from book.xlsx\ncodebook: book\n")
    assert "    label: {zh: 个人力, en: Personal strengths}\n" in text
    loaded = load_codebook(out)
    assert loaded.codes == imported.codes and loaded.languages == imported.languages


def test_write_failure_leaves_no_temporary_file(tmp_path):
    imported = import_codebook_table(write_csv(tmp_path / "mine.csv", HEADER, ROWS))
    target = tmp_path / "adir"
    target.mkdir()
    with pytest.raises(CodebookError, match="cannot write codebook"):
        write_codebook_yaml(imported, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adir", "mine.csv"]


# Text a researcher may type into a label, description or example; YAML indicators
# at the start (": 坏", "? why", "- item", "#tag") must come back unchanged.
_FIELD_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufeff"),
    min_size=1, max_size=12,
).map(str.strip).filter(bool)
_INDICATOR_TEXT = st.builds(lambda mark, word: mark + word, st.sampled_from([":", "? ", "?", ": ", "- ", "#", "[", "{", "!", "&", "*", "|", ">", "%", "@"]), _FIELD_TEXT)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(label=st.one_of(_FIELD_TEXT, _INDICATOR_TEXT), description=st.one_of(_FIELD_TEXT, _INDICATOR_TEXT),
       example=st.one_of(_FIELD_TEXT, _INDICATOR_TEXT))
def test_any_typed_text_survives_a_yaml_round_trip(tmp_path, label, description, example):
    imported = import_codebook_table(write_csv(tmp_path / "book.csv", HEADER, ROWS))
    codes = tuple(
        dataclasses.replace(code, labels={"zh": label, "en": label}, description=description, examples=(example,))
        if code.id == "PF_GOAL" else code
        for code in imported.codes
    )
    edited = dataclasses.replace(imported, codes=codes)
    loaded = load_codebook(write_codebook_yaml(edited, tmp_path / "book.yaml"))
    goal = loaded.by_id()["PF_GOAL"]
    assert (goal.labels["zh"], goal.labels["en"], goal.description, goal.examples) == (label, label, description, (example,))
