"""A code id renamed by hand in the codebook YAML (QA round 27): its codings stay on the old id, which no
codebook defines; `qualcode doctor` said so, `qualcode status` (what a researcher runs every day) did not, and
the matrix quietly gained a column of the old id beside an empty one of the new."""

from __future__ import annotations

from tests.tui_fixtures import import_transcripts


def test_status_warns_of_codings_whose_code_was_renamed_away_and_merge_clears_it(project, run_cli, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    run_cli("code", "S01_pre", "6", "PF_GOAL", cwd=project.root)
    run_cli("code", "S02_post", "2", "PF_GOAL", cwd=project.root)
    book = project.root / "codebooks" / "resilience-protective-factors.yaml"
    book.write_text(book.read_text(encoding="utf-8").replace("- id: PF_GOAL\n", "- id: PF_GOALS\n"), encoding="utf-8")
    result = run_cli("status", cwd=project.root)
    assert result.exit_code == 0
    assert ("warning: 2 coding(s) use PF_GOAL, which no codebook defines (removed or renamed in codebooks/*.yaml): "
            "put it back, or `qualcode codes merge PF_GOAL NEW_ID` to move its codings to a code that exists"
            ) in result.out
    assert run_cli("codes", "merge", "PF_GOAL", "PF_GOALS", "--yes", cwd=project.root).exit_code == 0
    assert "which no codebook defines" not in run_cli("status", cwd=project.root).out
    assert [r[0] for r in project.conn.execute("SELECT DISTINCT code_id FROM codings")] == ["PF_GOALS"]


def test_the_chinese_status_says_it_in_chinese(project, run_cli, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    run_cli("code", "S01_pre", "6", "PF_GOAL", cwd=project.root)
    book = project.root / "codebooks" / "resilience-protective-factors.yaml"
    book.write_text(book.read_text(encoding="utf-8").replace("- id: PF_GOAL\n", "- id: PF_GOALS\n"), encoding="utf-8")
    result = run_cli("--lang", "zh", "status", cwd=project.root)
    assert result.exit_code == 0
    assert ("警告：1 条编码使用了 PF_GOAL，但已没有编码本定义它（在 codebooks/*.yaml 中被删除或改名）："
            "请把它加回去，或用 `qualcode codes merge PF_GOAL 新编号` 把这些编码移到一个存在的编码") in result.out
