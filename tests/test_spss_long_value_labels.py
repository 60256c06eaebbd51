"""SPSS keeps 120 bytes of a value label (QA round 29).

A case attribute such as the major is written long in Chinese (`计算机网络技术与应用专业（中外合作办学）…`, over 40
characters). readstat cut each value label to 120 bytes without a word: two majors differing only at the end
read alike in SPSS (two categories with one name in every table), and a label mixing ASCII and Chinese could be
cut inside a character. Labels are now shortened at a character, kept apart, and the export says so.
"""

from __future__ import annotations

import pyreadstat

LONG = "计算机网络技术与应用专业（中外合作办学）三年制五年一贯制职业教育试点班级第二学期"


def test_long_attribute_values_stay_distinct_and_whole_characters_in_spss(sample_project, run_cli):
    root = sample_project.root
    assert run_cli("cases", "set", "S01", f"major={LONG}的学生", cwd=root).exit_code == 0
    assert run_cli("cases", "set", "S02", f"major=A{LONG}的老师", cwd=root).exit_code == 0
    assert run_cli("cases", "set", "S03", f"major={LONG}的老师", cwd=root).exit_code == 0
    out = root / "exports" / "matrix.sav"
    result = run_cli("export", "matrix", "--attributes", "major", "--out", out, cwd=root)
    assert result.exit_code == 0, result.err
    frame, meta = pyreadstat.read_sav(str(out))
    labels = meta.variable_value_labels["major"]
    shown = {participant: labels[code] for participant, code in zip(frame["participant"], frame["major"])
             if code == code}
    assert len({shown["S01"], shown["S02"], shown["S03"]}) == 3  # three majors, three names
    for label in labels.values():
        assert len(label.encode("utf-8")) <= 120 and "\ufffd" not in label
    assert shown["S02"].startswith("A计算机") and shown["S01"].endswith("…")
    assert (f"{out}: SPSS keeps 120 bytes of a value label (40 Chinese characters); the longer labels of major (3) "
            "end in …") in result.out + result.err


def test_attribute_names_spss_cannot_take_are_written_near_their_own_name_and_said(sample_project, run_cli):
    # a case attribute named as researchers name them (2023成绩, 家庭 收入) is no SPSS variable name; it was written
    # V2, V3 with nothing said beside the export
    root = sample_project.root
    assert run_cli("cases", "set", "S01", "2023成绩=85", "家庭 收入=中", cwd=root).exit_code == 0
    out = root / "exports" / "matrix.sav"
    result = run_cli("export", "matrix", "--attributes", "2023成绩,家庭 收入", "--out", out, cwd=root)
    assert result.exit_code == 0, result.err
    frame, meta = pyreadstat.read_sav(str(out))
    assert {"v2023成绩", "家庭_收入"} <= set(frame.columns)
    labels = dict(zip(meta.column_names, meta.column_labels))
    assert labels["v2023成绩"].startswith("2023成绩") and labels["家庭_收入"].startswith("家庭 收入")
    assert (f"{out}: 2 column name(s) are not SPSS variable names (a letter first, no spaces, at most 64 bytes) and "
            "are written as 2023成绩 -> v2023成绩, 家庭 收入 -> 家庭_收入") in result.out + result.err
