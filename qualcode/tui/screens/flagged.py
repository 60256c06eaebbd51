"""Codings flagged after a transcript was revised: what they were on, what they are on now.

Re-import moves every coding onto the same words of the new version and flags
those whose words changed or were deleted (``qualcode.app.importing.reanchor``). This screen
lists the open flags, jumps to a moved coding on the new version, and marks a
flag resolved through ``reanchor.resolve_reviews`` (one transaction).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label, Static

from qualcode.app.importing.reanchor import resolve_reviews
from qualcode.tui import data
from qualcode.tui.keymap import bindings_for, localise_bindings
from qualcode.tui.widgets.keyhints import KeyHints

def cell_chars(width: int) -> int:
    """Characters of old/new text per table cell (CJK: two cells each); the full text is shown below."""
    return max(8, (width - 64) // 4)


def clipped(text: str | None, limit: int) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


class FlaggedCodingsScreen(Screen):
    SCOPE = "flagged"
    BINDINGS = bindings_for("flagged")
    DEFAULT_CSS = """
    FlaggedCodingsScreen #flagged { height: 1fr; }
    FlaggedCodingsScreen #flagged-detail { height: auto; max-height: 12; border: round $primary; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.items: list[data.FlaggedCoding] = []

    def compose(self) -> ComposeResult:
        localise_bindings(self, self.app.language)
        yield Header()
        yield Label(self.app.tr("flagged.title"), classes="pane-title")
        yield DataTable(id="flagged", cursor_type="row", zebra_stripes=True)
        yield Static("", id="flagged-detail")
        yield KeyHints(self.SCOPE)

    def on_mount(self) -> None:
        tr = self.app.tr
        table = self.query_one("#flagged", DataTable)
        table.add_columns(*(tr(f"flagged.col.{c}") for c in ("document", "code", "coder", "reason", "old", "new")))
        self.reload_data()
        table.focus()

    def on_screen_resume(self) -> None:
        self.reload_data()

    def reload_data(self, outside: bool = False) -> None:
        self.items = data.flagged_codings(self.app.project, coder=self.app.visible_coder)
        table = self.query_one("#flagged", DataTable)
        row = table.cursor_row
        table.clear()
        tr, chars = self.app.tr, cell_chars(self.app.size.width)
        for item in self.items:
            reason = Text(tr(f"flagged.{item.reason}"), style="red" if item.reason == "deleted" else "yellow")
            table.add_row(item.document_name, item.code_id, item.coder, reason,
                          clipped(item.old_text, chars), clipped(item.new_text, chars) or "—", key=str(item.review_id))
        if self.items:
            table.move_cursor(row=min(row, len(self.items) - 1))
        self._show_detail()

    def _code_label(self, code_id: str) -> str:
        try:
            codes = {code.id: code for code in data.all_codes(self.app.project)}
        except Exception:  # a broken codebook: the code id still says which code
            return code_id
        code = codes.get(code_id)
        return f"{code_id} {code.label(self.app.language)}" if code else code_id

    def selected(self) -> data.FlaggedCoding | None:
        table = self.query_one("#flagged", DataTable)
        if not self.items or table.row_count == 0:
            return None
        return self.items[min(table.cursor_row, len(self.items) - 1)]

    @on(DataTable.RowHighlighted, "#flagged")
    def _show_detail(self) -> None:
        tr, item = self.app.tr, self.selected()
        detail = self.query_one("#flagged-detail", Static)
        if item is None:
            detail.update(tr("flagged.none"))
            return
        text = Text(f"{item.document_name} · {self._code_label(item.code_id)} · {item.coder} · "
                    f"{tr('flagged.' + item.reason)}\n", style="dim")
        text.append(f"{tr('flagged.old')}: ", style="bold")
        text.append(item.old_text + "\n")
        text.append(f"{tr('flagged.new')}: ", style="bold")
        text.append(item.new_text if item.new_text is not None else tr("flagged.gone"),
                    style="" if item.new_text is not None else "italic red")
        detail.update(text)

    # ------------------------------------------------------------------ actions
    @on(DataTable.RowSelected, "#flagged")
    def _row_chosen(self) -> None:
        self.action_open_coding()

    def action_open_coding(self) -> None:
        item = self.selected()
        if item is None:
            return
        if item.coding_id is None:
            self.notify(self.app.tr("flagged.no_jump"), severity="warning", timeout=6)
            return
        self.app.open_document(item.document_id, segment_id=item.segment_id, offset=item.start)

    def action_resolve(self) -> None:
        item = self.selected()
        if item is None:
            return
        try:
            resolve_reviews(self.app.project.conn, [item.review_id])
        except Exception as error:  # reported in one line; nothing changed
            self.app.report(error)
            return
        self.notify(self.app.tr("flagged.resolved", code=item.code_id, document=item.document_name), timeout=3)
        self.reload_data()
        self.app.show_subtitle()

    def action_back(self) -> None:
        self.app.pop_screen()
