"""Write matrices as CSV/XLSX/SAV/parquet, read them back with pandas/pyreadstat: identical."""

from __future__ import annotations

import pandas as pd
import pyreadstat
import pytest
from pandas.testing import assert_frame_equal

from _exports_fixture import build_small_project
from qualcode.analysis.long import build_long_table
from qualcode.analysis.matrix import build_matrix
from qualcode.core.errors import ExportError
from qualcode.io.tables import read_table, spss_names, write_table


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    project = build_small_project(tmp_path_factory.mktemp("roundtrip"))
    built = {
        "count": build_matrix(project.conn, project.codebooks, themes=True),
        "presence": build_matrix(project.conn, project.codebooks, unit="presence", by="wave"),
        "coverage": build_matrix(project.conn, project.codebooks, unit="coverage", themes=True),
        "long": build_long_table(project.conn, project.codebooks, with_text=True),
    }
    project.conn.close()
    return built


@pytest.mark.parametrize("name", ["count", "presence", "coverage", "long"])
def test_csv_round_trip_plain_bom_and_label_row(tables, tmp_path, name):
    table = tables[name]
    expected = table.frame.astype({"segment": "int64"}) if name == "long" else table.frame
    plain = write_table(table, tmp_path / "plain.csv")
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    assert_frame_equal(pd.read_csv(plain, keep_default_na=False), expected, check_dtype=False)
    bom = write_table(table, tmp_path / "excel.csv", excel=True, label_row="zh")
    assert bom.read_bytes().startswith(b"\xef\xbb\xbf")
    assert_frame_equal(pd.read_csv(bom, encoding="utf-8-sig", skiprows=[1], keep_default_na=False),
                       expected, check_dtype=False)
    second = bom.read_text(encoding="utf-8-sig").splitlines()[1].split(",")
    assert second[0] == "参与者"


def test_csv_label_row_carries_chinese_and_english(tables, tmp_path):
    path = write_table(tables["count"], tmp_path / "m.csv", label_row="both")
    header, labels = path.read_text(encoding="utf-8").splitlines()[:2]
    columns = header.split(",")
    assert labels.split(",")[columns.index("PF_GOAL")] == "目标专注 / Goal focus"


@pytest.mark.parametrize("name", ["count", "presence", "coverage", "long"])
def test_xlsx_round_trip_with_codebook_sheet(tables, tmp_path, name):
    table = tables[name]
    path = write_table(table, tmp_path / "m.xlsx")
    back = pd.read_excel(path, sheet_name=None)
    expected = table.frame.astype({"segment": "int64"}) if name == "long" else table.frame
    assert_frame_equal(back["data"].fillna(""), expected.fillna(""), check_dtype=False)
    book = back["codebook"].set_index("id")
    assert book.at["PF_GOAL", "label_zh"] == "目标专注" and book.at["AD_PRESSURE", "kind"] == "theme"
    assert set(back["variables"]["column"]) == set(table.frame.columns)


@pytest.mark.parametrize("name", ["count", "presence", "coverage", "long"])
def test_sav_round_trip_with_variable_and_value_labels(tables, tmp_path, name):
    table = tables[name]
    path = write_table(table, tmp_path / "m.sav")
    back, meta = pyreadstat.read_sav(str(path))
    expected = table.frame.astype({"segment": "int64"}) if name == "long" else table.frame
    assert_frame_equal(back, expected, check_dtype=False)
    labels = meta.column_names_to_labels
    assert labels["participant"] == "参与者 / Participant"
    if name != "long":
        assert labels["PF_GOAL"] == "目标专注 / Goal focus"
    if name == "presence":
        assert meta.variable_value_labels["PF_GOAL"] == {0.0: "未出现 / absent", 1.0: "出现 / present"}


def test_parquet_round_trip(tables, tmp_path):
    path = write_table(tables["coverage"], tmp_path / "m.parquet")
    assert_frame_equal(pd.read_parquet(path), tables["coverage"].frame)


def test_refuses_to_overwrite_without_force_and_leaves_no_temporary_files(tables, tmp_path):
    path = write_table(tables["count"], tmp_path / "m.csv")
    before = path.read_bytes()
    with pytest.raises(ExportError, match="--force"):
        write_table(tables["presence"], path)
    assert path.read_bytes() == before
    write_table(tables["presence"], path, force=True)
    assert path.read_bytes() != before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.csv"]


def test_spss_names_replace_what_spss_cannot_take():
    # SPSS in Unicode mode takes letters of any script (gender_女_n), up to 64 bytes, not a leading digit or _
    long_name = "性别" * 11 + "_n"  # 68 bytes in UTF-8
    # an invalid name becomes the nearest valid one, never one a valid column has (x stays x; _x gives way)
    assert spss_names(["participant", "gender_女_n", "BY", "PF_GOAL", "1st", "_x", "a b", long_name, "x", "___"]) == {
        "participant": "participant", "gender_女_n": "gender_女_n", "BY": "BY_", "PF_GOAL": "PF_GOAL",
        "1st": "v1st", "_x": "x_6", "a b": "a_b", long_name: "性别" * 10 + "性", "x": "x", "___": "V10"}


def test_read_table_decodes_gb18030_csv(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_bytes("编号,RSCA1\nS01,3\n".encode("gb18030"))
    frame = read_table(path)
    assert list(frame.columns) == ["编号", "RSCA1"] and frame.iloc[0].tolist() == ["S01", "3"]
