"""Dialogs of the codebook editor: a list edited item by item, a code picked from the tree, a choice.

Each returns a typed answer (harlequin's habit); the caller does the work.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Tree
from textual.widgets.option_list import Option

from qualcode.core.models import Code
from qualcode.tui.screens.dialogs import TextPrompt

TOP_LEVEL = ""  # the answer of CodeTreePicker for "no parent"


class ListEditor(ModalScreen[dict[str, list[str]] | None]):
    """Items in named sections (keywords zh / en, or examples): add, change or remove one at a time.

    a adds after the highlighted item (in its section), Enter or e changes it (the
    option list answers Enter itself),
    d or Delete removes it, ctrl+s saves the lists, Escape cancels. Nothing is
    written until ctrl+s.
    """

    BINDINGS = [
        Binding("a,plus", "add", "Add"), Binding("e", "change", "Change"),
        Binding("d,delete", "remove", "Remove"), Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, sections: Mapping[str, Sequence[str]], tr, hint: str) -> None:
        super().__init__()
        self.title_text, self.tr, self.hint = title, tr, hint
        self.sections: dict[str, list[str]] = {name: list(items) for name, items in sections.items()}
        self.rows: list[tuple[str, int]] = []  # option index -> (section, index in it; -1 for its heading)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog list-editor"):
            yield Label(self.title_text, classes="dialog-title")
            yield OptionList(id="list-items")
            yield Label(self.hint, classes="dialog-hint")

    def on_mount(self) -> None:
        self._show(first_item=True)
        self.query_one(OptionList).focus()

    def _show(self, at: tuple[str, int] | None = None, first_item: bool = False) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        self.rows = []
        for name, items in self.sections.items():
            if len(self.sections) > 1:
                options.add_option(Option(Text(f"{name} ({len(items)})", style="bold")))
                self.rows.append((name, -1))
            for index, item in enumerate(items):
                options.add_option(Option(f"  {item}"))
                self.rows.append((name, index))
            if not items:
                options.add_option(Option(Text(f"  {self.tr('cbx.empty')}", style="dim")))
                self.rows.append((name, -1))
        if at is None and first_item:
            at = next((row for row in self.rows if row[1] >= 0), None)
        if at is not None and at in self.rows:
            options.highlighted = self.rows.index(at)
        elif self.rows:
            options.highlighted = 0

    def _current(self) -> tuple[str, int]:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is None or not self.rows:
            return next(iter(self.sections)), -1
        return self.rows[highlighted]

    def _prompt(self, title: str, value: str, then) -> None:
        self.app.push_screen(TextPrompt(title, value=value), lambda answer: then(answer.strip()) if answer else None)

    def action_add(self) -> None:
        section, index = self._current()

        def added(word: str) -> None:
            if word:
                position = index + 1 if index >= 0 else len(self.sections[section])
                self.sections[section].insert(position, word)
                self._show((section, position))

        self._prompt(self.tr("cbx.add_item", section=section), "", added)

    def action_change(self) -> None:
        section, index = self._current()
        if index < 0:
            self.action_add()
            return

        def changed(word: str) -> None:
            if word:
                self.sections[section][index] = word
                self._show((section, index))

        self._prompt(self.tr("cbx.change_item", section=section), self.sections[section][index], changed)

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_change()

    def action_remove(self) -> None:
        section, index = self._current()
        if index < 0:
            return
        del self.sections[section][index]
        remaining = len(self.sections[section])
        self._show((section, min(index, remaining - 1)) if remaining else (section, -1))

    def action_save(self) -> None:
        self.dismiss(self.sections)

    def action_cancel(self) -> None:
        self.dismiss(None)


class CodeTreePicker(ModalScreen[str | None]):
    """Pick a code from the codebook tree (Enter); with ``top_level`` a first row means "no parent"."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, codes: Sequence[Code], language: str, *, exclude: str | None = None,
                 top_level: str | None = None) -> None:
        super().__init__()
        self.title_text, self.codes, self.language = title, list(codes), language
        self.exclude, self.top_level = exclude, top_level

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Tree("codes", id="picker-tree")

    def on_mount(self) -> None:
        tree = self.query_one(Tree)
        tree.show_root = False
        if self.top_level is not None:
            tree.root.add_leaf(Text(self.top_level, style="italic"), data=TOP_LEVEL)
        nodes = {}
        parents = {code.parent_id for code in self.codes if code.id != self.exclude}
        for code in self.codes:
            if code.id == self.exclude or code.parent_id in nodes and nodes[code.parent_id] is None:
                nodes[code.id] = None  # the code itself and its descendants are no target
                continue
            parent = nodes.get(code.parent_id) or tree.root
            label = Text(f"{code.label(self.language)}  ")
            label.append(code.id, style="dim")
            nodes[code.id] = parent.add(label, data=code.id, expand=True, allow_expand=code.id in parents)
        tree.root.expand_all()
        tree.cursor_line = 0
        tree.focus()

    @on(Tree.NodeSelected)
    def _picked(self, event: Tree.NodeSelected) -> None:
        event.stop()
        if event.node.data is not None:
            self.dismiss(event.node.data)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoicePicker(ModalScreen[str | None]):
    """One of a few named choices (Enter picks, Escape cancels); ``selected`` is highlighted first."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]], selected: str | None = None) -> None:
        super().__init__()
        self.title_text, self.choices, self.selected = title, list(choices), selected

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield OptionList(*[Option(label, id=value) for value, label in self.choices], id="choice-options")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        values = [value for value, _ in self.choices]
        options.highlighted = values.index(self.selected) if self.selected in values else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
