"""Reading real .docx, .csv and .xlsx files, and participants tables."""

from __future__ import annotations

import zipfile

import docx
import openpyxl
import pytest

from qualcode.core.errors import ImportFormatError, TranscriptError
from qualcode.io.readers import read_participants_table, read_transcript


def spans(parsed):
    return [(parsed.text[t.start : t.end], t.speaker, t.role) for t in parsed.turns]


def write_xlsx(path, rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)


def test_docx_paragraphs_and_tables_in_document_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("---")
    document.add_paragraph("participant: S02")
    document.add_paragraph("---")
    document.add_paragraph("访谈者：你觉得班主任对你怎么样？")
    document.add_paragraph("受访者：挺好的，她经常找我谈心。")
    document.add_paragraph("有一次我考砸了，她还鼓励我。")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "访谈者"
    table.cell(0, 1).text = "表格里的问题"
    path = tmp_path / "S02_post.docx"
    document.save(path)
    parsed = read_transcript(path)
    assert parsed.encoding == "docx"
    assert dict(parsed.metadata) == {"participant": "S02", "wave": "post"}
    assert spans(parsed) == [
        ("你觉得班主任对你怎么样？", "访谈者", "interviewer"),
        ("挺好的，她经常找我谈心。\n有一次我考砸了，她还鼓励我。", "受访者", "participant"),
        ("表格里的问题", "访谈者", "interviewer"),
    ]


def test_docx_that_is_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "S01_pre.docx"
    path.write_text("访谈者：这其实是纯文本", encoding="utf-8")
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    assert "S01_pre.docx" in str(caught.value)
    assert "not a ZIP archive" in str(caught.value)


def test_damaged_docx_is_refused(tmp_path):
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    with pytest.raises(TranscriptError, match=r"broken.docx: the .docx file is damaged"):
        read_transcript(path)


def test_csv_one_row_per_turn_reads_as_a_transcript(tmp_path):
    path = tmp_path / "S04_pre.csv"
    path.write_text(
        "Speaker,TEXT,Timestamp\n访谈者,你平时怎么安排时间？,00:01:02\n"
        'S04,"先写作业\n再去打球",00:01:10\n,,\n访谈者,   ,\n',
        encoding="gb18030",
    )
    parsed = read_transcript(path)
    assert parsed.text == "[00:01:02] 访谈者：你平时怎么安排时间？\n[00:01:10] S04：先写作业\n再去打球"
    assert spans(parsed) == [
        ("你平时怎么安排时间？", "访谈者", "interviewer"),
        ("先写作业\n再去打球", "S04", "participant"),
    ]
    assert [t.timestamp for t in parsed.turns] == ["00:01:02", "00:01:10"]
    assert dict(parsed.metadata) == {"participant": "S04", "wave": "pre"}
    assert parsed.encoding == "csv"


def test_xlsx_with_chinese_headers_and_a_role_column(tmp_path):
    path = tmp_path / "E02_post.xlsx"
    write_xlsx(
        path,
        [["发言人", "内容", "角色"], ["老师", "你好", "访谈者"], ["小明", "老师好", "受访者"], ["家长", "我补充一句", "其他"]],
    )
    parsed = read_transcript(path)
    assert parsed.text == "老师：你好\n小明：老师好\n家长：我补充一句"
    assert spans(parsed) == [
        ("你好", "老师", "interviewer"),
        ("老师好", "小明", "participant"),
        ("我补充一句", "家长", "other"),
    ]
    assert parsed.warnings == ()


def test_roles_are_inferred_from_speaker_labels_and_unknown_speakers_explained(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("说话人,文本\n问,你好\n答,你好\n小红,我也说一句\n", encoding="utf-8")
    parsed = read_transcript(path)
    assert [t.role for t in parsed.turns] == ["interviewer", "participant", "participant"]
    assert [s.describe() for s in parsed.speakers][-1] == "小红: participant — not the interviewer (问 is) (1 turn)"


def test_csv_without_the_needed_columns_names_found_and_needed(tmp_path):
    path = tmp_path / "turns.csv"
    path.write_text("who,what\nI,hello\n", encoding="utf-8")
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    message = str(caught.value)
    assert "turns.csv" in message
    assert "found columns: who, what" in message
    assert "speaker" in message and "说话人" in message and "内容" in message


def test_unknown_role_value_names_the_row(tmp_path):
    path = tmp_path / "roles.xlsx"
    write_xlsx(path, [["speaker", "text", "role"], ["I", "hi", "interviewer"], ["R", "hello", "student"]])
    with pytest.raises(TranscriptError, match=r"roles.xlsx \(row 3\): unknown role 'student'"):
        read_transcript(path)


def test_xlsx_that_is_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("speaker,text\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match="fake.xlsx: not an Excel"):
        read_transcript(path)


def test_unsupported_and_missing_files(tmp_path):
    with pytest.raises(TranscriptError, match=r"notes.pages: unsupported file type '.pages'"):
        read_transcript(tmp_path / "notes.pages")
    with pytest.raises(TranscriptError, match=r"gone.txt: no such file"):
        read_transcript(tmp_path / "gone.txt")


def test_participants_table_from_csv_and_xlsx(tmp_path):
    csv_path = tmp_path / "participants.csv"
    csv_path.write_text("Participant,Gender,Grade,Major\nS01,女,高一,电子商务\nS02,男,,数控\n", encoding="utf-8-sig")
    cases = read_participants_table(csv_path)
    assert [(c.id, dict(c.attributes)) for c in cases] == [
        ("S01", {"gender": "女", "grade": "高一", "major": "电子商务"}),
        ("S02", {"gender": "男", "major": "数控"}),
    ]
    xlsx_path = tmp_path / "participants.xlsx"
    write_xlsx(xlsx_path, [["编号", "年龄"], ["S01", 16], ["S02", 17.0]])
    assert [(c.id, dict(c.attributes)) for c in read_participants_table(xlsx_path)] == [
        ("S01", {"年龄": "16"}),
        ("S02", {"年龄": "17"}),
    ]


def test_participants_table_refuses_duplicates_missing_ids_and_columns(tmp_path):
    path = tmp_path / "participants.csv"
    path.write_text("id,gender\nS01,女\nS02,男\nS01,男\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"participants.csv:4: duplicate participant ids: S01 in rows 2, 4"):
        read_participants_table(path)
    path.write_text("id,gender\nS01,女\n,男\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"participants.csv \(row 3\): row 3 has no participant id"):
        read_participants_table(path)
    path.write_text("name,gender\n小明,男\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"participants.csv:1: missing column\(s\) id; found columns: name, gender"):
        read_participants_table(path)


WORKED_EXAMPLE = """---
participant: S01
wave: pre
date: 2024-03-08
gender: 女
grade: 高一
major: 电子商务
note: fictional
---

[00:00:12] 访谈者：你好，今天想和你聊聊刚进中职这段时间的感受。
[00:00:20] 受访者：好的。说实话刚开始挺难受的，中考没考好，
觉得自己比别人差一截。

后来班主任经常找我谈心，我才慢慢好起来。
[00:01:05] 访谈者：那你现在有什么打算吗？
[00:01:09] 受访者：我想先把电工证考下来，然后去工厂实习。
"""


def test_worked_example_of_the_docs_in_gb18030(tmp_path):
    path = tmp_path / "S01_pre.txt"
    path.write_bytes(WORKED_EXAMPLE.replace("\n", "\r\n").encode("gb18030"))
    parsed = read_transcript(path)
    assert (parsed.encoding, parsed.language) == ("gb18030", "zh")
    assert parsed.metadata["major"] == "电子商务"
    assert parsed.text.startswith("[00:00:12] 访谈者：")
    # "[00:00:12] " is 11 code points and "访谈者：" 4; the first utterance has 22.
    assert (parsed.turns[0].start, parsed.turns[0].end) == (15, 37)
    assert parsed.turns[1].start == 38 + 15
    assert [parsed.text[t.start : t.end] for t in parsed.turns] == [
        "你好，今天想和你聊聊刚进中职这段时间的感受。",
        "好的。说实话刚开始挺难受的，中考没考好，\n觉得自己比别人差一截。\n\n后来班主任经常找我谈心，我才慢慢好起来。",
        "那你现在有什么打算吗？",
        "我想先把电工证考下来，然后去工厂实习。",
    ]
    assert [t.timestamp for t in parsed.turns] == ["00:00:12", "00:00:20", "00:01:05", "00:01:09"]


def test_old_word_doc_gets_a_hint(tmp_path):
    with pytest.raises(TranscriptError, match=r"old.doc: .*save an old Word .doc as .docx"):
        read_transcript(tmp_path / "old.doc")
