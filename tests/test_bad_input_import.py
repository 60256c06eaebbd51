"""Bad input at import and coding time that had no test of its own: each is one line, and nothing changes."""

from __future__ import annotations


def _errors(result) -> list[str]:
    return [line for line in result.err.splitlines() if line.startswith("qualcode:")]  # not the progress bar


def _documents(project) -> int:
    return project.conn.execute("SELECT count(*) FROM documents").fetchone()[0]


def test_a_second_file_with_the_same_name_elsewhere_is_a_second_document(project, chinese_transcript, run_cli):
    # issue 18 item 3: documents are found by path; same names in different folders never become versions
    assert run_cli("--project", project.root, "import", chinese_transcript).exit_code == 0
    other = chinese_transcript.parent / "elsewhere" / chinese_transcript.name
    other.parent.mkdir()
    other.write_text("受访者：另一个人的访谈。\n", encoding="utf-8")
    result = run_cli("--project", project.root, "import", other)
    assert result.exit_code == 0, result.err
    names = [r[0] for r in project.conn.execute("SELECT name FROM documents WHERE is_current = 1 ORDER BY id")]
    assert names == ["S01_pre", "S01_pre_elsewhere"]


def test_a_path_that_does_not_exist_is_named(project, chinese_transcript, run_cli):
    missing = chinese_transcript.parent / "S02_pre.txt"
    result = run_cli("--project", project.root, "import", chinese_transcript, missing)
    assert result.exit_code == 2
    assert _errors(result) == [f"qualcode: error: {missing}: no such file or folder"]
    assert _documents(project) == 0  # the good file named with it was not imported either


def test_coding_a_segment_number_that_does_not_exist(project, chinese_transcript, run_cli):
    assert run_cli("--project", project.root, "import", chinese_transcript).exit_code == 0
    result = run_cli("--project", project.root, "code", "S01_pre", "9", "PF_GOAL")
    assert result.exit_code == 2
    assert result.err.strip() == "qualcode: error: S01_pre has no segment 9; its segments are numbered 1-6"
    assert project.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == 0
