"""A transcript's front matter against the participants table (QA round 29).

docs/exports.md: a participant's attribute "comes from the participants table (`transcripts/participants.csv`,
`qualcode cases set`), else from the front matter of their transcripts". Import did the opposite: the front
matter's `gender: 男` replaced the table's `gender=女` in the case, unsaid, and every export read 男 (a second
transcript of the same participant replaced the first's value the same way).
"""

from __future__ import annotations

import shutil

import pandas as pd


def test_the_participants_table_wins_over_the_front_matter_and_the_difference_is_said(repo_root, tmp_path, run_cli):
    root = tmp_path / "study"
    assert run_cli("init", root).exit_code == 0
    shutil.copy(repo_root / "transcripts" / "participants.csv", root / "transcripts" / "participants.csv")
    table = pd.read_csv(root / "transcripts" / "participants.csv").set_index("id")
    assert table.loc["S03", "gender"] == "女"
    text = (repo_root / "transcripts" / "S03_pre.txt").read_bytes().decode("gb18030")
    assert "gender: 女" in text
    (root / "transcripts" / "S03_pre.txt").write_text(text.replace("gender: 女", "gender: 男"), encoding="utf-8")
    result = run_cli("import", "transcripts", cwd=root)
    assert result.exit_code == 0, result.err
    assert ("front matter gender: 男 differs from S03's gender=女 (participants table, `cases set` or an earlier "
            "transcript), which is kept; to change it: `qualcode cases set S03 gender=男`") in result.out + result.err
    out = root / "exports" / "m.csv"
    assert run_cli("export", "matrix", "--attributes", "gender,grade", "--out", out, cwd=root).exit_code == 0
    row = pd.read_csv(out).set_index("participant").loc["S03"]
    assert row["gender"] == "女" and row["grade"] == table.loc["S03", "grade"]


def test_a_front_matter_attribute_the_case_lacks_is_still_stored(tmp_path, run_cli):
    root = tmp_path / "study"
    assert run_cli("init", root).exit_code == 0
    (root / "transcripts" / "S20_pre.txt").write_text(
        "---\nparticipant: S20\nwave: pre\ngender: 女\nmajor: 会计\n---\n访谈者：你好。\n受访者：我很迷茫。\n"
        "访谈者：嗯。\n受访者：谢谢。\n", encoding="utf-8")
    assert run_cli("import", "transcripts", cwd=root).exit_code == 0
    listed = run_cli("cases", "list", cwd=root)
    assert "gender=女" in listed.out and "major=会计" in listed.out


def test_a_participant_id_written_with_leading_zeros_keeps_them(tmp_path, run_cli):
    """YAML reads `participant: 007` as the number 7: the transcript was filed under participant 7, unsaid, and
    a participants table saying 007 was then refused as 'another spelling'. Front matter values are text, as
    written (a class 0302 too)."""
    root = tmp_path / "study"
    assert run_cli("init", root).exit_code == 0
    (root / "transcripts" / "P007_pre.txt").write_text(
        "---\nparticipant: 007\nwave: pre\nclass: 0302\n---\n访谈者：你好。\n受访者：我很迷茫。\n"
        "访谈者：嗯。\n受访者：谢谢。\n", encoding="utf-8")
    assert run_cli("import", "transcripts", cwd=root).exit_code == 0
    (root / "students.csv").write_text("id,student_number\n007,202301010001\n", encoding="utf-8")
    imported = run_cli("cases", "import", root / "students.csv", cwd=root)
    assert imported.exit_code == 0, imported.err
    listed = run_cli("cases", "list", cwd=root).out
    assert "007" in listed and "class=0302" in listed
    assert "student_number=202301010001" in listed
    out = root / "exports" / "m.csv"
    assert run_cli("export", "matrix", "--out", out, cwd=root).exit_code == 0
    assert list(pd.read_csv(out, dtype=str)["participant"]) == ["007"]
