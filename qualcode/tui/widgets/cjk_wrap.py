"""Wrapping mixed Chinese and ASCII text where a reader breaks it: between Chinese characters and at spaces,
never inside an id or a number.

Textual (like Rich) breaks lines only at whitespace, and Chinese has none: a whole question is one "word",
folded at the width wherever it falls, so ``（E01_post 第 2 段）`` came out as ``（E0`` / ``1_post 第 2 段）`` at
80 columns. Here every Chinese character is a place to break, a run of ASCII letters, digits and ``_-.:#/``
is kept whole (folded only when longer than a line), a closing mark (``，。）」``) stays with what it closes and
an opening one (``（「``) with what it opens.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual.widgets import Label

CLOSING = set("，。、；：！？）」』】〉》”’…—,.;:!?)]}%")
OPENING = set("（「『【〈《“‘([{")


def break_units(text: str) -> list[str]:
    """The text in pieces a line may break between: spaces, each Chinese character (with its marks), ASCII runs."""
    units: list[str] = []
    glued = False   # the previous character opens something: the next one stays with it
    for character in text:
        if character.isspace():
            units.append(character)
            glued = False
            continue
        wide = cell_len(character) == 2
        previous = units[-1] if units else ""
        joins = bool(previous) and not previous[-1].isspace() and (
            glued or character in CLOSING or (not wide and cell_len(previous[-1]) == 1))
        if joins:
            units[-1] += character
        else:
            units.append(character)
        glued = character in OPENING
    return units


def wrap_cells(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken between :func:`break_units`."""
    width = max(1, width)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for unit in break_units(paragraph):
            size = cell_len(unit)
            if unit.isspace():
                if used + size <= width:
                    line, used = line + unit, used + size
                continue   # a space at the end of a line goes
            if used + size > width and line.strip():
                lines.append(line.rstrip())
                line, used = "", 0
            while size > width:   # longer than a line (a long path): folded, as nothing else can be done
                head, cells = "", 0
                for character in unit:
                    if cells + cell_len(character) > width - used:
                        break
                    head, cells = head + character, cells + cell_len(character)
                lines.append((line + head).rstrip())
                line, used, unit = "", 0, unit[len(head):]
                size = cell_len(unit)
            line, used = line + unit, used + size
        lines.append(line.rstrip())
    return lines


class CjkWrapped:
    """A renderable that wraps its text with :func:`wrap_cells`; ``str()`` is the text itself (unwrapped)."""

    def __init__(self, text: str, style: str = "") -> None:
        self.text, self.style = text, style

    def __str__(self) -> str:
        return self.text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text("\n".join(wrap_cells(self.text, options.max_width)), style=self.style)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        units = [cell_len(unit) for unit in break_units(self.text) if not unit.isspace()]
        return Measurement(min(max(units, default=1), options.max_width),
                           max((cell_len(line) for line in self.text.split("\n")), default=1))


class WrappedLabel(Label):
    """A label of plain text wrapped by :func:`wrap_cells` (a dialog's question); ``render()`` gives a renderable
    whose ``str()`` is the text, as a Label's does."""

    def __init__(self, text: str, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(text, markup=False, **kwargs)
        self.text = text

    def render(self) -> CjkWrapped:  # type: ignore[override]
        return CjkWrapped(self.text)
