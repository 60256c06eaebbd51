"""Prompts of the coding screen that must not hide the text they are about.

The shared dialogs sit in the middle of the screen, over the transcript. A prompt
about the current turn (select words of it, go to a turn) sits on the edge of the
screen away from that turn instead, and keeps what was typed (its cursor at the end,
nothing pre-selected), so a digit that opened "go to turn" is the first figure of
the number, not a value the next key replaces.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from qualcode.tui.widgets.cjk_wrap import WrappedLabel

from qualcode.tui.screens.dialogs import TextPrompt
from qualcode.tui.widgets.ordered_input import OrderedInput

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
            yield OrderedInput(value=self.value, id="prompt-input", select_on_focus=self.select_all)

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
            # wrapped between Chinese characters, never inside an id (E01_post, PF_FAMILY) at 80 columns
            yield WrappedLabel(self.question, classes="dialog-title")
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


def parse_threshold(typed: str) -> float | None:
    """A score threshold as typed (0.75, .8, 1, full-width ０.８, a decimal comma 0,8); None unless 0 to 1."""
    import math
    import unicodedata

    text = unicodedata.normalize("NFKC", typed).strip().replace(",", ".").replace("。", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and 0 <= value <= 1 else None


RECOUNT_AFTER_SECONDS = 0.3


@dataclass(frozen=True)
class BulkChoice:
    """What the bulk-accept dialog answered: the scope, the threshold and the rows it counted for it."""

    scope: str  # "document" or "project"
    threshold: float
    rows: list


class BulkAcceptDialog(ModalScreen[BulkChoice | None]):
    """Accept every pending suggestion at or above a threshold the user may type: in this document, in the
    project, or not.

    Each button says how many suggestions it accepts at the threshold shown, recounted as the threshold is
    typed, so nobody accepts 600 codings thinking of 6; a threshold outside 0-1 says so and accepts nothing.
    Enter in the threshold box takes the first scope that has something to accept.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#bulk-threshold"
    DEFAULT_CSS = """
    BulkAcceptDialog .dialog-title { width: 100%; }
    BulkAcceptDialog #bulk-threshold { width: 16; }
    BulkAcceptDialog #bulk-problem { width: 100%; color: $error; }
    BulkAcceptDialog #bulk-buttons { height: auto; margin-top: 1; }
    BulkAcceptDialog Button { width: auto; min-width: 8; margin-right: 1; }
    """

    def __init__(self, tr: Callable[..., str], document: str, threshold: float,
                 select: Callable[[float], dict[str, list]]) -> None:
        super().__init__()
        self.tr, self.document, self.threshold, self.select = tr, document, threshold, select
        self.rows: dict[str, list] = select(threshold)
        self.counted_at: float | None = threshold  # the threshold ``rows`` were counted at
        self.recount_timer = None

    def compose(self) -> ComposeResult:
        from textual.containers import Horizontal

        with Vertical(classes="dialog"):
            yield Label(self._question(), classes="dialog-title")
            yield OrderedInput(value=f"{self.threshold:g}", id="bulk-threshold", select_on_focus=True)
            yield Label("", id="bulk-problem")
            with Horizontal(id="bulk-buttons"):
                for scope in ("document", "project"):
                    yield Button(self._label(scope), id=f"bulk-{scope}", variant="primary",
                                 disabled=not self.rows[scope])
                yield Button(self.tr("app.cancel"), id="bulk-cancel")

    def _question(self) -> str:
        return self.tr("coding.bulk_question", threshold=f"{self.threshold:g}")

    def _label(self, scope: str) -> str:
        count = len(self.rows[scope])
        return (self.tr("coding.bulk_document", count=count, document=self.document) if scope == "document"
                else self.tr("coding.bulk_project", count=count))

    @on(Input.Changed, "#bulk-threshold")
    def _retyped(self, event: Input.Changed) -> None:
        threshold = parse_threshold(event.value)
        self._stop_recount()  # a recount for an earlier value must not come back
        problem = self.query_one("#bulk-problem", Label)
        if threshold is None:
            problem.update(self.tr("coding.bulk_bad_threshold", typed=event.value.strip()))
            self.rows, self.counted_at = {scope: [] for scope in self.rows}, None
            for scope in self.rows:
                self.query_one(f"#bulk-{scope}", Button).disabled = True
            return
        problem.update("")
        self.threshold = threshold
        if threshold == self.counted_at:  # the value it opened with (Input reports it), or typed back to it
            self._show_counts()
            return
        self.query_one(".dialog-title", Label).update(self._question())
        for scope in self.rows:  # until the recount, nothing can be accepted at the new threshold
            self.query_one(f"#bulk-{scope}", Button).disabled = True
        # Counting a project's suggestions takes a few hundred ms: once typing pauses, not on every key.
        self.recount_timer = self.set_timer(RECOUNT_AFTER_SECONDS, self._recount)

    def _stop_recount(self) -> None:
        if self.recount_timer is not None:
            self.recount_timer.stop()
            self.recount_timer = None

    def _recount(self) -> None:
        self.recount_timer = None
        self.rows, self.counted_at = self.select(self.threshold), self.threshold
        self._show_counts()

    def _show_counts(self) -> None:
        self.query_one(".dialog-title", Label).update(self._question())
        for scope in self.rows:
            button = self.query_one(f"#bulk-{scope}", Button)
            button.label, button.disabled = self._label(scope), not self.rows[scope]
            # Button's label repaints without a new layout: an "auto" width stayed that of the count it opened
            # with, and a longer count ("0 条" -> "36 条") lost its end at 80 columns.
            button.refresh(layout=True)

    @on(Input.Submitted, "#bulk-threshold")
    def _entered(self) -> None:
        if parse_threshold(self.query_one("#bulk-threshold", Input).value) is None:
            return
        if self.recount_timer is not None:  # Enter before the recount: count now, then take the scope
            self._stop_recount()
            self._recount()
        scope = next((scope for scope in ("document", "project") if self.rows[scope]), None)
        if scope is not None:
            self.dismiss(BulkChoice(scope, self.threshold, self.rows[scope]))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        scope = (event.button.id or "").removeprefix("bulk-")
        self.dismiss(BulkChoice(scope, self.threshold, self.rows[scope]) if scope in self.rows else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
