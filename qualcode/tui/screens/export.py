"""Export dialog: the CLI's export options; a cancellable worker writes the file with a progress bar.

The options are those of ``qualcode export``: what (matrix, long, crosstab,
quotes, qdpx), format, unit and rows, the coder filter (``--only-coder``; when
every coder is pooled the dialog says which), wave, theme columns, a label row,
a byte-order mark for Excel, the crosstab's attribute and the quotes' language.
The output path is checked before anything runs (``exporting.check_path``), so
a bad path is one clear line, never a traceback.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Header, Input, Label, ProgressBar, Select, Static
from textual.worker import get_current_worker

from qualcode.app import queries
from qualcode.core.errors import ExportError
from qualcode.tui import exporting
from qualcode.tui.keymap import bindings_for, localise_bindings
from qualcode.tui.widgets.keyhints import KeyHints
from qualcode.tui.widgets.ordered_input import OrderedInput

EVERYONE = "__everyone__"


class ExportScreen(Screen):
    SCOPE = "export"
    BINDINGS = bindings_for("export")

    class Progress(Message):
        bubble = False  # handled by the screen that posted it

        def __init__(self, done: int, total: int, what: str, finished: bool = False,
                     error: Exception | None = None, notes: tuple[str, ...] = ()) -> None:
            super().__init__()
            self.done, self.total, self.what, self.finished, self.error = done, total, what, finished, error
            self.notes = notes

    def compose(self) -> ComposeResult:
        localise_bindings(self, self.app.language)
        tr, project = self.app.tr, self.app.project
        self.coders = queries.coders_with_codings(project)
        waves = sorted({str(d.attributes.get("wave")) for d in queries.list_documents(project)
                        if d.attributes.get("wave")})
        attributes = queries.attribute_names(project)
        yield Header()
        # Shown once an export runs: at "0%" from the start it read as an export stuck before it began.
        bar = ProgressBar(id="export-progress", total=1, show_eta=False)
        bar.display = False
        yield bar
        yield Static("", id="export-message")
        with VerticalScroll(id="export-form"):
            yield Label(tr("export.kind"))
            yield Select([(tr(f"exp.kind.{kind}"), kind) for kind in exporting.KINDS], value="matrix", allow_blank=False,
                         id="export-kind")
            yield Label(tr("exp.format_row"))
            with Horizontal(classes="export-row"):
                yield Select([(f, f) for f in exporting.TABLE_FORMATS], value="csv", allow_blank=False,
                             id="export-format")
                yield Select([(tr(f"exp.unit.{u}"), u) for u in exporting.UNITS], value="count", allow_blank=False, id="export-unit")
                yield Select([(tr(f"exp.by.{b}"), b) for b in exporting.BY], value="case", allow_blank=False, id="export-by")
            yield Label(tr("exp.filters"))
            with Horizontal(classes="export-row"):
                yield Select([(tr("exp.every_coder"), EVERYONE)] + [(c, c) for c in self.coders], value=EVERYONE,
                             allow_blank=False, id="export-coder")
                yield Select([(tr("exp.every_wave"), EVERYONE)] + [(w, w) for w in waves], value=EVERYONE,
                             allow_blank=False, id="export-wave")
            yield Static("", id="export-pooled")
            yield Label(tr("exp.columns"))
            with Horizontal(classes="export-row"):
                yield Select([(tr(f"exp.labels.{v}"), v) for v in exporting.LABEL_ROWS], value="none",
                             allow_blank=False, id="export-labels")
                yield Select([(tr(f"exp.lang.{v}"), v) for v in exporting.QUOTE_LANGUAGES], value="both",
                             allow_blank=False, id="export-language")
                yield Select([(a, a) for a in attributes], prompt=tr("exp.attribute"), id="export-attribute")
            with Horizontal(classes="export-row"):
                yield Checkbox(tr("exp.themes"), id="export-themes")
                yield Checkbox(tr("exp.excel"), id="export-excel")
                yield Checkbox(tr("exp.force"), id="export-force")
            yield Label(tr("export.path"))
            yield OrderedInput(id="export-path")
            yield Button(tr("export.run"), id="export-run", variant="primary")
        yield KeyHints(self.SCOPE)

    def on_mount(self) -> None:
        self._suggest_path()
        self._show_pooled()

    def _value(self, selector: str):
        return self.query_one(selector, Select).value

    def _suggest_path(self) -> None:
        path = exporting.default_path(self.app.project.root, self._value("#export-kind"),
                                      self._value("#export-format"))
        self.query_one("#export-path", Input).value = str(path.relative_to(self.app.project.root))

    @on(Select.Changed, "#export-kind")
    @on(Select.Changed, "#export-format")
    def _changed(self) -> None:
        self._suggest_path()

    @on(Select.Changed, "#export-coder")
    def _show_pooled(self) -> None:
        chosen = self._value("#export-coder")
        tr = self.app.tr
        text = (tr("exp.only_coder", coder=chosen) if chosen != EVERYONE else
                tr("exp.pooled", coders=", ".join(self.coders) or "—", count=len(self.coders)))
        self.query_one("#export-pooled", Static).update(text)

    def request(self) -> exporting.ExportRequest:
        """The dialog's choices; an ExportError when the path is not one that can be written."""
        kind, fmt = self._value("#export-kind"), self._value("#export-format")
        force = self.query_one("#export-force", Checkbox).value
        path = exporting.check_path(self.app.project.root, self.query_one("#export-path", Input).value, kind, fmt,
                                    force=force)
        coder, wave = self._value("#export-coder"), self._value("#export-wave")
        labels, attribute = self._value("#export-labels"), self._value("#export-attribute")
        return exporting.ExportRequest(
            kind=kind, path=path, format=fmt, unit=self._value("#export-unit"), by=self._value("#export-by"),
            force=force, only_coder=None if coder == EVERYONE else coder, wave=None if wave == EVERYONE else wave,
            themes=self.query_one("#export-themes", Checkbox).value,
            label_row=None if labels == "none" else labels, excel=self.query_one("#export-excel", Checkbox).value,
            attribute=attribute if isinstance(attribute, str) else None,
            language=self._value("#export-language"))

    @on(Button.Pressed, "#export-run")
    def action_run_export(self) -> None:
        message = self.query_one("#export-message", Static)
        try:
            request = self.request()
        except ExportError as error:  # a bad path: one line, nothing written
            message.update(self.app.tr("app.error_line", error=self.app.error_text(error)))
            return
        message.update(self.app.tr("app.working"))
        bar = self.query_one("#export-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        self.export_worker(request)

    @work(thread=True, exclusive=True, group="export")
    def export_worker(self, request: exporting.ExportRequest) -> None:
        """Own connection; stops between steps when cancelled (Escape)."""
        worker = get_current_worker()
        project = self.app.project.reopen()
        try:
            last, notes = "", ()
            for step in exporting.run_export(project, request):
                if worker.is_cancelled:
                    return
                last, notes = step.what, step.notes
                self.post_message(self.Progress(step.done, step.total, step.what))
            self.post_message(self.Progress(1, 1, last, finished=True, notes=notes))
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
            text.update(tr("app.error_line", error=self.app.error_text(message.error)))
            self.app.report(message.error)
        elif message.finished:  # the notes the CLI prints beside the file, in the interface language
            from qualcode.tui.error_words import message_in

            text.update(Text("\n".join([tr("export.done", path=message.what),
                                        *(message_in(self.app.language, note) for note in message.notes)])))

    def action_back(self) -> None:
        running = [w for w in self.app.workers if w.group == "export" and w.is_running]
        if running:
            for worker in running:
                worker.cancel()
            self.query_one("#export-message", Static).update(self.app.tr("app.cancelled"))
            return
        self.app.pop_screen()
