"""What a terminal shows after the bytes a Textual app writes: a grid of cells, as tmux and xterm keep it.

Enough of a terminal for Textual's output: cursor moves (CSI row;col H), carriage return and line
feed, SGR and other CSI sequences (ignored), and printable characters one or two cells wide. As in
tmux and xterm, writing over either half of a two-cell character erases the whole character: that
is what turns a half-written character into a gap on a real screen.
"""

from __future__ import annotations

import re

from rich.cells import get_character_cell_size

_CSI = re.compile(r"\x1b\[([0-9;?]*)([@-~])")
_RIGHT_HALF = None   # the second cell of a two-cell character


class TerminalCells:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.rows: list[list[str | None]] = [[" "] * width for _ in range(height)]
        self.x = self.y = 0

    def feed(self, data: str) -> None:
        at = 0
        while at < len(data):
            sequence = _CSI.match(data, at)
            if sequence:
                if sequence.group(2) == "H":
                    row, _, column = sequence.group(1).partition(";")
                    self.y, self.x = int(row or 1) - 1, int(column or 1) - 1
                at = sequence.end()
                continue
            character = data[at]
            at += 1
            if character == "\r":
                self.x = 0
            elif character == "\n":
                self.y = min(self.y + 1, self.height - 1)
            elif character >= " ":
                self._put(character)

    def _put(self, character: str) -> None:
        size = get_character_cell_size(character)
        if not size or self.x + size > self.width:
            return
        row, x = self.rows[self.y], self.x
        for cell in range(x, x + size):
            self._erase_character_at(row, cell)
        row[x] = character
        if size == 2:
            row[x + 1] = _RIGHT_HALF
        self.x += size

    def _erase_character_at(self, row: list[str | None], cell: int) -> None:
        if row[cell] is _RIGHT_HALF:
            row[cell - 1] = row[cell] = " "
        elif cell + 1 < self.width and row[cell + 1] is _RIGHT_HALF:
            row[cell] = row[cell + 1] = " "

    def text(self, y: int, x: int = 0, width: int | None = None) -> str:
        cells = self.rows[y][x: None if width is None else x + width]
        return "".join(cell for cell in cells if cell is not _RIGHT_HALF)
