"""Issue 16 items 8 and 9 at 80×24: the function keys in the key line, the home screen's pending column,
the side panel hidden by a key, whole speaker labels and uncut Chinese; asserted on what the screen shows."""

from __future__ import annotations

import pytest

from qualcode.app import api
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from qualcode.tui.widgets.transcript import TranscriptView
from tests.test_tui_app import open_s01, tui_project  # noqa: F401 (fixture)
from tests.tui_fixtures import home_ready

SMALL = (80, 24)


def screen_lines(app) -> list[str]:
    """The text of every row of the screen as a terminal shows it."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


@pytest.mark.parametrize("language, words", [("zh", ("F1帮助", "F3编码本", "F5导出", "F8复核")),
                                             ("en", ("F1Help", "F3Codebook", "F5Export", "F8Flagged"))])
async def test_home_at_80x24_keeps_the_pending_column_and_the_function_keys(tui_project, language, words):
    app = make_app(tui_project, poll_seconds=None, language=language)
    async with app.run_test(size=SMALL) as pilot:
        await home_ready(pilot)
        lines = screen_lines(app)
        header = app.tr("home.col.pending")
        assert any(header in line for line in lines), lines
        s01 = next(line for line in lines if "S01_pre" in line)
        row = next(r for r in app.screen.rows if r.name == "S01_pre")
        expected = str(row.pending_suggestions) if row.pending_suggestions else "·"
        assert s01.rstrip().endswith(expected)
        footer = " ".join(lines[-3:])
        for word in words:
            assert word in footer.replace(" ", ""), footer


async def test_the_side_panel_hides_and_the_transcript_takes_the_width(tui_project):
    app = make_app(tui_project, poll_seconds=None, language="zh")
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_s01(pilot)
        view = screen.query_one(TranscriptView)
        narrow = view.size.width
        keys = " ".join(screen_lines(app)[-3:]).replace(" ", "")
        assert "\\侧栏" in keys and all(f"F{n}" in keys for n in range(1, 11))  # every function key shown
        await pilot.press("backslash")
        await pilot.pause()
        assert not screen.query_one("#side").display and view.size.width == 80 > narrow + 20
        assert max(view.wrapped.line_count_of_segment) < 3  # the long turns now wrap on fewer lines
        await pilot.press("j", "f")  # still codes the current turn
        assert [c.code_id for c in repo.list_codings(tui_project.conn)] == ["PF_FAMILY"]
        await pilot.press("escape")
        await home_ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert not app.screen.query_one("#side").display  # remembered for the session
        await pilot.press("backslash")
        await pilot.pause()
        assert app.screen.query_one("#side").display


async def test_speaker_labels_and_chinese_labels_are_not_cut(project, tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "E05_pre.txt").write_text(
        "Interviewer: How are things at school?\nP05: Better since the group; my mum helps a lot.\n",
        encoding="utf-8")
    api.import_paths(project, [folder])
    document = repo.get_document(project.conn, "E05_pre")
    second = repo.list_segments(project.conn, document.id)[1]
    for code_id in ("ND_FAMILY", "ND_CAREER", "ND_CONFIDENCE", "ND_EMOTION"):
        api.code_segment(project, second.id, code_id)
    app = make_app(project, poll_seconds=None, language="zh")
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_s01(pilot)
        await pilot.press("j")
        lines = screen_lines(app)
        assert any("1 Interviewer How" in line for line in lines), lines
        assert any("2 P05" in line for line in lines), lines
        status = "".join(lines[-5:-3])  # the status line's two rows, above the three key rows
        for code_id in ("ND_FAMILY", "ND_CAREER", "ND_CONFIDENCE", "ND_EMOTION"):
            assert screen.code_index[code_id].label("zh") in status, status


async def test_the_current_turn_stays_in_view_when_the_side_panel_toggles(project, tmp_path):
    from tests.test_tui_navigation import import_long

    import_long(project, tmp_path)
    app = make_app(project, poll_seconds=None, language="zh")
    async with app.run_test(size=SMALL) as pilot:
        await home_ready(pilot)
        await pilot.press("enter", "2", "4", "enter")
        screen = app.screen
        view = screen.query_one(TranscriptView)
        for key in ("backslash", "backslash"):
            await pilot.press(key)
            await pilot.pause()
            lines = view.wrapped.lines_of(screen.index)
            top, height = round(view.scroll_y), view.scrollable_content_region.height
            assert lines.start < top + height and lines.stop > top, (key, lines, top, height)


@pytest.mark.parametrize("language", ["en", "zh"])
async def test_the_coding_key_line_fits_three_rows_at_80x24_and_shows_every_key(tui_project, language):
    """At 80 columns the English coding screen's keys took four of 24 rows (two groups each wrapped onto a
    second row); the groups now flow together when that saves a row, and no key is hidden or cut."""
    from qualcode.tui.keymap import actions_for, display_key, effective_keys
    from qualcode.tui.widgets.keyhints import KeyHints, function_key_text

    app = make_app(tui_project, language=language, poll_seconds=None)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_s01(pilot)
        hints = screen.query_one(KeyHints)
        rows = str(hints.render()).splitlines()
        assert len(rows) == hints.size.height <= 3, rows
        assert all(len(row) <= 80 and not row.rstrip().endswith("…") for row in rows), rows
        on_screen = screen_lines(app)[-len(rows):]
        assert [row.rstrip() for row in on_screen] == [row.rstrip() for row in rows]  # drawn, not cut off
        shown = " " + " ".join(rows)
        for entry in function_key_text(("coding", "app"), language, {}).plain.split():
            assert entry in shown, (entry, rows)
        for scope in ("coding", "app"):
            for spec in actions_for(scope):
                keys = effective_keys(spec, {})
                if spec.show and not keys.startswith("f"):
                    key = display_key(keys.split(",")[0]).replace("Ctrl+", "^")
                    assert f" {key}" in shown, (key, rows)
