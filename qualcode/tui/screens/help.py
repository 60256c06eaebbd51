"""Help: every key of every screen, generated from the action registry and the keymap in force."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label

from qualcode.tui import data
from qualcode.tui.widgets.keyhints import KeyHints
from qualcode.tui.keymap import ACTIONS, bindings_for, display_key, effective_keys, localise_bindings

SCOPE_LABELS = {
    "app": ("Everywhere", "全局"), "home": ("Home", "首页"), "coding": ("Coding", "编码"),
    "search": ("Corpus search", "语料检索"), "codebook": ("Codebook editor", "编码本编辑"),
    "stats": ("Statistics", "统计"), "export": ("Export", "导出"), "help": ("Help", "帮助"),
    "disagreements": ("Disagreements", "编码分歧"), "flagged": ("Revised transcripts", "修订待复核"),
    "retrieval": ("Coded passages", "编码段落检索"), "memos": ("Memo browser", "备忘浏览"),
}


def help_rows(language: str, keymap: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """(keys, description, where, action id) for every registered action."""
    column = 1 if language == "zh" else 0
    rows = []
    for spec in ACTIONS:
        keys = ", ".join(display_key(k) for k in effective_keys(spec, keymap).split(","))
        rows.append((keys, spec.label[column], SCOPE_LABELS[spec.scope][column], spec.id))
    return rows


class HelpScreen(Screen):
    SCOPE = "help"
    BINDINGS = bindings_for("help")

    def compose(self) -> ComposeResult:
        localise_bindings(self, self.app.language)
        yield Header()
        yield Label(self.app.tr("help.title"), classes="pane-title")
        yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
        yield KeyHints(self.SCOPE)

    def on_mount(self) -> None:
        tr = self.app.tr
        table = self.query_one(DataTable)
        table.add_columns(tr("help.col.key"), tr("help.col.action"), tr("help.col.where"), "id")
        for keys, description, where, action_id in help_rows(self.app.language, self.app.user_keys):
            table.add_row(Text(keys, style="bold"), description, where, Text(action_id, style="dim"))
        try:
            all_codes = data.all_codes(self.app.project)
        except Exception as error:  # a broken codebook: the keys of the app are still listed
            self.app.report(error)
            all_codes = []
        codes = [code for code in all_codes if code.key]
        if codes:
            table.add_row(Text(""), Text(tr("help.code_keys"), style="bold underline"), "", "")
            colours = data.code_colours(all_codes)
            for code in codes:
                table.add_row(Text(code.key, style="bold " + colours[code.id]), code.label(self.app.language),
                              SCOPE_LABELS["coding"][1 if self.app.language == "zh" else 0], Text(code.id, style="dim"))
        table.focus()

    def action_back(self) -> None:
        self.app.pop_screen()
