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


# YouTube comments as a researcher coded them in NVivo: CRLF line ends, an emoji in most comments,
# whole comments or whole words selected, and every selection name empty (as NVivo 12 writes them).
COMMENTS = [f"Comment {n}: the vaccine {'😀' * (n % 3 + 1)} worries me, said user{n} again." for n in range(14)]


def test_nameless_selections_in_utf16_units_are_read_by_which_reading_cuts_no_words(tmp_path):
    text = "\r\n".join(COMMENTS)
    wanted = [comment.split(": ", 1)[1] for comment in COMMENTS[1:13]]  # what each selection covers
    spans = []
    for words in wanted:
        start = text.index(words)
        spans.append((_utf16_units(text, start), _utf16_units(text, start + len(words)), ""))
    project, report = _project(tmp_path, text, spans, "NVivo for Windows 12.6",
                               raw=b"\xef\xbb\xbf" + text.encode("utf-8"))
    source = project.sources[0]
    assert [source.text[s.start:s.end] for s in source.selections] == wanted
    assert any("positions read as UTF-16 code units: 0 of 12 selection names match, 12 selections fall on "
               "character boundaries and 12 start and end between words that way" in note for note in report.notes)


def test_a_few_nameless_selections_decide_nothing_by_word_edges_and_keep_code_points(tmp_path):
    text = "\r\n".join(COMMENTS[:5])
    words = COMMENTS[2].split(": ", 1)[1]
    start = text.index(words)
    spans = [(_utf16_units(text, start), _utf16_units(text, start + len(words)), "")]
    project, report = _project(tmp_path, text, spans, "NVivo for Windows 12.6")
    assert any("positions read as code points" in note for note in report.notes)
