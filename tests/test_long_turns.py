"""Issue 18 item 5: a transcript that is one enormous line becomes many segments, cut at sentence ends."""

from __future__ import annotations

import pytest

from qualcode.core.long_turns import split_long_turns
from qualcode.core.models import Turn
from qualcode.core.transcript import TranscriptSettings, split_turns

SENTENCES = ["我妈妈一直鼓励我考电工证。", "中考失利以后我很自卑！", "老师说你可以的？", "我想先去工厂实习；然后再说。"]


def _one_line(characters: int) -> str:
    parts, total, n = [], 0, 0
    while total < characters:
        sentence = SENTENCES[n % len(SENTENCES)]
        parts.append(sentence)
        total, n = total + len(sentence), n + 1
    return "".join(parts)


def test_a_huge_single_line_transcript_is_many_segments_cut_after_sentences(project, run_cli):
    text = _one_line(300_000)
    path = project.root / "transcripts" / "S01_pre.txt"
    path.write_text(text + "\n", encoding="utf-8")
    result = run_cli("--project", project.root, "import", path)
    assert result.exit_code == 0, result.err
    assert "were cut at sentence ends into" in result.out
    rows = project.conn.execute("SELECT s.start, s.end, s.role, d.text FROM segments s JOIN documents d "
                                "ON d.id = s.document_id ORDER BY s.ordinal").fetchall()
    stored = rows[0][3]
    assert len(rows) >= 60  # 300,000 characters at most 5,000 a segment
    assert all(end - start <= 5000 for start, end, _, _ in rows)
    assert {role for _, _, role, _ in rows} == {"participant"}
    assert "".join(stored[start:end] for start, end, _, _ in rows) == stored.strip()  # nothing lost or doubled
    assert all(stored[end - 1] in "。！？；" for _, end, _, _ in rows)  # every piece ends a sentence


def test_a_long_labelled_turn_keeps_its_speaker_in_every_piece():
    text = "访谈者：你好。\n受访者：" + _one_line(12_000) + "\n访谈者：谢谢。\n"
    turns, warnings = split_turns(text, TranscriptSettings())
    speakers = [t.speaker for t in turns]
    assert speakers[0] == "访谈者" and speakers[-1] == "访谈者"
    middle = turns[1:-1]
    assert len(middle) == 3 and {t.speaker for t in middle} == {"受访者"}
    assert {t.role for t in middle} == {"participant"}
    assert warnings == ["1 turn(s) longer than 5,000 characters were cut at sentence ends into 3 segments of the "
                        "same speaker ([transcripts] max_segment_chars)"]


@pytest.mark.parametrize("text,limit,expected", [
    ("a" * 25, 10, [(0, 10), (10, 20), (20, 25)]),  # no sentence end, no space: cut at the limit
    ("aaa bbbbb cc ddddd", 10, [(0, 9), (10, 18)]),  # at the last space, which is dropped
    ("One. Two words here. Three.", 12, [(0, 4), (5, 14), (15, 27)]),  # sentence end, else a space
])
def test_cut_points(text, limit, expected):
    turns, _ = split_long_turns(text, [Turn(0, len(text), "R", "participant")], limit)
    assert [(t.start, t.end) for t in turns] == expected


def test_the_limit_is_a_setting_and_a_bad_value_is_named(project):
    from qualcode.core.errors import ProjectError

    settings = TranscriptSettings.from_config({"transcripts": {"max_segment_chars": 1000}})
    turns, _ = split_turns(_one_line(3_000), settings)
    assert len(turns) >= 3 and all(t.end - t.start <= 1000 for t in turns)
    with pytest.raises(ProjectError, match="max_segment_chars must be a whole number"):
        TranscriptSettings.from_config({"transcripts": {"max_segment_chars": 10}})
