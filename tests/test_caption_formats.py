"""WebVTT and SRT captions (Zoom, Teams, YouTube, Otter) import as speaker turns with start times."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.app import api
from qualcode.core.errors import TranscriptError
from qualcode.io.readers import read_transcript
from qualcode.storage import repository as repo

# Teams writes <v Name> voice tags and splits a speaker's sentence over several cues.
TEAMS_VTT = """WEBVTT

0f1e2d3c-1111-4a5b-9c8d-000000000001/12-0
00:00:01.200 --> 00:00:04.800
<v Interviewer>Thanks for joining. How did the first term go?</v>

0f1e2d3c-1111-4a5b-9c8d-000000000001/13-0
00:00:05.100 --> 00:00:09.300
<v Mary Chen>Honestly it was hard at first.</v>

0f1e2d3c-1111-4a5b-9c8d-000000000001/13-1
00:00:09.300 --> 00:00:12.000
<v Mary Chen>My family helped a lot with money.</v>

0f1e2d3c-1111-4a5b-9c8d-000000000001/14-0
00:00:12.500 --> 00:00:14.000
<v Interviewer>Can you say more?</v>
"""

# Zoom writes a numbered cue and "Name: text"; Chinese names and full-width colons occur.
ZOOM_VTT = """WEBVTT

1
00:00:02.010 --> 00:00:05.520
访谈者: 你最近压力大吗？

2
00:00:06.000 --> 00:00:10.250
小王: 挺大的，考试太多了。

3
00:00:10.250 --> 00:01:02.000
小王: 不过同学会帮我。𠮷
"""

# Otter/YouTube style SRT with [Name] prefixes, then an unnamed continuation cue.
OTTER_SRT = """1
00:00:00,500 --> 00:00:03,000
[Interviewer] What helps you most?

2
00:00:03,400 --> 00:00:07,900
[Tom] My coach, mostly.

3
00:00:08,000 --> 00:00:11,000
He listens before he talks.
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _turns(transcript):
    return [(t.speaker, t.role, transcript.text[t.start:t.end], t.timestamp) for t in transcript.turns]


def test_teams_voice_tags_merge_consecutive_cues_of_one_speaker(tmp_path):
    transcript = read_transcript(_write(tmp_path, "P01_pre.vtt", TEAMS_VTT))
    assert _turns(transcript) == [
        ("Interviewer", "interviewer", "Thanks for joining. How did the first term go?", "00:00:01.200"),
        ("Mary Chen", "participant", "Honestly it was hard at first. My family helped a lot with money.",
         "00:00:05.100"),
        ("Interviewer", "interviewer", "Can you say more?", "00:00:12.500"),
    ]


def test_zoom_name_prefixes_in_chinese(tmp_path):
    transcript = read_transcript(_write(tmp_path, "S03_pre.vtt", ZOOM_VTT))
    assert _turns(transcript) == [
        ("访谈者", "interviewer", "你最近压力大吗？", "00:00:02.010"),
        ("小王", "participant", "挺大的，考试太多了。不过同学会帮我。𠮷", "00:00:06.000"),
    ]


def test_srt_bracket_names_and_unnamed_continuation(tmp_path):
    transcript = read_transcript(_write(tmp_path, "P02_post.srt", OTTER_SRT))
    assert _turns(transcript) == [
        ("Interviewer", "interviewer", "What helps you most?", "00:00:00,500"),
        ("Tom", "participant", "My coach, mostly. He listens before he talks.", "00:00:03,400"),
    ]


def test_youtube_captions_without_names_are_participant_speech(tmp_path):
    text = "WEBVTT\nKind: captions\nLanguage: en\n\n00:00.000 --> 00:02.500\nso I moved here\n\n" \
           "00:02.500 --> 00:05.000\nwhen I was <c>twelve</c>\n"
    transcript = read_transcript(_write(tmp_path, "P04_pre.vtt", text))
    assert _turns(transcript) == [(None, "participant", "so I moved here when I was twelve", "00:00.000")]


def test_a_caption_file_imports_into_the_project_as_turns(project, tmp_path):
    path = _write(tmp_path, "P01_pre.vtt", TEAMS_VTT)
    report = api.import_paths(project, [path])
    assert [f.status for f in report.files] == ["imported"]
    rows = project.conn.execute("SELECT speaker, role, start_time FROM segments ORDER BY ordinal").fetchall()
    assert [(r["speaker"], r["role"], r["start_time"]) for r in rows] == [
        ("Interviewer", "interviewer", "00:00:01.200"), ("Mary Chen", "participant", "00:00:05.100"),
        ("Interviewer", "interviewer", "00:00:12.500")]
    document_id = project.conn.execute("SELECT id FROM documents").fetchone()[0]
    assert [s.start_time for s in repo.list_segments(project.conn, document_id)][:2] == ["00:00:01.200", "00:00:05.100"]


@pytest.mark.parametrize("name, text, message", [
    ("bad.vtt", "WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nhello\n",
     "bad.vtt:3: malformed cue timing '00:00:01,000 --> 00:00:02,000'; "
     "WebVTT writes 00:00:01.000 --> 00:00:04.000 (a '.' before the milliseconds)"),
    ("nohead.vtt", "1\n00:00:01.000 --> 00:00:02.000\nhello\n",
     "nohead.vtt:1: a WebVTT file must start with the line WEBVTT"),
    ("bad.srt", "1\n00:00:01,000 --> 00:00:02,000\nhello\n\n2\n00:00:03.000 -> 00:00:04,000\nbye\n",
     "bad.srt:6: malformed cue timing '00:00:03.000 -> 00:00:04,000'; SRT writes 00:00:01,000 --> 00:00:04,000"),
    ("skip.srt", "1\n00:00:01,000 --> 00:00:02,000\nhello\n\n3\n00:00:03,000 --> 00:00:04,000\nbye\n",
     "skip.srt:5: cue number 3 out of sequence (expected 2); a cue may be missing or the file was edited by hand"),
    ("word.srt", "1\n00:00:01,000 --> 00:00:02,000\nhello\n\nbye\n",
     "word.srt:5: expected cue number 2, found 'bye'; an SRT cue starts with its number"),
])
def test_malformed_caption_files_name_the_line(tmp_path, name, text, message):
    path = _write(tmp_path, name, text)
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    assert str(caught.value) == f"{tmp_path}/{message}"


def test_a_malformed_caption_file_stops_the_batch(project, tmp_path, run_cli):
    good = _write(tmp_path, "P01_pre.vtt", TEAMS_VTT)
    bad = _write(tmp_path, "P02_pre.srt", "1\n00:00:01,000 --> 00:00:02\nhello\n")
    result = run_cli("--project", project.root, "import", good, bad)
    assert result.exit_code == 2
    assert f"{bad}:2: malformed cue timing" in result.err
    assert project.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
