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

Edge = Literal["top", "bottom"]


class EdgePrompt(ModalScreen[str | None]):
    """One line of text on the top or bottom edge; Enter answers, Escape cancels (None)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    EdgePrompt { background: $background 30%; }
    EdgePrompt > .edge-dialog { width: 100%; height: auto; padding: 0 1; background: $panel;
                                border: tall $accent; }
    """

    def __init__(self, title: str, *, value: str = "", edge: Edge = "bottom") -> None:
        super().__init__()
        self.title_text, self.value, self.edge = title, value, edge

    def compose(self) -> ComposeResult:
        with Vertical(classes="edge-dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(value=self.value, id="prompt-input", select_on_focus=False)

    def on_mount(self) -> None:
        self.styles.align = ("center", self.edge)
        box = self.query_one(Input)
        box.focus()
        box.cursor_position = len(box.value)

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; Enter or y answers yes, Escape or n answers no."""

    BINDINGS = [Binding("escape,n", "answer(False)", "No"), Binding("y", "answer(True)", "Yes")]
    DEFAULT_CSS = """
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
        self.query_one("#confirm-yes", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
