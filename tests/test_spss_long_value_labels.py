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
