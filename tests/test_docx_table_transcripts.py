"""A Word transcript kept as a table with a header row: 时间 | 说话人 | 内容 (QA round 29).

Each row was read as `first cell：the rest`, so the time became the speaker (`00:01：研究者 你最近怎么样？`), no
label was recognised, and every row -- the researcher's questions too -- was imported as a participant turn,
with only "no speaker labels found" to say so. A header naming the columns is now read by its names (the time
kept as the turn's time), and a headerless row opening with a time keeps it as a time.
"""

from __future__ import annotations

import docx

from qualcode.io.readers import read_transcript

ROWS = [("00:01", "研究者", "你最近怎么样？"), ("00:05", "S10", "还行吧，就是有点迷茫。"),
        ("00:20", "研究者", "为什么迷茫？"), ("00:25", "S10", "不知道毕业以后干什么。\n我妈让我考大专。")]


def _turns(parsed):
    return [(parsed.text[t.start:t.end], t.speaker, t.role.value if hasattr(t.role, "value") else t.role,
             t.timestamp) for t in parsed.turns]


def _document(path, header):
    document = docx.Document()
    document.add_paragraph("访谈记录 S10 前测")
    table = document.add_table(rows=0, cols=3)
    for row in ([header] if header else []) + ROWS:
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = value
    document.save(path)
    return path


def test_a_word_table_with_a_header_row_reads_by_its_column_names(tmp_path):
    parsed = read_transcript(_document(tmp_path / "S10_pre.docx", ("时间", "说话人", "内容")))
    assert _turns(parsed) == [
        ("你最近怎么样？", "研究者", "interviewer", "00:01"),
        ("还行吧，就是有点迷茫。", "S10", "participant", "00:05"),
        ("为什么迷茫？", "研究者", "interviewer", "00:20"),
        ("不知道毕业以后干什么。\n我妈让我考大专。", "S10", "participant", "00:25"),
    ]


def test_a_word_table_without_a_header_keeps_a_leading_time_as_the_time(tmp_path):
    parsed = read_transcript(_document(tmp_path / "S10_pre.docx", None))
    assert [(text, speaker, role) for text, speaker, role, _time in _turns(parsed)][:3] == [
        ("你最近怎么样？", "研究者", "interviewer"),
        ("还行吧，就是有点迷茫。", "S10", "participant"),
        ("为什么迷茫？", "研究者", "interviewer"),
    ]


def test_turns_inside_a_word_content_control_are_read(tmp_path):
    """Part of a transcript inside a content control (`w:sdt`, as templates and transcription services wrap
    parts of a document): its turns were left out of the imported text, unsaid."""
    from docx.oxml import OxmlElement

    document = docx.Document()
    document.add_paragraph("访谈者：你最近怎么样？")
    document.add_paragraph("受访者：还行，就是有点迷茫。")
    asked = document.add_paragraph("访谈者：为什么？")
    answered = document.add_paragraph("受访者：不知道毕业以后干什么。")
    control, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    control.append(content)
    asked._p.addprevious(control)
    content.append(asked._p)
    content.append(answered._p)
    document.add_paragraph("访谈者：谢谢。")
    path = tmp_path / "S15_pre.docx"
    document.save(path)
    parsed = read_transcript(path)
    assert [text for text, _speaker, _role, _time in _turns(parsed)] == [
        "你最近怎么样？", "还行，就是有点迷茫。", "为什么？", "不知道毕业以后干什么。", "谢谢。"]


def test_words_inside_smart_tags_fields_and_inline_controls_are_kept(tmp_path):
    """Chinese Word marks names and places as smart tags; a date may be a field; a template's plain-text
    control sits inside a paragraph. python-docx's `Paragraph.text` passed over all three, so `我在深圳2025年读书`
    was imported as `我在读书`, unsaid."""
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    document.add_paragraph("访谈者：你在哪里读书？")
    said = document.add_paragraph("受访者：我在")
    said._p.append(parse_xml(f'<w:smartTag {ns} w:uri="urn:schemas-microsoft-com:office:smarttags" '
                             f'w:element="place"><w:r><w:t>深圳</w:t></w:r></w:smartTag>'))
    said._p.append(parse_xml(f'<w:fldSimple {ns} w:instr="DATE"><w:r><w:t>2025年</w:t></w:r></w:fldSimple>'))
    said._p.append(parse_xml(f'<w:r {ns}><w:t>读书。</w:t></w:r>'))
    asked = document.add_paragraph("访谈者：")
    asked._p.append(parse_xml(f'<w:sdt {ns}><w:sdtContent><w:r><w:t>喜欢吗？</w:t></w:r></w:sdtContent></w:sdt>'))
    path = tmp_path / "S16_pre.docx"
    document.save(path)
    parsed = read_transcript(path)
    assert [text for text, _speaker, _role, _time in _turns(parsed)] == [
        "你在哪里读书？", "我在深圳2025年读书。", "喜欢吗？"]
