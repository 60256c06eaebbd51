"""Small modal dialogs, each returning a typed choice (harlequin's habit).

The caller does the work with the answer: a dialog never writes to the project.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from rapidfuzz import fuzz, process
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, TextArea
from textual.widgets.option_list import Option

from qualcode.core.models import Code
from qualcode.tui.widgets.ordered_input import OrderedInput


class TextPrompt(ModalScreen[str | None]):
    """One line of text; Enter answers, Escape cancels (None).

    The value is not selected when the prompt opens: the cursor waits at its end,
    so a first keystroke adds to the value instead of replacing all of it (an edit
    of one keyword once wiped a whole list that way).
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, *, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text, self.value, self.placeholder = title, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield OrderedInput(value=self.value, placeholder=self.placeholder, id="prompt-input", select_on_focus=False)

    def on_mount(self) -> None:
        box = self.query_one(Input)
        box.focus()
        self.place_cursor(box)

    def place_cursor(self, box: Input) -> None:
        box.cursor_position = len(box.value)

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class MemoDialog(ModalScreen[str | None]):
    """A memo: several lines; ctrl+s saves (empty text deletes the memo), Escape cancels."""

    BINDINGS = [Binding("ctrl+s", "save", "Save"), Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, text: str = "") -> None:
        super().__init__()
        self.title_text, self.text = title, text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog memo-dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield TextArea(self.text, id="memo-text", soft_wrap=True)
            yield Label("ctrl+s ✓   Esc ✗", classes="dialog-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


def rank_codes(query: str, codes: Sequence[Code], *, limit: int = 12) -> list[Code]:
    """Codes best matching ``query`` on their Chinese label, English label or id (rapidfuzz).

    ``partial_ratio`` lets 家庭 find 家庭支持 and "family" find "Family support";
    an empty query keeps codebook order.
    """
    if not query.strip():
        return list(codes)[:limit]
    choices = {index: " | ".join([*code.labels.values(), code.id]) for index, code in enumerate(codes)}
    ranked = process.extract(query, choices, scorer=fuzz.partial_ratio, processor=str.lower,
                             score_cutoff=60, limit=limit)
    return [codes[index] for _, _, index in ranked]


def picker_line(code: Code, language: str) -> str:
    """The code's label in the interface language, its other label and its id, each said once: a code
    imported from another tool often has one label, the same as its id ("Inform time  ·  Inform time")."""
    other = code.labels.get("en" if language == "zh" else "zh", "")
    shown = [code.label(language)]
    if other and other not in shown:
        shown.append(other)
    line = "  ·  ".join(shown)
    return line if code.id in shown else f"{line}  ({code.id})"


class CodePicker(ModalScreen[str | None]):
    """Find a code by typing part of its Chinese or English label; Enter picks it."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("down", "down", show=False),
                Binding("up", "up", show=False)]

    def __init__(self, title: str, codes: Sequence[Code], language: str, placeholder: str, *,
                 applied: Collection[str] = (), applied_note: str = "") -> None:
        """``applied``: codes a pick takes away rather than adds (the turn has them already), each line marked
        with ``applied_note`` so Enter never removes a coding unseen."""
        super().__init__()
        self.title_text, self.codes, self.language, self.placeholder = title, list(codes), language, placeholder
        self.applied, self.applied_note = set(applied), applied_note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield OrderedInput(placeholder=self.placeholder, id="code-query")
            yield OptionList(id="code-options")

    def on_mount(self) -> None:
        self._show("")
        self.query_one(Input).focus()

    def _show(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        for code in rank_codes(query, self.codes):
            line = picker_line(code, self.language)
            if code.id in self.applied and self.applied_note:
                line = f"{line}  {self.applied_note}"
            options.add_option(Option(line, id=code.id))
        if options.option_count:
            options.highlighted = 0

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
