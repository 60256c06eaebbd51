"""A participants table whose ids are spelled otherwise than the transcripts' (QA round 28): `s01`, a full-width
`Ｓ02` (typed with a Chinese input method), `S1`. Each became a new case holding the row's attributes, beside the
interviewed S01 that kept none, and `cases import` said only `3 case(s) read`; a `participants.csv` in an imported
folder alike. Now the file is refused, row by row, and nothing is stored."""

from __future__ import annotations

from tests.tui_fixtures import import_transcripts


def _cases(project) -> list[str]:
    return [r[0] for r in project.conn.execute("SELECT id FROM cases ORDER BY id")]


def test_cases_import_refuses_ids_that_are_other_spellings_of_existing_cases(project, run_cli, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    assert _cases(project) == ["S01", "S02"]
    table = tmp_path / "受访者.csv"
    table.write_bytes("\ufeff编号,性别,年级\r\ns01,女,高一\r\nＳ02,男,高二\r\nS09,男,高一\r\n".encode("utf-8"))
    result = run_cli("cases", "import", table, cwd=project.root)
    assert result.exit_code == 2
    assert result.err.strip() == (
        f"qualcode: error: {table}:2: 2 participant id(s) are another spelling of a participant id already in use "
        "(row 2: 's01' for S01; row 3: 'Ｓ02' for S02): their attributes would go to new cases and the interviewed "
        "participants would have none; write the ids as the project does (`qualcode cases list`), then import "
        "again; nothing imported")
    assert _cases(project) == ["S01", "S02"]
    table.write_bytes("\ufeff编号,性别,年级\r\nS01,女,高一\r\nS02,男,高二\r\nS09,男,高一\r\n".encode("utf-8"))
    assert run_cli("cases", "import", table, cwd=project.root).exit_code == 0
    assert _cases(project) == ["S01", "S02", "S09"]  # a questionnaire-only participant is a new case, as before


def test_a_participants_csv_beside_the_transcripts_is_checked_against_their_ids(project, run_cli, tmp_path):
    folder = tmp_path / "interviews"
    folder.mkdir()
    (folder / "S01_pre.txt").write_text("访谈者：你好。\n受访者：我中考没考好。\n", encoding="utf-8")
    (folder / "participants.csv").write_text("id,gender\nS1,女\n", encoding="utf-8")
    result = run_cli("import", folder, cwd=project.root)
    assert result.exit_code == 2
    assert f"{folder / 'participants.csv'}:2: 1 participant id(s) are another spelling" in result.err
    assert "(row 2: 'S1' for S01)" in result.err
    assert _cases(project) == [] and not project.conn.execute("SELECT 1 FROM documents").fetchone()
