"""A turn the researcher marked "no code applies" (the TUI's `x`) gets no pending suggestions from a later
`suggest`: they are kept as ranked candidates, counted and reported, never silently dropped, and
`--ask-no-code-turns` puts them up for review again. Only the marks of the coder running suggest count.
Real SQLite project (the shipped sample), real jieba, the real CLI in-process."""

from __future__ import annotations

from qualcode.app.coding.reviews import toggle_reviewed


def _by_turn(project, status: str) -> dict[int, int]:
    return dict(project.conn.execute(
        "SELECT segment_id, count(*) FROM suggestions WHERE status = ? GROUP BY segment_id", (status,)).fetchall())


def test_turns_marked_no_code_applies_keep_their_suggestions_as_candidates_only(sample_project, run_cli):
    root = str(sample_project.root)
    first = run_cli("--project", root, "--coder", "ana", "suggest", "--engine", "keywords", "--jobs", "1")
    assert first.exit_code == 0, first.err
    pending = _by_turn(sample_project, "pending")
    mine, theirs = sorted(pending, key=lambda s: (-pending[s], s))[:2]
    assert toggle_reviewed(sample_project, mine, coder="ana")       # "no code applies", by the coder who runs
    assert toggle_reviewed(sample_project, theirs, coder="ben")     # ... and by another coder

    again = run_cli("--project", root, "--coder", "ana", "suggest", "--engine", "keywords", "--jobs", "1", "--force")
    assert again.exit_code == 0, again.err
    assert f'{pending[mine]} suggestion(s) on turns you marked "no code applies" kept as candidates' in again.out
    after = _by_turn(sample_project, "pending")
    assert mine not in after and after.get(theirs) == pending[theirs]
    assert _by_turn(sample_project, "candidate").get(mine, 0) >= pending[mine]
    assert sum(after.values()) == sum(pending.values()) - pending[mine]   # nothing else moved
    status = run_cli("--project", root, "--coder", "ana", "status")
    assert f"{sum(after.values())} suggestions pending" in status.out

    asked = run_cli("--project", root, "--coder", "ana", "suggest", "--engine", "keywords", "--jobs", "1",
                    "--force", "--ask-no-code-turns")
    assert asked.exit_code == 0 and "no code applies" not in asked.out
    assert _by_turn(sample_project, "pending") == pending


def test_the_chinese_interface_reports_held_suggestions_in_chinese(sample_project, run_cli):
    root = str(sample_project.root)
    assert run_cli("--project", root, "--coder", "ana", "suggest", "--engine", "keywords", "--jobs", "1").exit_code == 0
    pending = _by_turn(sample_project, "pending")
    turn = max(pending, key=pending.get)
    toggle_reviewed(sample_project, turn, coder="ana")
    held = run_cli("--lang", "zh", "--project", root, "--coder", "ana", "suggest", "--engine", "keywords",
                   "--jobs", "1", "--force")
    assert held.exit_code == 0, held.err
    assert f"{pending[turn]} 条建议位于你标为“无适用编码”的段落" in held.out
