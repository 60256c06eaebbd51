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
    # "Tod" once beside a recurring "Tom" is no numbered series
    "Interviewer: Hi?\nTom: ok\nTod: hey\nInterviewer: And?\nTom: fine\n",
])
def test_words_before_a_colon_that_are_not_speakers_stay_text(text):
    split = parse_text(text, source_name="x.txt")
    assert [t.speaker for t in split.turns] == ["Interviewer", "Tom", "Interviewer", "Tom"]


LI_MING = [("访谈者", I, "00:01", "你好，最近怎么样？"), ("李明", P, "00:05", "还行。"),
           ("访谈者", I, "00:10", "家里人支持你吗？"), ("李明", P, "00:15", "支持，我妈妈每周都打电话。")]


def stored_turns(project, name: str):
    """(speaker, role, start time, words) of every stored segment of the document ``name``."""
    document = repo.get_document(project.conn, name)
    return [(s.speaker, s.role, s.start_time, s.text) for s in repo.list_segments(project.conn, document.id)]


@pytest.mark.parametrize(("sample", "expected"), [
    # a bare time right after the colon: the speaker and the time are kept, not read as words
    ("time_after_colon_S55.txt", LI_MING),
    # ... but a time said once after a colon is words of the turn, not its timestamp
    ("time_as_words_S88.txt", [
        ("访谈者", I, None, "你几点放学？"), ("李明", P, None, "3:00 之后我就回家了。"),
        ("访谈者", I, None, "然后呢？"), ("李明", P, None, "写作业。"),
    ]),
    # subtitlers put two speakers in one cue: a dash before each line, or a voice tag for each
    ("dialogue_cues_S66.vtt", [
        ("Jane", I, "00:00:01.000", "How are you?"), ("Leo", P, "00:00:01.000", "Good, thanks."),
        ("Jane", I, "00:00:04.500", "What did you do today?"), ("Leo", P, "00:00:08.500", "I went to class."),
        ("Jane", I, "00:00:08.500", "Which one?"), ("Leo", P, "00:00:12.500", "Maths - the hard one."),
    ]),
    # 学生C speaks once among 学生A and 学生B, who recur: a speaker of their own, not words of 学生B
    ("group_letters_S73.txt", [
        ("访谈者", I, None, "今天请三位同学聊聊实习。你们先说说最大的困难？"), ("学生A", P, None, "我觉得是早起。"),
        ("学生B", P, None, "我是跟师傅沟通。"), ("学生C", P, None, "我没什么困难。"),
        ("访谈者", I, None, "学生C，真的没有吗？"), ("学生A", P, None, "他就是不好意思说。"),
        ("访谈者", I, None, "学生B，你具体说说？"), ("学生B", P, None, "师傅说话太快，我听不懂方言。"),
    ]),
    # Zoom display names with pronouns or a place in brackets
    ("zoom_pronouns_S81.txt", [
        ("Jane Smith", I, "10:02:03", "Can you tell me about your job?"), ("Leo Park", P, "10:02:11", "I work nights."),
        ("Jane Smith", I, "10:02:30", "How is that?"), ("Leo Park", P, "10:02:41", "Tiring."),
    ]),
    # YouTube's automatic captions as yt-dlp saves them: a one-space first line, word timings, and every
    # cue repeating the line before it -- each word once, not two or three times
    ("youtube_auto_rolling_S89.vtt", [
        (None, P, "00:00:00.030", "so when I first came here I didn't know anybody at all"),
    ]),
    # a bracketed time glued to a Chinese name
    ("bracket_time_names_S64.txt", [
        ("王芳", I, "00:00:01", "你好，今天我们聊聊实习。"), ("小赵", P, "00:00:06", "好的。"),
        ("王芳", I, "00:00:09", "实习中最难的是什么？"), ("小赵", P, "00:00:15", "跟同事相处吧。"),
    ]),
    # "My mom said:" and "Note:" at the start of a caption are words of the speaker, not speakers
    ("retold_in_captions_S69.vtt", [
        ("Interviewer", I, "00:00:01.000", "Who helped you the most?"),
        ("Tom", P, "00:00:04.500", "My mom, I think. My mom said: you can do it. Note: this part was hard to hear"),
        ("Interviewer", I, "00:00:15.500", "And your dad?"),
    ]),
])
def test_each_turn_of_a_sample(project, sample, expected):
    imported(project, sample)
    assert stored_turns(project, sample.rsplit(".", 1)[0]) == expected


def test_a_speaker_time_words_table_in_word(project):
    """A three-column table (说话人 | 时间 | 内容) as people type transcripts in Word."""
    document = docx.Document()
    document.add_paragraph("访谈记录 S53")
    table = document.add_table(rows=1, cols=3)
    for cell, header in zip(table.rows[0].cells, ["说话人", "时间", "内容"]):
        cell.text = header
    for speaker, _role, time, words in LI_MING:
        for cell, value in zip(table.add_row().cells, (speaker, time, words)):
            cell.text = value
    source = project.root / "transcripts" / "table_S53.docx"
    document.save(source)
    assert not api.import_paths(project, [source]).errors
    assert stored_turns(project, "table_S53") == LI_MING


def test_captions_that_name_no_one_become_paragraphs_with_their_times(project):
    """YouTube-style captions: a paragraph ends at a sentence end or a pause, not one segment per file."""
    entry, _, _ = imported(project, "nameless_captions_S71.srt")
    assert stored_turns(project, "nameless_captions_S71") == [
        (None, P, "00:00:00,500", "I grew up in Guangzhou."),
        (None, P, "00:00:03,200", "My parents ran a small shop near the station and I helped there after school"),
        (None, P, "00:00:12,500", "then at sixteen I moved to Shenzhen to live with my aunt “because the schools were better.”"),
        (None, P, "00:00:18,100", "I didn't like it at first."),
    ]
    assert any("no speaker names in the captions; split into 4 paragraphs" in w for w in entry.warnings)


def test_captions_without_full_stops_or_pauses_start_a_paragraph_every_minute(tmp_path):
    from qualcode.io.subtitles import read_captions
    cues = [f"{n + 1}\n00:{n * 5 // 60:02d}:{n * 5 % 60:02d},000 --> 00:{(n * 5 + 5) // 60:02d}:{(n * 5 + 5) % 60:02d},000\n"
            f"and then we went on {n}\n" for n in range(30)]  # 150 s of speech, back to back
    turns = read_captions("\n".join(cues), tmp_path / "auto.srt")
    assert [t.start_time for t in turns] == ["00:00:00,000", "00:01:00,000", "00:02:00,000"]
    assert " ".join(t.text for t in turns) == " ".join(f"and then we went on {n}" for n in range(30))


def test_a_note_line_at_the_end_of_a_turn_belongs_to_no_turn_and_is_reported(project):
    entry, _, _ = imported(project, "notes_between_turns_S68.txt")
    assert [text for *_, text in stored_turns(project, "notes_between_turns_S68")] == [
        "你好，我们开始吧。你家里几口人？", "四口，爸妈、我和弟弟。", "你和弟弟关系怎么样？", "挺好的。", "好的。"]
    assert "line(s) 3, 6: a note at the end of a turn ('【笔记】受访者说到弟弟时笑了。') belongs to no turn" in entry.warnings


def test_otters_footer_is_not_the_last_speakers_words_but_a_note_inside_a_turn_stays(project):
    entry, _, _ = imported(project, "otter_footer_S72.txt")
    assert [text for *_, text in stored_turns(project, "otter_footer_S72")] == [
        "How was your week?", "Fine.\n[laughs]\nReally fine.", "Good. Thanks!"]
    assert any(w.startswith("line(s) 12: a note at the end of a turn") for w in entry.warnings)


def imported_docx(project, name: str, paragraphs: list[str]):
    """Save ``paragraphs`` as a Word file, import it, and return its stored turns."""
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    source = project.root / "transcripts" / f"{name}.docx"
    document.save(source)
    assert not api.import_paths(project, [source]).errors
    return stored_turns(project, name)


def test_otters_footer_in_a_word_export_is_a_turn_of_its_own_not_the_participants(project):
    paragraphs = []
    for speaker, time, words in [("Speaker 1", "0:03", "Can you tell me about your family?"),
                                 ("Speaker 2", "0:10", "I live with my grandparents."),
                                 ("Speaker 1", "0:20", "And your parents?"),
                                 ("Speaker 2", "0:24", "They work in Shenzhen.")]:
        paragraphs += [f"{speaker}  {time}", words, ""]
    assert imported_docx(project, "otter_S52", [*paragraphs, "Transcribed by https://otter.ai"])[-2:] == [
        ("Speaker 2", P, "0:24", "They work in Shenzhen."), (None, "other", None, "Transcribed by https://otter.ai")]


def test_teams_last_comma_first_names_in_a_word_export(project):
    assert imported_docx(project, "teams_S82", [
        "Meeting transcript", "Smith, Jane   0:03", "How was the week?", "Park, Leo   0:09", "Long.",
        "Smith, Jane   0:14", "Why long?", "Park, Leo   0:20", "Exams."]) == [
        (None, "other", None, "Meeting transcript"), ("Smith, Jane", I, "0:03", "How was the week?"),
        ("Park, Leo", P, "0:09", "Long."), ("Smith, Jane", I, "0:14", "Why long?"), ("Park, Leo", P, "0:20", "Exams."),
    ]


def test_teams_started_and_stopped_transcription_lines_are_nobodys_words(project):
    """A Teams .docx ends with "<name> stopped transcription" (QA round 28): it was read as the last speaker's
    words -- here the participant's, counted in her characters, suggested on and exported as her quote."""
    assert imported_docx(project, "teams_S83", [
        "Interview transcript", "December 1, 2026, 10:02AM", "Zhang Wei   0:03", "How has the term been?",
        "Li Na   0:09", "Hard. I failed the exam.", "Zhang Wei stopped transcription", "Zhang Wei started transcription",
        "Zhang Wei   0:20", "What helped?", "Li Na   0:24", "My mum kept encouraging me.",
        "Zhang Wei stopped transcription"]) == [
        (None, "other", None, "Interview transcript December 1, 2026, 10:02AM"),
        ("Zhang Wei", I, "0:03", "How has the term been?"), ("Li Na", P, "0:09", "Hard. I failed the exam."),
        (None, "other", None, "Zhang Wei stopped transcription Zhang Wei started transcription"),
        ("Zhang Wei", I, "0:20", "What helped?"), ("Li Na", P, "0:24", "My mum kept encouraging me."),
        (None, "other", None, "Zhang Wei stopped transcription"),
    ]


def test_teams_transcription_lines_stay_nobodys_words_under_the_think_aloud_setting(tmp_path):
    """With [transcripts] unlabelled_paragraphs = "participant" the note turns of a Teams or Otter .docx (its
    "stopped transcription" lines, a "[laughs]") became participant turns: suggested on, counted in the
    participant's data and in "row(s) without a speaker read as participant turns". They stay notes."""
    from qualcode.app.project import init_project, open_project

    init_project(tmp_path / "study").close()
    config = tmp_path / "study" / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "[transcripts]\n", '[transcripts]\nunlabelled_paragraphs = "participant"\n', 1), encoding="utf-8")
    with open_project(tmp_path / "study") as project:
        api.sync_codes(project)
        turns = imported_docx(project, "teams_S84", [
            "Interview transcript", "Zhang Wei   0:03", "How has the term been?", "Li Na   0:09",
            "Hard. I failed the exam.", "[laughs]", "Zhang Wei   0:20", "What helped?", "Li Na   0:24",
            "My mum kept encouraging me.", "Zhang Wei stopped transcription"])
    assert turns == [
        (None, P, None, "Interview transcript"),   # before the first speaker: said, as in a text file
        ("Zhang Wei", I, "0:03", "How has the term been?"), ("Li Na", P, "0:09", "Hard. I failed the exam."),
        (None, "other", None, "[laughs]"),
        ("Zhang Wei", I, "0:20", "What helped?"), ("Li Na", P, "0:24", "My mum kept encouraging me."),
        (None, "other", None, "Zhang Wei stopped transcription"),
    ]


@pytest.mark.parametrize(("name", "text", "line"), [
    ("glued.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nJane: Hello?\n00:00:05.000 --> 00:00:07.000\n"
                  "Leo: Hi.\n\n00:00:08.000 --> 00:00:09.000\nJane: Ok.\n", 5),
    ("glued.srt", "1\n00:00:01,000 --> 00:00:04,000\nJane: Hello?\n2\n00:00:05,000 --> 00:00:07,000\nLeo: Hi.\n", 5),
])
def test_a_missing_blank_line_between_cues_is_refused_at_its_line(project, run_cli, name, text, line):
    """Read on, the second cue's timing and speaker would be words of the first speaker's turn."""
    source = project.root / "transcripts" / name
    source.write_text(text, encoding="utf-8")
    result = run_cli("import", str(source), cwd=project.root)
    assert result.exit_code != 0
    assert f"{name}:{line}: a cue timing line" in result.err and "blank line between two cues is missing" in result.err
    assert repo.list_documents(project.conn) == []


@pytest.mark.parametrize("text, answers", [
    # a Chinese answer that starts with a number after a full-width colon (a consultation, an age)
    ("医生：你多大了？\n患者：30岁了。\n医生：哪里不舒服？\n患者：12号开始头疼。\n", ["30岁了。", "12号开始头疼。"]),
    # the same after an ASCII colon behind a name that ends in a letter
    ("Interviewer: How old are you?\nTom:19 next month.\nInterviewer: And your brother?\nTom:21.\n",
     ["19 next month.", "21."]),
])
def test_an_answer_that_starts_with_a_number_is_its_own_turn(text, answers):
    split = parse_text(text, source_name="x.txt")
    words = [split.text[t.start:t.end] for t in split.turns]
    assert len(words) == 4
    assert [w.strip() for w in words[1::2]] == answers
