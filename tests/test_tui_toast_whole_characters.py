"""A toast's wrapped Chinese message reaches the terminal whole, over any screen.

Textual cut every row of the screen at the edges of every widget on it, the widgets under a toast
included, and a two-cell character across such a cut was painted as two spaces: on the coding screen
at 80×24 the transcript's right edge cut 本文档后面 into 本文档  面. A partial repaint beside the toast
(the transcript refreshing) wrote half of a character, which the terminal erases whole. These tests
record every update the real app writes, play it into a terminal grid that erases a character when
half of it is overwritten (as tmux and xterm do), and compare each toast's rows with the toast's own
lines. Real project, real app, notifications on.
"""

from __future__ import annotations

import pytest
from textual._compositor import CompositorUpdate
from textual.widgets._toast import Toast

from qualcode.app import api
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from qualcode.tui.widgets.transcript import TranscriptView
from tests.terminal_cells import TerminalCells
from tests.test_tui_app import open_s01
from tests.test_tui_history_words import go_to_ordinal, messages
from tests.tui_fixtures import import_transcripts, settle

LAST_UNCODED = "本文档后面没有未编码的受访者段落（本文档前面还有 1 个，从第 2 段起）"


def terminal_of(app, size: tuple[int, int]) -> TerminalCells:
    """A terminal that receives every update the app writes (the headless driver writes none)."""
    terminal = TerminalCells(*size)
    display = app._display

    def display_and_record(screen, renderable) -> None:
        display(screen, renderable)
        if isinstance(renderable, CompositorUpdate) and not app._batch_count:
            terminal.feed(renderable.render_segments(app.console))

    app._display = display_and_record
    return terminal


def toasts_as_painted(app, terminal: TerminalCells) -> list[tuple[list[str], list[str]]]:
    """Each toast's own lines beside the terminal's cells under it."""
    shown = []
    for toast in app.screen.query(Toast):
        region, clip = app.screen._compositor.visible_widgets[toast]
        seen = region.intersection(clip)   # the toast rack may clip a toast's last row at the screen's foot
        own = [strip.text for strip in toast.render_lines(seen.translate(-region.offset))]
        painted = [terminal.text(y, seen.x, seen.width) for y in seen.line_range]
        shown.append((own, painted))
    assert shown, "no toast on screen"
    return shown


def with_one_coded_turn(project, tmp_path):
    import_transcripts(project, tmp_path / "incoming")   # S01_pre: participant turns 2, 4, 6; S02_post: 2
    s01 = repo.get_document(project.conn, "S01_pre", with_text=False)
    api.code_segment(project, repo.segment_by_ordinal(project.conn, s01.id, 4).id, "PF_FAMILY")
    return project


async def show_the_last_uncoded_toast(pilot):
    screen = await open_s01(pilot)
    await settle(pilot)
    await go_to_ordinal(pilot, screen, 6)
    await pilot.press("n")
    await pilot.pause()
    assert any(LAST_UNCODED in message for message in messages(pilot.app)), messages(pilot.app)
    await pilot.pause(0.2)
    return screen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_wrapped_toast_on_the_coding_screen_reaches_the_terminal_whole(project, tmp_path, size):
    app = make_app(with_one_coded_turn(project, tmp_path), poll_seconds=None, language="zh")
    terminal = terminal_of(app, size)
    async with app.run_test(size=size, notifications=True) as pilot:
        screen = await show_the_last_uncoded_toast(pilot)
        for own, painted in toasts_as_painted(app, terminal):
            assert painted == own
        assert any(LAST_UNCODED[:17] in "".join(own) for own, _ in toasts_as_painted(app, terminal))

        # A repaint of the transcript beside the toast (as after a scroll or a coding) rewrites part of its rows.
        screen.query_one(TranscriptView).refresh()
        await pilot.pause()
        for own, painted in toasts_as_painted(app, terminal):
            assert painted == own



async def test_a_wrapped_toast_over_the_home_screens_two_panes_reaches_the_terminal_whole(project, tmp_path):
    # At 120×40 the home screen's documents and codes panes meet under the toast: 下一个 was painted 下  个.
    size = (120, 40)
    app = make_app(with_one_coded_turn(project, tmp_path), poll_seconds=None, language="zh")
    terminal = terminal_of(app, size)
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        app.notify(" " + LAST_UNCODED + "。下一个还有未编码段落的文档：S02_pre（3 个）——再按 n 打开它")
        await pilot.pause(0.2)
        for own, painted in toasts_as_painted(app, terminal):
            assert painted == own
        assert any("下一个" in "".join(own) for own, _ in toasts_as_painted(app, terminal))
