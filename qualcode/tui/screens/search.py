"""Corpus search: keyword in context across every document; Enter jumps to the segment."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label
from textual.worker import get_current_worker

from qualcode.tui import data
from qualcode.tui.widgets.keyhints import KeyHints
from qualcode.tui.keymap import bindings_for, localise_bindings
from qualcode.tui.widgets.ordered_input import OrderedInput

MAX_HITS = 5_000
BATCH = 200


class CorpusSearchScreen(Screen):
    SCOPE = "search"
    BINDINGS = bindings_for("search")

    class Hits(Message):
        bubble = False  # handled by the screen that posted it

        def __init__(self, hits: list[data.KwicHit], done: bool, capped: bool = False) -> None:
            super().__init__()
            self.hits, self.done, self.capped = hits, done, capped

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[data.KwicHit] = []
        self.query_text = ""

    def compose(self) -> ComposeResult:
        localise_bindings(self, self.app.language)
        tr = self.app.tr
        yield Header()
        yield OrderedInput(placeholder=tr("search.placeholder"), id="search-input")
        yield Label("", id="search-count")
        yield DataTable(id="search-hits", cursor_type="row", zebra_stripes=True)
        yield KeyHints(self.SCOPE)

    def on_mount(self) -> None:
        tr = self.app.tr
        self.query_one(DataTable).add_columns(tr("search.col.document"), tr("search.col.segment"),
                                              tr("search.col.context"))
        self.query_one(Input).focus()

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        self.start_search(event.value.strip())

    def start_search(self, query: str) -> None:
        self.query_text = query
        self.hits = []
        self.query_one(DataTable).clear()
        self.query_one("#search-count", Label).update("")
        if query:
            self.search_worker(query)

    @work(thread=True, exclusive=True, group="corpus-search")
    def search_worker(self, query: str) -> None:
        """Scan the corpus on its own connection; a new query cancels this one (exclusive)."""
        worker = get_current_worker()
        project = self.app.project.reopen()
        try:
            batch: list[data.KwicHit] = []
            count, capped = 0, False
            for hit in data.corpus_matches(project, query, cancelled=lambda: worker.is_cancelled):
                if count >= MAX_HITS:   # one more than are listed: the count shown is then "5000+"
                    capped = True
                    break
                batch.append(hit)
                count += 1
                if len(batch) >= BATCH:
                    self.post_message(self.Hits(batch, False))
                    batch = []
            if not worker.is_cancelled:
                self.post_message(self.Hits(batch, True, capped))
        finally:
            project.close()

    @on(Hits)
    def _show_hits(self, message: Hits) -> None:
        table = self.query_one(DataTable)
        for hit in message.hits:
            context = Text(_left_aligned(hit.left, 20))
            context.append(hit.match, style="bold reverse")
            context.append(hit.right)
            table.add_row(hit.document_name, str(hit.ordinal or ""), context, key=str(len(self.hits)))
            self.hits.append(hit)
        # The list stops at MAX_HITS: "5000 hits" read as the corpus's count of a word found far more often.
        count = f"{len(self.hits)}+" if message.capped else len(self.hits)
        self.query_one("#search-count", Label).update(self.app.tr("search.results", count=count))
        if message.done and self.hits:
            table.focus()

    @on(DataTable.RowSelected, "#search-hits")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        self.open_hit(int(event.row_key.value))

    def action_open_hit(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            self.open_hit(table.cursor_row)

    def open_hit(self, index: int) -> None:
        hit = self.hits[index]
        self.app.pop_screen()
        self.app.open_document(hit.document_id, segment_id=hit.segment_id, offset=hit.start, query=self.query_text)

    def action_back(self) -> None:
        self.app.pop_screen()


def _left_aligned(left: str, cells: int) -> str:
    """The last ``cells`` cells of the left context, right-aligned so matches line up."""
    from rich.cells import cell_len

    while cell_len(left) > cells:
        left = left[1:]
    return " " * (cells - cell_len(left)) + left
