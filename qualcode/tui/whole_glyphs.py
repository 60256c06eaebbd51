"""A compositor that paints a toast's Chinese characters whole, wherever the widgets under it end.

Textual's compositor (8.x, ``textual/_compositor.py``) cuts every screen row at the left and right
edge of every widget on it, overlays included, and divides each widget's line at those cuts
(``Strip.divide`` -> ``rich.segment.Segment.split_cells``). A two-cell character that straddles a
cut becomes two spaces. A notification toast lies over the transcript, the side panel and the
status line, so the edges *under* it (the transcript's right edge, the side panel's border) cut its
own text: 本文档后面 was painted 本文档  面. The terminal makes it worse: a partial update repaints
only the dirty span, cropped at its edge, so a transcript refresh beside a toast wrote half of a
character, and the terminal (tmux, xterm) erases the whole character when half of it is written.

``WholeGlyphCompositor`` keeps the rest of Textual's compositor and changes three things:

* under a toast that nothing covers, a row is not cut at the edges of the widgets below it (they
  cannot show there), so the toast's line is one piece and keeps every character;
* a widget whose edge is no longer a cut gives only the pieces that start at a cut; the piece
  that started at its hidden edge is under the toast;
* a partial update repaints whole pieces (from the cut before a dirty span to the cut after it),
  never half a piece, so it never writes half of a two-cell character.

The app installs it on every screen as the screen is registered (``QualcodeApp._register``).
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets._toast import Toast


class WholeGlyphCompositor(Compositor):
    """Textual's compositor, but no cut falls inside an uncovered toast and partial updates paint whole pieces."""

    @property
    def cuts(self) -> list[list[int]]:
        if self._cuts is not None:
            return self._cuts
        cuts = Compositor.cuts.fget(self)
        for cover in self._uncovered_toasts():
            for y in cover.line_range:
                cuts[y] = [cut for cut in cuts[y] if not cover.x < cut < cover.right]
        return cuts

    def _uncovered_toasts(self) -> list[Region]:
        """The painted region of each toast with nothing but other toasts in front of it."""
        covers: list[Region] = []
        in_front: list[Region] = []
        for widget, (region, clip) in self.visible_widgets.items():   # front to back
            painted = region.intersection(clip)
            if isinstance(widget, Toast):
                if not any(painted.overlaps(other) for other in in_front):
                    covers.append(painted)
            elif covers:
                break   # every later widget is behind the toasts
            else:
                in_front.append(painted)   # a tooltip, say: a toast under it keeps Textual's cuts
        return covers

    def _render_chops(
        self, crop: Region, is_rendered_line: Callable[[int], bool]
    ) -> Sequence[Mapping[int, Strip]]:
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        for region, clip, strips in self._get_renders(crop):
            painted = region.intersection(clip)
            first_cut, last_cut = painted.column_span
            for y, strip in zip(painted.line_range, strips):
                if not is_rendered_line(y):
                    continue
                starts = [first_cut, *(cut for cut in cuts[y] if first_cut < cut < last_cut)]
                pieces = strip.divide([cut - painted.x for cut in (*starts[1:], last_cut)])
                line = chops[y]
                for start, piece in zip(starts, pieces):
                    # Front to back: the first piece for a cut wins. A start that is no cut is under a toast.
                    if start in line and line[start] is None:
                        line[start] = piece
        return chops  # type: ignore[return-value]

    def render_partial_update(self) -> ChopsUpdate | None:
        update = super().render_partial_update()
        if update is not None:
            update.spans = [self._whole_pieces(y, x1, x2) for y, x1, x2 in update.spans]
        return update

    def _whole_pieces(self, y: int, x1: int, x2: int) -> tuple[int, int, int]:
        row = self.cuts[y]
        return (y, max(cut for cut in row if cut <= x1), min((cut for cut in row if cut >= x2), default=x2))
