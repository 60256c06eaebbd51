"""Teams and Otter .docx transcripts: a speaker-and-time line above the words becomes one turn each."""

from __future__ import annotations

import docx

from qualcode.io.readers import read_transcript


def _docx(tmp_path, name: str, paragraphs: list[str]):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = tmp_path / name
    document.save(path)
    return path


def _turns(transcript):
    return [(t.speaker, t.role, transcript.text[t.start:t.end], t.timestamp) for t in transcript.turns]


def test_otter_docx_speaker_and_time_lines(tmp_path):
    path = _docx(tmp_path, "P03_pre.docx", [
        "Interview with P03", "Tue, 3/5 10:02AM • 24:13", "",
        "Interviewer  0:03", "So tell me about your first week.",
        "Speaker 2  0:09", "It was a lot. I did not know anyone.", "Then my roommate invited me to dinner.",
        "Speaker 2  0:31", "After that it got easier.",
        "Interviewer  0:40", "What changed?",
    ])
    assert _turns(read_transcript(path)) == [
        (None, "other", "Interview with P03 Tue, 3/5 10:02AM • 24:13", None),
        ("Interviewer", "interviewer", "So tell me about your first week.", "0:03"),
        ("Speaker 2", "participant",
         "It was a lot. I did not know anyone. Then my roommate invited me to dinner. After that it got easier.",
         "0:09"),
        ("Interviewer", "interviewer", "What changed?", "0:40"),
    ]


def test_teams_docx_with_time_ranges_then_names(tmp_path):
    path = _docx(tmp_path, "S04_post.docx", [
        "0:0:1.200 --> 0:0:4.800", "访谈者", "你觉得家里人支持你吗？",
        "0:0:5.100 --> 0:0:12.0", "李明", "支持，我妈妈每周都打电话。",
    ])
    assert _turns(read_transcript(path)) == [
        ("访谈者", "interviewer", "你觉得家里人支持你吗？", "0:0:1.200"),
        ("李明", "participant", "支持，我妈妈每周都打电话。", "0:0:5.100"),
    ]


def test_an_ordinary_labelled_docx_is_still_parsed_line_by_line(tmp_path):
    path = _docx(tmp_path, "S01_pre.docx", ["访谈者：我们10点 10:30 见？", "受访者：好的。"])
    assert [(t.speaker, t.role) for t in read_transcript(path).turns] == [
        ("访谈者", "interviewer"), ("受访者", "participant")]
