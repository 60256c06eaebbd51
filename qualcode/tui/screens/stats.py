"""Statistics: codings per participant and per code and wave (labelled bars), and a participant × code grid.

Counts are distinct coded segments per code (a segment coded twice with one
code by two coders counts once), computed on a worker with its own connection.
Code names are shown in the interface language; every bar carries its label and
its whole-number count; what the counts leave out (codings on interviewer turns) is said under the coder
line, as on home; ``c`` counts one coder at a time (blind mode: always
one's own); the grid keeps the participant column in view when it scrolls
sideways.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label, Static

from qualcode.app import queries
from qualcode.tui import data
from qualcode.tui.keymap import bindings_for, localise_bindings
from qualcode.tui.screens.home import show_left_out_note
from qualcode.tui.widgets.bars import Bar, BarChart
from qualcode.tui.widgets.keyhints import KeyHints

WAVE_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1")


class StatsScreen(Screen):
    SCOPE = "stats"
    BINDINGS = bindings_for("stats")

    class Ready(Message):
        bubble = False  # handled by the screen that posted it

        def __init__(self, stats: data.CodingStats, coders: list[str], left_out: list[str]) -> None:
            super().__init__()
            self.stats, self.coders, self.left_out = stats, coders, left_out

    def __init__(self) -> None:
        super().__init__()
        self.coder: str | None = None
        self.coders: list[str] = []

    def compose(self) -> ComposeResult:
        localise_bindings(self, self.app.language)
        tr = self.app.tr
        yield Header()
        with VerticalScroll(id="stats-body"):
            yield Label(tr("app.loading"), id="stats-message")
            # what the counts leave out (codings on interviewer turns), as home and the exports say it
            yield Static("", id="stats-note")
            yield BarChart(id="by-participant")
            yield BarChart(id="by-code")
            yield Label(tr("stats.heat"), classes="pane-title")
            yield DataTable(id="heat", cursor_type="cell", show_cursor=False, fixed_columns=1)
        yield KeyHints(self.SCOPE)

    def on_mount(self) -> None:
        self.compute()

    def reload_data(self, outside: bool = False) -> None:
        self.compute()

    @property
    def counted_coder(self) -> str | None:
        return self.app.visible_coder or self.coder

    @work(thread=True, exclusive=True, group="stats")
    def compute(self) -> None:
        project = self.app.project.reopen()
        try:
            self.post_message(self.Ready(data.coding_stats(project, coder=self.counted_coder),
                                         queries.coders_with_codings(project),
                                         data.codings_not_counted(project, coder=self.counted_coder)))
        finally:
            project.close()

    def code_name(self, code_id: str) -> str:
        code = self.app.project.code_index().get(code_id)
        return code.label(self.app.language) if code else code_id

    @on(Ready)
    def _show(self, message: Ready) -> None:
        stats, tr = message.stats, self.app.tr
        self.coders = message.coders
        who = self.counted_coder or tr("stats.every_coder", count=len(self.coders))
        line = tr("stats.coder_line", coder=who)
        self.query_one("#stats-message", Label).update(line if stats.codes else f"{line} · {tr('stats.no_data')}")
        show_left_out_note(self.query_one("#stats-note", Static), self.app, message.left_out)
        self.query_one("#by-participant", BarChart).show(
            tr("stats.by_participant"), [Bar(p, stats.per_participant[p]) for p in stats.participants])
        several = len(stats.waves) > 1
        bars = [Bar(self.code_name(code), stats.per_wave_code[(wave, code)],
                    WAVE_COLOURS[index % len(WAVE_COLOURS)], detail=wave if several else "")
                for code in stats.codes for index, wave in enumerate(stats.waves)
                if stats.per_wave_code[(wave, code)] or several]
        self.query_one("#by-code", BarChart).show(tr("stats.by_code_wave") if several else tr("stats.by_code"), bars)
        self._heat(stats)

    def _heat(self, stats: data.CodingStats) -> None:
        table = self.query_one("#heat", DataTable)
        table.clear(columns=True)
        if not stats.codes:
            return
        table.add_column(self.app.tr("home.col.participant"), key="participant")
        for code in stats.codes:
            table.add_column(self.code_name(code), key=code)
        highest = max(stats.grid.values())
        for participant in stats.participants:
            cells = [Text(participant, style="bold")]
            for code in stats.codes:
                count = stats.grid[(participant, code)]
                cells.append(heat_cell(count, highest))
            table.add_row(*cells, key=participant)

    def action_cycle_coder(self) -> None:
        if self.app.visible_coder:
            return  # blind: one's own codings only
        self.coder = data.next_coder(self.coder, self.coders)
        self.compute()

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
