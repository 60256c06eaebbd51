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


async def test_the_tui_marks_a_turn_with_x_and_its_suggest_run_says_what_it_held(sample_project):
    from qualcode.app.suggesting.batch import run_suggest
    from qualcode.storage import repository as repo
    from qualcode.tui.app import make_app
    from tests.tui_fixtures import settle

    run_suggest(sample_project, jobs=1, engine_kind="keywords")   # to learn which turn keywords find
    pending = _by_turn(sample_project, "pending")
    turn = repo.get_segment(sample_project.conn, max(pending, key=pending.get))
    with sample_project.conn:                    # back to a project never suggested over
        sample_project.conn.execute("DELETE FROM suggestions")
        sample_project.conn.execute("DELETE FROM suggest_progress")
    app = make_app(sample_project, language="en", poll_seconds=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pilot.app.call_later(pilot.app.open_document, turn.document_id, segment_id=turn.id)
        await settle(pilot)
        assert pilot.app.screen.segment.id == turn.id
        await pilot.press("x")                       # "no code applies", saved as it happens
        await pilot.press("ctrl+g")                  # suggest over the project, on a worker
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
    held = [m for m in messages if 'turns marked "no code applies" kept as candidates' in m]
    assert held and f"; {pending[turn.id]} on turns marked" in held[0], messages
    assert turn.id not in _by_turn(sample_project, "pending")


async def test_bulk_accept_with_nothing_pending_says_how_to_get_suggestions(sample_project):
    from qualcode.storage import repository as repo
    from qualcode.tui.app import make_app
    from tests.tui_fixtures import settle

    document = repo.get_document(sample_project.conn, "S01_pre", with_text=False)
    app = make_app(sample_project, language="zh", poll_seconds=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pilot.app.call_later(pilot.app.open_document, document.id)
        await settle(pilot)
        await pilot.press("A")                       # never suggested: nothing pending anywhere
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
    assert "项目中没有可接受的待定建议（按 Ctrl+g 生成建议）" in messages, messages
