"""Speaker inference (issue 12 items 1-3, 7): every transcript style in tests/speaker_samples/ imported
into a real project, and the stored turns checked: speaker, role and first words of each."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qualcode.app import api
from qualcode.core.errors import QualcodeError
from qualcode.core.transcript import TranscriptSettings, parse_text
from qualcode.storage import repository as repo

SAMPLES = Path(__file__).parent / "speaker_samples"
REPO_ROOT = Path(__file__).resolve().parents[1]


def imported(project, name: str, **options):
    """Import one sample (copied into the project) and return its report entry and stored segments."""
    source = project.root / "transcripts" / name
    shutil.copy(SAMPLES / name, source)
    report = api.import_paths(project, [source], **options)
    assert not report.errors, [e.error for e in report.errors]
    [entry] = report.files
    document = repo.get_document(project.conn, source.stem)
    return entry, document, repo.list_segments(project.conn, document.id)


def turns(segments, words: int = 4):
    """(speaker, role, first words) per stored segment; Chinese by characters."""
    def first(text: str) -> str:
        return " ".join(text.split()[:words]) if text.isascii() else text[:6]
    return [(s.speaker, s.role, first(s.text)) for s in segments]


I, P = "interviewer", "participant"


def test_otter_speaker_and_time_lines_with_the_words_below(project):
    entry, document, segments = imported(project, "otter_P07.txt")
    assert turns(segments) == [
        ("Speaker 1", I, "Thanks for making time"), ("Speaker 2", P, "Honestly it was rough"),
        ("Speaker 1", I, "What changed?"), ("Speaker 2", P, "My roommate dragged me"),
        ("Speaker 1", I, "Do you still go?"), ("Speaker 2", P, "Every Thursday."),
    ]
    assert segments[3].text == "My roommate dragged me to the robotics club.\nAfter that I had people to eat with."
    assert [s.start_time for s in segments[:2]] == ["0:03", "0:11"]
    assert [s.describe() for s in entry.speakers] == [
        "Speaker 1: interviewer — asks 3 of 3 questions (3 turns)",
        "Speaker 2: participant — not the interviewer (Speaker 1 is) (3 turns)",
    ]
    assert {s.case_id for s in segments if s.role == P} == {"P07"}
    assert entry.warnings == []


def test_zoom_bracketed_names_with_a_clock_time(project):
    _, _, segments = imported(project, "zoom_S11.txt")
    assert turns(segments) == [
        ("Jane Smith", I, "Okay, I think the"), ("Leo Park", P, "Sure. It is my"),
        ("Jane Smith", I, "How often do you"), ("Leo Park", P, "Twice a year, at"),
    ]
    assert segments[0].start_time == "10:02:03"


def test_name_with_a_time_in_brackets_before_the_colon(project):
    entry, _, segments = imported(project, "rev_S12.txt")
    assert turns(segments) == [
        ("Interviewer", I, "Could you start by"), ("Ana", P, "Nursing, second year. I"),
        ("Interviewer", I, "And how is it"), ("Ana", P, "Harder than I expected,"),
    ]
    assert segments[1].start_time == "00:00:09"
    assert entry.speakers[0].reason == "'Interviewer' names an interviewer"


def test_time_then_speaker_on_its_own_line(project):
    _, _, segments = imported(project, "timefirst_S13.txt")
    assert turns(segments) == [
        ("Speaker 1", I, "Where did you grow"), ("Speaker 2", P, "In a village near"),
        ("Speaker 1", I, "What was the move"), ("Speaker 2", P, "Lonely for the first"),
    ]


def test_markdown_bold_first_names(project):
    _, _, segments = imported(project, "bold_S14.md")
    assert turns(segments) == [
        ("Mary", I, "Thanks for coming. What"), ("Tom", P, "My cousin did it"),
        ("Mary", I, "Did anyone else help"), ("Tom", P, "My form teacher. She"),
    ]


def test_q_and_a(project):
    entry, _, segments = imported(project, "qa_S15.txt")
    assert [(s.speaker, s.role) for s in segments] == [("Q", I), ("A", P)] * 3
    assert segments[1].text == "I go for a run, or I call my grandmother."


def test_first_names_the_interviewer_is_who_asks_even_when_not_first(project):
    entry, _, segments = imported(project, "names_S16.txt")
    assert turns(segments)[:3] == [
        ("Tom", P, "I was not sure"), ("Mary", I, "That is fine. What"), ("Tom", P, "My teacher said it"),
    ]
    assert [s.describe() for s in entry.speakers] == [
        "Tom: participant — not the interviewer (Mary is) (4 turns)",
        "Mary: interviewer — asks 3 of 3 questions (3 turns)",
    ]


@pytest.mark.parametrize("label", ["Participant", "Respondent", "Student", "Speaker 2", "Mary"])
def test_an_unknown_label_after_a_recognised_interviewer_is_no_longer_merged(project, label):
    text = (f"Interviewer: How did you feel on your first day?\n{label}: Nervous. I did not sleep.\n"
            f"Interviewer: What happened in the morning?\n{label}: My mother walked me to the gate.\n")
    (project.root / "transcripts" / "S30.txt").write_text(text, encoding="utf-8")
    api.import_paths(project, [project.root / "transcripts" / "S30.txt"])
    segments = repo.list_segments(project.conn, repo.get_document(project.conn, "S30").id)
    assert turns(segments, 2) == [("Interviewer", I, "How did"), (label, P, "Nervous. I"),
                                  ("Interviewer", I, "What happened"), (label, P, "My mother")]


def test_participant_label_in_a_file(project):
    _, _, segments = imported(project, "mixed_S17.txt")
    assert [(s.speaker, s.role) for s in segments] == [("Interviewer", I), ("Participant", P)] * 2


def test_chinese_speaker_number_and_time_lines(project):
    _, _, segments = imported(project, "shuohuaren_S18.txt")
    assert turns(segments) == [
        ("说话人 1", I, "你好，我们先"), ("说话人 2", P, "还可以，就是"),
        ("说话人 1", I, "遇到困难的时"), ("说话人 2", P, "一般找室友，"),
    ]
    assert segments[0].start_time == "00:03"


@pytest.mark.parametrize(("sample", "interviewer", "participant"), [
    ("yanjiuzhe_S19.txt", "研究者", "学生"),
    ("fangtanyuan_S20.txt", "访谈员", "小李"),
    ("shegong_S21.txt", "社工", "小王"),
    ("laoshi_S22.txt", "老师", "学生"),
])
def test_chinese_role_words_and_names(project, sample, interviewer, participant):
    _, document, segments = imported(project, sample)
    assert [(s.speaker, s.role) for s in segments] == [(interviewer, I), (participant, P)] * (len(segments) // 2)
    assert segments[1].text == document.text[segments[1].start:segments[1].end]
    assert not segments[1].text.startswith(participant)


def test_group_interview_keeps_each_participant_apart(project):
    entry, _, segments = imported(project, "group_focus.txt")
    assert [(s.speaker, s.role) for s in segments] == [
        ("主持人", I), ("小王", P), ("小李", P), ("主持人", I), ("小王", P), ("小李", P), ("主持人", I), ("小王", P)]
    assert segments[2].text == "我是交到了好朋友，以前在初中没有什么朋友。"
    assert [(s.name, s.role, s.turns) for s in entry.speakers] == [("主持人", I, 3), ("小王", P, 3), ("小李", P, 2)]


def test_a_file_whose_lines_all_start_with_a_different_label_is_refused(project):
    source = project.root / "transcripts" / "diary.txt"
    shutil.copy(SAMPLES / "bad_all_different.txt", source)
    report = api.import_paths(project, [source])
    [entry] = report.files
    assert entry.status == "error"
    assert entry.error.startswith(f"{source}:1: 5 of 5 lines start like a speaker label ('Monday', 'Tuesday'")
    assert "infer_speakers = false" in entry.error
    assert project.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def test_switching_inference_off_reads_that_file_as_paragraphs():
    settings = TranscriptSettings.from_config({"transcripts": {"infer_speakers": False}})
    parsed = parse_text((SAMPLES / "bad_all_different.txt").read_text(encoding="utf-8"),
                        settings=settings, source_name="diary.txt")
    assert len(parsed.turns) == 5 and {t.role for t in parsed.turns} == {P}


def test_built_in_labels_parse_exactly_as_without_inference(repo_root):
    """Files that use only recognised labels give the same turns whether inference is on or off."""
    off = TranscriptSettings(infer_speakers=False)
    files = [*sorted((repo_root / "transcripts").glob("*_p*.*")), SAMPLES / "builtin_S01_pre.txt"]
    from qualcode.core.decoding import decode_bytes

    texts = [decode_bytes(path.read_bytes(), path)[0] for path in files] + [
        "I: 选哪个？\nR: 我选\nA（第一项）: 这个\n",
        "2024年3月 访谈记录\n地点：学校\n访谈者：你好\n受访者：嗯\n",
        "受访者：那天我跟我妈吵架了。\n我：我不想去。\n妈妈说：你必须去。\n我：为什么？\n",
        "A: 你好\nB: 你好\nA: 再见\n",
        "访谈者：她怎么说？\n受访者：她说了一句。\n老师：你要努力。\n访谈者：然后呢？\n",
        "[00:12:03] 访谈者：你现在的目标是什么？\n受访者：[00:12:10] 先把电工证考下来。\n",
    ]
    for text in texts:
        assert parse_text(text, source_name="x.txt").turns == parse_text(text, settings=off, source_name="x.txt").turns


def test_speakers_option_sets_a_role_and_a_case_and_is_remembered(project, run_cli):
    imported(project, "names_S16.txt")
    result = run_cli("--project", project.root, "import", "--speakers", "Mary=participant,Tom=interviewer",
                     project.root / "transcripts")
    assert result.exit_code == 0, result.err
    assert "Mary: participant — set by --speakers (3 turns)" in result.out
    assert "re-split" in result.out
    segments = repo.list_segments(project.conn, repo.get_document(project.conn, "names_S16").id)
    assert [(s.speaker, s.role) for s in segments[:2]] == [("Tom", I), ("Mary", P)]
    # a plain import later keeps the researcher's choice instead of going back to inference
    again = run_cli("--project", project.root, "import", project.root / "transcripts")
    assert "0 imported, 0 new version(s), 1 unchanged" in again.out


def test_speakers_option_with_a_case_id_links_that_speakers_turns(project, run_cli):
    shutil.copy(SAMPLES / "group_focus.txt", project.root / "transcripts")
    result = run_cli("--project", project.root, "import", "--speakers", "小王=P03,小李=P04",
                     project.root / "transcripts")
    assert result.exit_code == 0, result.err
    assert "小王: participant (P03) — set by --speakers (3 turns)" in result.out
    segments = repo.list_segments(project.conn, repo.get_document(project.conn, "group_focus").id)
    assert [(s.speaker, s.case_id) for s in segments if s.role == P][:2] == [("小王", "P03"), ("小李", "P04")]
    assert {c.id for c in repo.list_cases(project.conn)} == {"P03", "P04"}


def test_an_unknown_speaker_in_the_option_is_an_error_and_nothing_is_imported(project, run_cli):
    shutil.copy(SAMPLES / "names_S16.txt", project.root / "transcripts")
    result = run_cli("--project", project.root, "import", "--speakers", "Marry=interviewer",
                     project.root / "transcripts")
    assert result.exit_code == 2
    assert "--speakers names 'Marry', but no file being imported has such a speaker" in result.err
    assert "speakers found: Mary, Tom" in result.err
    assert project.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


@pytest.mark.parametrize("option", ["Mary", "Mary=", "Mary=two words"])
def test_a_malformed_speakers_option_is_an_error(project, run_cli, option):
    result = run_cli("--project", project.root, "import", "--speakers", option, project.root / "transcripts")
    assert result.exit_code == 2
    assert "--speakers" in result.err or "speaker override" in result.err


def test_speaker_roles_table_in_qualcode_toml(project):
    config = project.root / "qualcode.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[transcripts.speaker_roles]\n"Speaker 2" = "S40"\n'
                      'Nobody = "interviewer"\n', encoding="utf-8")
    from qualcode.app.project import open_project

    reopened = open_project(project.root)
    try:
        shutil.copy(SAMPLES / "timefirst_S13.txt", reopened.root / "transcripts")
        report = api.import_paths(reopened, [reopened.root / "transcripts"])
        [entry] = report.files
        assert entry.speakers[1].describe() == (
            "Speaker 2: participant (S40) — set by qualcode.toml [transcripts.speaker_roles] (2 turns)")
        assert report.notes == ["qualcode.toml [transcripts.speaker_roles]: 'Nobody' matched no speaker in these files"]
    finally:
        reopened.close()


def test_a_document_with_no_participant_turns_is_a_warning_at_import_and_in_status(project, run_cli):
    text = "Interviewer: Tell me about the year.\nIt was long. I moved twice and changed schools.\nSo I stayed home.\n"
    (project.root / "transcripts" / "S31.txt").write_text(text, encoding="utf-8")
    result = run_cli("--project", project.root, "import", project.root / "transcripts")
    assert "no participant turns (speakers: Interviewer (interviewer))" in result.out
    assert '--speakers "Name=participant"' in result.out
    status = run_cli("--project", project.root, "status")
    assert "warning: S31: no participant turns (speakers: Interviewer (interviewer))" in status.out


def test_an_interviewer_with_nearly_all_the_text_is_a_warning_in_status(project, run_cli):
    long_turn = "We talked about school, family and friends for an hour, and all of it stayed here. " * 5
    text = f"Interviewer: {long_turn}\nTom: Yes.\nInterviewer: {long_turn}\nTom: Right.\n"
    (project.root / "transcripts" / "S32.txt").write_text(text, encoding="utf-8")
    run_cli("--project", project.root, "import", project.root / "transcripts")
    status = run_cli("--project", project.root, "status")
    assert "warning: S32: Interviewer holds 99% of the text" in status.out


def test_a_lone_labelled_speaker_warns_on_a_transcript_not_on_a_short_answer(project, run_cli):
    folder = project.root / "transcripts"
    (folder / "R001.txt").write_text("受访者：家里人一直鼓励我，我想先考电工证。\n", encoding="utf-8")
    pasted = "".join(f"受访者：第{i}个问题我想了很久，觉得老师和家人都很支持我，自己也慢慢有了信心。\n" for i in range(8))
    (folder / "S34.txt").write_text(pasted, encoding="utf-8")
    result = run_cli("--project", project.root, "import", folder)
    assert result.exit_code == 0, result.err
    rows = {Path(line.split()[0]).name: line for line in result.out.splitlines() if ".txt " in line}
    assert "holds" not in rows["R001.txt"]  # one short answer: nothing can have been missed
    assert "受访者 holds 100% of the text" in rows["S34.txt"]  # eight turns and nobody else
    status = run_cli("--project", project.root, "status")
    assert "S34: 受访者 holds 100%" in status.out and "R001:" not in status.out


def test_a_talkative_participant_is_not_a_warning(project, run_cli):
    long_turn = "我觉得这一年变化很大，学会了很多东西，也认识了很多朋友。" * 10
    text = f"访谈者：说说吧？\n受访者：{long_turn}\n访谈者：还有呢？\n受访者：{long_turn}\n"
    (project.root / "transcripts" / "S33.txt").write_text(text, encoding="utf-8")
    run_cli("--project", project.root, "import", project.root / "transcripts")
    assert "warning" not in run_cli("--project", project.root, "status").out


def test_sentence_split_setting_for_unlabelled_text():
    text = "我觉得这学期过得还可以。老师对我们很好！\n\nMr. Li helped me a lot. He is kind. Really?\n"
    settings = TranscriptSettings.from_config({"transcripts": {"unlabelled_split": "sentence"}})
    parsed = parse_text(text, settings=settings, source_name="notes.txt")
    assert [parsed.text[t.start:t.end] for t in parsed.turns] == [
        "我觉得这学期过得还可以。", "老师对我们很好！", "Mr. Li helped me a lot.", "He is kind.", "Really?"]
    assert "split into 5 sentences" in parsed.warnings[0]
    by_paragraph = parse_text(text, source_name="notes.txt")
    assert len(by_paragraph.turns) == 2


def test_a_bad_split_setting_names_the_setting():
    with pytest.raises(QualcodeError, match=r"\[transcripts\] unlabelled_split"):
        TranscriptSettings.from_config({"transcripts": {"unlabelled_split": "word"}})


def test_a_document_without_a_case_takes_it_from_an_id_like_speaker(project):
    text = "Interviewer: How was the week?\nP03: Busy, but good.\nInterviewer: Why busy?\nP03: Exams.\n"
    (project.root / "transcripts" / "week_interview.txt").write_text(text, encoding="utf-8")
    api.import_paths(project, [project.root / "transcripts" / "week_interview.txt"])
    document = repo.get_document(project.conn, "week_interview")
    assert document.case_id == "P03"
    assert {s.case_id for s in repo.list_segments(project.conn, document.id) if s.role == P} == {"P03"}


def test_a_group_interview_without_a_case_links_each_id_speaker(project):
    text = "Moderator: What helped?\nP01: My coach.\nP02: My sister.\nModerator: Anything else?\nP01: Music.\n"
    (project.root / "transcripts" / "focus_group.txt").write_text(text, encoding="utf-8")
    api.import_paths(project, [project.root / "transcripts" / "focus_group.txt"])
    document = repo.get_document(project.conn, "focus_group")
    assert document.case_id is None
    segments = repo.list_segments(project.conn, document.id)
    assert [(s.speaker, s.role, s.case_id) for s in segments] == [
        ("Moderator", I, None), ("P01", P, "P01"), ("P02", P, "P02"), ("Moderator", I, None), ("P01", P, "P01")]
    assert {c.id for c in repo.list_cases(project.conn)} == {"P01", "P02"}


def test_a_plain_file_gets_participant_and_wave_from_its_name(project):
    _, document, _ = imported(project, "builtin_S01_pre.txt")
    assert document.case_id == "S01" and document.attributes["wave"] == "pre"


def test_zoom_captions_choose_the_interviewer_by_questions(project):
    vtt = ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nJane Smith: Thanks for joining. How was the move?\n\n"
           "2\n00:00:04.500 --> 00:00:09.000\nLeo Park: Hard at first. I missed my friends.\n\n"
           "3\n00:00:09.500 --> 00:00:11.000\nJane Smith: And now?\n\n"
           "4\n00:00:11.500 --> 00:00:14.000\nLeo Park: Better. I joined a club.\n")
    (project.root / "transcripts" / "S34.vtt").write_text(vtt, encoding="utf-8")
    report = api.import_paths(project, [project.root / "transcripts" / "S34.vtt"])
    segments = repo.list_segments(project.conn, repo.get_document(project.conn, "S34").id)
    assert turns(segments, 2) == [("Jane Smith", I, "Thanks for"), ("Leo Park", P, "Hard at"),
                                  ("Jane Smith", I, "And now?"), ("Leo Park", P, "Better. I")]
    assert report.files[0].speakers[0].reason == "asks 2 of 2 questions"


def test_an_override_wins_over_a_built_in_label_and_text_keeps_a_label_in_the_turn():
    from qualcode.core.speaker_roles import parse_speakers_option

    text = "I: 那天怎么了？\nR: 我跟我妈吵架了。\n妈妈：你必须去。\n妈妈：没得商量。\nI: 后来呢？\nR: 我去了。\n"
    inferred = parse_text(text, source_name="x.txt")
    assert [t.speaker for t in inferred.turns] == ["I", "R", "妈妈", "妈妈", "I", "R"]
    settings = TranscriptSettings(speaker_roles=parse_speakers_option("妈妈=text,R=other"))
    fixed = parse_text(text, settings=settings, source_name="x.txt")
    assert [(t.speaker, t.role) for t in fixed.turns] == [("I", I), ("R", "other"), ("I", I), ("R", "other")]
    assert fixed.text[fixed.turns[1].start:fixed.turns[1].end] == "我跟我妈吵架了。\n妈妈：你必须去。\n妈妈：没得商量。"


def test_zoom_text_layouts_on_one_line():
    same_line = ("[Jane Smith] 10:02:03 Can you tell me about your family?\n"
                 "[Leo Park] 10:02:15 It is my mum and my sister.\n"
                 "[Jane Smith] 10:02:40 How often do you see your dad?\n"
                 "[Leo Park] 10:02:44 Twice a year.\n")
    tabbed = same_line.replace("[Jane Smith] 10:02:03 ", "00:00:03\tJane Smith\t").replace(
        "[Leo Park] 10:02:15 ", "00:00:15\tLeo Park\t").replace("[Jane Smith] 10:02:40 ", "00:00:40\tJane Smith\t") \
        .replace("[Leo Park] 10:02:44 ", "00:00:44\tLeo Park\t")
    for text in (same_line, tabbed):
        parsed = parse_text(text, source_name="zoom.txt")
        assert [(t.speaker, t.role, parsed.text[t.start:t.end]) for t in parsed.turns] == [
            ("Jane Smith", I, "Can you tell me about your family?"), ("Leo Park", P, "It is my mum and my sister."),
            ("Jane Smith", I, "How often do you see your dad?"), ("Leo Park", P, "Twice a year.")]


def test_meeting_app_speaker_numbers_with_the_words_below():
    """发言人N HH:MM:SS then the words (Tencent Meeting / Tingwu-style exports)."""
    text = ("发言人1 00:00:05\n我们先聊聊你这学期的实习，感觉怎么样？\n\n发言人2 00:00:12\n挺累的，但是学到了很多。\n\n"
            "发言人1 00:00:20\n最难的是什么？\n\n发言人2 00:00:24\n跟客户沟通。\n")
    parsed = parse_text(text, source_name="x.txt")
    assert [(t.speaker, t.role, t.timestamp, parsed.text[t.start:t.end]) for t in parsed.turns] == [
        ("发言人1", I, "00:00:05", "我们先聊聊你这学期的实习，感觉怎么样？"), ("发言人2", P, "00:00:12", "挺累的，但是学到了很多。"),
        ("发言人1", I, "00:00:20", "最难的是什么？"), ("发言人2", P, "00:00:24", "跟客户沟通。")]


def test_a_re_split_keeps_the_codings_on_their_words(project, run_cli):
    _, document, segments = imported(project, "names_S16.txt")
    tom = segments[2]  # "My teacher said it might help other students."
    api.toggle_code(project, tom.id, "PF_GOAL")
    result = run_cli("--project", project.root, "import", "--speakers", "Tom=P05", project.root / "transcripts")
    assert "1 re-split" in result.out
    current = repo.get_document(project.conn, "names_S16")
    # the text did not change: the same document, re-split in place (one undoable action, as in the TUI)
    assert current.id == document.id and current.text == document.text and current.version == document.version
    [coding] = repo.list_codings(project.conn, document_id=current.id)
    moved_to = repo.get_segment(project.conn, coding.segment_id)
    assert (current.text[coding.start:coding.end], moved_to.speaker, moved_to.case_id) == (
        tom.text, "Tom", "P05")


def imported_text(project, name: str, text: str):
    """Import ``text`` written here as transcripts/``name``; its report entry and stored segments."""
    source = project.root / "transcripts" / name
    source.write_text(text, encoding="utf-8")
    report = api.import_paths(project, [source])
    assert not report.errors, [e.error for e in report.errors]
    [entry] = report.files
    document = repo.get_document(project.conn, source.stem)
    return entry, repo.list_segments(project.conn, document.id)


def test_a_teacher_answering_a_recognised_interviewer_is_the_participant(project):
    # Public interview prompts show this shape: 访谈者 asks, 老师 (or 老人, 家长) answers.
    text = ("访谈者：您当班主任这几年，觉得学生最需要什么？\n老师：最需要有人肯定他们。\n"
            "访谈者：那您平时怎么做呢？\n老师：多找他们聊，发现一点进步就表扬。\n")
    entry, segments = imported_text(project, "S40.txt", text)
    assert [(s.speaker, s.role) for s in segments] == [("访谈者", I), ("老师", P)] * 2
    assert {s.case_id for s in segments if s.role == P} == {"S40"}
    assert entry.warnings == []
    assert "访谈者 asks the questions" in entry.speakers[1].reason


def test_two_role_words_for_interviewers_keep_one_interviewer_who_asks():
    text = "社工：你最近怎么样？\n老师：他最近好多了。\n社工：他在家里呢？\n老师：我不太清楚。\n"
    split = parse_text(text, source_name="x.txt")
    assert [(t.speaker, t.role) for t in split.turns] == [("社工", I), ("老师", P)] * 2


def test_an_unknown_speaker_who_speaks_once_is_a_turn_of_its_own(project):
    # Service-made transcripts (deepgram/Otter style headers) name a passer-by "Unknown Speaker" once.
    text = ("Speaker 0  0:00:05\nHow have things been since the start of term?\n\n"
            "Speaker 1  0:00:09\nRough at first. I didn't know anyone.\n\n"
            "Unknown Speaker  0:00:40\nSorry, is this room booked?\n\n"
            "Speaker 0  0:00:43\nWe'll be done soon. What changed for you?\n\n"
            "Speaker 1  0:00:48\nI joined the robotics club.\n")
    entry, segments = imported_text(project, "P41.md", text)
    assert [(s.speaker, s.role, s.case_id) for s in segments] == [
        ("Speaker 0", I, None), ("Speaker 1", P, "P41"), ("Unknown Speaker", "other", None),
        ("Speaker 0", I, None), ("Speaker 1", P, "P41")]
    assert segments[1].text.strip() == "Rough at first. I didn't know anyone."
    assert segments[2].start_time == "0:00:40"


def test_a_timed_label_seen_once_in_the_files_layout_is_a_speaker():
    text = ("王老师(00:00:02): 你好，可以聊聊吗？\n李明(00:00:07): 可以的。\n"
            "王老师(00:00:10): 遇到困难怎么办？\n小张(00:00:12): 我插一句，他很努力。\n李明(00:00:15): 找班主任。\n")
    split = parse_text(text, source_name="x.txt")
    assert [t.speaker for t in split.turns] == ["王老师", "李明", "王老师", "小张", "李明"]


def test_a_label_seen_once_is_read_as_text_and_the_report_says_which_line(project):
    text = ("Mary: How was the first week?\nTom: Strange. New people everywhere.\n"
            "Mary: Who helped you?\nTom: My cousin. She said:\nCousin: just ask the teachers.\n"
            "Mary: Did you?\nTom: Eventually.\n")
    entry, segments = imported_text(project, "S42.txt", text)
    assert [s.speaker for s in segments] == ["Mary", "Tom"] * 3
    assert "Cousin: just ask the teachers." in segments[3].text
    [note] = [w for w in entry.warnings if "only once" in w]
    assert "line 5 'Cousin'" in note and '--speakers "Cousin=participant"' in note


def test_markdown_list_labels_of_a_meeting_export(project):
    # Notes apps export meetings as Markdown lists: "- **发言人1 00:00**" with the words below.
    text = ("# 访谈记录\n\n- **发言人1 00:00**\n你平时压力大的时候怎么办？\n\n- **发言人2 00:04**\n听歌，或者找同学打球。\n\n"
            "- **发言人1 00:12**\n家里人知道吗？\n\n- **发言人2 00:15**\n我妈知道一点。\n")
    entry, segments = imported_text(project, "S43.md", text)
    assert [(s.speaker, s.role, s.text.strip()) for s in segments] == [
        ("发言人1", I, "你平时压力大的时候怎么办？"), ("发言人2", P, "听歌，或者找同学打球。"),
        ("发言人1", I, "家里人知道吗？"), ("发言人2", P, "我妈知道一点。")]
    assert segments[1].start_time == "00:04"
