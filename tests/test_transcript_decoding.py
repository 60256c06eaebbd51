"""Decoding transcript bytes: every supported encoding and every refusal."""

from __future__ import annotations

import random

import pytest

from qualcode.core.decoding import decode_bytes
from qualcode.core.errors import TranscriptError
from qualcode.core.transcript import TranscriptSettings
from qualcode.io.readers import read_transcript

SIMPLIFIED = (
    "访谈者：你好，今天想和你聊聊你在学校的生活。\n"
    "受访者：好的。中考没考好，心里挺难受的，后来老师一直鼓励我，我就想先把电工证考下来。\n"
)
TRADITIONAL = "問：你覺得這個學期怎麼樣？\n答：還不錯，老師對我們很好。我想先把電工證考下來，然後去工廠實習。\n"
ENGLISH = "Interviewer: How was the first term?\nP01: Hard at first, but my teacher helped me.\n"


@pytest.mark.parametrize(
    ("text", "codec", "expected_name"),
    [
        (SIMPLIFIED, "utf-8", "utf-8"),
        (SIMPLIFIED, "utf-8-sig", "utf-8-sig"),
        (SIMPLIFIED, "utf-16", "utf-16-le"),  # Python writes a little-endian BOM
        (SIMPLIFIED, "utf-16-le", "utf-16-le"),  # no BOM: found by the NUL pattern
        (SIMPLIFIED, "utf-16-be", "utf-16-be"),
        (ENGLISH, "utf-16-le", "utf-16-le"),
        (SIMPLIFIED, "gb18030", "gb18030"),
        (SIMPLIFIED, "gbk", "gb18030"),  # GB18030 is a superset of GBK
        (TRADITIONAL, "big5", "big5"),
        (TRADITIONAL, "utf-8", "utf-8"),
        (ENGLISH, "utf-8", "utf-8"),
    ],
    ids=lambda value: {SIMPLIFIED: "simplified", TRADITIONAL: "traditional", ENGLISH: "english"}.get(value, value),
)
def test_each_encoding_reads_back_the_exact_text(tmp_path, text, codec, expected_name):
    path = tmp_path / "S01_pre.txt"
    path.write_bytes(text.encode(codec))
    parsed = read_transcript(path)
    assert parsed.encoding == expected_name
    assert parsed.text == text
    assert len(parsed.turns) == 2


def test_gb18030_four_byte_characters_and_emoji_survive():
    text = "受访者：我的名字里有个䶮字😀，别人总念错。"
    data = text.encode("gb18030")
    assert len(data) > 2 * len(text) - 4  # four-byte sequences are really used
    assert decode_bytes(data, "x.txt") == (text, "gb18030")


def test_newlines_bom_and_nfc_are_normalised():
    data = "\ufeff访谈者：e\u0301te\r\n受访者：好\r继续\n".encode("utf-8")
    text, encoding = decode_bytes(data, "x.txt")
    assert encoding == "utf-8-sig"
    assert text == "访谈者：\u00e9te\n受访者：好\n继续\n"


def test_empty_file_is_refused_with_its_name(tmp_path):
    path = tmp_path / "S09_pre.txt"
    path.write_bytes(b"")
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    assert "S09_pre.txt" in str(caught.value)
    assert "empty" in str(caught.value)


def test_whitespace_only_file_is_refused(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text("  \n\n\t\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match="blank.txt.*no text"):
        read_transcript(path)


def test_binary_file_with_nul_bytes_is_refused(tmp_path):
    path = tmp_path / "photo.txt"
    noise = random.Random(7).randbytes(4000)
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + noise)
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    message = str(caught.value)
    assert "photo.txt" in message
    assert "binary" in message
    assert "offset 8" in message  # the first NUL byte of the PNG signature block


def test_binary_file_without_nul_bytes_is_refused_by_control_density(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 0x41]) * 200)
    with pytest.raises(TranscriptError, match=r"blob.txt.*binary.*first at offset 0"):
        read_transcript(path)


def test_mixed_utf8_and_gb18030_names_the_first_bad_byte(tmp_path):
    utf8_part = SIMPLIFIED.encode("utf-8") * 3
    path = tmp_path / "mixed.txt"
    path.write_bytes(utf8_part + "受访者：后来我慢慢好了。\n".encode("gb18030"))
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    message = str(caught.value)
    assert "mixed.txt" in message
    assert f"byte {len(utf8_part)}" in message
    assert "mixes encodings" in message


def test_gb18030_with_a_utf8_paragraph_is_refused_not_turned_into_mojibake():
    data = SIMPLIFIED.encode("gb18030") * 3 + SIMPLIFIED.encode("utf-8")
    with pytest.raises(TranscriptError, match="mixes encodings"):
        decode_bytes(data, "mixed2.txt")


def test_undecodable_bytes_name_the_offset():
    data = "Interviewer: caf\u00e9?\n".encode("latin-1")  # é is 0xE9, at byte 16
    with pytest.raises(TranscriptError) as caught:
        decode_bytes(data, "latin.txt")
    message = str(caught.value)
    assert message.startswith("latin.txt")
    assert "byte 16" in message and "0xE9" in message
    assert message.endswith("; re-save it as UTF-8 (Notepad, Word or WPS: Save As, encoding UTF-8)")  # what to do


def test_bad_bytes_after_a_utf8_bom_are_refused():
    data = b"\xef\xbb\xbf" + "访谈者：你好".encode() + b"\xff\xfe\xfd"
    with pytest.raises(TranscriptError, match=r"bom.txt.*byte 21 \(0xFF\)"):
        decode_bytes(data, "bom.txt")


def test_big5_and_gb18030_are_told_apart_on_short_texts():
    short_traditional = "答：老師對我們很好。"
    short_simplified = "答：老师对我们很好。"
    assert decode_bytes(short_traditional.encode("big5"), "t.txt") == (short_traditional, "big5")
    assert decode_bytes(short_simplified.encode("gb18030"), "s.txt") == (short_simplified, "gb18030")


def test_fifty_megabyte_file_is_refused_naming_the_limit_and_setting(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: instant and takes no disk space
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    message = str(caught.value)
    assert "huge.txt" in message
    assert "50.0 MB" in message and "20 MB" in message
    assert "[import] max_file_mb" in message


def test_size_limit_follows_the_setting(tmp_path):
    path = tmp_path / "S01_pre.txt"
    path.write_text("访谈者：你好\n受访者：" + "好" * 2000, encoding="utf-8")
    read_transcript(path)  # well under the default
    with pytest.raises(TranscriptError, match="0.001 MB limit"):
        read_transcript(path, settings=TranscriptSettings(max_file_mb=0.001))


def test_short_gb18030_text_whose_bytes_partly_look_like_utf8_is_still_gb18030():
    # Found by the property test: these GB18030 bytes contain valid UTF-8
    # sequences by chance, which once made the file look like damaged UTF-8.
    text = "访谈者：你还\n受访者：你还"
    assert decode_bytes(text.encode("gb18030"), "x.txt") == (text, "gb18030")


def test_bytes_that_decode_only_to_junk_are_refused():
    # Shift-JIS Japanese is valid GB18030 byte-wise but reads as rare characters.
    data = "こんにちは、今日はいい天気ですね。私は学生です。".encode("shift_jis")
    with pytest.raises(TranscriptError) as caught:
        decode_bytes(data, "sjis.txt")
    message = str(caught.value)
    assert message.startswith("sjis.txt (byte 0)")
    assert "rare or junk characters" in message


def test_utf16_guess_must_read_as_chinese_or_latin_text():
    # Bytes with NULs at even offsets, as UTF-16 BE would have; but decoded they
    # are "¬ሰ¬ሰ..." (Ethiopic) as BE and Hangul as LE -- neither is a transcript.
    data = bytes([0x00, 0xAC, 0x12, 0xB0]) * 50
    with pytest.raises(TranscriptError, match=r"junk.txt \(byte 0\): this looks like a binary file"):
        decode_bytes(data, "junk.txt")
