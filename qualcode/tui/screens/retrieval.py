"""Retrieval: every passage coded with one code, with document, turn, coder and memo.

Opened from the home screen's code table (Enter) or the codebook editor (r).
The filter box takes case or document attributes as ``name=value`` (``wave=pre
gender=女``) and any other words as text the passage or its document must
contain; ``c`` cycles through the coders (everyone, then one at a time). Each
coder has a colour mark, the same in every row. Enter opens the coding screen
on the passage's turn. Reads go through ``app.queries`` (no storage import).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, Static

from qualcode.app import queries
from qualcode.tui import data
from qualcode.tui.keymap import bindings_for, localise_bindings
from qualcode.tui.screens.filter_box import FilterBoxKeys
from qualcode.tui.widgets.keyhints import KeyHints
from qualcode.tui.widgets.ordered_input import OrderedInput

CODER_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7")
TEXT_CELLS = 60


def coder_colour(coder: str, coders: list[str]) -> str:
    """A stable colour per coder: the coder's place among all coders, sorted."""
    index = coders.index(coder) if coder in coders else len(coders)
    return CODER_COLOURS[index % len(CODER_COLOURS)]


def _short(value: str, cells: int = 16) -> str:
    """An attribute value cut to ``cells`` characters (a long note must not push the memos off screen)."""
    return value if len(value) <= cells else value[:cells - 1] + "…"


def parse_filter(text: str) -> tuple[dict[str, str], list[str]]:
    """``wave=pre 妈妈`` -> ({"wave": "pre"}, ["妈妈"]); full-width ＝ counts as =."""
    attributes: dict[str, str] = {}
    words: list[str] = []
    for token in text.replace("＝", "=").split():
        name, sep, value = token.partition("=")
        if sep and name:
            attributes[name] = value
        else:
            words.append(token.casefold())
    return attributes, words


class RetrievalScreen(FilterBoxKeys, Screen):
    SCOPE = "retrieval"
    filter_box_id = "retrieval-filter"
    BINDINGS = bindings_for("retrieval")

    def __init__(self, code_id: str) -> None:
        super().__init__()
        self.code_id = code_id
        self.coder: str | None = None
        self.passages: list[queries.CodedPassage] = []
        self.coders: list[str] = []

    def compose(self) -> ComposeResult:
        localise_bindings(self, self.app.language)
        yield Header()
        with Vertical(id="retrieval"):
            yield Label("", id="retrieval-title", classes="pane-title")
            yield OrderedInput(placeholder=self.app.tr("ret.filter"), id="retrieval-filter")
            yield DataTable(id="passages", cursor_type="row", zebra_stripes=True)
            yield Static("", id="passage-detail")
        yield KeyHints(self.SCOPE)

    def on_mount(self) -> None:
        self.reload_data()
        self.query_one("#passages", DataTable).focus()

    def code_name(self) -> str:
        code = self.app.project.code_index().get(self.code_id)
        return f"{code.label(self.app.language)} ({self.code_id})" if code else self.code_id

    def reload_data(self, outside: bool = False) -> None:
        project = self.app.project
        self.coders = queries.coders_with_codings(project)
        shown_coder = self.app.visible_coder or self.coder  # blind mode: only one's own codings
        attributes, words = parse_filter(self.query_one("#retrieval-filter", Input).value)
        try:
            found = queries.coded_passages(project, self.code_id, coder=shown_coder, attributes=attributes)
        except Exception as error:  # a database problem: one line, the screen stays
            self.app.report(error)
            found = []
        self.passages = [p for p in found if all(w in f"{p.document} {p.case_id} {p.text}".casefold()
                                                 for w in words)]
        self.unfiltered = len(found)
        if attributes:  # the title says "2 of 7": count the code's passages without the filter too
            try:
                self.unfiltered = len(queries.coded_passages(project, self.code_id, coder=shown_coder))
            except Exception as error:
                self.app.report(error)
        self._fill()

    def _fill(self) -> None:
        tr = self.app.tr
        who = self.app.visible_coder or self.coder or tr("ret.all_coders")
        filtered = bool(self.query_one("#retrieval-filter", Input).value.strip())
        self.query_one("#retrieval-title", Label).update(
            tr("ret.title_filtered" if filtered else "ret.title", code=self.code_name(), count=len(self.passages),
               total=self.unfiltered, coder=who))
        table = self.query_one("#passages", DataTable)
        table.clear(columns=True)
        table.add_column(tr("ret.col.document"), key="document")
        table.add_column(tr("ret.col.turn"), key="turn")
        table.add_column(tr("ret.col.coder"), key="coder")
        table.add_column(tr("ret.col.memo"), key="memo")
        table.add_column(tr("ret.col.text"), key="text")
        for index, passage in enumerate(self.passages):
            mark = Text("▌", style=coder_colour(passage.coder, self.coders))
            mark.append(passage.coder)
            memos = self._memos(passage)
            memo = Text(f"✎{len(memos)}", style="italic") if memos else Text("·", style="dim")
            words = passage.text.replace("\n", " ")
            table.add_row(passage.document, f"#{passage.ordinal}" if passage.ordinal else "–", mark, memo,
                          words if len(words) <= TEXT_CELLS else words[:TEXT_CELLS - 1] + "…", key=str(index))
        if not self.passages:
            self.query_one("#passage-detail", Static).update(tr("ret.none"))
        else:
            self._detail(0)

    def _memos(self, passage: queries.CodedPassage) -> tuple:
        """Every author's memos; in blind mode only one's own."""
        if not self.app.blind:
            return passage.memos
        return tuple(m for m in passage.memos if m.author == self.app.project.coder)

    def _current(self) -> queries.CodedPassage | None:
        table = self.query_one("#passages", DataTable)
        if not self.passages or table.cursor_row < 0:
            return None
        return self.passages[min(table.cursor_row, len(self.passages) - 1)]

    @on(DataTable.RowHighlighted, "#passages")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail(event.cursor_row)

    def _detail(self, row: int) -> None:
        if not 0 <= row < len(self.passages):
            return
        passage = self.passages[row]
        text = Text()
        text.append(f"{passage.document} #{passage.ordinal or '–'}  ", style="bold")
        attributes = "  ".join(f"{k}={_short(str(v))}" for k, v in passage.attributes.items())
        text.append(f"{passage.case_id}  {attributes}\n", style="dim")
        for memo in self._memos(passage):  # before the words: the table shows those already
            text.append(f"✎ {memo.author} ({memo.target_type}): ", style="italic bold")
            text.append(memo.text + "\n", style="italic")
        text.append(passage.text)
        self.query_one("#passage-detail", Static).update(text)

    @on(Input.Changed, "#retrieval-filter")
    def _filter(self) -> None:
        self.reload_data()

    @on(Input.Submitted, "#retrieval-filter")
    def _filter_done(self) -> None:
        self.query_one("#passages", DataTable).focus()

    @on(DataTable.RowSelected, "#passages")
    def _chosen(self) -> None:
        self.action_open_passage()

    def action_open_passage(self) -> None:
        passage = self._current()
        if passage is not None:
            self.app.open_document(passage.document_id, segment_id=passage.segment_id)

    def action_cycle_coder(self) -> None:
        if self.app.visible_coder:
            return  # blind: one's own codings only
        self.coder = data.next_coder(self.coder, self.coders)
        self.reload_data()

    def action_back(self) -> None:
        box = self.query_one("#retrieval-filter", Input)
        if self.focused is box:
            self.query_one("#passages", DataTable).focus()
            return
        self.app.pop_screen()
