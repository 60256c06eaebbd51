"""Transcript styles that failed when tried from outside (issue 12, QA round 12): samples written in the
styles real tools and people produce, imported into a real project, every stored turn checked."""

from __future__ import annotations

import docx
import pytest

from qualcode.app import api
from qualcode.core.transcript import parse_text
from qualcode.storage import repository as repo
from tests.test_speaker_inference import imported, turns

I, P = "interviewer", "participant"


def test_a_name_with_accented_letters_is_a_speaker_not_words_of_the_interviewer(project):
    entry, _, segments = imported(project, "rev_accented_S40.txt")
    assert turns(segments, 3) == [
        ("Interviewer", I, "Could you start"), ("Ana María", P, "Nineteen."),
        ("Interviewer", I, "And what are"), ("Ana María", P, "Social work, second"),
        ("Interviewer", I, "Thank you."),
    ]
    assert [s.start_time for s in segments] == ["00:00:03", "00:00:07", "00:00:10", "00:00:14", "01:02:15"]
    assert entry.warnings == []


def test_a_student_who_speaks_once_in_a_group_is_not_merged_into_the_student_before(project):
    entry, _, segments = imported(project, "students_group.txt")
    assert turns(segments, 2) == [
        ("Interviewer", I, "Let's go"), ("Student 1", P, "The friends."), ("Student 2", P, "Sports, for"),
        ("Student 3", P, "Honestly nothing?"), ("Interviewer", I, "Student 3,"),
        ("Student 3", P, "Because Ms."), ("Student 1", P, "Yeah she's"),
    ]
    assert not any("occur only once" in w for w in entry.warnings)


@pytest.mark.parametrize("text", [
    # an accented lower-case word before a colon is words, not a name
    "Interviewer: Hi?\nTom: ok\nél: dijo algo\nInterviewer: And?\nTom: él: no\n",
    # a label said once outside a numbered series stays words of the turn before
    "Interviewer: Hi?\nTom: ok\nMom: study!\nInterviewer: And?\nTom: fine\n",
])
def test_words_before_a_colon_that_are_not_speakers_stay_text(text):
    split = parse_text(text, source_name="x.txt")
    assert [t.speaker for t in split.turns] == ["Interviewer", "Tom", "Interviewer", "Tom"]


def test_a_time_right_after_the_colon_keeps_the_speaker_and_the_time(project):
    _, _, segments = imported(project, "time_after_colon_S55.txt")
    assert [(s.speaker, s.role, s.start_time, s.text) for s in segments] == [
        ("访谈者", I, "00:01", "你好，最近怎么样？"), ("李明", P, "00:05", "还行。"),
        ("访谈者", I, "00:10", "家里人支持你吗？"), ("李明", P, "00:15", "支持，我妈妈每周都打电话。"),
    ]


def test_a_speaker_time_words_table_in_word(project):
    """A three-column table (说话人 | 时间 | 内容) as people type transcripts in Word."""
    document = docx.Document()
    document.add_paragraph("访谈记录 S53")
    table = document.add_table(rows=1, cols=3)
    for cell, header in zip(table.rows[0].cells, ["说话人", "时间", "内容"]):
        cell.text = header
    for row in [("访谈者", "00:01", "你好，最近怎么样？"), ("李明", "00:05", "还行。"),
                ("访谈者", "00:10", "家里人支持你吗？"), ("李明", "00:15", "支持，我妈妈每周都打电话。")]:
        for cell, value in zip(table.add_row().cells, row):
            cell.text = value
    source = project.root / "transcripts" / "table_S53.docx"
    document.save(source)
    report = api.import_paths(project, [source])
    assert not report.errors
    stored = repo.list_segments(project.conn, repo.get_document(project.conn, "table_S53").id)
    assert [(s.speaker, s.role, s.start_time, s.text) for s in stored] == [
        ("访谈者", I, "00:01", "你好，最近怎么样？"), ("李明", P, "00:05", "还行。"),
        ("访谈者", I, "00:10", "家里人支持你吗？"), ("李明", P, "00:15", "支持，我妈妈每周都打电话。"),
    ]
