"""REFI-QDA positions counted in UTF-16 code units (.NET/Java tools) are detected and read correctly."""

from __future__ import annotations

import pytest
from refiqda_support import G, codebook_xml, make_qdpx, qde

from qualcode.io.refiqda import open_qdpx

CODES = codebook_xml(f'<Code guid="{G(1)}" name="压力" isCodable="true"/>')
# Characters outside the BMP before the coded words: an emoji and CJK Ext-B 𠮷 (each two UTF-16 units).
TEXT = "😀我叫𠮷田，每天都很累。🙂但是朋友帮我很多。"
WORDS = ("每天都很累", "朋友帮我很多")


def _utf16_units(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


def _spans(text: str, *, utf16: bool) -> list[tuple[int, int, str]]:
    spans = []
    for words in WORDS:
        start = text.index(words)
        end = start + len(words)
        if utf16:
            start, end = _utf16_units(text, start), _utf16_units(text, end)
        spans.append((start, end, words))
    return spans


def _project(tmp_path, text: str, spans, origin: str, raw: bytes | None = None):
    selections = "".join(
        f'<PlainTextSelection guid="{G(20 + n)}" name="{name}" startPosition="{start}" endPosition="{end}">'
        f'<Coding guid="{G(60 + n)}"><CodeRef targetGUID="{G(1)}"/></Coding></PlainTextSelection>'
        for n, (start, end, name) in enumerate(spans))
    body = CODES + (f'<Sources><TextSource guid="{G(10)}" name="S01" plainTextPath="internal://{G(10)}.txt">'
                    f'{selections}</TextSource></Sources>')
    files = {f"sources/{G(10)}.txt": raw if raw is not None else text}
    return open_qdpx(make_qdpx(tmp_path / "p.qdpx", qde(body, origin=origin), files))


@pytest.mark.parametrize("utf16, origin, reading", [
    (True, "NVivo 14 (.NET)", "UTF-16 code units"),
    (False, "QualCoder 3.5", "code points"),
])
def test_the_reading_that_puts_names_on_their_words_is_used_and_reported(tmp_path, utf16, origin, reading):
    project, report = _project(tmp_path, TEXT, _spans(TEXT, utf16=utf16), origin)
    source = project.sources[0]
    assert [source.text[s.start:s.end] for s in source.selections] == list(WORDS)
    assert any(f"positions read as {reading}: 2 of 2 selection names match" in note for note in report.notes)


def test_utf16_positions_with_crlf_and_a_bom(tmp_path):
    text = "😀我叫𠮷田。\r\n每天都很累。\r\n🙂但是朋友帮我很多。"
    collapsed = text.replace("\r\n", "\n")
    spans = _spans(text, utf16=True)  # \r\n counted as two, as the standard says; units as .NET counts
    project, report = _project(tmp_path, text, spans, "MAXQDA 2022", raw=b"\xef\xbb\xbf" + text.encode("utf-8"))
    source = project.sources[0]
    assert source.text == collapsed
    assert [source.text[s.start:s.end] for s in source.selections] == list(WORDS)
    assert any("UTF-16 code units" in note for note in report.notes)


def test_without_names_a_split_surrogate_pair_rules_a_reading_out(tmp_path):
    text = "𠮷𠮷𠮷很累"
    # Position 3 in UTF-16 units falls between the halves of the second 𠮷, so only the
    # code-point reading (3..4 = 很) puts this nameless selection on character boundaries.
    project, report = _project(tmp_path, text, [(3, 4, "")], "Some tool")
    source = project.sources[0]
    assert [source.text[s.start:s.end] for s in source.selections] == ["很"]
    assert any("positions read as code points" in note for note in report.notes)
