"""The transcript view: a Line API ``ScrollView`` that builds only the visible lines.

Fed with plain data (text, segments, codings, code colours), it never reads the
database. Each visual line is: a gutter (cursor bar and a marker per code on
that line), a label column (segment number and speaker, on a segment's first
line), and the text with coded spans in their codes' colours, the current
segment highlighted, interviewer turns dimmed, and evidence, search matches and
the selection marked (drawn by :mod:`qualcode.tui.widgets.transcript_lines`).
Wrapped lines are cached per width; built lines are cached until the data
changes, so scrolling a 200,000-character transcript costs the same as
scrolling a short one.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from qualcode.tui.layout import WrapCache, WrappedLines, label_cells, offset_at_cell
from qualcode.tui.widgets.transcript_lines import GUTTER_CELLS, TranscriptLines

LABEL_CELLS = 11  # the narrowest label column: "123 受访者 " (ordinal, speaker, a space)
MAX_LABEL_CELLS = 20  # the widest: "123 " + a 15-cell speaker name + a space
LINE_CACHE_SIZE = 512  # a few screens; memory stays flat however long the transcript


@dataclass(frozen=True)
class ViewSegment:
    """What the view needs of a segment (models.Segment has these fields)."""

    id: int
    ordinal: int
    start: int
    end: int
    speaker: str | None
    role: str


@dataclass(frozen=True)
class ViewSpan:
    """A coded span: a coding's offsets and code (and its coder, for the coder marks)."""

    start: int
    end: int
    code_id: str
    coder: str = ""


class TranscriptView(TranscriptLines, ScrollView, can_focus=True, inherit_bindings=False):
    """Line API transcript with coded spans, current segment and highlights.

    It takes none of ScrollView's keys (↑ ↓ PgUp PgDn Home End): those move the
    current turn on the coding screen. If the view scrolled on them, the current
    turn would stay where it was, off screen, and the next code key would code it.
    """

    COMPONENT_CLASSES = {
        "transcript--current",
        "transcript--bar",
        "transcript--label",
        "transcript--interviewer",
        "transcript--evidence",
        "transcript--search",
        "transcript--selection",
    }

    DEFAULT_CSS = """
    TranscriptView {
        overflow-x: hidden;
        scrollbar-gutter: stable;
        background: $surface;
    }
    TranscriptView > .transcript--current { background: $primary 25%; }
    TranscriptView > .transcript--bar { color: $accent; }
    TranscriptView > .transcript--label { color: $text-muted; }
    TranscriptView > .transcript--interviewer { color: $text-muted; }
    TranscriptView > .transcript--evidence { text-style: bold underline; color: $warning; }
    TranscriptView > .transcript--search { background: $warning; color: $background; }
    TranscriptView > .transcript--selection { text-style: reverse; }
    """

    # No repaint of the whole view: watch_current repaints the old and new turn's lines, and a scroll to the
    # new turn repaints what it must (a full repaint per j/k cost several ms of frame time).
    current: reactive[int] = reactive(0, always_update=True, layout=False, repaint=False)

    class SegmentClicked(Message):
        def __init__(self, index: int, offset: int) -> None:
            super().__init__()
            self.index = index
            self.offset = offset

    class CurrentVisibility(Message):
        """The current turn went out of view (mouse wheel, scrollbar) or came back into it."""

        def __init__(self, visible: bool) -> None:
            super().__init__()
            self.visible = visible

    class SpanSelected(Message):
        """A mouse drag selected ``[start, end)`` inside segment ``index``."""

        def __init__(self, index: int, start: int, end: int) -> None:
            super().__init__()
            self.index = index
            self.start = start
            self.end = end

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._text = ""
        self._segments: list[ViewSegment] = []
        self._segment_starts: list[int] = []
        self._wrap = WrapCache("", [])
        self._wrapped: WrappedLines | None = None
        self._spans_by_segment: dict[int, list[ViewSpan]] = {}
        self.coder_glyphs: dict[str, str] = {}  # coder -> gutter shape (see coder_glyphs)
        self._colors: dict[str, str] = {}
        self._evidence: list[tuple[int, int]] = []
        self._matches: list[tuple[int, int]] = []
        self._match_starts: list[int] = []
        self._selection: tuple[int, int] | None = None
        self._line_cache: LRUCache[int, Strip] = LRUCache(LINE_CACHE_SIZE)
        self.lines_built = 0  # how many lines were ever built (only visible ones are)
        self._style_cache: dict[str, Style] | None = None
        self._drag_anchor: tuple[int, int] | None = None  # (segment index, offset)
        self.label_cells = LABEL_CELLS
        self._current_visible = True
        self._moving_current = False

    # ------------------------------------------------------------------ data in
    def set_transcript(self, text: str, segments: Sequence[ViewSegment]) -> None:
        self._text = text
        self._segments = list(segments)
        self._segment_starts = [segment.start for segment in self._segments]
        # Wide enough for the longest speaker ("Interviewer", not "Interv"), so no label is cut.
        self.label_cells = label_cells((s.speaker for s in self._segments), LABEL_CELLS, MAX_LABEL_CELLS)
        self._wrap = WrapCache(text, self._segments)
        self._spans_by_segment = {}
        self._evidence, self._matches, self._match_starts, self._selection = [], [], [], None
        self.set_reactive(TranscriptView.current, 0)
        self._relayout()

    def set_codings(self, spans: Iterable[ViewSpan], colors: dict[str, str]) -> None:
        """Replace the coded spans (each shown on every segment it overlaps)."""
        self._colors = dict(colors)
        by_segment: dict[int, list[ViewSpan]] = {}
        for span in spans:
            first = max(0, bisect.bisect_right(self._segment_starts, span.start) - 1)
            for index in range(first, len(self._segments)):
                segment = self._segments[index]
                if segment.start >= span.end and index > first:
                    break
                if span.start < max(segment.end, segment.start + 1) and span.end > segment.start:
                    by_segment.setdefault(index, []).append(span)
        changed = {index for index in by_segment.keys() | self._spans_by_segment.keys()
                   if by_segment.get(index) != self._spans_by_segment.get(index)}
        self._spans_by_segment = by_segment
        self._invalidate_segments(changed)

    def set_segment_codings(self, index: int, spans: list[ViewSpan]) -> None:
        """Replace one segment's coded spans (spans of a segment's codings stay inside it)."""
        if spans:
            if spans == self._spans_by_segment.get(index):
                return
            self._spans_by_segment[index] = spans
        elif self._spans_by_segment.pop(index, None) is None:
            return
        self._invalidate_segments([index])

    def set_evidence(self, spans: Iterable[tuple[int, int]]) -> None:
        spans = sorted(spans)
        if spans != self._evidence:
            touched = {self.index_of_offset(start) for start, _ in self._evidence + spans}
            self._evidence = spans
            self._invalidate_segments(touched)

    def set_matches(self, spans: Iterable[tuple[int, int]]) -> None:
        self._matches = sorted(spans)
        self._match_starts = [start for start, _ in self._matches]
        self._invalidate()

    def set_selection(self, span: tuple[int, int] | None) -> None:
        if span != self._selection:
            touched = {self.index_of_offset(s[0]) for s in (self._selection, span) if s is not None}
            self._selection = span
            self._invalidate_segments(touched)

    @property
    def segment_count(self) -> int:
        return len(self._segments)

    @property
    def selection(self) -> tuple[int, int] | None:
        return self._selection

    @property
    def wrapped(self) -> WrappedLines | None:
        return self._wrapped

    def segment_at(self, index: int) -> ViewSegment:
        return self._segments[index]

    def index_of_offset(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._segment_starts, offset) - 1)

    # ------------------------------------------------------------------ layout
    def _text_cells(self) -> int:
        return max(4, self.scrollable_content_region.width - GUTTER_CELLS - self.label_cells)

    def _relayout(self) -> None:
        self._line_cache.clear()
        if not self.is_mounted or self.size.width == 0:
            self._wrapped = None
            return
        self._wrapped = self._wrap.get(self._text_cells())
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._wrapped))
        self.scroll_to_current(animate=False)
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    def on_mount(self) -> None:
        self._relayout()

    def _invalidate(self) -> None:
        self._line_cache.clear()
        self.refresh()

    def _invalidate_segments(self, indices: Iterable[int]) -> None:
        """Forget and repaint only the lines of these segments (a toggle repaints one segment)."""
        wrapped = self._wrapped
        if wrapped is None:
            return
        top = round(self.scroll_y)
        height = self.scrollable_content_region.height
        width = self.scrollable_content_region.width
        for index in indices:
            if not 0 <= index < len(self._segments):
                continue
            lines = wrapped.lines_of(index)
            for line in lines:
                self._line_cache.discard(line)
            first, stop = max(lines.start, top), min(lines.stop, top + height)
            if first < stop:
                self.refresh(Region(0, first - top, width, stop - first))

    def watch_current(self, old: int, new: int) -> None:
        self._invalidate_segments({old, new})
        self._moving_current = True  # whoever moves the current turn shows its state: no message about it
        try:
            self.scroll_to_current(animate=False)
        finally:
            self._moving_current = False
        self._current_visible = self.current_in_view()

    def scroll_to_current(self, *, animate: bool = False) -> None:
        if self._wrapped is None or not self._segments:
            return
        lines = self._wrapped.lines_of(min(self.current, len(self._segments) - 1))
        self.scroll_to_lines(lines.start, lines.stop, animate=animate)

    def scroll_to_lines(self, first: int, stop: int, *, animate: bool = False) -> None:
        # force: on the first layout (a screen opened at a passage, a search hit, a re-imported version's same
        # words) the scrollbar is not yet switched on, and Textual ignored the scroll: the status named turn 34
        # while the view showed turn 1, and a code key coded a turn the researcher could not see.
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y)
        if first < top:
            self.scroll_to(y=first, animate=animate, immediate=True, force=True)
        elif stop > top + height:
            self.scroll_to(y=max(first - 0, stop - height) if stop - first <= height else first,
                           animate=animate, immediate=True, force=True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        visible = self.current_in_view()
        if visible != self._current_visible and not self._moving_current:  # only a flip, so scrolling stays cheap
            self._current_visible = visible
            self.post_message(self.CurrentVisibility(visible))

    def current_in_view(self) -> bool:
        if self._wrapped is None or not self._segments:
            return True
        above, below = self.lines_outside_view(self.current)
        return above + below < len(self._wrapped.lines_of(self.current))

    def lines_outside_view(self, index: int) -> tuple[int, int]:
        """(lines of turn ``index`` above the view, lines below it): a tall turn is read by scrolling these."""
        if self._wrapped is None or not 0 <= index < len(self._segments):
            return 0, 0
        lines = self._wrapped.lines_of(index)
        top = round(self.scroll_y)
        bottom = top + max(1, self.scrollable_content_region.height)
        return max(0, top - lines.start), max(0, lines.stop - bottom)

    def scroll_lines(self, count: int) -> None:
        """Scroll ``count`` visual lines (negative: up) at once."""
        self.scroll_to(y=max(0, round(self.scroll_y) + count), animate=False, immediate=True)

    def scroll_to_offset(self, offset: int) -> None:
        """Bring the visual line showing document ``offset`` into view (for search hits)."""
        if self._wrapped is None:
            return
        line = self._wrapped.line_of_offset(self.index_of_offset(offset), offset)
        self.scroll_to_lines(line, line + 1)

    # ------------------------------------------------------------------ mouse
    def _position(self, event: events.MouseEvent) -> tuple[int, int] | None:
        """(segment index, document offset) under the mouse, or None below the text."""
        wrapped = self._wrapped
        line_index = round(self.scroll_y) + event.y
        if wrapped is None or not 0 <= line_index < len(wrapped):
            return None
        start, end = wrapped.start[line_index], wrapped.end[line_index]
        cell = event.x - GUTTER_CELLS - self.label_cells
        offset = start if cell < 0 else offset_at_cell(self._text, start, end, cell)
        return wrapped.segment[line_index], offset

    def on_mouse_down(self, event: events.MouseDown) -> None:
        position = self._position(event)
        if position is None:
            return
        self._drag_anchor = position
        self.capture_mouse()
        self.post_message(self.SegmentClicked(*position))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_anchor is None or not event.button:
            return
        position = self._position(event)
        if position is None:
            return
        index, anchor = self._drag_anchor
        segment = self._segments[index]
        offset = min(max(position[1], segment.start), segment.end)
        low, high = sorted((anchor, offset))
        if high > low:
            self.set_selection((low, high))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drag_anchor is None:
            return
        index, _ = self._drag_anchor
        self._drag_anchor = None
        self.release_mouse()
        if self._selection is not None:
            self.post_message(self.SpanSelected(index, *self._selection))
