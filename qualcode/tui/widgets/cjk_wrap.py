"""Wrapping mixed Chinese and ASCII text where a reader breaks it: between Chinese characters and at spaces,
never inside an id or a number.

Textual (like Rich) breaks lines only at whitespace, and Chinese has none: a whole question is one "word",
folded at the width wherever it falls, so ``（E01_post 第 2 段）`` came out as ``（E0`` / ``1_post 第 2 段）`` at
80 columns. Here lines break as the transcript view breaks them (:mod:`qualcode.tui.layout`): between Chinese
characters and at spaces, a run of ASCII letters and digits kept whole (cut only when longer than a line), a
closing mark (``，。）」``) never starting a line.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual.widgets import Label

from qualcode.tui.layout import wrap_paragraph

def wrap_cells(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken where the transcript view breaks its lines
    (:func:`qualcode.tui.layout.wrap_paragraph`); a blank line stays a blank line."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(paragraph[start:end] for start, end in wrap_paragraph(paragraph, 0, len(paragraph), width))
    return lines


def _longest_unbroken(text: str) -> int:
    """The cells of the widest piece no line break can split (a dialog is never narrower)."""
    return max((cell_len(line) for paragraph in text.split("\n") for line in wrap_cells(paragraph, 1)), default=1)


class CjkWrapped:
    """A renderable that wraps its text with :func:`wrap_cells`; ``str()`` is the text itself (unwrapped)."""

    def __init__(self, text: str, style: str = "") -> None:
        self.text, self.style = text, style

    def __str__(self) -> str:
        return self.text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text("\n".join(wrap_cells(self.text, options.max_width)), style=self.style)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(_longest_unbroken(self.text), options.max_width),
                           max((cell_len(line) for line in self.text.split("\n")), default=1))


class WrappedLabel(Label):
    """A label of plain text wrapped by :func:`wrap_cells` (a dialog's question); ``render()`` gives a renderable
    whose ``str()`` is the text, as a Label's does."""

    def __init__(self, text: str, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(text, markup=False, **kwargs)
        self.text = text

    def render(self) -> CjkWrapped:  # type: ignore[override]
        return CjkWrapped(self.text)
