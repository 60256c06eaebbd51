"""Undo/redo said in words in the interface language (issue 11 item 5) and the once-per-session question
before coding an interviewer turn (issue 16 item 11); real app, real project, assertions on the database."""

from __future__ import annotations

from textual.widgets import Button

from qualcode.app.project import open_project
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from qualcode.tui.screens.coding_prompts import ConfirmDialog
from tests.test_tui_app import fresh_codings, open_s01, tui_project  # noqa: F401 (fixture)

SIZE = (100, 30)


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def go_to_ordinal(pilot, screen, ordinal: int) -> None:
    await pilot.press("colon", *str(ordinal), "enter")
    assert screen.segment.ordinal == ordinal


async def test_undo_and_redo_are_said_in_chinese_words(tui_project):
    app = make_app(tui_project, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_s01(pilot)
        await go_to_ordinal(pilot, screen, 4)
        await pilot.press("f")
        assert "[+ 家庭支持]" in str(screen.query_one("#status").render())
        await pilot.press("u")
        assert "已撤销：编码「家庭支持」（S01_pre 第 4 段）" in messages(app)
        assert "[+ 家庭支持]" not in str(screen.query_one("#status").render())  # not left there after the undo
        await pilot.press("ctrl+r")
        assert "已重做：编码「家庭支持」（S01_pre 第 4 段）" in messages(app)
        await pilot.press("x", "u")
        assert "已撤销：已审阅标记（S01_pre 第 4 段）" in messages(app)
        assert not any("coding.add" in m or "review.mark" in m for m in messages(app))
    assert [c.code_id for c in fresh_codings(tui_project)] == ["PF_FAMILY"]


async def test_the_tui_names_what_the_cli_names_in_english(tui_project, run_cli):
    app = make_app(tui_project, poll_seconds=None, language="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_s01(pilot)
        await go_to_ordinal(pilot, screen, 4)
        await pilot.press("f", "u")
        tui_line = next(m for m in messages(app) if m.startswith("Undone:"))
        await pilot.press("ctrl+r")  # coded again, so the CLI has the same action to undo
    result = run_cli("--project", str(tui_project.root), "--coder", tui_project.coder, "undo")
    assert result.exit_code == 0, result.err
    cli_line = result.out.split(" (from ")[0]
    assert cli_line == "Undone: coding Family support (PF_FAMILY) on S01_pre #4"  # the id too: it is what one types
    assert tui_line == cli_line.replace(" (PF_FAMILY)", "")


async def test_suggestion_decisions_are_said_in_words(tui_project):
    import pytest

    batch = pytest.importorskip("qualcode.app.suggesting.batch")
    batch.run_suggest(tui_project, jobs=1)
    app = make_app(tui_project, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_s01(pilot)
        await go_to_ordinal(pilot, screen, 4)
        await pilot.press("a", "u")
        assert "已撤销：接受建议「家庭支持」（S01_pre 第 4 段）" in messages(app)


async def test_coding_an_interviewer_turn_asks_once_per_session(tui_project):
    app = make_app(tui_project, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_s01(pilot)
        assert screen.segment.role == "interviewer"  # turn 1: 你能说说中考以后的感受吗？
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "第1段是访谈者的话" in str(app.screen.query_one(".dialog-title").render())
        # both answers name their keys, as the yes button does
        assert [str(b.label) for b in app.screen.query(Button)] == ["编码（y）", "取消（n/Esc）"]
        await pilot.press("escape")  # no: nothing coded, asked again next time
        assert fresh_codings(tui_project) == []
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        first = screen.segment
        assert [(c.code_id, c.segment_id) for c in fresh_codings(tui_project)] == [("PF_FAMILY", first.id)]
        await go_to_ordinal(pilot, screen, 3)  # another interviewer turn: not asked again this session
        await pilot.press("h")
        assert app.screen is screen
        await go_to_ordinal(pilot, screen, 1)
        await pilot.press("f")  # toggled off again
    with open_project(tui_project.root, coder=tui_project.coder) as other:
        coded = {(c.code_id, repo.get_segment(other.conn, c.segment_id, with_text=False).ordinal)
                 for c in repo.list_codings(other.conn)}
    hope = screen.code_keys["h"]
    assert coded == {(hope, 3)}
    # A new session asks again -- but removing a code from an interviewer turn never asks.
    app = make_app(tui_project, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_s01(pilot)
        await go_to_ordinal(pilot, screen, 3)
        await pilot.press("h")
        assert app.screen is screen and fresh_codings(tui_project) == []
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)


async def test_undoing_a_review_done_in_the_tui_says_how_many_turns_in_words(tui_project):
    from qualcode.app.coding.reviews import mark_fully_coded, reviewed_uncoded_segment_ids

    (done,) = mark_fully_coded(tui_project, ["S01_pre"])   # what `qualcode review done S01_pre` does, from Python
    assert done.newly_marked > 1
    app = make_app(tui_project, poll_seconds=None, language="zh")
    async with app.run_test(size=SIZE) as pilot:
        await open_s01(pilot)
        await pilot.press("u")   # done before this window opened: asked first, and y undoes it
        await pilot.pause()
        assert f"{done.newly_marked} 个段落标记为“无适用编码”——由调用 qualcode Python 库的程序做的" in str(
            app.screen.query_one(".dialog-title").render())
        await pilot.press("y")
        await pilot.pause()
        assert f"已撤销：{done.newly_marked} 个段落标记为“无适用编码”" in messages(app)
    with open_project(tui_project.root, coder=tui_project.coder) as other:
        assert reviewed_uncoded_segment_ids(other.conn) == set()


def test_every_undoable_action_has_words_never_a_bare_kind():
    """`已撤销：codes merge` named neither code: each registered action kind must be put into words."""
    from qualcode.app.coding import history
    from qualcode.tui.history_words import has_words

    history._load_action_modules()
    assert history._ACTIONS  # the registry is filled by the action modules
    assert sorted(action for action in history._ACTIONS if not has_words(action)) == []
