"""How the transcript view draws one visual line: a gutter (cursor bar and a marker per code on the line, shaped
by its coder), a label column (segment number and speaker, on a segment's first line), and the text with coded
spans in their codes' colours, the current turn highlighted, interviewer turns dimmed, and evidence, search
matches and the selection marked.

Mixed into :class:`qualcode.tui.widgets.transcript.TranscriptView` (uses its wrapped lines, segments, spans,
colours, marks and line cache); built lines are cached until the data changes.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.segment import Segment as RichSegment
from rich.style import Style
from textual.color import Color
from textual.strip import Strip

from qualcode.tui.layout import WrappedLines, fit_cells

if TYPE_CHECKING:
    from qualcode.tui.widgets.transcript import ViewSpan

GUTTER_CELLS = 5  # cursor bar, three code markers, a space
MAX_MARKERS = 3

# Which coder coded what (issue 16 item 5): the gutter marker's shape is the coder's, its colour the code's.
# The screen fills ``TranscriptView.coder_glyphs`` (own codings ■, then one shape per other coder).
CODER_GLYPHS = ("■", "●", "▲", "◆", "▼")


def coder_glyphs(own: str, coders: Iterable[str]) -> dict[str, str]:
    """The gutter shape per coder: ``own`` gets ■, the others the next shapes in name order."""
    others = sorted({c for c in coders if c != own})
    glyphs = {own: CODER_GLYPHS[0]}
    glyphs.update({c: CODER_GLYPHS[1 + i % (len(CODER_GLYPHS) - 1)] for i, c in enumerate(others)})
    return glyphs


class TranscriptLines:
    """Mixed into TranscriptView: the Line API's ``render_line`` and the pieces of a line."""

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        wrapped = self._wrapped
        line_index = round(self.scroll_y) + y
        if wrapped is None or line_index >= len(wrapped):
            return Strip.blank(width, self.rich_style)
        strip = self._line_cache.get(line_index)
        if strip is None:
            strip = self._build_line(wrapped, line_index, width)
            self._line_cache[line_index] = strip
        return strip

    def _styles(self) -> dict[str, Style]:
        """Rich styles of the component classes, with theme colours blended onto the background.

        Full (not partial) component styles are used for colours because theme
        colours such as $text-muted are translucent: only the blended colour
        reads correctly in a terminal.
        """
        if self._style_cache is None:
            def full(name: str) -> Style:
                return self.get_component_rich_style(name, partial=False)

            def partial(name: str) -> Style:
                return self.get_component_rich_style(name, partial=True)

            self._style_cache = {
                "base": self.rich_style,
                "current": Style(bgcolor=full("transcript--current").bgcolor),
                "bar": Style(color=full("transcript--bar").color),
                "label": Style(color=full("transcript--label").color),
                "interviewer": Style(color=full("transcript--interviewer").color),
                "evidence": partial("transcript--evidence") + Style(color=full("transcript--evidence").color),
                "search": Style(color=full("transcript--search").color, bgcolor=full("transcript--search").bgcolor),
                "selection": partial("transcript--selection"),
            }
        return self._style_cache

    def notify_style_update(self) -> None:
        self._style_cache = None
        self._line_cache.clear()
        super().notify_style_update()

    def _build_line(self, wrapped: WrappedLines, line_index: int, width: int) -> Strip:
        self.lines_built += 1
        segment_index = wrapped.segment[line_index]
        segment = self._segments[segment_index]
        start, end = wrapped.start[line_index], wrapped.end[line_index]
        is_first = wrapped.first_line_of_segment[segment_index] == line_index
        styles = self._styles()
        base = styles["base"]
        if segment_index == self.current:
            base = base + styles["current"]
        if segment.role == "interviewer":
            base = base + styles["interviewer"]
        spans = self._spans_by_segment.get(segment_index, [])
        pieces = self._gutter(segment_index, spans, start, end, is_first, base)
        label = f"{segment.ordinal:>3} {segment.speaker or ''}" if is_first else ""
        pieces.append(RichSegment(fit_cells(label, self.label_cells - 1) + " ", base + styles["label"]))
        pieces.extend(self._text_pieces(start, end, spans, base))
        return Strip(pieces).adjust_cell_length(width, base)

    def _gutter(self, segment_index: int, spans: list[ViewSpan], start: int, end: int, is_first: bool,
                base: Style) -> list[RichSegment]:
        """Cursor bar, then one coloured marker per code on this line (``+`` when more than fit)."""
        bar = RichSegment("▌" if segment_index == self.current else " ", base + self._styles()["bar"])
        codes: list[tuple[str, str]] = []  # (code, coder): one marker each, shaped by the coder
        for span in spans:
            on_line = span.start < max(end, start + 1) and span.end > start
            if (on_line or (is_first and span.start <= start)) and (span.code_id, span.coder) not in codes:
                codes.append((span.code_id, span.coder))
        pieces = [bar]
        for code_id, coder in codes[:MAX_MARKERS]:
            pieces.append(RichSegment(self.coder_glyphs.get(coder, CODER_GLYPHS[0]),
                                      base + Style(color=self._colors.get(code_id, "#888888"))))
        if len(codes) > MAX_MARKERS:
            pieces[-1] = RichSegment("+", base + Style(bold=True))
        pieces.append(RichSegment(" " * (GUTTER_CELLS - len(pieces)), base))
        return pieces

    def _text_pieces(self, start: int, end: int, spans: list[ViewSpan], base: Style) -> list[RichSegment]:
        marks = self._marks_between(start, end)
        cuts = {start, end}
        for span in spans:
            cuts.update(p for p in (span.start, span.end) if start < p < end)
        for mark_start, mark_end, _ in marks:
            cuts.update(p for p in (mark_start, mark_end) if start < p < end)
        ordered = sorted(cuts)
        pieces: list[RichSegment] = []
        for piece_start, piece_end in zip(ordered, ordered[1:]):
            style = base + self._coding_style(spans, piece_start)
            for mark_start, mark_end, mark_style in marks:
                if mark_start <= piece_start < mark_end:
                    style = style + mark_style
            pieces.append(RichSegment(self._text[piece_start:piece_end], style))
        return pieces

    def _coding_style(self, spans: list[ViewSpan], offset: int) -> Style:
        """The most specific (shortest) coded span at ``offset`` gives the colour."""
        best: ViewSpan | None = None
        for span in spans:
            if span.start <= offset < span.end and (best is None or span.end - span.start < best.end - best.start):
                best = span
        if best is None:
            return Style()
        colour = Color.parse(self._colors.get(best.code_id, "#888888"))
        base = self._styles()["base"]
        background = Color.from_rich_color(base.bgcolor) if base.bgcolor else Color(0, 0, 0)
        return Style(bgcolor=background.blend(colour, 0.45).rich_color)

    def _marks_between(self, start: int, end: int) -> list[tuple[int, int, Style]]:
        marks: list[tuple[int, int, Style]] = []
        styles = self._styles()
        evidence_style = styles["evidence"]
        for mark_start, mark_end in self._evidence:
            if mark_start < end and mark_end > start:
                marks.append((mark_start, mark_end, evidence_style))
        if self._matches:
            search_style = styles["search"]
            index = max(0, bisect.bisect_right(self._match_starts, start) - 1)
            while index < len(self._matches) and self._matches[index][0] < end:
                mark_start, mark_end = self._matches[index]
                if mark_end > start:
                    marks.append((mark_start, mark_end, search_style))
                index += 1
        if self._selection is not None and self._selection[0] < end and self._selection[1] > start:
            marks.append((*self._selection, styles["selection"]))
        return marks
