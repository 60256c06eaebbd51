"""`suggestions accept|reject` with a filter that selects nothing (QA round 27): it said "0 suggestion(s)
accepted" and exited 0, so a researcher could not tell a threshold set too high from a project with nothing to
review. Now it says why, with the nearest pending score, exits 2 and changes nothing."""

from __future__ import annotations

from tests.tui_fixtures import import_transcripts


def pending_scores(project) -> list[tuple[str, float]]:
    return [tuple(r) for r in project.conn.execute(
        "SELECT code_id, score FROM suggestions WHERE status = 'pending' ORDER BY score DESC")]


def decided(project) -> int:
    return project.conn.execute("SELECT count(*) FROM suggestions WHERE status IN ('accepted', 'rejected')"
                                ).fetchone()[0] + project.conn.execute("SELECT count(*) FROM codings").fetchone()[0]


def test_a_min_score_above_every_pending_suggestion_names_the_highest(project, run_cli, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    assert run_cli("suggest", cwd=project.root).exit_code == 0
    pending = pending_scores(project)
    assert pending[0][1] == 0.816  # three keyword hits score the same on these turns
    result = run_cli("suggestions", "accept", "--min-score", "0.82", cwd=project.root)
    assert result.exit_code == 2 and "Traceback" not in result.err
    # 0.816 is not shown as 0.82, the bound it falls short of
    assert "no pending suggestion scores at least 0.82: the highest pending score is 0.816 (S01_pre #" in result.err
    assert any(code in result.err for code, score in pending if score == 0.816)
    assert f"({len(pending)} pending); nothing accepted" in result.err
    assert pending_scores(project) == pending and decided(project) == 0
    # a bound the top scores meet selects them as before
    assert run_cli("suggestions", "accept", "--min-score", "0.8", cwd=project.root).out.startswith(
        "3 suggestion(s) accepted")


def test_a_max_score_below_every_pending_suggestion_of_a_code_names_the_lowest(project, run_cli, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    run_cli("suggest", cwd=project.root)
    code, _ = pending_scores(project)[0]
    lowest = min(score for c, score in pending_scores(project) if c == code)
    result = run_cli("suggestions", "reject", "--code", code, "--max-score", "0.01", cwd=project.root)
    assert result.exit_code == 2
    assert (f"no pending suggestion for {code} scores below 0.01: the lowest pending score is {lowest:.2f}"
            in result.err)
    assert result.err.rstrip().endswith("nothing rejected") and decided(project) == 0


def test_a_filter_with_nothing_pending_says_so_and_an_unknown_code_is_named(project, run_cli, tmp_path):
    import_transcripts(project, tmp_path / "incoming")
    none_yet = run_cli("suggestions", "accept", "--all", cwd=project.root)
    assert none_yet.exit_code == 2 and "no pending suggestion; `qualcode suggest` makes them" in none_yet.err
    run_cli("suggest", cwd=project.root)
    unknown = run_cli("suggestions", "accept", "--code", "PF_NOPE", "--min-score", "0.5", cwd=project.root)
    assert unknown.exit_code == 2 and "no code 'PF_NOPE' in the project's codebooks" in unknown.err
    assert decided(project) == 0
