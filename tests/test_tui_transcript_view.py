"""The Line API transcript view on a 200,000-character Chinese transcript, driven by Pilot."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import App, ComposeResult

from qualcode.tui.widgets.transcript import TranscriptView, ViewSegment, ViewSpan
from qualcode.tui.widgets.transcript_lines import GUTTER_CELLS
from tests.tui_text import long_transcript


class ViewApp(App):
    def __init__(self, text: str, segments: list[ViewSegment]) -> None:
        super().__init__()
        self.text, self.segments = text, segments

    def compose(self) -> ComposeResult:
        yield TranscriptView(id="view")

    def on_mount(self) -> None:
        self.query_one(TranscriptView).set_transcript(self.text, self.segments)


def make_segments(turns) -> list[ViewSegment]:
    return [ViewSegment(i + 1, i + 1, s, e, speaker, role) for i, (s, e, speaker, role) in enumerate(turns)]


def screen_lines(view: TranscriptView) -> list[str]:
    return [view.render_line(y).text for y in range(view.scrollable_content_region.height)]


async def test_long_transcript_builds_only_visible_lines_and_wraps_by_cells():
    text, turns = long_transcript(200_000)
    assert len(text) >= 200_000
    app = ViewApp(text, make_segments(turns))
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(TranscriptView)
        await pilot.pause()
        height = view.scrollable_content_region.height
        # Only what is on screen was built, not the thousands of lines of the whole text.
        assert len(view.wrapped) > 5_000
        assert 0 < view.lines_built <= height
        lines = screen_lines(view)
        width = view.scrollable_content_region.width
        assert all(cell_len(line) == width for line in lines)
        # Line 1 shows segment 1's number and speaker and the question's first characters.
        assert lines[0][GUTTER_CELLS:].startswith("  1 访谈者")
        assert "你能说说" in lines[0]
        # Jump near the end: the view scrolls there and builds that page only.
        built = view.lines_built
        view.current = view.segment_count - 1
        await pilot.pause()
        assert round(view.scroll_y) > len(view.wrapped) - 2 * height
        last = screen_lines(view)
        assert any(f"{view.segment_count:>3} " in line for line in last)
        assert view.lines_built - built <= height + 4  # the new page, plus the old cursor's lines


async def test_coded_span_gets_its_colour_and_a_gutter_marker():
    text = "访谈者：你好吗？\n受访者：我妈妈经常鼓励我，家里人一直支持我。"
    segments = [ViewSegment(1, 1, 4, 8, "访谈者", "interviewer"), ViewSegment(2, 2, 13, len(text), "受访者", "participant")]
    app = ViewApp(text, segments)
    async with app.run_test(size=(60, 10)) as pilot:
        view = app.query_one(TranscriptView)
        span_start = text.index("家里人")
        view.set_codings([ViewSpan(span_start, span_start + 7, "PF_FAMILY")], {"PF_FAMILY": "#3cb44b"})
        await pilot.pause()
        strip = view.render_line(1)
        markers = [seg for seg in strip if seg.text == "■"]
        assert markers and markers[0].style.color.name == "#3cb44b"
        by_text = {seg.text: seg.style for seg in strip}
        assert by_text["家里人一直支持"].bgcolor != by_text["我妈妈经常鼓励我，"].bgcolor
        # The interviewer's line is dimmed relative to the participant's text.
        interviewer_text = [seg for seg in view.render_line(0) if "你好吗" in seg.text][0]
        participant_text = [seg for seg in strip if "我妈妈" in seg.text][0]
        assert interviewer_text.style.color != participant_text.style.color


async def test_click_posts_the_segment_and_offset_under_the_mouse():
    text = "访谈者：你好吗？\n受访者：我很好。"
    segments = [ViewSegment(1, 1, 4, 8, "访谈者", "interviewer"), ViewSegment(2, 2, 13, 17, "受访者", "participant")]
    clicks: list[tuple[int, int]] = []

    class ClickApp(ViewApp):
        def on_transcript_view_segment_clicked(self, message: TranscriptView.SegmentClicked) -> None:
            clicks.append((message.index, message.offset))

    app = ClickApp(text, segments)
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        # Cell 2 of the text column of line 2 is the second hanzi, 很.
        await pilot.click(TranscriptView, offset=(GUTTER_CELLS + app.query_one(TranscriptView).label_cells + 2, 1))
        assert clicks == [(1, text.index("很"))]


async def test_moving_the_current_turn_repaints_only_its_lines_and_the_frame_follows():
    # Ten one-line turns in a view taller than them: these moves never scroll, so only the watcher's
    # repaint of the old and new turn can bring the cursor bar (▌) into the frame the terminal gets.
    text = "\n".join(f"受访者：第{n}句话。" for n in range(10))
    starts = [text.index(f"第{n}句") for n in range(10)]
    segments = make_segments([(start, start + 5, "受访者", "participant") for start in starts])
    app = ViewApp(text, segments)
    async with app.run_test(size=(60, 14)) as pilot:
        view = app.query_one(TranscriptView)
        await pilot.pause()
        previous = 0
        for target in (1, 2, 5, 4):
            view.current = target
            # A repaint of the two turns, not of the whole view (a full repaint per key cost frame time).
            assert {region.y for region in view._repaint_regions} == {target, previous}
            await pilot.pause()
            frame = [strip.text for strip in app.screen._compositor.render_strips()]
            marked = [row for row, line in enumerate(frame) if line.startswith("▌")]
            assert marked == [target], (target, frame)
            previous = target
