"""Row-to-segment matching and sheet reading, on hand-made segments and files (no project needed)."""

from __future__ import annotations

import pytest

from qualcode.core.errors import ImportFormatError
from qualcode.io.coded_sheets_read import SheetRow, read_coded_sheet
from qualcode.io.segment_matching import SegmentMatcher, TargetDocument, TargetSegment, without_label

TURNS = ["你最近怎么样？", "嗯。", "学习压力挺大的，经常熬夜。", "嗯。", "家里人很支持我。", "嗯。"]


def _doc(name="S01_pre", case="S01", turns=TURNS, first_id=1, document_id=1):
    segments = tuple(TargetSegment(first_id + i, document_id, name, i + 1, 0, len(t), t, case)
                     for i, t in enumerate(turns))
    return TargetDocument(document_id, name, case, segments)


def _row(n, text=None, codes=("X",), **kw):
    return SheetRow(sheet="", row=n, codes=codes, coder="A", text=text, **kw)


def test_repeated_short_turns_are_taken_in_order():
    matcher = SegmentMatcher([_doc()], form="wide")
    rows = [_row(i + 2, t) for i, t in enumerate(TURNS)]
    assert [m.segment.ordinal for m in matcher.match_all(rows)] == [1, 2, 3, 4, 5, 6]


def test_a_row_out_of_order_is_found_from_the_start_and_the_walk_goes_on_from_there():
    matcher = SegmentMatcher([_doc()], form="wide")
    rows = [_row(2, "家里人很支持我。"), _row(3, "嗯。"), _row(4, "学习压力挺大的，经常熬夜。"), _row(5, "嗯。")]
    assert [m.segment.ordinal for m in matcher.match_all(rows)] == [5, 6, 3, 4]


@pytest.mark.parametrize("text,expected", [
    ("受访者：嗯。", "嗯。"), ("[00:12:03] 受访者: 家里人很支持我。", "家里人很支持我。"),
    ("S01：学习压力挺大的", "学习压力挺大的"), ("没有标签的话", "没有标签的话"), ("R:", "R:")])
def test_speaker_labels_and_timestamps_are_stripped(text, expected):
    assert without_label(text) == expected


def test_similarity_threshold():
    typo = "学习压力挺大得，经常熬液。"  # two wrong characters in thirteen
    assert SegmentMatcher([_doc()], threshold=80).match(_row(2, typo)).segment.ordinal == 3
    strict = SegmentMatcher([_doc()], threshold=95).match(_row(2, typo))
    assert strict.segment is None and "no segment with this text" in strict.problem


def test_documents_by_name_stem_or_participant_and_ordinals():
    docs = [_doc(), _doc("S01_post", "S01", ["嗯。", "好多了。"], first_id=10, document_id=2)]
    matcher = SegmentMatcher(docs)
    assert matcher.match(_row(2, ordinal=2, document="S01_post.txt")).segment.segment_id == 11
    assert "needs a document column" in matcher.match(_row(3, ordinal=2, participant="S01")).problem
    assert matcher.match(_row(4, "好多了。", participant="s01")).segment.document == "S01_post"
    mismatch = matcher.match(_row(5, ordinal=2, document="S01_pre", excerpt="完全不同的话"))
    assert mismatch.segment.ordinal == 2 and "is not in S01_pre segment 2" in mismatch.problem


def test_gb18030_csv_with_chinese_headers_and_a_coder_column(tmp_path):
    path = tmp_path / "编码.csv"
    path.write_bytes("文档,序号,编码,编码者\nS01_pre,3,学业压力,张老师\n".encode("gb18030"))
    read = read_coded_sheet(path, default_coder="me")
    assert read.form == "long"
    assert read.rows == [SheetRow(sheet="", row=2, codes=("学业压力",), coder="张老师", document="S01_pre",
                                  ordinal=3)]


def test_wide_sheet_columns(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("text,AD_EXAM,notes,PF_GOAL,empty\n嗯。,1,看不清,,\n好的,0,,x,\n", encoding="utf-8")
    read = read_coded_sheet(path, default_coder="me")
    assert read.form == "wide" and read.code_columns == ["AD_EXAM", "PF_GOAL"]
    assert read.ignored_columns == ["notes", "empty"]
    assert [(r.text, r.codes, r.coder) for r in read.rows] == [("嗯。", ("AD_EXAM",), "me"), ("好的", ("PF_GOAL",), "me")]


def test_sheets_that_cannot_be_read(tmp_path):
    no_text = tmp_path / "a.csv"
    no_text.write_text("document,AD_EXAM\nS01_pre,1\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match="no text column and no code column"):
        read_coded_sheet(no_text)
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(ImportFormatError, match=".xlsx or .csv"):
        read_coded_sheet(tmp_path / "a.pdf")
    with pytest.raises(ImportFormatError, match="no such file"):
        read_coded_sheet(tmp_path / "missing.csv")
    bad = tmp_path / "b.csv"
    bad.write_text("document,segment,code\nS01_pre,three,AD_EXAM\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match="segment 'three' is not a number") as info:
        read_coded_sheet(bad)
    assert "b.csv:2" in str(info.value)
    bad.write_text("document,segment,code\n\nS01_pre,1,AD_EXAM\n,,\nS01_pre,three,AD_EXAM\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match="segment 'three' is not a number") as info:
        read_coded_sheet(bad)
    assert "b.csv:5" in str(info.value)  # blank rows count, as in Excel
    fake = tmp_path / "c.xlsx"
    fake.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"c.xlsx: not an Excel .xlsx workbook"):
        read_coded_sheet(fake)
