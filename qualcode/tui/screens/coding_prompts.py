"""Prompts of the coding screen that must not hide the text they are about.

The shared dialogs sit in the middle of the screen, over the transcript. A prompt
about the current turn (select words of it, go to a turn) sits on the edge of the
screen away from that turn instead, and keeps what was typed (its cursor at the end,
nothing pre-selected), so a digit that opened "go to turn" is the first figure of
the number, not a value the next key replaces.
"""

from __future__ import annotations

from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from qualcode.tui.screens.dialogs import TextPrompt

Edge = Literal["top", "bottom"]


class EdgePrompt(TextPrompt):
    """:class:`TextPrompt` on the top or bottom edge, its value optionally pre-selected."""

    DEFAULT_CSS = """
    EdgePrompt { background: $background 30%; }
    EdgePrompt > .edge-dialog { width: 100%; height: auto; padding: 0 1; background: $panel;
                                border: tall $accent; }
    EdgePrompt .dialog-title { width: 100%; }
    """

    def __init__(self, title: str, *, value: str = "", edge: Edge = "bottom", select_all: bool = False) -> None:
        super().__init__(title, value=value)
        self.edge, self.select_all = edge, select_all

    def compose(self) -> ComposeResult:
        with Vertical(classes="edge-dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(value=self.value, id="prompt-input", select_on_focus=self.select_all)

    def place_cursor(self, box: Input) -> None:
        """``select_all``: the value is pre-selected, so Enter repeats it and typing replaces it."""
        self.styles.align = ("center", self.edge)
        if not self.select_all:
            super().place_cursor(box)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; Enter or y answers yes, Escape or n answers no."""

    AUTO_FOCUS = "#confirm-yes"  # focused when the screen becomes active (its buttons may mount after on_mount)

    BINDINGS = [Binding("escape,n", "answer(False)", "No"), Binding("y", "answer(True)", "Yes")]
    DEFAULT_CSS = """
    ConfirmDialog .dialog-title { width: 100%; }
    ConfirmDialog #confirm-buttons { height: auto; margin-top: 1; }
    ConfirmDialog Button { margin-right: 2; }
    """

    def __init__(self, question: str, yes: str, no: str, *, edge: Edge | None = None) -> None:
        super().__init__()
        self.question, self.yes, self.no, self.edge = question, yes, no, edge

    def compose(self) -> ComposeResult:
        from textual.containers import Horizontal

        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title")
            with Horizontal(id="confirm-buttons"):
                yield Button(self.yes, id="confirm-yes", variant="primary")
                yield Button(self.no, id="confirm-no")

    def on_mount(self) -> None:
        if self.edge is not None:
            self.styles.align = ("center", self.edge)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class BulkAcceptDialog(ModalScreen[str | None]):
    """Accept every pending suggestion at or above the threshold: in this document, in the project, or not.

    Each button says how many suggestions it accepts, so nobody accepts 600 codings thinking of 6.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "Button"  # the first enabled one: a scope with nothing to accept is disabled
    DEFAULT_CSS = """
    BulkAcceptDialog .dialog-title { width: 100%; }
    BulkAcceptDialog #bulk-buttons { height: auto; margin-top: 1; }
    BulkAcceptDialog Button { width: auto; min-width: 8; margin-right: 1; }
    """

    def __init__(self, question: str, document_label: str, project_label: str, cancel_label: str, *,
                 document_count: int, project_count: int) -> None:
        super().__init__()
        self.question, self.cancel_label = question, cancel_label
        self.labels = {"document": document_label, "project": project_label}
        self.counts = {"document": document_count, "project": project_count}

    def compose(self) -> ComposeResult:
        from textual.containers import Horizontal

        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title")
            with Horizontal(id="bulk-buttons"):
                for scope in ("document", "project"):
                    yield Button(self.labels[scope], id=f"bulk-{scope}", variant="primary",
                                 disabled=not self.counts[scope])
                yield Button(self.cancel_label, id="bulk-cancel")


    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        scope = (event.button.id or "").removeprefix("bulk-")
        self.dismiss(scope if scope in self.counts else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
