"""Issue 16 item 1: ↓ ↑ PgDn PgUp Home End Space and "go to turn N" move the CURRENT turn (the one a code key
codes), a turn taller than the pane is read by scrolling within it first; driven with Pilot on a real project."""

from __future__ import annotations

from qualcode.app.project import open_project
from qualcode.storage import repository as repo
from qualcode.tui.app import make_app
from qualcode.tui.widgets.transcript import TranscriptView
from tests.tui_fixtures import home_ready
from tests.tui_text import ANSWERS

SMALL = (80, 24)


def long_interview(turns: int = 30, long_turn: int = 6) -> str:
    """Alternating turns; participant turn ``long_turn`` (ordinal) is far taller than a 24-line terminal."""
    lines = ["---", "participant: S09", "wave: pre", "---"]
    for ordinal in range(1, turns + 1):
        if ordinal % 2:
            lines.append(f"访谈者：第{ordinal}个问题，你能说说吗？")
        else:
            answer = "".join(ANSWERS[:7]) * (6 if ordinal == long_turn else 1) if ordinal == long_turn \
                else ANSWERS[ordinal % 7]
            lines.append(f"受访者：{answer}")
    return "\n".join(lines) + "\n"


def import_long(project, tmp_path):
    from qualcode.app.api import import_paths

    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "S09_pre.txt").write_text(long_interview(), encoding="utf-8")
    report = import_paths(project, [folder])
    assert not report.errors


def codings_in_db(project):
    with open_project(project.root, coder=project.coder) as other:
        return [(c.code_id, c.segment_id) for c in repo.list_codings(other.conn)]


async def open_first(pilot):
    await home_ready(pilot)
    await pilot.press("enter")
    await pilot.pause()
    return pilot.app.screen


def status_text(screen) -> str:
    return str(screen.query_one("#status").render())


async def test_arrow_keys_move_the_current_turn_and_a_tall_turn_scrolls_first(project, tmp_path):
    import_long(project, tmp_path)
    app = make_app(project, poll_seconds=None, language="zh")
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_first(pilot)
        view = screen.query_one(TranscriptView)
        assert screen.focused is view
        for expected in (2, 3, 4, 5, 6):
            await pilot.press("down")
            assert screen.segment.ordinal == expected
            assert f"第 {expected}/30 段" in status_text(screen)
        tall = view.wrapped.lines_of(screen.index)
        assert len(tall) > 3 * view.scrollable_content_region.height  # taller than the pane
        # ↓ inside the tall turn scrolls it line by line; the current turn stays #6 until its end is shown.
        top = round(view.scroll_y)
        await pilot.press("down")
        assert (screen.segment.ordinal, round(view.scroll_y)) == (6, top + 1)
        # Space pages through the rest of it, then moves on.
        presses = 0
        while screen.segment.ordinal == 6:
            await pilot.press("space")
            presses += 1
            assert presses < len(tall)
        assert screen.segment.ordinal == 7 and presses > 2
        # ↑ goes back into #6 and shows its start (its first line above the view is scrolled back first).
        await pilot.press("up")
        assert screen.segment.ordinal == 6
        above, below = view.lines_outside_view(screen.index)
        assert below == 0 and above > 0  # read backwards: #6 shows its end, ↑ scrolls up through it
        await pilot.press("up")
        assert screen.segment.ordinal == 6 and view.lines_outside_view(screen.index)[0] == above - 1
        await pilot.press("end")
        assert screen.segment.ordinal == 30
        await pilot.press("home")
        assert screen.segment.ordinal == 1
        before = screen.segment.ordinal
        await pilot.press("pagedown")
        assert screen.segment.ordinal > before
        shown = screen.segment
        lines = view.wrapped.lines_of(screen.index)
        top = round(view.scroll_y)
        assert lines.start < top + view.scrollable_content_region.height and lines.stop > top  # on screen
        await pilot.press("pageup")
        assert screen.segment.ordinal < shown.ordinal
        # The code key codes exactly the turn the status line names.
        await pilot.press("end", "up")  # #29 is an interviewer turn: go to #28 instead
        await pilot.press("up")
        named = screen.segment
        assert f"第 {named.ordinal}/30 段" in status_text(screen)
        await pilot.press("f")
        assert codings_in_db(project) == [("PF_FAMILY", named.id)]


async def test_go_to_turn_by_number(project, tmp_path):
    import_long(project, tmp_path)
    app = make_app(project, poll_seconds=None)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_first(pilot)
        await pilot.press("colon", "1", "2", "enter")
        assert app.screen is screen and screen.segment.ordinal == 12
        await pilot.press("2", "5", "enter")  # a digit opens the prompt with that digit typed
        assert screen.segment.ordinal == 25
        await pilot.press("9", "9", "enter")
        assert screen.segment.ordinal == 25  # unchanged, and said why
        assert any("No turn 99" in n.message and "1–30" in n.message for n in app._notifications)
        await pilot.press("colon", "escape")
        assert app.screen is screen and screen.segment.ordinal == 25


async def test_the_status_line_says_when_the_current_turn_is_scrolled_out_of_view(project, tmp_path):
    import_long(project, tmp_path)
    app = make_app(project, poll_seconds=None, language="zh")
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_first(pilot)
        view = screen.query_one(TranscriptView)
        assert "不在视图中" not in status_text(screen)
        view.scroll_to(y=view.wrapped.first_line_of_segment[20], animate=False, immediate=True)  # a mouse wheel
        await pilot.pause()
        assert "第1段不在视图中" in status_text(screen)
        await pilot.press("j")  # moves from turn 1 to turn 2 and brings it into view
        assert screen.segment.ordinal == 2 and "不在视图中" not in status_text(screen)


async def test_a_page_down_paints_one_frame(project, tmp_path):
    """PgDn scrolls, then moves the current turn into view: the "out of view" the scroll announced for the old
    turn is stale by then, and repainting the status for it cost a second frame that the next key had to
    wait behind. Each page is now one frame, and the status names the new turn as in view."""
    import_long(project, tmp_path)
    app = make_app(project, poll_seconds=None)
    frames: list[float] = []
    display = app._display

    def counted(screen, renderable) -> None:  # the frames Textual hands to the terminal
        if renderable is not None:
            frames.append(1)
        display(screen, renderable)

    app._display = counted
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_first(pilot)
        screen.go_to(7)  # past the tall turn 6, among turns shorter than a page
        await pilot.pause(0.3)
        per_page, turns = [], [screen.index]
        for _ in range(6):
            before = len(frames)
            await pilot.press("pagedown")
            await pilot.pause(0.25)  # long enough for any later message to paint
            turns.append(screen.index)
            per_page.append(len(frames) - before)
            assert screen.query_one(TranscriptView).current_in_view()
            assert "out of view" not in str(screen.query_one("#status").render())
        assert len(set(turns)) >= 4, turns  # the pages moved the current turn
        assert per_page == [1] * 6, per_page
