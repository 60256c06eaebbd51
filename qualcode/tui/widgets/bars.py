"""A horizontal bar chart drawn with text: one labelled row per bar, whole-number counts.

Chinese labels are measured in terminal cells (``rich.cells``), so bars line up
whatever the script; every bar carries its label and its count, and the bars
scale to the widget's width when it is resized.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.widget import Widget

from qualcode.tui.layout import clip_cells

LABEL_CELLS = 24  # the label column is at least this wide when a label needs it ...
LABEL_SHARE = 0.5  # ... and up to half the chart when labels are longer; longer labels are cut with …


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    colour: str = "cyan"
    detail: str = ""  # shown after the label and never cut (the wave: `目标与生涯规划的需求 · post`)

    @property
    def full_label(self) -> str:
        return f"{self.label} · {self.detail}" if self.detail else self.label


def fit(label: str, cells: int) -> str:
    """``label`` padded or cut (with …) to exactly ``cells`` terminal cells."""
    return set_cell_size(clip_cells(label, cells), cells)


def fit_bar_label(bar: Bar, cells: int) -> str:
    """The bar's label in ``cells`` cells; when it must be cut, the label is cut and its detail kept whole,
    so two bars of one code (pre, post) never look alike."""
    tail = f" · {bar.detail}" if bar.detail else ""
    if not tail or cell_len(bar.full_label) <= cells or cells <= cell_len(tail) + 1:
        return fit(bar.full_label, cells)
    return fit(bar.label, cells - cell_len(tail)).rstrip() + tail


def bar_lines(title: str, bars: Sequence[Bar], width: int) -> Text:
    """The chart as text: a title, then ``label  ████ 3`` per bar (count always shown)."""
    text = Text(title + "\n", style="bold")
    if not bars:
        return text
    widest = max(LABEL_CELLS, int(width * LABEL_SHARE))
    label_cells = min(widest, max(cell_len(bar.full_label) for bar in bars))
    highest = max(bar.value for bar in bars) or 1
    number_cells = len(str(highest))
    room = max(1, width - label_cells - number_cells - 3)
    for bar in bars:
        text.append(set_cell_size(fit_bar_label(bar, label_cells), label_cells) + " ")
        length = round(bar.value / highest * room) if bar.value else 0
        text.append("█" * length, style=bar.colour)
        text.append(f" {bar.value}\n")
    return text


class BarChart(Widget):
    """A titled bar chart; ``show(title, bars)`` replaces what it shows."""

    DEFAULT_CSS = "BarChart { height: auto; padding: 0 1; margin-bottom: 1; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title, self.bars = "", []

    def show(self, title: str, bars: Sequence[Bar]) -> None:
        self.title, self.bars = title, list(bars)
        self.refresh(layout=True)

    def render(self) -> Text:
        return bar_lines(self.title, self.bars, max(10, self.size.width))

    def get_content_height(self, container, viewport, width: int) -> int:
        return 1 + len(self.bars)
