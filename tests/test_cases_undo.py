"""`cases import` and `cases set` are in the undo history: `undo` right after one takes it back.

Before, neither recorded itself, so `undo` after `cases set` undid the coding made before it and left the
attributes changed. Real sample project, real CLI, real SQLite.
"""

from __future__ import annotations

import json


def _attributes(project, case_id):
    row = project.conn.execute("SELECT attributes FROM cases WHERE id = ?", (case_id,)).fetchone()
    return None if row is None else json.loads(row[0])


def _codings(project):
    return project.conn.execute("SELECT count(*) FROM codings WHERE coder = 'A'").fetchone()[0]


def test_undo_after_cases_set_takes_back_the_attributes_not_the_coding(sample_project, run_cli):
    root = sample_project.root
    cli = ("--project", root, "--coder", "A")
    assert run_cli(*cli, "cases", "import", root / "transcripts" / "participants.csv").exit_code == 0
    assert run_cli(*cli, "code", "S01_pre", 4, "AD_EXAM").exit_code == 0
    before = _attributes(sample_project, "S01")
    assert before["gender"] == "男" and _codings(sample_project) == 1

    assert run_cli(*cli, "cases", "set", "S01", "gender=女", "note=复访").exit_code == 0
    assert _attributes(sample_project, "S01") == {**before, "gender": "女", "note": "复访"}

    undone = run_cli(*cli, "undo")
    assert undone.exit_code == 0, undone.err
    assert "Undone: attributes of case S01" in undone.out
    assert _attributes(sample_project, "S01") == before       # the attributes are back
    assert _codings(sample_project) == 1                        # and the coding made before is untouched

    redone = run_cli(*cli, "--lang", "zh", "redo")
    assert "个案 S01 的属性" in redone.out
    assert _attributes(sample_project, "S01")["note"] == "复访"


def test_undo_after_cases_import_removes_new_cases_and_restores_changed_ones(sample_project, run_cli, tmp_path):
    root = sample_project.root
    cli = ("--project", root, "--coder", "A")
    assert run_cli(*cli, "code", "S01_pre", 4, "AD_EXAM").exit_code == 0
    s01 = _attributes(sample_project, "S01")
    table = tmp_path / "more.csv"
    table.write_text("id,gender,cohort\nS01,女,2026\nS77,男,2026\n", encoding="utf-8")
    read = run_cli(*cli, "cases", "import", table)
    assert read.exit_code == 0
    assert _attributes(sample_project, "S77") == {"gender": "男", "cohort": "2026"}
    # what undo takes back is what the import said it did (it said "2 case(s) read" on a table that changed nothing)
    assert read.out.strip() == f"2 case(s) read from {table}: 1 new, 1 changed, 0 unchanged"
    again = run_cli(*cli, "cases", "import", table)
    assert again.out.strip() == f"2 case(s) read from {table}: 0 new, 0 changed, 2 unchanged"
    assert "Undone: attributes of 2 case(s) read from more.csv" in run_cli(*cli, "undo").out   # the first import's
    assert run_cli(*cli, "redo").exit_code == 0

    undone = run_cli(*cli, "undo")
    assert "Undone: attributes of 2 case(s) read from more.csv" in undone.out, undone.out + undone.err
    assert _attributes(sample_project, "S77") is None        # the case the table created is gone again
    assert _attributes(sample_project, "S01") == s01
    assert _codings(sample_project) == 1
    # The next undo is the coding: the history goes back in order.
    assert "AD_EXAM" in run_cli(*cli, "undo").out and _codings(sample_project) == 0


def test_undo_refuses_when_another_coder_changed_the_attributes_since(sample_project, run_cli):
    root = sample_project.root
    assert run_cli("--project", root, "--coder", "A", "cases", "set", "S01", "gender=女").exit_code == 0
    assert run_cli("--project", root, "--coder", "B", "cases", "set", "S01", "gender=男").exit_code == 0
    refused = run_cli("--project", root, "--coder", "A", "undo")
    assert refused.exit_code != 0
    assert "the attributes of case S01 were changed again since; nothing undone" in refused.err
    assert _attributes(sample_project, "S01")["gender"] == "男"           # B's change stands
    undone = run_cli("--project", root, "--coder", "B", "undo")            # B's own undo still works
    assert undone.exit_code == 0 and _attributes(sample_project, "S01")["gender"] == "女"


def test_a_case_created_by_cases_set_stays_without_attributes_when_a_transcript_names_it(sample_project, run_cli):
    root = sample_project.root
    assert run_cli("--project", root, "--coder", "A", "cases", "set", "S50", "gender=女").exit_code == 0
    (root / "transcripts" / "S50_pre.txt").write_text(
        "---\nparticipant: S50\nwave: pre\nlanguage: zh\n---\n访谈者：你好吗？\n受访者：还行吧。\n", encoding="utf-8")
    # imported by a colleague: A's undo reaches the cases set (their own import would be undone first)
    assert run_cli("--project", root, "--coder", "B", "import", root / "transcripts" / "S50_pre.txt").exit_code == 0
    assert run_cli("--project", root, "--coder", "A", "undo").exit_code == 0
    assert _attributes(sample_project, "S50") == {}                       # kept: S50_pre names it
    assert run_cli("--project", root, "--coder", "A", "redo").exit_code == 0
    assert _attributes(sample_project, "S50") == {"gender": "女"}
