"""The core commands, run in-process exactly as the console script runs them."""

from __future__ import annotations

import sqlite3

import click

from qualcode.cli import cli


def test_every_command_has_help_text():
    def walk(group: click.Group, prefix: str = ""):
        for name in group.list_commands(None):  # lists (and so loads) every lazily registered area
            command = group.get_command(None, name)
            yield f"{prefix}{name}", command
            if isinstance(command, click.Group):
                yield from walk(command, f"{prefix}{name} ")

    commands = dict(walk(cli))
    assert {"status", "agreement", "export matrix", "codebook export"} <= set(commands)
    missing = [name for name, command in commands.items() if not (command.help or "").strip()]
    assert missing == []


def test_init_import_code_status_undo(run_cli, tmp_path, chinese_transcript):
    result = run_cli("init", tmp_path / "thesis")
    assert result.exit_code == 0 and "Created a qualcode project" in result.out
    root = tmp_path / "thesis"
    chinese_transcript.rename(root / "transcripts" / "S01_pre.txt")

    result = run_cli("import", "transcripts", cwd=root)
    assert result.exit_code == 0, result.err
    assert "S01" in result.out and "utf-8" in result.out.lower() and "1 imported" in result.out

    result = run_cli("--coder", "A", "code", "S01_pre", "2", "AD_EXAM")
    assert result.exit_code == 0, result.err
    conn = sqlite3.connect(root / ".qualcode" / "project.db")
    assert conn.execute("SELECT code_id, coder, origin FROM codings").fetchall() == [("AD_EXAM", "A", "manual")]

    result = run_cli("status")
    assert "1/3 participant segments coded" in result.out and "S01_pre" in result.out

    assert run_cli("--coder", "A", "undo").out.startswith("Undone: coding Exam failure (zhongkao) (AD_EXAM) on S01_pre #2")
    assert conn.execute("SELECT count(*) FROM codings").fetchone()[0] == 0


def test_user_errors_are_one_line_with_exit_code_2(run_cli, tmp_path):
    result = run_cli("status", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.err.startswith("qualcode: error: no qualcode project")
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err


def test_second_init_fails_cleanly(run_cli, tmp_path):
    assert run_cli("init", tmp_path / "p").exit_code == 0
    result = run_cli("init", tmp_path / "p")
    assert result.exit_code == 2 and "already a qualcode project" in result.err


def test_import_of_a_bad_file_reports_it_and_imports_nothing(run_cli, tmp_path):
    run_cli("init", tmp_path / "p")
    (tmp_path / "p" / "transcripts" / "empty.txt").write_bytes(b"")
    result = run_cli("import", "transcripts", cwd=tmp_path / "p")
    assert result.exit_code == 2
    assert "empty.txt" in result.err and "nothing was imported" in result.err
    conn = sqlite3.connect(tmp_path / "p" / ".qualcode" / "project.db")
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def test_cases_import_and_set(run_cli, tmp_path):
    run_cli("init", tmp_path / "p")
    table = tmp_path / "people.csv"
    table.write_text("id,gender\nS01,女\nS02,男\n", encoding="utf-8")
    assert run_cli("cases", "import", table, cwd=tmp_path / "p").exit_code == 0
    assert run_cli("cases", "set", "S01", "grade=二年级").exit_code == 0
    out = run_cli("cases", "list").out
    assert "S01" in out and "grade=二年级" in out and "gender=男" in out
    assert run_cli("cases", "set", "S01", "oops").exit_code == 2


def test_memo_targets_must_exist_and_segments_are_doc_n(run_cli, tmp_path, chinese_transcript):
    root = tmp_path / "thesis"
    assert run_cli("init", root).exit_code == 0
    chinese_transcript.rename(root / "transcripts" / "S01_pre.txt")
    assert run_cli("import", "transcripts", cwd=root).exit_code == 0

    result = run_cli("memo", "case", "NOBODY", "x")
    assert result.exit_code == 2 and "saved" not in result.out and "NOBODY" in result.err
    result = run_cli("memo", "code", "NOCODE", "x")
    assert result.exit_code == 2 and "saved" not in result.out and "NOCODE" in result.err

    result = run_cli("memo", "segment", "S01_pre:2", "note")
    assert result.exit_code == 0, result.err
    conn = sqlite3.connect(root / ".qualcode" / "project.db")
    seg_id = conn.execute("SELECT s.id FROM segments s JOIN documents d ON d.id = s.document_id "
                          "WHERE d.name = 'S01_pre' AND s.ordinal = 2").fetchone()[0]
    assert conn.execute("SELECT target_id FROM memos WHERE target_type = 'segment'").fetchall() == [(str(seg_id),)]
    result = run_cli("memo", "segment", "S01_pre", "note")
    assert result.exit_code == 2 and "DOC:N" in result.err

    result = run_cli("memo", "segment", "S01_pre:2", "")  # an empty memo is refused, never "saved"
    assert result.exit_code == 2 and "memos delete" in result.err and "saved" not in result.out
    memo_id = conn.execute("SELECT id FROM memos WHERE target_type = 'segment'").fetchone()[0]
    result = run_cli("memos", "delete", memo_id)
    assert result.exit_code == 0 and f"Deleted memo {memo_id} on segment S01_pre:2" in result.out


def test_codebook_import_refuses_an_id_another_codebook_uses(run_cli, tmp_path):
    root = tmp_path / "thesis"
    assert run_cli("init", root).exit_code == 0
    table = root / "codes.csv"
    table.write_text("id,parent,label_zh,label_en,keywords\nMY_T,,主题,Theme,\nPF_GOAL,MY_T,目标,Goal,目标\n",
                     encoding="utf-8")
    result = run_cli("codebook", "import", "codes.csv", "--out", "codebooks/mine.yaml", cwd=root)
    assert result.exit_code == 2
    assert "PF_GOAL" in result.err and "mine.yaml" in result.err and "codes.csv" in result.err
    assert ".yaml" in result.err.replace("mine.yaml", "")
    assert not (root / "codebooks" / "mine.yaml").exists()
    assert run_cli("status", cwd=root).exit_code == 0


def test_undo_stops_at_a_codebook_edit(run_cli, tmp_path, chinese_transcript):
    root = tmp_path / "thesis"
    assert run_cli("init", root).exit_code == 0
    chinese_transcript.rename(root / "transcripts" / "S01_pre.txt")
    assert run_cli("import", "transcripts", cwd=root).exit_code == 0
    assert run_cli("code", "S01_pre", "2", "AD_EXAM").exit_code == 0
    table = root / "codes.csv"
    table.write_text("id,parent,label\nMY_T,,主题\nMY_C,MY_T,目标\n", encoding="utf-8")
    assert run_cli("codebook", "import", "codes.csv", "--out", "codebooks/mine.yaml", cwd=root).exit_code == 0
    result = run_cli("undo", cwd=root)
    assert result.exit_code == 2 and "codebook edit" in result.err and ".qualcode/backups" in result.err
    conn = sqlite3.connect(root / ".qualcode" / "project.db")
    assert conn.execute("SELECT code_id FROM codings").fetchall() == [("AD_EXAM",)]


def test_code_span_must_stay_inside_its_turn(run_cli, tmp_path, chinese_transcript):
    run_cli("init", tmp_path / "thesis")
    root = tmp_path / "thesis"
    chinese_transcript.rename(root / "transcripts" / "S01_pre.txt")
    assert run_cli("import", "transcripts", cwd=root).exit_code == 0
    result = run_cli("code", "S01_pre", "2", "AD_EXAM", "--start", "0", "--end", "100000")
    assert result.exit_code == 2 and "outside turn S01_pre #2" in result.err and "characters)" in result.err
    result = run_cli("code", "S01_pre", "2", "AD_EXAM", "--start", "5", "--end", "3")
    assert result.exit_code == 2 and "must be greater than --start" in result.err
    conn = sqlite3.connect(root / ".qualcode" / "project.db")
    assert conn.execute("SELECT count(*) FROM codings").fetchone()[0] == 0


def test_global_options_work_after_the_command_name(run_cli, tmp_path, chinese_transcript):
    run_cli("init", tmp_path / "thesis")
    root = tmp_path / "thesis"
    chinese_transcript.rename(root / "transcripts" / "S01_pre.txt")
    assert run_cli("import", "transcripts", cwd=root).exit_code == 0
    result = run_cli("code", "S01_pre", "2", "AD_EXAM", "--coder", "B")
    assert result.exit_code == 0, result.err
    assert "(B)" in result.out
    result = run_cli("status", "--project", root, cwd=tmp_path)
    assert result.exit_code == 0, result.err
    assert "S01_pre" in result.out
