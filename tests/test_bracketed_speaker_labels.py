"""Speaker labels written in brackets (`【访谈者】`, `[访谈者]`, `（访谈者）：`, `【学生】：`), as typed Chinese
transcripts write them, start turns; a transcriber's note in the same brackets (`【录音中断】`, `[笑]`, `（哭）`)
stays a note. Before, such a file read as unlabelled paragraphs: the interviewer's questions became participant
data."""

from __future__ import annotations

import pytest

from tests.test_speaker_inference import imported_text

I, P = "interviewer", "participant"
QUESTIONS_AND_ANSWERS = ["你最近压力大吗？", "还好，就是考试多。", "那你怎么办？", "我会去跑步。"]


@pytest.mark.parametrize("interviewer, participant, colon", [
    ("【访谈者】", "【学生】", ""),
    ("【访谈者】", "【学生】", "："),
    ("[访谈者]", "[受访者]", ""),
    ("（访谈者）", "（受访者）", "："),
    ("(访谈者)", "(学生)", ":"),
])
def test_a_bracketed_speaker_label_starts_a_turn_with_its_role(project, interviewer, participant, colon):
    text = "".join(f"{label}{colon}{words}\n" for label, words in
                   zip([interviewer, participant] * 2, QUESTIONS_AND_ANSWERS))
    entry, segments = imported_text(project, "S01_pre.txt", text)
    assert [(s.speaker, s.role, s.text) for s in segments] == [
        (name, role, words) for name, role, words in
        zip([interviewer[1:-1], participant[1:-1]] * 2, [I, P] * 2, QUESTIONS_AND_ANSWERS)]
    assert not any("no speaker labels" in w for w in entry.warnings)


def test_a_bracketed_note_alone_on_its_line_stays_a_note_between_bracketed_turns(project):
    text = "【访谈者】你最近压力大吗？\n【学生】还好，就是考试多。\n【录音中断】\n【访谈者】那你怎么办？\n【学生】[笑]我会去跑步。\n"
    entry, segments = imported_text(project, "S02_pre.txt", text)
    assert [(s.speaker, s.role, s.text) for s in segments] == [
        ("访谈者", I, "你最近压力大吗？"), ("学生", P, "还好，就是考试多。"),
        ("访谈者", I, "那你怎么办？"), ("学生", P, "[笑]我会去跑步。")]
    assert "line(s) 3: a note at the end of a turn ('【录音中断】') belongs to no turn" in entry.warnings


def test_recurring_bracketed_notes_in_a_labelled_file_are_no_speakers(project):
    text = ("访谈者：你好吗？\n受访者：我真的很难过。\n（哭）后来就好了。\n【录音中断】还有杂音\n"
            "访谈者：然后呢？\n受访者：又想起来了。\n（哭）又哭了。\n【录音中断】还有杂音\n")
    entry, segments = imported_text(project, "S03_pre.txt", text)
    assert [(s.speaker, s.text) for s in segments] == [
        ("访谈者", "你好吗？"), ("受访者", "我真的很难过。\n（哭）后来就好了。"),
        ("访谈者", "然后呢？"), ("受访者", "又想起来了。\n（哭）又哭了。")]


def test_bracketed_names_of_a_dialogue_are_speakers_but_one_recurring_bracket_alone_is_not(project):
    dialogue = "【王芳】你好，今天聊聊实习？\n【小赵】好的。\n【王芳】你觉得怎么样？\n【小赵】还行吧。\n"
    _, segments = imported_text(project, "S04_pre.txt", dialogue)
    assert [(s.speaker, s.role) for s in segments] == [("王芳", I), ("小赵", P)] * 2
    diary = "我那天很累。\n（哭）真的。\n（哭）后来好了。\n没什么。\n"
    entry, segments = imported_text(project, "S05_pre.txt", diary)
    assert [(s.speaker, s.text) for s in segments] == [
        (None, "我那天很累。"), (None, "（哭）真的。"), (None, "（哭）后来好了。"), (None, "没什么。")]


@pytest.mark.parametrize("interviewer, participant", [("【访谈者】", "【学生】"), ("访谈者：", "受访者：")])
def test_a_line_that_starts_with_a_note_is_the_speakers_words_not_a_note(project, interviewer, participant):
    # 【笑】 before the words of the turn's last line: the participant's words were left out of every turn (with a
    # warning calling them a note), so they could not be coded; a note headed by a note word stays a note
    text = (f"{interviewer}你最近压力大吗？\n{participant}还好，就是考试多。\n【笑】其实我挺喜欢实训课的。\n"
            f"{interviewer}那你怎么办？\n{participant}我会去跑步。\n【笔记】受访者说到跑步时笑了。\n")
    entry, segments = imported_text(project, "S03_pre.txt", text)
    assert [s.text for s in segments if s.role == P] == ["还好，就是考试多。\n【笑】其实我挺喜欢实训课的。", "我会去跑步。"]
    assert entry.warnings == ["line(s) 6: a note at the end of a turn ('【笔记】受访者说到跑步时笑了。') belongs to no turn"]
