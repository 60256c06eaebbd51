"""Reading .qdpx files: the real ATLAS.ti export and hand-made variants of what vendors write."""

from __future__ import annotations

import unicodedata

import pytest
from refiqda_support import ATLAS_SAMPLE, G, codebook_xml, make_qdpx, qde, shared_data

from qualcode.core.errors import ImportFormatError
from qualcode.io.refiqda import open_qdpx


def test_atlas_sample_brings_codebook_users_cases_and_says_what_is_missing():
    project, report = open_qdpx(shared_data(*ATLAS_SAMPLE))
    codes = project.all_codes()
    assert len(codes) == 14
    coke = next(c for c in project.codes if c.name == "Coke")
    # ATLAS.ti writes sub-codes flat as "Coke::diet Coke"; they are nested again
    assert sorted(k.name for k in coke.children) == ["diet Coke", "full-fat Coke"]
    assert coke.description == "the breakfast of champions"
    assert {u.name for u in project.users} == {"ATLAS.ti", "Friedrich Markgraf", "Sebastian Petrausch"}
    cases = {c.name: dict(c.variables) for c in project.cases}
    assert cases == {"Mabel": {"gender": "female", "age": "25"}, "Simon": {"gender": "male", "age": "67"}}
    assert [n.name for n in project.notes] == ["Research Plan", "My favorite Coke ad"]
    # every source's text is missing: nothing is invented, and the report names each file
    assert all(s.text is None for s in project.sources)
    assert report.imported["sources"] == 0
    assert report.skipped["sources"] == 12  # 6 text sources without text + 6 picture/PDF/audio/video
    assert report.skipped["codings"] == 16
    text = str(report)
    assert "internal://88293C71-CB70-4AB7-8413-C24110A19C2E.txt is missing" in text  # Mabêl 2ième.txt
    assert "Simon.docx" in text and "PictureSource" in text


def _selection(guid: int, start: int, end: int, code: int, name: str = "") -> str:
    return (f'<PlainTextSelection guid="{G(guid)}" name="{name}" startPosition="{start}" endPosition="{end}">'
            f'<Coding guid="{G(guid + 500)}"><CodeRef targetGUID="{G(code)}"/></Coding></PlainTextSelection>')


CODES = codebook_xml(f'<Code guid="{G(1)}" name="家庭支持" isCodable="true" color="#4E79A7">'
                     f'<Description>提到家人</Description><Code guid="{G(2)}" name="母亲" isCodable="true"/></Code>')


def test_capitalised_names_bom_and_old_namespace(tmp_path):
    text = "我妈妈一直支持我。"
    body = CODES + (f'<Sources><TextSource guid="{G(10)}" name="S01" plainTextPath="internal://{G(10)}.txt">'
                    f'{_selection(20, 1, 3, 2)}</TextSource></Sources>')
    path = make_qdpx(tmp_path / "a.qdpx", b"\xef\xbb\xbf" + qde(body, "urn:QDA-XML:project:1:0").encode(),
                     {f"Sources/{G(10)}.txt": "\ufeff" + text}, qde_name="Project.qde")
    project, report = open_qdpx(path)
    source = project.sources[0]
    assert source.text == text  # the BOM is not part of the text
    selection = source.selections[0]
    assert source.text[selection.start:selection.end] == "妈妈"
    assert selection.codings[0].code_guid == G(2)
    assert project.codes[0].children[0].name == "母亲"
    assert report.imported["codings"] == 1
    assert any("1:0" in note for note in report.notes)


CRLF_TEXT = "第一行\r\n第二行很好\r\n第三行"  # "第二行很好" is 5..10 counting \r\n as two, 4..9 as one


@pytest.mark.parametrize("start,end,name,origin", [
    (4, 9, "第二行很好", "ATLAS.ti 8.4"),       # ATLAS.ti counts \r\n as one, and says so in the name
    (5, 10, "第二行很好", "MAXQDA 2020"),       # code points, as the standard says
    (4, 9, "Quotation 1:1", "ATLAS.ti 9"),     # name decides nothing: the tool does
    (5, 10, "Quotation 1:1", "NVivo 12"),
    (4, 9, "第二行很好", "NVivo 12"),           # the name beats the tool's habit
])
def test_crlf_offsets_cover_the_text_the_tool_showed(tmp_path, start, end, name, origin):
    body = CODES + (f'<Sources><TextSource guid="{G(10)}" name="S01" plainTextPath="internal://{G(10)}.txt">'
                    f'{_selection(20, start, end, 1, name)}</TextSource></Sources>')
    path = make_qdpx(tmp_path / "crlf.qdpx", qde(body, origin=origin), {f"sources/{G(10)}.txt": CRLF_TEXT})
    project, report = open_qdpx(path)
    source = project.sources[0]
    assert source.text == "第一行\n第二行很好\n第三行"
    selection = source.selections[0]
    assert source.text[selection.start:selection.end] == "第二行很好"
    assert any("\\r\\n counted as" in note for note in report.notes)


def test_inline_relative_and_absolute_sources_and_a_missing_one(tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "rel.txt").write_text("relative text", encoding="utf-8")
    absolute = tmp_path / "abs.txt"
    absolute.write_text("absolute text", encoding="utf-8")
    sources = (
        f'<TextSource guid="{G(10)}" name="inline"><PlainTextContent>inline text</PlainTextContent>'
        f'{_selection(20, 0, 6, 1)}</TextSource>'
        f'<TextSource guid="{G(11)}" name="rel" plainTextPath="relative:///texts/rel.txt"/>'
        f'<TextSource guid="{G(12)}" name="abs" plainTextPath="{absolute.as_uri()}"/>'
        f'<TextSource guid="{G(13)}" name="gone" plainTextPath="relative:///texts/gone.txt">'
        f'{_selection(21, 0, 2, 1)}</TextSource>'
    )
    path = make_qdpx(tmp_path / "s.qdpx", qde(CODES + f"<Sources>{sources}</Sources>"))
    project, report = open_qdpx(path, allow_external=tmp_path)
    texts = {s.name: s.text for s in project.sources}
    assert texts == {"inline": "inline text", "rel": "relative text", "abs": "absolute text", "gone": None}
    assert report.imported["sources"] == 3 and report.skipped["sources"] == 1
    assert "relative:///texts/gone.txt is missing" in str(report)
    assert report.skipped["codings"] == 1


def test_selection_outside_the_text_is_skipped_and_reported(tmp_path):
    body = CODES + (f'<Sources><TextSource guid="{G(10)}" name="short"><PlainTextContent>短文本</PlainTextContent>'
                    f'{_selection(20, 1, 40, 1)}{_selection(21, 0, 2, 1)}</TextSource></Sources>')
    project, report = open_qdpx(make_qdpx(tmp_path / "o.qdpx", qde(body)))
    assert [(s.start, s.end) for s in project.sources[0].selections] == [(0, 2)]
    assert report.skipped["codings"] == 1 and "1-40 lies outside" in str(report)


def test_decomposed_accents_are_composed_and_offsets_follow(tmp_path):
    raw = "Cafe\u0301 olé"  # "Café" written with a combining accent: 5 code points, 4 after NFC
    body = CODES + (f'<Sources><TextSource guid="{G(10)}" name="fr"><PlainTextContent>{raw}</PlainTextContent>'
                    f'{_selection(20, 6, 9, 1)}</TextSource></Sources>')
    project, _ = open_qdpx(make_qdpx(tmp_path / "n.qdpx", qde(body)))
    source = project.sources[0]
    assert source.text == unicodedata.normalize("NFC", raw)
    assert source.text[source.selections[0].start:source.selections[0].end] == "olé"


def test_cases_with_variables(tmp_path):
    body = (f'<Variables><Variable guid="{G(30)}" name="年级" typeOfVariable="Text"/>'
            f'<Variable guid="{G(31)}" name="age" typeOfVariable="Integer"/></Variables>'
            f'<Cases><Case guid="{G(40)}" name="S01"><VariableValue><VariableRef targetGUID="{G(30)}"/>'
            f'<TextValue>高二</TextValue></VariableValue><VariableValue><VariableRef targetGUID="{G(31)}"/>'
            f'<IntegerValue>17</IntegerValue></VariableValue><SourceRef targetGUID="{G(10)}"/></Case></Cases>')
    project, report = open_qdpx(make_qdpx(tmp_path / "c.qdpx", qde(body)))
    assert [(c.name, dict(c.variables), c.source_guids) for c in project.cases] == [
        ("S01", {"年级": "高二", "age": "17"}, (G(10),))]
    assert report.imported["cases"] == 1


def test_not_qda_xml_is_refused_with_the_place(tmp_path):
    with pytest.raises(ImportFormatError, match="not well-formed XML"):
        open_qdpx(make_qdpx(tmp_path / "bad.qdpx", "<Project><Users></Project>"))
    with pytest.raises(ImportFormatError, match="no project.qde"):
        open_qdpx(make_qdpx(tmp_path / "empty.qdpx", "x", qde_name="readme.txt"))
    with pytest.raises(ImportFormatError, match="not QDA-XML"):
        open_qdpx(make_qdpx(tmp_path / "ns.qdpx", '<Project xmlns="urn:other" name="x"/>'))


@pytest.mark.parametrize("namespace", ["urn:QDA-XML:codebook:1.0", "urn:QDA-XML:codebook:1:0",
                                       "urn:QDA-XML:codebook:0:4"])
def test_qdc_namespaces_and_bom(tmp_path, namespace):
    from qualcode.io.refiqda import read_qdc

    path = tmp_path / "book.qdc"
    path.write_bytes(b"\xef\xbb\xbf" + (
        f'<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="{namespace}" origin="MAXQDA 2020"><Codes>'
        f'<Code guid="{G(1)}" name="需求" isCodable="false" color="#abc"><Code guid="{G(2)}" name="自信" '
        f'isCodable="true"><Description>想更自信</Description></Code></Code></Codes></CodeBook>').encode())
    (root,) = read_qdc(path)
    assert (root.name, root.is_codable, root.color) == ("需求", False, "#abc")
    assert [(c.name, c.description) for c in root.children] == [("自信", "想更自信")]


def test_pdf_text_representation_comes_in_with_its_text_codings(tmp_path):
    body = CODES + (
        f'<Sources><PDFSource guid="{G(10)}" name="政策.pdf" path="internal://{G(11)}.pdf">'
        f'<PDFSelection guid="{G(20)}" page="0" firstX="1" firstY="1" secondX="9" secondY="9">'
        f'<Coding guid="{G(21)}"><CodeRef targetGUID="{G(1)}"/></Coding></PDFSelection>'
        f'<Representation guid="{G(12)}" plainTextPath="internal://{G(12)}.txt">{_selection(30, 4, 8, 2)}'
        f'</Representation></PDFSource></Sources>')
    path = make_qdpx(tmp_path / "pdf.qdpx", qde(body), {f"sources/{G(12)}.txt": "第一条：家庭支持很重要。"})
    project, report = open_qdpx(path)
    (source,) = project.sources
    assert (source.guid, source.name) == (G(10), "政策.pdf")  # cases refer to the PDF, not its representation
    selection = source.selections[0]
    assert source.text[selection.start:selection.end] == "家庭支持"
    assert report.imported["codings"] == 1 and report.skipped["codings"] == 1
    assert "page areas" in str(report)


def test_audio_transcript_comes_in_with_codings_between_sync_points(tmp_path):
    text = "访谈者：你好。\n受访者：我很紧张。"  # "我很紧张" is 12..16
    body = CODES + (
        f'<Sources><AudioSource guid="{G(10)}" name="S01.m4a" path="relative:///S01.m4a">'
        f'<Transcript guid="{G(11)}" name="S01 访谈转录" plainTextPath="internal://{G(11)}.txt">'
        f'<SyncPoint guid="{G(12)}" position="12" timeStamp="4000"/>'
        f'<SyncPoint guid="{G(13)}" position="16" timeStamp="6500"/>'
        f'<TranscriptSelection guid="{G(14)}" fromSyncPoint="{G(12)}" toSyncPoint="{G(13)}">'
        f'<Coding guid="{G(15)}"><CodeRef targetGUID="{G(1)}"/></Coding></TranscriptSelection></Transcript>'
        f'<AudioSelection guid="{G(16)}" begin="0" end="900"><Coding guid="{G(17)}">'
        f'<CodeRef targetGUID="{G(1)}"/></Coding></AudioSelection></AudioSource></Sources>')
    path = make_qdpx(tmp_path / "audio.qdpx", qde(body), {f"sources/{G(11)}.txt": text})
    project, report = open_qdpx(path)
    (source,) = project.sources
    assert source.name == "S01 访谈转录" and source.text == text
    selection = source.selections[0]
    assert source.text[selection.start:selection.end] == "我很紧张"
    assert report.imported["codings"] == 1 and report.skipped["codings"] == 1  # the audio-time coding
