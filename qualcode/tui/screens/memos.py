"""Memo browser (F9): every memo of the project, of every author, by target.

In blind mode only one's own memos show. Targets are the project, a document, a case, a code, a turn (segment) or a
coding; ``t`` shows one kind at a time. ``n`` writes a new memo on the project
or on a document, ``e`` edits and ``d`` deletes one's own memo (the author only,
as the CLI's ``memos edit|delete``), ``u`` undoes; each is one history event
through ``app.api``. Enter goes to what the memo is about: the coding screen on
its turn, or the passages of its code.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label, Static

from qualcode.app import api, queries
from qualcode.app.exporting.memo_report import TARGET_WORDS, MemoRow, memo_rows
from qualcode.core.errors import ConflictError
from qualcode.tui.keymap import bindings_for, localise_bindings
from qualcode.tui.screens.dialogs import MemoDialog
from qualcode.tui.screens.list_editor import ChoicePicker
from qualcode.tui.widgets.keyhints import KeyHints

KINDS = ("project", "document", "case", "code", "segment", "coding")
PREVIEW_CELLS = 50


class MemoBrowserScreen(Screen):
    SCOPE = "memos"
    BINDINGS = bindings_for("memos")

    def __init__(self) -> None:
        super().__init__()
        self.kind: str | None = None
        self.rows: list[MemoRow] = []

    def compose(self) -> ComposeResult:
        localise_bindings(self, self.app.language)
        yield Header()
        with Vertical(id="memo-browser"):
            yield Label("", id="memos-title", classes="pane-title")
            yield DataTable(id="memo-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="memo-detail")
        yield KeyHints(self.SCOPE)

    def on_mount(self) -> None:
        self.reload_data()
        self.query_one("#memo-table", DataTable).focus()

    def kind_word(self, kind: str) -> str:
        return TARGET_WORDS[self.app.language][kind]

    def target_words(self, row: MemoRow) -> str:
        """A memo's target as a person says it: a coding by its code's label, document and turn (「家庭支持」（S01_pre
        第 4 段）), not its number and the code's id; a code by its label; others as the report writes them."""
        if row.target_type == "coding" and row.code_id:
            tr = self.app.tr
            where = (tr("history.where_turn", document=row.document, ordinal=row.ordinal)
                     if row.ordinal is not None else row.document)
            return tr("memos.coding_target", code=self.code_name(row.code_id), where=where)
        if row.target_type == "code":
            return self.code_name(row.target)
        return row.target

    def code_name(self, code_id: str) -> str:
        code = self.app.project.code_index().get(code_id)
        return code.label(self.app.language) if code else code_id

    def reload_data(self, outside: bool = False, keep: int | None = None) -> None:
        tr = self.app.tr
        current = self.current()
        keep = keep if keep is not None else (current.id if current else None)
        try:
            rows = memo_rows(self.app.project, target_type=self.kind, language=self.app.language)
        except Exception as error:
            self.app.report(error)
            rows = []
        if self.app.blind:  # coding blind: another coder's memos would show their reasoning
            rows = [r for r in rows if r.author == self.app.project.coder]
        order = {kind: index for index, kind in enumerate(KINDS)}
        self.rows = sorted(rows, key=lambda r: (order.get(r.target_type, 9), r.target, r.id))
        shown = self.kind_word(self.kind) if self.kind else tr("memos.all_kinds")
        self.query_one("#memos-title", Label).update(tr("memos.title", count=len(self.rows), kind=shown))
        table = self.query_one("#memo-table", DataTable)
        table.clear(columns=True)
        for key in ("kind", "target", "author", "date", "text"):
            table.add_column(tr(f"memos.col.{key}"), key=key)
        for row in self.rows:
            first = row.text.splitlines()[0] if row.text else ""
            own = row.author == self.app.project.coder
            table.add_row(self.kind_word(row.target_type), self.target_words(row) or "—",
                          Text(row.author, style="bold" if own else ""), row.updated_at[:10],
                          first if len(first) <= PREVIEW_CELLS else first[:PREVIEW_CELLS - 1] + "…", key=str(row.id))
        if keep is not None and any(r.id == keep for r in self.rows):
            table.move_cursor(row=table.get_row_index(str(keep)))
        self._detail()

    def current(self) -> MemoRow | None:
        if not self.is_mounted or not self.rows:
            return None
        table = self.query_one("#memo-table", DataTable)
        if table.row_count == 0 or table.cursor_row < 0:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    @on(DataTable.RowHighlighted, "#memo-table")
    def _detail(self) -> None:
        row, tr = self.current(), self.app.tr
        detail = self.query_one("#memo-detail", Static)
        if row is None:
            detail.update(tr("memos.none"))
            return
        text = Text()
        text.append(f"{self.kind_word(row.target_type)} {self.target_words(row)}".strip() + f" · #{row.id} · ",
                    style="bold")
        text.append(f"{row.author} · {row.updated_at[:16].replace('T', ' ')}\n", style="dim")
        if row.quoted:
            text.append(f"“{row.quoted}”\n", style="italic dim")
        text.append(row.text)
        detail.update(text)

    # ------------------------------------------------------------------ writing
    def _write(self, step, *args) -> object | None:
        try:
            return step(self.app.project, *args)
        except Exception as error:  # a user problem (not the author, empty memo) is one line
            self.app.report(error)
            return None

    def action_new_memo(self) -> None:
        tr = self.app.tr
        documents = queries.list_documents(self.app.project)
        choices = [("project", f"{self.kind_word('project')}: {self.app.project.root.name}")]
        targets = {"project": ("project", "")}
        row = self.current()
        memo = self._memo(row.id) if row is not None and row.target_type != "project" else None
        if memo is not None:  # one more memo on the highlighted memo's target (a turn, a coding, a code …)
            choices.append(("same", tr("memos.same_target", target=f"{self.kind_word(row.target_type)} {self.target_words(row)}")))
            targets["same"] = (memo.target_type, memo.target_id)
        for document in documents:
            choices.append((f"doc{document.id}", f"{self.kind_word('document')}: {document.name}"))
            targets[f"doc{document.id}"] = ("document", str(document.id))

        def target_chosen(value: str | None) -> None:
            if value is None:
                return
            target_type, target_id = targets[value]
            title = dict(choices)[value]

            def written(text: str | None) -> None:
                if text:
                    memo = self._write(api.add_memo, target_type, target_id, text)
                    if memo is not None:
                        self.reload_data(keep=memo.id)
                        self.notify(tr("coding.memo_saved"), timeout=2)

            self.app.push_screen(MemoDialog(tr("coding.memo_title", target=title)), written)

        reading = self.document_being_read()
        self.app.push_screen(ChoicePicker(tr("memos.new_on"), choices,
                                          selected=f"doc{reading}" if reading is not None else None), target_chosen)

    def document_being_read(self) -> int | None:
        """The document of the coding screen under this one (F9 pressed while coding), if any: a new memo
        is most likely about it, so the target picker starts there."""
        from qualcode.tui.screens.coding import CodingScreen

        return next((screen.document_id for screen in reversed(self.app.screen_stack)
                     if isinstance(screen, CodingScreen)), None)

    def _memo(self, memo_id: int):
        return next((m for m in queries.list_memos(self.app.project) if m.id == memo_id), None)

    def action_edit_memo(self) -> None:
        row, tr = self.current(), self.app.tr
        if row is None:
            return
        if row.author != self.app.project.coder:
            self.notify(tr("memos.not_yours", author=row.author), severity="warning", timeout=5)
            return

        title = f"{self.kind_word(row.target_type)} {self.target_words(row)}".strip()
        self._edit(row, title, row.text, row.text)

    def _edit(self, row: MemoRow, title: str, shown: str, opened_with: str) -> None:
        """The editor on ``shown``; saved only if the memo still reads ``opened_with``. Changed meanwhile (the CLI,
        another window), the editor opens again on the typed text and the toast shows the memo as it is now: the
        other change was overwritten unseen."""
        tr = self.app.tr

        def written(text: str | None) -> None:
            if text is None:
                return
            if not text:  # emptied: the same as deleting it (the memo as the editor opened on it)
                self._delete(replace(row, text=opened_with))
                return
            try:
                api.edit_memo(self.app.project, row.id, text, expected=opened_with)
            except ConflictError as error:
                self.app.report(error)
                now = self._memo(row.id)
                if now is not None:  # the typed text kept; saving again replaces the memo as it now reads
                    self._edit(row, title, text, now.text)
                return
            except Exception as error:  # a user problem (not the author, empty memo) is one line
                self.app.report(error)
                return
            self.reload_data(keep=row.id)
            self.notify(tr("coding.memo_saved"), timeout=2)

        self.app.push_screen(MemoDialog(tr("coding.memo_title", target=title), shown), written)

    def action_delete_memo(self) -> None:
        row = self.current()
        if row is None:
            return
        if row.author != self.app.project.coder:
            self.notify(self.app.tr("memos.not_yours", author=row.author), severity="warning", timeout=5)
            return
        self._delete(row)

    def _delete(self, row: MemoRow) -> None:
        if self._write(lambda project, memo_id: api.delete_memo(project, memo_id, expected=row.text), row.id) is not None:
            self.reload_data()
            self.notify(self.app.tr("memos.deleted", id=row.id), timeout=4)

    def action_undo(self) -> None:
        from qualcode.app.coding.memo_targets import describe_event
        from qualcode.tui.screens.codebook import describe_in_words

        from qualcode.tui.undo_guard import undo_with_care

        def run(expected: int) -> None:
            event = self._write(lambda project: api.undo(project, expected=expected))
            if event is not None:
                self.reload_data()
                self.notify(self.app.tr("coding.undone", action=describe_in_words(self.app, event, describe_event)),
                            timeout=4)

        undo_with_care(self, run, lambda: None, lambda event: describe_in_words(self.app, event, describe_event))

    # ------------------------------------------------------------------ going places
    def action_cycle_kind(self) -> None:
        order = [None, *KINDS]
        self.kind = order[(order.index(self.kind) + 1) % len(order)]
        self.reload_data()

    @on(DataTable.RowSelected, "#memo-table")
    def action_open_target(self) -> None:
        row = self.current()
        if row is None:
            return
        if row.target_type == "code":
            from qualcode.tui.screens.retrieval import RetrievalScreen

            self.app.push_screen(RetrievalScreen(row.target))
            return
        memo = self._memo(row.id)
        place = queries.memo_place(self.app.project, memo) if memo else None
        if place is None:
            self.notify(self.app.tr("memos.nowhere"), timeout=3)
            return
        document_id, segment_id = place
        self.app.open_document(document_id, segment_id=segment_id)

    def action_back(self) -> None:
        self.app.pop_screen()
