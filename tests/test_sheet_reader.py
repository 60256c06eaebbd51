"""The one CSV/XLSX reader behind every table importer: encodings, delimiters, sheets, cells, errors."""

from __future__ import annotations

import datetime as dt
import os
import zipfile

import pytest
from openpyxl import Workbook

from qualcode.core.errors import ImportFormatError, TranscriptError
from qualcode.io import sheet_reader
from qualcode.io.sheet_reader import Sheet, cell_text, read_sheets, read_table, sniff_delimiter, table_of

ROWS = (("编号", "姓名", "年级"), ("S01", "张小明", "高一"), ("S02", "王芳", "高二"))
EXPECTED = tuple((number, row) for number, row in enumerate(ROWS, start=1))


def csv_text(delimiter: str = ",") -> str:
    return "".join(delimiter.join(row) + "\r\n" for row in ROWS)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_each_encoding_reads_to_the_same_rows(tmp_path, encoding):
    path = tmp_path / "people.csv"
    path.write_bytes(csv_text().encode(encoding))
    assert read_sheets(path) == [Sheet("", EXPECTED)]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_sniffed_from_the_header(tmp_path, delimiter):
    path = tmp_path / "people.csv"
    path.write_text(csv_text(delimiter), encoding="utf-8")
    assert read_sheets(path)[0].rows == EXPECTED


def test_a_tsv_is_always_tab_separated_and_quoted_delimiters_do_not_count(tmp_path):
    path = tmp_path / "notes.tsv"
    path.write_text("id\tnote\nS01\ta, b, c; d\n", encoding="utf-8")
    assert read_sheets(path)[0].rows == ((1, ("id", "note")), (2, ("S01", "a, b, c; d")))
    assert sniff_delimiter('"a;b;c",x,y\n') == ","
    assert sniff_delimiter("\n\nid;label\n") == ";"
    assert sniff_delimiter("just one column\n") == ","


def test_csv_rows_keep_their_excel_numbers_across_blank_rows_and_multi_line_cells(tmp_path):
    path = tmp_path / "codes.csv"
    path.write_text('id,examples\n\nA,"第一行\n第二行"\n,\n  B , x \n', encoding="utf-8")
    assert read_sheets(path)[0].rows == ((1, ("id", "examples")), (3, ("A", "第一行\n第二行")), (5, ("B", "x")))


def test_every_xlsx_sheet_comes_with_its_name_and_row_numbers(tmp_path):
    book = Workbook()
    first = book.active
    first.title = "coder_A"
    first["A1"], first["B1"] = "id", "score"
    first["A4"], first["B4"] = "S01", 3.0
    book.create_sheet("blank")
    second = book.create_sheet("编码员B")
    second.append(["id", "when"])
    second.append(["S02", dt.datetime(2024, 3, 1)])
    book.save(tmp_path / "book.xlsx")
    sheets = read_sheets(tmp_path / "book.xlsx")
    assert sheets == [Sheet("coder_A", ((1, ("id", "score")), (4, ("S01", "3")))),
                      Sheet("blank", ()),
                      Sheet("编码员B", ((1, ("id", "when")), (2, ("S02", "2024-03-01"))),
                            dated=frozenset({(2, 1)}))]   # B2 was a date in the workbook (refuse_dated_cells)
    table = read_table(tmp_path / "book.xlsx")  # the first sheet
    assert (table.header, table.rows, table.sheet) == (("id", "score"), ((4, ("S01", "3")),), "coder_A")


def test_cell_text():
    assert cell_text(None) == ""
    assert cell_text(1.0) == "1"
    assert cell_text(2.5) == "2.5"
    assert cell_text(7) == "7"
    assert cell_text(True) == "TRUE"
    assert cell_text(dt.datetime(2024, 3, 1)) == "2024-03-01"
    assert cell_text(dt.datetime(2024, 3, 1, 9, 30)) == "2024-03-01 09:30:00"
    assert cell_text(dt.date(2024, 3, 1)) == "2024-03-01"
    assert cell_text(dt.time(9, 5)) == "09:05:00"
    assert cell_text("  心理韧性 ") == "心理韧性"


def test_table_header_starts_at_the_first_filled_row_and_pads_short_rows(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("\n\nid,label,,\nA,甲\n", encoding="utf-8")
    table = read_table(path)
    assert (table.header, table.header_row, table.rows) == (("id", "label"), 3, ((4, ("A", "甲")),))
    assert table.column_index(["Label"]) == 1 and table.column_index(["participant id"]) is None


def test_a_header_naming_a_column_twice_is_refused_with_its_row(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("\nid,Label,label\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"t.csv:2: column 'label' appears twice"):
        read_table(path)
    with pytest.raises(ImportFormatError, match=r"x.xlsx \(sheet s1\): the sheet is empty"):
        table_of(Sheet("s1", ()), "x.xlsx")


# --------------------------------------------------------------------------- errors
def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ImportFormatError, match=r"gone.csv: no such file"):
        read_sheets(tmp_path / "gone.csv")
    (tmp_path / "dir.xlsx").mkdir()
    with pytest.raises(ImportFormatError, match=r"dir.xlsx: is a folder"):
        read_sheets(tmp_path / "dir.xlsx")


def test_a_path_through_a_file_cannot_be_read(tmp_path):
    (tmp_path / "file.csv").write_text("id\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"x.csv: cannot read the file: Not a directory"):
        read_sheets(tmp_path / "file.csv" / "x.csv")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path):
    path = tmp_path / "locked.csv"
    path.write_text("id\nS01\n", encoding="utf-8")
    path.chmod(0)
    try:
        with pytest.raises(ImportFormatError, match=r"locked.csv: cannot read the file: Permission denied"):
            read_sheets(path)
    finally:
        path.chmod(0o600)


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "dump.csv"
    path.write_bytes(b"a,b\n" * (300 << 10))
    with pytest.raises(ImportFormatError, match=r"dump.csv: the file is 1.2 MB, over the 1 MB limit; split it"):
        read_sheets(path, max_mb=1)
    assert sheet_reader.MAX_SHEET_MB == 200 and len(read_sheets(path)[0].rows) == 300 << 10


def test_a_text_file_named_xlsx_and_a_damaged_workbook(tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("id,label\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"fake.xlsx: not an Excel .xlsx workbook \(it is not a ZIP"):
        read_sheets(fake)
    foreign = tmp_path / "foreign.xlsx"
    with zipfile.ZipFile(foreign, "w") as archive:
        archive.writestr("readme.txt", "a zip, but no workbook inside")
    with pytest.raises(ImportFormatError, match=r"foreign.xlsx: the .xlsx workbook is damaged or not a workbook"):
        read_sheets(foreign)
    book = Workbook()
    for number in range(50):
        book.active.append([f"S{number:02d}", number])
    damaged = tmp_path / "damaged.xlsx"
    book.save(damaged)
    member = zipfile.ZipFile(damaged).getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(damaged.read_bytes())
    start = member.header_offset + 30 + len(member.filename) + len(member.extra)  # the compressed sheet
    data[start + 20:start + 60] = bytes(b ^ 0x55 for b in data[start + 20:start + 60])
    damaged.write_bytes(bytes(data))
    with pytest.raises(ImportFormatError, match=r"damaged.xlsx: the .xlsx workbook is damaged .*decompressing"):
        read_sheets(damaged)
    damaged.write_bytes(bytes(data[:-200]))  # a truncated download: no ZIP directory at the end
    with pytest.raises(ImportFormatError, match=r"damaged.xlsx: not an Excel .xlsx workbook .*cut short"):
        read_sheets(damaged)


def test_an_undecodable_csv_names_the_file_and_byte(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes("编号,姓名\nS01,张小明同学\n".encode() + b"\xff" + "S02,王芳\n".encode() * 5)
    with pytest.raises(ImportFormatError, match=r"mixed.csv \(byte \d+\): cannot decode the CSV file: .*0xFF"):
        read_sheets(path)


@pytest.mark.parametrize("content", [b"", b"\n\n", b" , ,\r\n,,\r\n", "\ufeff".encode()])
def test_an_empty_csv(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFormatError, match=r"empty.csv: the file is empty"):
        read_sheets(path)


def test_an_empty_workbook(tmp_path):
    book = Workbook()
    book.create_sheet("two")
    book.save(tmp_path / "empty.xlsx")
    with pytest.raises(ImportFormatError, match=r"empty.xlsx: the workbook is empty"):
        read_sheets(tmp_path / "empty.xlsx")


def test_the_caller_chooses_the_error_class(tmp_path):
    with pytest.raises(TranscriptError, match="no such file"):
        read_table(tmp_path / "turns.csv", error=TranscriptError)
