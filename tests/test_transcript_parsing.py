"""Speaker turns, timestamps, continuation lines, front matter and file-name metadata."""

from __future__ import annotations

import pytest

from qualcode.core.errors import ProjectError, TranscriptError
from qualcode.core.language import detect_language
from qualcode.core.transcript import TranscriptSettings, parse_text


def spans(parsed):
    return [(parsed.text[t.start : t.end], t.speaker, t.role) for t in parsed.turns]


@pytest.mark.parametrize(
    ("interviewer", "participant", "expected_speakers"),
    [
        ("访谈者：", "受访者：", ("访谈者", "受访者")),
        ("访谈者:", "受访者:", ("访谈者", "受访者")),
        ("訪談者：", "受訪者：", ("訪談者", "受訪者")),
        ("问：", "答：", ("问", "答")),
        ("I:", "R:", ("I", "R")),
        ("I：", "R：", ("I", "R")),
        ("Interviewer:", "P01:", ("Interviewer", "P01")),
        ("interviewer :", "S12：", ("interviewer", "S12")),
        ("A:", "B:", ("A", "B")),
        ("**访谈者**：", "**受访者**：", ("访谈者", "受访者")),
        ("**I:**", "**R:**", ("I", "R")),
    ],
)
def test_every_speaker_style(interviewer, participant, expected_speakers):
    text = f"{interviewer}最近怎么样？\n{participant} 还行吧，就是有点累。\n"
    parsed = parse_text(text, source_name="x.txt")
    assert spans(parsed) == [
        ("最近怎么样？", expected_speakers[0], "interviewer"),
        ("还行吧，就是有点累。", expected_speakers[1], "participant"),
    ]
    assert parsed.warnings == ()


def test_timestamps_before_or_after_the_label_are_kept_apart_from_the_utterance():
    text = (
        "[00:12:03] 访谈者：你现在的目标是什么？\n"
        "受访者：[00:12:10] 先把电工证考下来。\n"
        "【01:02】访谈者：然后呢？\n"
        "00:13:00 受访者：去工厂实习。\n"
        "(00:13:30.5) 访谈者：好。\n"
    )
    parsed = parse_text(text, source_name="x.txt")
    assert [(parsed.text[t.start : t.end], t.timestamp) for t in parsed.turns] == [
        ("你现在的目标是什么？", "00:12:03"),
        ("先把电工证考下来。", "00:12:10"),
        ("然后呢？", "01:02"),
        ("去工厂实习。", "00:13:00"),
        ("好。", "00:13:30.5"),
    ]


def test_continuation_lines_and_blank_lines_stay_in_the_turn():
    text = "访谈者：说说你的家人吧。\n\n受访者：我妈妈很支持我。\n她每天都给我打电话。\n\n  有时候也会吵架。  \n\n\n访谈者：嗯。\n"
    parsed = parse_text(text, source_name="x.txt")
    assert spans(parsed) == [
        ("说说你的家人吧。", "访谈者", "interviewer"),
        ("我妈妈很支持我。\n她每天都给我打电话。\n\n  有时候也会吵架。", "受访者", "participant"),
        ("嗯。", "访谈者", "interviewer"),
    ]
    # Hand-worked offsets: "访谈者：" is 4 code points, the first utterance 8, then "\n\n受访者：".
    assert (parsed.turns[0].start, parsed.turns[0].end) == (4, 12)
    assert parsed.turns[1].start == 12 + 2 + 4


def test_label_alone_on_its_line_takes_the_next_lines():
    parsed = parse_text("访谈者：\n  你好吗？\n受访者：\n\n好。\n", source_name="x.txt")
    assert spans(parsed) == [("你好吗？", "访谈者", "interviewer"), ("好。", "受访者", "participant")]


def test_label_without_any_text_is_skipped_with_a_warning():
    parsed = parse_text("访谈者：你好\n受访者：\n访谈者：还在吗？\n", source_name="x.txt")
    assert [s[0] for s in spans(parsed)] == ["你好", "还在吗？"]
    assert parsed.warnings[0] == "line 2: speaker label '受访者' has no text; skipped"
    # and, since nobody but the interviewer is left, the document says so
    assert parsed.warnings[1].startswith("no participant turns (speakers: 访谈者 (interviewer))")


def test_a_alone_is_not_a_label_but_a_with_b_is():
    lone = parse_text("I: Which answer did you pick?\nR: I picked\nA: the first one\n", source_name="x.txt")
    assert spans(lone)[-1] == ("I picked\nA: the first one", "R", "participant")
    paired = parse_text("A: 你好\nB: 你好\n", source_name="x.txt")
    assert [t.role for t in paired.turns] == ["interviewer", "participant"]


def test_labels_only_count_at_the_start_of_a_line():
    parsed = parse_text("受访者：老师问：你想好了吗？我说I: 还没有。\n", source_name="x.txt")
    assert spans(parsed) == [("老师问：你想好了吗？我说I: 还没有。", "受访者", "participant")]


def test_markdown_headings_end_a_turn_and_belong_to_none():
    text = "# 第一次访谈\n\n访谈者：你好。\n\n## 第二部分\n受访者：好的。\n---\n"
    parsed = parse_text(text, source_name="x.md")
    assert spans(parsed) == [("你好。", "访谈者", "interviewer"), ("好的。", "受访者", "participant")]
    assert parsed.warnings == ()


def test_text_before_the_first_label_is_reported():
    parsed = parse_text("2024年3月 访谈记录\n地点：学校\n访谈者：你好\n", source_name="x.txt")
    assert len(parsed.turns) == 1
    assert parsed.warnings[0] == "lines 1-2: text before the first speaker label belongs to no turn"


def test_text_without_labels_is_one_participant_segment_per_line_with_a_warning():
    text = "\n  我觉得这学期过得还可以。\n老师对我们很好。\n\n"
    parsed = parse_text(text, source_name="notes.txt")
    assert [parsed.text[t.start : t.end] for t in parsed.turns] == ["我觉得这学期过得还可以。", "老师对我们很好。"]
    assert {(t.speaker, t.role) for t in parsed.turns} == {(None, "participant")}
    assert "no speaker labels found" in parsed.warnings[0]
    assert "split into 2 paragraphs" in parsed.warnings[0]


def test_unlabelled_paragraphs_separated_by_blank_lines_are_one_segment_each():
    text = "First line of one.\nstill one.\n\n\nSecond paragraph.\n"
    parsed = parse_text(text, source_name="notes.txt")
    assert [parsed.text[t.start : t.end] for t in parsed.turns] == [
        "First line of one.\nstill one.",
        "Second paragraph.",
    ]
    assert "split into 2 paragraphs" in parsed.warnings[0]


def test_front_matter_is_removed_and_read():
    text = (
        "---\nparticipant: S03\nwave: post\ndate: 2024-06-20\ngender: 女\ngrade: 高二\n"
        "major: 电子商务\nnote: fictional\n---\n\n访谈者：你好\n"
    )
    parsed = parse_text(text, source_name="interview.txt")
    assert parsed.text == "访谈者：你好\n"
    assert parsed.turns[0].start == 4
    assert dict(parsed.metadata) == {
        "participant": "S03",
        "wave": "post",
        "date": "2024-06-20",
        "gender": "女",
        "grade": "高二",
        "major": "电子商务",
        "note": "fictional",
    }


def test_file_name_gives_participant_and_wave_and_front_matter_wins():
    assert dict(parse_text("访谈者：你好", source_name="data/S01_pre.txt").metadata) == {
        "participant": "S01",
        "wave": "pre",
    }
    assert dict(parse_text("访谈者：你好", source_name="e01-后测.md").metadata) == {
        "participant": "E01",
        "wave": "post",
    }
    assert dict(parse_text("访谈者：你好", source_name="访谈记录.txt").metadata) == {}
    with_front_matter = "---\nparticipant: S07\nwave: 前测\n---\n访谈者：你好"
    assert dict(parse_text(with_front_matter, source_name="S01_post.txt").metadata) == {
        "participant": "S07",
        "wave": "pre",
    }


def test_malformed_front_matter_names_file_and_line():
    text = "---\nparticipant: S01\nwave: [pre\ngrade: 高一\n---\n访谈者：你好\n"
    with pytest.raises(TranscriptError) as caught:
        parse_text(text, source_name="S01_pre.txt")
    message = str(caught.value)
    assert message.startswith("S01_pre.txt:")
    assert "malformed front matter" in message
    line = int(message.split(":")[1])
    assert 3 <= line <= 5  # the unclosed '[' opens on line 3; YAML notices by line 5


def test_front_matter_with_a_tab_error_points_at_its_line():
    text = "---\nparticipant: S01\n\twave: pre\n---\n访谈者：你好\n"
    with pytest.raises(TranscriptError, match=r"^S01.txt:3:"):
        parse_text(text, source_name="S01.txt")


def test_unclosed_front_matter_and_non_mapping_front_matter_are_refused():
    with pytest.raises(TranscriptError, match=r"x.txt:1: .*no closing"):
        parse_text("---\nparticipant: S01\n访谈者：你好\n", source_name="x.txt")
    with pytest.raises(TranscriptError, match=r"x.txt:2: .*key: value"):
        parse_text("---\n- a\n- b\n---\n访谈者：你好\n", source_name="x.txt")
    with pytest.raises(TranscriptError, match=r"x.txt: .*only front matter"):
        parse_text("---\nparticipant: S01\n---\n\n", source_name="x.txt")


def test_language_is_detected_or_taken_from_front_matter():
    assert parse_text("访谈者：你好，我们用 Excel 做表。", source_name="x").language == "zh"
    assert parse_text("Interviewer: How do you feel about 中考?", source_name="x").language == "en"
    assert parse_text("---\nlanguage: en\n---\n访谈者：你好", source_name="x").language == "en"
    assert detect_language("12345 ……") == "zh"
    assert detect_language("12345", default="en") == "en"
    assert detect_language("我用Excel做表格，还用PPT。") == "zh"


def test_settings_from_config_add_labels_and_patterns():
    config = {
        "transcripts": {
            "speakers": [
                {"label": "老师", "role": "interviewer"},
                {"pattern": r"^(学生\d*)[：:]", "role": "participant"},
                {"pattern": r"^主持人?[：:]", "role": "other"},
            ]
        },
        "import": {"max_file_mb": 5},
    }
    settings = TranscriptSettings.from_config(config)
    assert settings.max_file_mb == 5.0
    text = "老师：你好\n学生2：嗯嗯\n主持：欢迎\n访谈者：默认标签仍然有效\n"
    assert spans(parse_text(text, settings=settings, source_name="x")) == [
        ("你好", "老师", "interviewer"),
        ("嗯嗯", "学生2", "participant"),
        ("欢迎", "主持", "other"),
        ("默认标签仍然有效", "访谈者", "interviewer"),
    ]


def test_default_speakers_can_be_switched_off():
    settings = TranscriptSettings.from_config(
        {"transcripts": {"default_speakers": False, "speakers": [{"label": "老师", "role": "interviewer"}]}}
    )
    parsed = parse_text("老师：你好\n问：这不是标签\n", settings=settings, source_name="x")
    assert spans(parsed) == [("你好\n问：这不是标签", "老师", "interviewer")]


@pytest.mark.parametrize(
    ("entry", "complaint"),
    [
        ({"label": "老师", "role": "teacher"}, "role must be one of"),
        ({"pattern": "^(老师[：:]", "role": "interviewer"}, "invalid regular expression"),
        ({"label": "老师", "pattern": "^老师", "role": "interviewer"}, "exactly one of"),
        ({"label": "老师", "role": "interviewer", "colour": "red"}, "unknown key"),
    ],
)
def test_bad_speaker_settings_name_the_config_entry(entry, complaint):
    with pytest.raises(ProjectError) as caught:
        TranscriptSettings.from_config({"transcripts": {"speakers": [entry]}})
    assert str(caught.value).startswith("qualcode.toml ([[transcripts.speakers]] entry 1)")
    assert complaint in str(caught.value)


def test_bad_max_file_mb_names_the_setting():
    with pytest.raises(ProjectError, match=r"\[import\] max_file_mb"):
        TranscriptSettings.from_config({"import": {"max_file_mb": "big"}})


def test_a_bracketed_note_after_the_label_stays_part_of_the_speaker():
    text = "访谈者（李老师）：大家好。\n受访者（小王）：我先说。\n受访者 (小李)：我补充。\nInterviewer (Li): Thanks.\n"
    parsed = parse_text(text, source_name="group.txt")
    assert spans(parsed) == [
        ("大家好。", "访谈者（李老师）", "interviewer"),
        ("我先说。", "受访者（小王）", "participant"),
        ("我补充。", "受访者(小李)", "participant"),
        ("Thanks.", "Interviewer(Li)", "interviewer"),
    ]


def test_a_and_b_with_notes_still_need_each_other():
    lone = parse_text("I: 选哪个？\nR: 我选\nA（第一项）: 这个\n", source_name="x.txt")
    assert len(lone.turns) == 2
    paired = parse_text("A（老师）：你好\nB（学生）：你好\n", source_name="x.txt")
    assert [(t.speaker, t.role) for t in paired.turns] == [("A（老师）", "interviewer"), ("B（学生）", "participant")]
