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


def test_an_export_for_a_coder_without_codings_is_refused_not_written_as_zeros(project, run_cli, tmp_path):
    """`--only-coder a` for coder A (or a typo) wrote a matrix of zeros and exited 0, with only a side note."""
    import_transcripts(project, tmp_path / "incoming")
    run_cli("--coder", "A", "code", "S01_pre", "2", "AD_EXAM", cwd=project.root)
    out = project.root / "exports" / "matrix.csv"
    refused = run_cli("export", "matrix", "--only-coder", "a", "--out", out, cwd=project.root)
    assert refused.exit_code == 2 and not out.exists()
    assert "no codings by a; coders with codings: A; nothing written" in refused.err
    transcript = run_cli("export", "transcript", "S01_pre", "--only-coder", "Z", cwd=project.root)
    assert transcript.exit_code == 2 and "no codings by Z" in transcript.err
    partly = run_cli("export", "matrix", "--only-coder", "A,Z", "--out", out, cwd=project.root)
    assert partly.exit_code == 0 and out.exists() and "only coder(s): A (no codings by Z)" in partly.out + partly.err


def test_an_export_filtered_to_a_wave_or_document_no_one_has_is_refused(project, run_cli, tmp_path):
    """`--wave pst` or `--documents S09_pre` (typos) wrote a table of no rows and exited 0."""
    import_transcripts(project, tmp_path / "incoming")
    run_cli("code", "S01_pre", "2", "AD_EXAM", cwd=project.root)
    out = project.root / "exports" / "m.csv"
    wave = run_cli("export", "matrix", "--wave", "pst", "--out", out, cwd=project.root)
    assert wave.exit_code == 2 and "no document of wave pst (waves: post, pre); nothing written" in wave.err
    document = run_cli("export", "long", "--documents", "S09_pre", "--out", out, cwd=project.root)
    assert document.exit_code == 2 and "no document S09_pre (`qualcode status` lists them)" in document.err
    assert not out.exists()
    fine = run_cli("export", "matrix", "--wave", "pre", "--documents", "S01_pre", "--out", out, cwd=project.root)
    assert fine.exit_code == 0 and out.exists()


def test_status_warns_of_rejections_left_on_a_renamed_code_and_merge_carries_them(sample_project, run_cli):
    """Only rejected suggestions on the old id: status said nothing, and suggest offered the new id again on
    the very turns the researcher had turned down."""
    from qualcode.app.suggesting.batch import run_suggest

    root = sample_project.root
    run_suggest(sample_project, jobs=1)
    rejected = run_cli("--project", root, "suggestions", "reject", "--code", "AD_EXAM", "--document", "S01_pre")
    assert rejected.exit_code == 0, rejected.err
    count = sample_project.conn.execute(
        "SELECT count(*) FROM suggestions WHERE code_id = 'AD_EXAM' AND status = 'rejected'").fetchone()[0]
    assert count >= 1
    assert sample_project.conn.execute("SELECT count(*) FROM codings").fetchone()[0] == 0   # no coding at all
    book = root / "codebooks" / "needs-themes.yaml"
    book.write_text(book.read_text(encoding="utf-8").replace("- id: AD_EXAM\n", "- id: AD_EXAM_FAIL\n"),
                    encoding="utf-8")

    english = run_cli("--project", root, "status")
    assert english.exit_code == 0
    assert (f"warning: {count} rejected suggestion(s) are on AD_EXAM, which no codebook defines (removed or renamed "
            "in codebooks/*.yaml): if it was renamed, `qualcode codes merge AD_EXAM NEW_ID` moves the rejections to "
            "the new id") in english.out
    chinese = run_cli("--project", root, "--lang", "zh", "status")
    assert f"{count} 条被拒绝的建议在 AD_EXAM 上" in chinese.out and "qualcode codes merge AD_EXAM 新编号" in chinese.out

    # What the warning says happens without a merge: the turns turned down are offered again under the new id.
    turns = "SELECT segment_id FROM suggestions WHERE code_id = ? AND status = ?"
    run_suggest(sample_project, jobs=1)
    offered = {r[0] for r in sample_project.conn.execute(turns, ("AD_EXAM_FAIL", "pending"))}
    assert {r[0] for r in sample_project.conn.execute(turns, ("AD_EXAM", "rejected"))} <= offered

    assert run_cli("--project", root, "codes", "merge", "AD_EXAM", "AD_EXAM_FAIL", "--yes").exit_code == 0
    assert "rejected suggestion(s) are on" not in run_cli("--project", root, "status").out
    assert sample_project.conn.execute(
        "SELECT count(*) FROM suggestions WHERE code_id = 'AD_EXAM_FAIL' AND status = 'rejected'").fetchone()[0] == count
