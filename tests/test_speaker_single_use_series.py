"""A speaker label used once in a short focus-group file (QA round 29).

`学生A：`, `学生B：`, `学生C：` each speaking once after a recognised `访谈者：` were read as words of the
interviewer's turn (the whole group's words left out of the participant data, with only "no participant
turns" to say so), and `乙：`/`丙：` once beside a recurring `甲：` were read as 甲's words. Real files
imported into a real project; the guards (enumerations, retold teachers, one-letter bases) stay text.
"""

from __future__ import annotations

from qualcode.app import api
from qualcode.storage import repository as repo

I, P = "interviewer", "participant"


def _import(project, name: str, text: str):
    source = project.root / "transcripts" / name
    source.write_text(text, encoding="utf-8")
    report = api.import_paths(project, [source])
    assert not report.errors, [e.error for e in report.errors]
    [entry] = report.files
    document = repo.get_document(project.conn, source.stem)
    return entry, [(s.speaker, s.role, s.text.strip()) for s in repo.list_segments(project.conn, document.id)]


def test_each_student_of_a_short_focus_group_speaking_once_is_a_speaker(project):
    entry, segments = _import(project, "G01_pre.txt",
                              "访谈者：大家最近学习压力大吗？\n学生A：考试压力很大。\n学生B：我也是，睡不好。\n"
                              "学生C：我觉得还好。\n访谈者：谢谢大家。\n")
    assert segments == [("访谈者", I, "大家最近学习压力大吗？"), ("学生A", P, "考试压力很大。"),
                        ("学生B", P, "我也是，睡不好。"), ("学生C", P, "我觉得还好。"), ("访谈者", I, "谢谢大家。")]
    assert not [w for w in entry.warnings if "only once" in w or "no participant turns" in w]


def test_the_stems_of_a_group_are_one_series(project):
    _entry, segments = _import(project, "G02_pre.txt",
                               "主持人：大家好，说说压力。\n甲：考试压力大。\n乙：我也是。\n甲：家里也催。\n"
                               "丙：我觉得还好。\n主持人：谢谢。\n")
    assert [speaker for speaker, _role, _text in segments] == ["主持人", "甲", "乙", "甲", "丙", "主持人"]


def test_enumerations_retold_teachers_and_one_letter_series_stay_in_the_turn(project):
    """Lines of one series used once each that are no group of participants keep the turn they are in."""
    entry, segments = _import(project, "S50_pre.txt",
                              "访谈者：你怎么应对压力？\n受访者：有几个办法。\n方法1：听歌。\n方法2：打球。\n"
                              "访谈者：老师怎么说？\n受访者：两个老师说法不一样。\n老师1：你要努力。\n老师2：别太累。\n"
                              "访谈者：问卷呢？\n受访者：我是这样填的。\n答1：经常。\n答2：很少。\n")
    assert [(speaker, role) for speaker, role, _text in segments] == [("访谈者", I), ("受访者", P)] * 3
    assert "方法1：听歌。\n方法2：打球。" in segments[1][2]
    assert "老师1：你要努力。\n老师2：别太累。" in segments[3][2]
    assert "答1：经常。\n答2：很少。" in segments[5][2]


def test_speakers_marked_by_a_letter_first_are_labels(project):
    """`A同学：`, `B同学：` were no label at all (a name had to start with a Chinese character): the whole
    group, A同学 speaking twice included, was read as the interviewer's words. `C同学：` once joins the series."""
    entry, segments = _import(project, "G03_pre.txt",
                              "访谈者：大家好，说说压力。\nA同学：考试压力大。\nB同学：我也是。\nA同学：家里也催。\n"
                              "C同学：我觉得还好。\n访谈者：谢谢。\n")
    assert segments == [("访谈者", I, "大家好，说说压力。"), ("A同学", P, "考试压力大。"), ("B同学", P, "我也是。"),
                        ("A同学", P, "家里也催。"), ("C同学", P, "我觉得还好。"), ("访谈者", I, "谢谢。")]
    assert not [w for w in entry.warnings if "no participant turns" in w]


def test_a_date_first_line_is_no_label(project):
    """`3号：` (the 3rd) once in an answer stays in the turn; numbers before 号 are not read as speakers."""
    _entry, segments = _import(project, "S51_pre.txt",
                               "访谈者：那周怎么安排？\n受访者：分了几天。\n3号：去医院。\n5号：回学校。\n3号：休息。\n"
                               "访谈者：好的。\n")
    assert [speaker for speaker, _role, _text in segments] == ["访谈者", "受访者", "访谈者"]
    assert "3号：去医院。\n5号：回学校。\n3号：休息。" in segments[1][2]
