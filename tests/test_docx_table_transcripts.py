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


_BOX_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
           'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
           'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
           'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
           'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
           'xmlns:v="urn:schemas-microsoft-com:vml"')


def _box_paragraphs(lines):
    return "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)


def _word_text_box(lines, fallback_lines=None):
    """A run holding a text box as Word 2010+ writes one: DrawingML in mc:Choice, the same box again as VML in
    mc:Fallback (for older readers)."""
    fallback_lines = lines if fallback_lines is None else fallback_lines
    return (
        f'<w:r {_BOX_NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="1" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="2743200" cy="457200"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapSquare wrapText="bothSides"/>'
        '<wp:docPr id="1" name="Text Box 1"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2743200" cy="457200"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
        f'<wps:txbx><w:txbxContent>{_box_paragraphs(lines)}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>'
        '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
        '<mc:Fallback><w:pict><v:shape id="Text Box 1" o:spid="_x0000_s1026" type="#_x0000_t202" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" style="position:absolute;width:216pt;height:36pt">'
        f'<v:textbox><w:txbxContent>{_box_paragraphs(fallback_lines)}</w:txbxContent></v:textbox>'
        '</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def test_words_in_word_text_boxes_are_read_once_where_they_are_anchored(tmp_path):
    """A transcriber put a note, and a whole answer, in text boxes: their words were left out of the imported
    text without a word. Each box is read once (Word keeps a VML copy in mc:Fallback) after the paragraph
    it is anchored in; an old VML-only box (w:pict) is read too."""
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("访谈者：你最近怎么样？")
    anchor = document.add_paragraph()  # an empty paragraph holding the box, as Word anchors a floating box
    anchor._p.append(parse_xml(_word_text_box(["受访者：还行，就是有点迷茫。", "我妈让我考大专。"])))
    asked = document.add_paragraph("访谈者：为什么？")
    asked._p.append(parse_xml(
        f'<w:r {_BOX_NS}><w:pict><v:shape style="width:200pt;height:30pt"><v:textbox><w:txbxContent>'
        f'{_box_paragraphs(["是学习上的吗？"])}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>'))
    document.add_paragraph("受访者：不知道毕业以后干什么。")
    path = tmp_path / "S17_pre.docx"
    document.save(path)
    parsed = read_transcript(path)
    assert parsed.text.count("还行，就是有点迷茫。") == 1
    assert [(text, role) for text, _speaker, role, _time in _turns(parsed)] == [
        ("你最近怎么样？", "interviewer"), ("还行，就是有点迷茫。\n我妈让我考大专。", "participant"),
        ("为什么？\n是学习上的吗？", "interviewer"), ("不知道毕业以后干什么。", "participant")]


def test_a_run_word_wrote_twice_for_older_readers_is_read_once(tmp_path):
    """Word wraps some runs in mc:AlternateContent (a newer form in mc:Choice, the same words again in
    mc:Fallback): both were read, so the words came in twice."""
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("访谈者：你喜欢吗？")
    said = document.add_paragraph("受访者：")
    said._p.append(parse_xml(
        f'<mc:AlternateContent {_BOX_NS} xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml">'
        '<mc:Choice Requires="w14"><w:r><w:t>喜欢☑</w:t></w:r></mc:Choice>'
        '<mc:Fallback><w:r><w:t>喜欢☑</w:t></w:r></mc:Fallback></mc:AlternateContent>'))
    path = tmp_path / "S18_pre.docx"
    document.save(path)
    assert [text for text, *_ in _turns(read_transcript(path))] == ["你喜欢吗？", "喜欢☑"]
