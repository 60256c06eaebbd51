"""Home: the documents with their progress and pending suggestions, and the codes with counts."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, Static

from qualcode.core.text_forms import search_form
from qualcode.tui import data
from qualcode.tui.widgets.keyhints import KeyHints
from qualcode.tui.keymap import bindings_for, localise_bindings
from qualcode.tui.screens.filter_box import FilterBoxKeys
from qualcode.tui.widgets.ordered_input import OrderedInput

SORT_KEYS = ("name", "participant", "wave", "progress", "pending")
BAR_CELLS = 10
# The table measures every cell it is given before it paints, so a project of 2,000 documents would
# hold the first frame for a second: a screenful or two is given at once, the rest in chunks between
# frames (each chunk after a refresh), so text is on screen while the rest streams in.
FIRST_ROWS = 80
ROWS_PER_CHUNK = 300


def progress_bar(done: int, total: int) -> Text:
    """``███████░░░ 7/10`` -- a bar that works in any terminal and in snapshots."""
    share = done / total if total else 1.0
    filled = round(share * BAR_CELLS)
    bar = Text("█" * filled, style="green" if share >= 1 else "cyan")
    bar.append("░" * (BAR_CELLS - filled), style="grey50")
    bar.append(f" {done}/{total}")
    return bar


def document_cells(row: data.DocumentRow) -> tuple[Text, ...]:
    """A document's cells as Text: plain strings would be parsed as markup on every paint (and a name
    like ``S01[pre]`` would lose its brackets)."""
    # ⚠: the speakers look wrong (no participant turns, one dominant speaker), as `status` says
    shown = f"⚠ {row.name}" if row.speaker_warnings else row.name
    names = (Text(shown, end=""), Text(row.participant, end=""), Text(row.wave, end=""),
             Text(row.language, end=""))
    if not row.counted:
        return (*names, Text("…", style="grey50", end=""), Text("…", style="grey50", end=""))
    pending = str(row.pending_suggestions) if row.pending_suggestions else "·"
    return (*names, progress_bar(row.reviewed_segments, row.participant_segments), Text(pending, end=""))


class HomeScreen(FilterBoxKeys, Screen):
    SCOPE = "home"
    filter_box_id = "doc-filter"
    BINDINGS = bindings_for("home")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[data.DocumentRow] = []
        self.sort_index = 0
        self.rows_loaded = False  # True once every row is in the table (the first load runs in a worker thread)
        self._cells: dict[int, tuple] = {}  # document id -> its table cells, built once per load
        self._fill_generation = 0  # a newer fill (filter, sort, reload) stops the chunks of an older one

    def compose(self) -> ComposeResult:
        tr = self.app.tr
        localise_bindings(self, self.app.language)
        yield Header()
        with Horizontal(id="home"):
            with Vertical(id="documents-pane"):
                yield Label(tr("home.documents"), classes="pane-title", id="documents-title")
                yield OrderedInput(placeholder=tr("home.filter"), id="doc-filter")
                yield DataTable(id="documents", cursor_type="row", zebra_stripes=True)
                yield Static("", id="home-empty")
            with Vertical(id="codes-pane"):
                yield Label(tr("home.codes"), classes="pane-title")
                yield DataTable(id="codes", cursor_type="row")
                yield Static("", id="codes-note")  # codings the counts leave out, as the exports say it
        yield KeyHints(self.SCOPE)

    def on_mount(self) -> None:
        tr = self.app.tr
        documents = self.query_one("#documents", DataTable)
        documents.add_columns(tr("home.col.name"), tr("home.col.participant"), tr("home.col.wave"),
                              tr("home.col.language"), tr("home.col.progress"), tr("home.col.pending"))
        codes = self.query_one("#codes", DataTable)
        codes.add_columns(tr("home.col.label"), tr("home.col.count"), tr("home.col.code"))
        empty = self.query_one("#home-empty", Static)
        empty.update(self.app.tr("home.loading"))
        empty.display = True
        # The first screenful of names is one indexed read, so the first frame shows them; the counts
        # (one pass over every turn, coding and suggestion) come from a worker thread and refill the table.
        for row in data.uncounted_document_rows(self.app.project, FIRST_ROWS):
            documents.add_row(*document_cells(row), key=str(row.id))
        self.call_after_refresh(self.load_rows_in_background)  # after that frame: a thread would slow it
        documents.focus()

    def on_screen_resume(self) -> None:
        if self.rows_loaded:  # the first load is the worker's; later returns reload in place (cheap counts)
            self.reload_data()

    @work(thread=True, exclusive=True, group="home-rows")
    def load_rows_in_background(self) -> None:
        """Count the documents, and build their cells, on this thread's own connection: the UI thread never waits."""
        other = self.app.project.reopen()
        try:
            rows = data.document_rows(other, coder=self.app.visible_coder)
        except Exception as error:  # a database problem is reported in one line, the app stays up
            self.app.call_from_thread(self.app.report, error)
            return
        finally:
            other.close()
        self.app.call_from_thread(self._rows_arrived, rows)

    def _rows_arrived(self, rows: list[data.DocumentRow]) -> None:
        self.rows = rows
        self._cells = {}
        self._fill_documents()
        warned = [row.name for row in rows if row.speaker_warnings]
        if warned:  # said once, as `qualcode status` says it; the rows keep a ⚠ before the name
            self.notify(self.app.tr("home.speaker_warnings", count=len(warned), names=", ".join(warned[:3])),
                        severity="warning", timeout=8)

    # ------------------------------------------------------------------ data
    def reload_data(self, outside: bool = False) -> None:
        self.rows = data.document_rows(self.app.project, coder=self.app.visible_coder)
        self._cells = {}
        self._fill_documents()
        if self.app.codebooks_ready:
            self.codebooks_ready()

    def codebooks_ready(self) -> None:
        """Fill the code table once the codebooks are parsed (they load after the first paint)."""
        project = self.app.project
        try:
            codes = data.all_codes(project)
            # What the exports count (participant turns): a code read 12 here and 10 in the matrix without a word
            counts = data.code_counts(project, coder=self.app.visible_coder)
            left_out = data.codings_not_counted(project, coder=self.app.visible_coder)
        except Exception as error:  # a broken codebook must not take the home screen down
            self.app.report(error)
            return
        self._show_codes_note(left_out)
        table = self.query_one("#codes", DataTable)
        colours = data.code_colours(codes)
        rows = []
        for code in codes:
            name = Text("  " * code.depth)
            name.append("■ ", style=colours[code.id])
            name.append(self.app.code_label(code))
            rows.append((name, str(counts.get(code.id, 0)), Text(code.id, style="dim"), code.id))
        # Explicit widths: auto-sized columns are measured on the next idle tick, so a busy machine could
        # paint (or snapshot) the table with header-wide columns first.
        tr = self.app.tr
        headers = (tr("home.col.label"), tr("home.col.count"), tr("home.col.code"))
        kept = table.cursor_row if table.row_count else 0  # back from a code's passages: stay on that code
        table.clear(columns=True)
        for index, header in enumerate(headers):
            width = max([cell_len(header)] + [cell_len(str(row[index])) for row in rows])
            table.add_column(header, width=width)
        for name, count, code_id_text, code_id in rows:
            table.add_row(name, count, code_id_text, key=code_id)
        if 0 < kept < table.row_count:
            table.move_cursor(row=kept)

    def _show_codes_note(self, left_out: list[str]) -> None:
        """Under the code list, the exports' note on the codings its counts leave out (interviewer turns)."""
        show_left_out_note(self.query_one("#codes-note", Static), self.app, left_out)

    def _sorted_filtered(self) -> list[data.DocumentRow]:
        query = search_form(self.query_one("#doc-filter", Input).value.strip())   # Ｓ０７ typed in full-width mode
        rows = [r for r in self.rows
                if not query or query in search_form(f"{r.name} {r.participant} {r.wave} {r.language}")]
        key = SORT_KEYS[self.sort_index]
        if key == "progress":
            return sorted(rows, key=lambda r: (r.progress, r.name))
        if key == "pending":
            return sorted(rows, key=lambda r: (-r.pending_suggestions, r.name))
        return sorted(rows, key=lambda r: (str(getattr(r, key)), r.name))

    def _fill_documents(self) -> None:
        """Refill the table: the first rows now, the others in chunks after the next frames."""
        table = self.query_one("#documents", DataTable)
        selected = self.selected_document_id()
        table.clear()
        self._fill_generation += 1
        rows = self._sorted_filtered()
        self.rows_loaded = False
        self._add_rows(table, rows[:FIRST_ROWS])
        self._fill_rest(self._fill_generation, rows, FIRST_ROWS, selected)
        empty = self.query_one("#home-empty", Static)
        empty.update(self.app.tr("home.empty") if not self.rows else "")
        empty.display = not self.rows
        self._show_left()

    def _show_left(self) -> None:
        """The pane's title says how many participant turns are left to code over every document (not only the
        filtered ones), and says plainly when none is: the researcher sees where the project stands."""
        title = self.query_one("#documents-title", Label)
        tr = self.app.tr
        total = sum(row.participant_segments for row in self.rows)
        if not self.rows or not total or not all(row.counted for row in self.rows):
            title.update(tr("home.documents"))
            return
        left = total - sum(min(row.reviewed_segments, row.participant_segments) for row in self.rows)
        title.update(tr("home.left", left=left, total=total) if left else tr("home.done", total=total))
        title.set_class(not left, "all-done")

    def _fill_rest(self, generation: int, rows: list[data.DocumentRow], start: int, selected: int | None) -> None:
        if generation != self._fill_generation:
            return  # a newer fill replaced this one
        table = self.query_one("#documents", DataTable)
        if start < len(rows):
            self._add_rows(table, rows[start:start + ROWS_PER_CHUNK])
            self.call_after_refresh(self._fill_rest, generation, rows, start + ROWS_PER_CHUNK, selected)
            return
        if selected is not None and any(r.id == selected for r in rows):
            table.move_cursor(row=table.get_row_index(str(selected)))
        self.rows_loaded = True

    def _add_rows(self, table: DataTable, rows: list[data.DocumentRow]) -> None:
        for row in rows:
            cells = self._cells.get(row.id)
            if cells is None:
                cells = self._cells[row.id] = document_cells(row)
            table.add_row(*cells, key=str(row.id))

    def selected_document_id(self) -> int | None:
        table = self.query_one("#documents", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(key.value) if key.value is not None else None

    # ------------------------------------------------------------------ actions
    @on(Input.Changed, "#doc-filter")
    def _filter(self) -> None:
        self._fill_documents()

    @on(Input.Submitted, "#doc-filter")
    def _filter_done(self) -> None:
        """Enter opens the document when the filter leaves only one (a move of the focus alone looked like a key
        that did nothing); with several left it goes to the table, to choose with ↑/↓ and Enter."""
        left = self._sorted_filtered()
        if len(left) == 1:
            self.app.open_document(left[0].id)
            return
        self.query_one("#documents", DataTable).focus()

    @on(DataTable.RowSelected, "#documents")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        self.app.open_document(int(event.row_key.value))

    @on(DataTable.RowSelected, "#codes")
    def _code_chosen(self, event: DataTable.RowSelected) -> None:
        """Enter on a code: every passage coded with it (retrieval screen)."""
        from qualcode.tui.screens.retrieval import RetrievalScreen

        self.app.push_screen(RetrievalScreen(str(event.row_key.value)))

    def action_open_document(self) -> None:
        document_id = self.selected_document_id()
        if document_id is not None:
            self.app.open_document(document_id)

    def on_descendant_focus(self, event) -> None:
        """Enter opens the document on the documents table and the code's passages on the codes table: the key
        line says which (it said "open the document" on both)."""
        on_codes = getattr(event.widget, "id", None) == "codes"
        self.query_one(KeyHints).relabel({"home.open": self.app.tr("home.open_code")} if on_codes else {})

    def action_focus_codes(self) -> None:
        self.focus_next()

    def action_cycle_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORT_KEYS)
        self._fill_documents()
        column = {"name": "home.col.name", "participant": "home.col.participant", "wave": "home.col.wave",
                  "progress": "home.col.progress", "pending": "home.col.pending"}[SORT_KEYS[self.sort_index]]
        self.notify(self.app.tr("home.sorted_by", column=self.app.tr(column)), timeout=2)


def show_left_out_note(note: Static, app, left_out: list[str]) -> None:  # type: ignore[no-untyped-def]
    """The exports' note on the codings a screen's counts leave out (codings on interviewer turns), in the
    interface language, dim, under the counts; hidden when nothing is left out (home and F4 statistics)."""
    note.display = bool(left_out)
    if not left_out:
        note.update("")
        return
    from qualcode.tui.error_words import message_in  # only when there is a note: its patterns take a while

    note.update(Text(app.tr("home.codes_note", note=message_in(app.language, left_out[0])), style="dim"))
