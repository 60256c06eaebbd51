"""Export dialog: choose what and where; a cancellable worker writes it with a progress bar."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Header, Input, Label, ProgressBar, Select, Static
from textual.worker import get_current_worker

from qualcode.tui import exporting
from qualcode.tui.widgets.keyhints import KeyHints
from qualcode.tui.keymap import bindings_for, localise_bindings


class ExportScreen(Screen):
    SCOPE = "export"
    BINDINGS = bindings_for("export")

    class Progress(Message):
        bubble = False  # handled by the screen that posted it

        def __init__(self, done: int, total: int, what: str, finished: bool = False,
                     error: Exception | None = None) -> None:
            super().__init__()
            self.done, self.total, self.what, self.finished, self.error = done, total, what, finished, error

    def compose(self) -> ComposeResult:
        localise_bindings(self, self.app.language)
        tr = self.app.tr
        yield Header()
        yield ProgressBar(id="export-progress", total=1, show_eta=False)
        yield Static("", id="export-message")
        with VerticalScroll(id="export-form"):
            yield Label(tr("export.kind"))
            yield Select([(kind, kind) for kind in exporting.KINDS], value="matrix", allow_blank=False,
                         id="export-kind")
            yield Label(f"{tr('export.format')} · unit · rows (by)")
            with Horizontal(classes="export-row"):
                yield Select([(f, f) for f in exporting.TABLE_FORMATS], value="csv", allow_blank=False,
                             id="export-format")
                yield Select([(u, u) for u in exporting.UNITS], value="count", allow_blank=False, id="export-unit")
                yield Select([(b, b) for b in exporting.BY], value="case", allow_blank=False, id="export-by")
            yield Label(tr("export.path"))
            yield Input(id="export-path")
            yield Checkbox("overwrite (--force)", id="export-force")
            yield Button(tr("export.run"), id="export-run", variant="primary")
        yield KeyHints(self.SCOPE)

    def on_mount(self) -> None:
        self._suggest_path()

    def _suggest_path(self) -> None:
        kind = self.query_one("#export-kind", Select).value
        fmt = self.query_one("#export-format", Select).value
        path = exporting.default_path(self.app.project.root, kind, fmt)
        self.query_one("#export-path", Input).value = str(path.relative_to(self.app.project.root))

    @on(Select.Changed, "#export-kind")
    @on(Select.Changed, "#export-format")
    def _changed(self) -> None:
        self._suggest_path()

    def request(self) -> exporting.ExportRequest:
        return exporting.ExportRequest(
            kind=self.query_one("#export-kind", Select).value,
            path=self.app.project.root / Path(self.query_one("#export-path", Input).value).expanduser(),
            format=self.query_one("#export-format", Select).value,
            unit=self.query_one("#export-unit", Select).value,
            by=self.query_one("#export-by", Select).value,
            force=self.query_one("#export-force", Checkbox).value,
        )

    @on(Button.Pressed, "#export-run")
    def action_run_export(self) -> None:
        self.query_one("#export-message", Static).update(self.app.tr("app.working"))
        self.export_worker(self.request())

    @work(thread=True, exclusive=True, group="export")
    def export_worker(self, request: exporting.ExportRequest) -> None:
        """Own connection; stops between steps when cancelled (Escape)."""
        worker = get_current_worker()
        project = self.app.project.reopen()
        try:
            last = ""
            for done, total, what in exporting.run_export(project, request):
                if worker.is_cancelled:
                    return
                last = what
                self.post_message(self.Progress(done, total, what))
            self.post_message(self.Progress(1, 1, last, finished=True))
        except Exception as error:  # shown in one line by the handler
            self.post_message(self.Progress(0, 1, "", finished=True, error=error))
        finally:
            project.close()

    @on(Progress)
    def _progress(self, message: Progress) -> None:
        bar = self.query_one("#export-progress", ProgressBar)
        bar.update(total=message.total, progress=message.done)
        text = self.query_one("#export-message", Static)
        tr = self.app.tr
        if message.error is not None:
            if isinstance(message.error, exporting.NotAvailable):
                text.update(f"{tr('export.unavailable')}: {message.error}")
            else:
                text.update(str(message.error))
                self.app.report(message.error)
        elif message.finished:
            text.update(tr("export.done", path=message.what))

    def action_back(self) -> None:
        running = [w for w in self.app.workers if w.group == "export" and w.is_running]
        if running:
            for worker in running:
                worker.cancel()
            self.query_one("#export-message", Static).update(self.app.tr("app.cancelled"))
            return
        self.app.pop_screen()
