"""`u` in a window undoes what was done in that window; an action made elsewhere only after a yes.

An outside tester ran `qualcode codes merge` in a shell, and a quarter of an hour later pressed `u` in the TUI
to take back a coding: the merge was undone, with only the toast "已撤销：codes merge". Now the window asks,
naming the merge (which code into which, how many codings moved), where (the command line) and when, and
nothing changes without `y`. Real project on disk, the real CLI in-process, the real app driven by Pilot.
"""

from __future__ import annotations

from qualcode.app import api
from qualcode.app.project import open_project
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.undo_guard import UndoElsewhereDialog
from tests.test_tui_app import open_s01
from tests.test_tui_history_words import SIZE, go_to_ordinal, messages
from tests.test_tui_merge_undo import SOURCE, TARGET, _coded, _rows
from tests.test_tui_codebook_editor import BOOK


def question(app) -> str:
    assert isinstance(app.screen, UndoElsewhereDialog), app.screen
    return str(app.screen.query_one(".dialog-title").render())


def merge_from_the_cli(project, run_cli, minutes_ago: int = 0) -> None:
    result = run_cli("--project", project.root, "--coder", project.coder, "codes", "merge", SOURCE, TARGET, "--yes")
    assert result.exit_code == 0, result.err
    if minutes_ago:  # as if run a while before the window's `u` (the tester's quarter of an hour)
        with open_project(project.root, coder=project.coder) as other:
            other.conn.execute("UPDATE history SET at = strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now', ?) "
                               "WHERE action = 'codes.merge'", (f"-{minutes_ago} minutes",))


def merge_state(project) -> tuple:
    """What the merge changed and whether it is in effect, as another connection sees it."""
    book = project.root / "codebooks" / BOOK
    with open_project(project.root, coder=project.coder) as other:
        row = other.conn.execute("SELECT undone FROM history WHERE action = 'codes.merge'").fetchone()
        undone = None if row is None else row[0]
        return book.read_bytes(), _rows(other.conn), undone


async def test_u_after_a_cli_merge_asks_naming_it_and_only_y_undoes_it(project, tmp_path, run_cli):
    _coded(project, tmp_path)
    before_merge = merge_state(project)[:2]
    merge_from_the_cli(project, run_cli, minutes_ago=15)
    merged = merge_state(project)
    assert merged[2] == 0 and merged[:2] != before_merge
    # the source is gone from the codebook after the merge: it is named by its id, the target by its label
    labels = {SOURCE: SOURCE, TARGET: project.code_index()[TARGET].label("zh")}
    app = make_app(project, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        await open_s01(pilot)
        await pilot.press("u")
        await pilot.pause()
        asked = question(app)
        # the action in full (which code into which, what moved), where and when
        assert f"把「{labels[SOURCE]}」合并到「{labels[TARGET]}」（移过 1 条编码，1 条并入同一段落已有的编码）" \
            in asked, asked
        assert "在命令行中做的，15 分钟前" in asked, asked
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        assert "未做任何改动" in messages(app)
        assert merge_state(project) == merged   # nothing changed: file, rows, the merge still in effect
        await pilot.press("u")
        await pilot.pause()
        question(app)
        await pilot.press("enter")   # the default answer is no: an Enter pressed on from before undoes nothing
        await pilot.pause()
        assert merge_state(project) == merged
        await pilot.press("u")
        await pilot.pause()
        question(app)
        await pilot.press("y")
        await pilot.pause()
        toasts = messages(app)
    # undone, the source is back in its codebook: the toast names it by its label
    with open_project(project.root) as other:
        source_label = other.code_index()[SOURCE].label("zh")
    assert f"已撤销：把「{source_label}」合并到「{labels[TARGET]}」（移过 1 条编码，1 条并入同一段落已有的编码）" \
        in toasts, toasts
    file_bytes, rows, undone = merge_state(project)
    assert (file_bytes, rows) == before_merge and undone == 1


async def test_u_after_coding_in_the_window_undoes_that_coding_at_once_not_the_cli_merge(project, tmp_path, run_cli):
    _coded(project, tmp_path)
    merge_from_the_cli(project, run_cli)
    merged = merge_state(project)
    app = make_app(project, poll_seconds=None, language="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_s01(pilot)
        await go_to_ordinal(pilot, screen, 6)
        await pilot.press("f")   # Family support on turn 6, in this window
        await pilot.pause()
        s01 = repo.get_document(project.conn, "S01_pre", with_text=False)
        six = repo.segment_by_ordinal(project.conn, s01.id, 6)
        assert TARGET in {c.code_id for c in repo.list_codings(project.conn, segment_id=six.id)}
        await pilot.press("u")   # this window's own action: undone at once, no question
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        assert "Undone: coding Family support on S01_pre #6" in messages(app)
        assert TARGET not in {c.code_id for c in repo.list_codings(project.conn, segment_id=six.id)}
        assert merge_state(project) == merged   # the merge made from the command line untouched
        await pilot.press("u")   # next is the merge: asked, in English too
        await pilot.pause()
        asked = question(app)
        assert "merge of" in asked and "made from the command line, just now" in asked, asked
        await pilot.press("escape")
        await pilot.pause()
    assert merge_state(project) == merged


async def test_a_yes_to_an_action_that_is_no_longer_the_newest_undoes_nothing(project, tmp_path, run_cli):
    two, _ = _coded(project, tmp_path)
    merge_from_the_cli(project, run_cli)
    app = make_app(project, poll_seconds=None, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await open_s01(pilot)
        await pilot.press("u")
        await pilot.pause()
        assert "merge of" in question(app)
        with open_project(project.root, coder=project.coder) as shell:   # meanwhile, a command codes turn 2
            api.code_segment(shell, two.id, "PF_GOAL")
        state = merge_state(project)
        await pilot.press("y")
        await pilot.pause()
        assert any("changed meanwhile" in m for m in messages(app)), messages(app)
        assert merge_state(project) == state   # neither the merge nor the newer coding undone


async def test_ctrl_r_does_not_redo_a_merge_undone_from_the_cli_without_a_yes(project, tmp_path, run_cli):
    _coded(project, tmp_path)
    merge_from_the_cli(project, run_cli)
    undone = run_cli("--project", project.root, "--coder", project.coder, "undo")
    assert undone.exit_code == 0 and undone.out.startswith("Undone: merge of "), undone.out + undone.err
    taken_back = merge_state(project)
    assert taken_back[2] == 1
    index = project.code_index()   # the source is back in its codebook: named by its label
    merge_words = f"merge of {index[SOURCE].label('en')} into {index[TARGET].label('en')} (1 coding(s) moved"
    app = make_app(project, poll_seconds=None, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await open_s01(pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
        asked = question(app)
        assert asked.startswith(f"The action to redo was not undone in this window: {merge_words}") and \
            "made from the command line" in asked, asked
        await pilot.press("n")
        await pilot.pause()
        assert merge_state(project) == taken_back
        await pilot.press("ctrl+r")
        await pilot.pause()
        question(app)
        await pilot.press("y")
        await pilot.pause()
        assert any(m.startswith("Redone: merge of ") for m in messages(app)), messages(app)
        assert merge_state(project)[2] == 0   # in effect again
        await pilot.press("u")   # the merge is still not this window's: asked again, and y takes it back
        await pilot.pause()
        question(app)
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("ctrl+r")   # undone in this window: redone at once
        await pilot.pause()
        assert isinstance(app.screen, CodingScreen)
        assert merge_state(project)[2] == 0


async def test_u_in_the_codebook_editor_asks_too_before_undoing_a_cli_merge(project, tmp_path, run_cli):
    from tests.test_tui_codebook_editor import _open_editor_on

    _coded(project, tmp_path)
    merge_from_the_cli(project, run_cli)
    merged = merge_state(project)
    app = make_app(project, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        await _open_editor_on(pilot, TARGET)
        await pilot.press("u")
        await pilot.pause()
        assert f"把「{SOURCE}」合并到「" in question(app) and "在命令行中做的" in question(app)
        await pilot.press("escape")
        await pilot.pause()
        assert merge_state(project) == merged


def test_an_older_database_gains_the_origin_column_and_its_events_count_as_made_elsewhere(tmp_path):
    from qualcode.app.coding import history
    from qualcode.storage import db
    from tests._migration_helpers import database_before

    path = tmp_path / "project.db"
    old = database_before(path, "m0089_history_origin")
    old.execute("INSERT INTO history (at, actor, action, payload) VALUES ('2026-12-01T09:00:00.000+00:00', 'me', "
                "'review.mark', '{\"segment_id\": 1}')")
    old.commit()
    old.close()
    conn = db.connect(path)
    try:
        assert "origin" in {row[1] for row in conn.execute("PRAGMA table_info(history)")}
        (event,) = history.list_events(conn)
        assert event.action == "review.mark" and event.origin is None   # where it was made is not known
        conn.origin = "cli"
        with db.transaction(conn):
            history.record_event(conn, "me", "review.mark", {"segment_id": 1})
        assert [e.origin for e in history.list_events(conn)] == ["cli", None]
    finally:
        conn.close()
