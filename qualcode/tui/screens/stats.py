"""Statistics: codings per participant and per wave (plotext bar charts) and a participant × code heat grid.

Counts are distinct coded segments per code (a segment coded twice with one
code by two coders counts once), computed on a worker with its own connection.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label
from textual_plotext import PlotextPlot

from qualcode.tui import data
from qualcode.tui.widgets.keyhints import KeyHints
from qualcode.tui.keymap import bindings_for, localise_bindings


class StatsScreen(Screen):
    SCOPE = "stats"
    BINDINGS = bindings_for("stats")

    class Ready(Message):
        bubble = False  # handled by the screen that posted it

        def __init__(self, stats: data.CodingStats) -> None:
            super().__init__()
            self.stats = stats

    def compose(self) -> ComposeResult:
        localise_bindings(self, self.app.language)
        tr = self.app.tr
        yield Header()
        with VerticalScroll(id="stats-body"):
            yield Label(tr("app.loading"), id="stats-message")
            yield PlotextPlot(id="by-participant", classes="chart")
            yield PlotextPlot(id="by-wave", classes="chart")
            yield Label(tr("stats.heat"), classes="pane-title")
            yield DataTable(id="heat", cursor_type="cell", show_cursor=False)
        yield KeyHints(self.SCOPE)

    def on_mount(self) -> None:
        self.compute()

    def reload_data(self, outside: bool = False) -> None:
        self.compute()

    @work(thread=True, exclusive=True, group="stats")
    def compute(self) -> None:
        project = self.app.project.reopen()
        try:
            self.post_message(self.Ready(data.coding_stats(project)))
        finally:
            project.close()

    @on(Ready)
    def _show(self, message: Ready) -> None:
        stats, tr = message.stats, self.app.tr
        self.query_one("#stats-message", Label).update("" if stats.codes else tr("stats.no_data"))
        by_participant = self.query_one("#by-participant", PlotextPlot)
        plt = by_participant.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(tr("stats.by_participant"))
        if stats.participants:
            plt.bar(stats.participants, [stats.per_participant[p] for p in stats.participants])
        by_participant.refresh()
        by_wave = self.query_one("#by-wave", PlotextPlot)
        plt = by_wave.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(tr("stats.by_wave"))
        if stats.codes and stats.waves:
            series = [[stats.per_wave_code[(wave, code)] for code in stats.codes] for wave in stats.waves]
            plt.multiple_bar(stats.codes, series, labels=stats.waves)
        by_wave.refresh()
        self._heat(stats)

    def _heat(self, stats: data.CodingStats) -> None:
        table = self.query_one("#heat", DataTable)
        table.clear(columns=True)
        if not stats.codes:
            return
        table.add_columns("", *stats.codes)
        highest = max(stats.grid.values())
        for participant in stats.participants:
            cells = [Text(participant, style="bold")]
            for code in stats.codes:
                count = stats.grid[(participant, code)]
                cells.append(heat_cell(count, highest))
            table.add_row(*cells)

    def action_back(self) -> None:
        self.app.pop_screen()


def heat_cell(count: int, highest: int) -> Text:
    """A count on a background from dark (none) to bright (the most in the grid)."""
    if not count:
        return Text("·", style="dim", justify="center")
    level = count / highest if highest else 0
    shade = int(40 + 180 * level)
    return Text(str(count), style=Style(bgcolor=f"rgb({shade // 3},{shade // 2},{shade})", color="white"),
                justify="center")
