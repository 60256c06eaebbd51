"""RTF transcripts (WordPad, TextEdit, older Word) are read in their declared code page, then split into turns."""

from __future__ import annotations

import pytest

from qualcode.core.errors import TranscriptError
from qualcode.io.readers import read_transcript


def test_gbk_escapes_and_unicode_escapes_are_both_decoded(tmp_path):
    # WordPad on Chinese Windows: \ansicpg936 with \'hh GBK bytes; Word adds \uN? escapes.
    body = "访谈者：你好。".encode("gbk")
    escaped = "".join(f"\\'{b:02x}" for b in body)
    rtf = ("{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}}\\f0\\fs24 "
           f"{escaped}\\par\n"
           "\\u21463?\\u35775?\\u32773?\\uc1 \\u65306?\\u25105?\\u24456?\\u22909?\\u12290?\\par\n}")
    path = tmp_path / "S05_pre.rtf"
    path.write_bytes(rtf.encode("ascii"))
    transcript = read_transcript(path)
    assert [(t.speaker, t.role, transcript.text[t.start:t.end]) for t in transcript.turns] == [
        ("访谈者", "interviewer", "你好。"), ("受访者", "participant", "我很好。")]


def test_a_file_named_rtf_that_is_not_one_is_refused(tmp_path):
    path = tmp_path / "notes.rtf"
    path.write_text("Interviewer: hello\n", encoding="utf-8")
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    assert str(caught.value) == f"{path}:1: not an RTF file (it does not start with {{\\rtf)"
