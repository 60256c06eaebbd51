"""Codebook editor: add, rename, move and merge codes and edit keywords, written back to the YAML.

The YAML files stay the source of truth: every change goes through the
codebook-editing functions of ``qualcode.core.codebook_edit`` (which keep the
file's comments and order, validate against the other codebooks, and write
atomically), then ``api.sync_codes`` mirrors the codebooks into the database.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Static, Tree

from qualcode.app import api
from qualcode.core import codebook_edit
from qualcode.core.models import Code
from qualcode.tui import data
from qualcode.tui.widgets.keyhints import KeyHints
from qualcode.tui.keymap import bindings_for, localise_bindings
from qualcode.tui.screens.dialogs import TextPrompt


def split_words(text: str) -> list[str]:
    """Keywords typed as 家里人, 妈妈；family, mum -- ASCII and full-width separators both count."""
    for separator in "，；;、":
        text = text.replace(separator, ",")
    return [word.strip() for word in text.split(",") if word.strip()]


class CodebookScreen(Screen):
    SCOPE = "codebook"
    BINDINGS = bindings_for("codebook")

    def compose(self) -> ComposeResult:
        localise_bindings(self, self.app.language)
        yield Header()
        with Horizontal(id="cb-body"):
            yield Tree("codebooks", id="cb-tree")
            yield Static("", id="cb-details")
        yield KeyHints(self.SCOPE)

    def on_mount(self) -> None:
        self.editor = codebook_edit
        self.reload_data()
        self.query_one(Tree).focus()

    # ------------------------------------------------------------------ showing
    def reload_data(self, outside: bool = False) -> None:
        project = self.app.project
        try:
            self.books = project.codebooks()
        except Exception as error:  # a broken file: say where, keep the screen
            self.app.report(error)
            self.books, self.path_of, self.codes = [], {}, {}
            return
        self.path_of: dict[str, Path] = {}
        self.codes: dict[str, Code] = {}
        tree = self.query_one(Tree)
        highlighted = tree.cursor_node.data if tree.cursor_node is not None else None
        tree.clear()
        tree.show_root = False
        counts = data.code_counts(project, coder=self.app.visible_coder)
        colours = data.code_colours(data.all_codes(project))
        target = None
        for book in self.books:
            book_node = tree.root.add(Text(f"{book.name}  ({Path(book.path).name if book.path else ''})",
                                           style="bold"), data=None, expand=True)
            nodes = {None: book_node}
            parents = {c.parent_id for c in book.codes}
            for code in book.codes:
                self.codes[code.id] = code
                self.path_of[code.id] = Path(book.path) if book.path else None
                label = Text("■ ", style=colours[code.id])
                label.append(f"{code.label(self.app.language)}  ")
                label.append(code.id, style="dim")
                if counts.get(code.id):
                    label.append(f"  {counts[code.id]}", style="cyan")
                node = nodes.get(code.parent_id, book_node).add(label, data=code.id, expand=True,
                                                                allow_expand=code.id in parents)
                nodes[code.id] = node
                if code.id == highlighted:
                    target = node
        tree.root.expand_all()
        if target is not None:
            tree.move_cursor(target)
        elif tree.cursor_line < 0 or tree.cursor_node is None or tree.cursor_node.data is None:
            tree.cursor_line = 1  # the first code of the first codebook
        self._show_details(tree.cursor_node.data if tree.cursor_node is not None else None)

    @on(Tree.NodeHighlighted, "#cb-tree")
    def _highlighted(self, event: Tree.NodeHighlighted) -> None:
        self._show_details(event.node.data)

    def _show_details(self, code_id: str | None) -> None:
        details = self.query_one("#cb-details", Static)
        code = self.codes.get(code_id) if code_id else None
        if code is None:
            details.update("")
            return
        text = Text()
        text.append(f"{code.id}\n", style="bold")
        text.append(f"中文: {code.labels.get('zh', '')}\nEnglish: {code.labels.get('en', '')}\n")
        if code.key:
            text.append(f"key: {code.key}   ")
        if code.color:
            text.append(f"colour: {code.color}", style=code.color)
        text.append("\n\n")
        for title, value in (("description", code.description), ("include", code.include),
                             ("exclude", code.exclude)):
            if value:
                text.append(f"{title}: ", style="bold")
                text.append(f"{value}\n")
        text.append(f"\n{self.app.tr('cb.keywords')}\n", style="bold")
        text.append(f"  zh: {', '.join(code.keywords.zh)}\n  en: {', '.join(code.keywords.en)}\n")
        details.update(text)

    @property
    def highlighted_code(self) -> str | None:
        node = self.query_one(Tree).cursor_node
        return node.data if node is not None else None

    # ------------------------------------------------------------------ editing
    def _siblings(self, path: Path) -> list[Path]:
        return [p for p in self.app.project.codebook_paths() if p != path]

    def _apply(self, change) -> None:
        """Run one file edit, then mirror the codebooks into the database; report errors in one line."""
        try:
            book = change()
            api.sync_codes(self.app.project)
        except Exception as error:  # a rejected edit leaves the file as it was
            self.app.report(error)
            return
        self.reload_data()
        self.notify(self.app.tr("cb.saved", path=Path(book.path).name if getattr(book, "path", None) else ""),
                    timeout=3)

    def _ask(self, title: str, then, value: str = "") -> None:
        self.app.push_screen(TextPrompt(title, value=value), lambda answer: then(answer) if answer else None)

    def _code_path(self) -> tuple[str, Path] | None:
        code_id = self.highlighted_code
        if code_id is None or code_id not in self.path_of:
            return None
        return code_id, self.path_of[code_id]

    def action_add_code(self) -> None:
        tr = self.app.tr
        chosen = self._code_path()
        parent_id, path = chosen if chosen else (None, self.app.project.codebook_paths()[0])

        def with_id(new_id: str) -> None:
            self._ask(tr("cb.label_zh"), lambda zh: self._ask(tr("cb.label_en"), lambda en: self._apply(
                lambda: self.editor.add_code(path, parent_id, {"id": new_id.strip(),
                                                               "label": {"zh": zh.strip(), "en": en.strip()}},
                                             siblings=self._siblings(path)))))

        self._ask(tr("cb.id"), with_id)

    def action_rename_code(self) -> None:
        chosen = self._code_path()
        if chosen is None:
            return
        code_id, path = chosen
        code = self.codes[code_id]
        tr = self.app.tr
        self._ask(tr("cb.label_zh"), lambda zh: self._ask(tr("cb.label_en"), lambda en: self._apply(
            lambda: self.editor.rename_code(path, code_id, {"zh": zh.strip(), "en": en.strip()},
                                            siblings=self._siblings(path))),
            value=code.labels.get("en", "")), value=code.labels.get("zh", ""))

    def action_move_code(self) -> None:
        chosen = self._code_path()
        if chosen is None:
            return
        code_id, path = chosen

        def moved(parent: str) -> None:
            parent_id = parent.strip() or None
            self._apply(lambda: self.editor.move_code(path, code_id, parent_id, siblings=self._siblings(path)))

        self.app.push_screen(TextPrompt(self.app.tr("cb.parent"), value=self.codes[code_id].parent_id or ""),
                             lambda answer: moved(answer) if answer is not None else None)

    def action_merge_code(self) -> None:
        chosen = self._code_path()
        if chosen is None:
            return
        code_id, path = chosen

        def merge(target: str):
            # The codings and suggestions of the merged code move too (after a backup), not only the YAML.
            from qualcode.app.maintenance.code_merge import merge_code
            from qualcode.core.codebook import load_codebook

            merge_code(self.app.project, code_id, target.strip())
            return load_codebook(path)

        self._ask(self.app.tr("cb.target"), lambda target: self._apply(lambda: merge(target)))

    def action_edit_keywords(self) -> None:
        chosen = self._code_path()
        if chosen is None:
            return
        code_id, path = chosen
        code = self.codes[code_id]
        tr = self.app.tr

        def save(zh: str, en: str) -> None:
            def change():
                self.editor.set_keywords(path, code_id, "zh", split_words(zh), siblings=self._siblings(path))
                return self.editor.set_keywords(path, code_id, "en", split_words(en), siblings=self._siblings(path))

            self._apply(change)

        self.app.push_screen(
            TextPrompt(tr("cb.keywords_zh"), value=", ".join(code.keywords.zh)),
            lambda zh: None if zh is None else self.app.push_screen(
                TextPrompt(tr("cb.keywords_en"), value=", ".join(code.keywords.en)),
                lambda en: None if en is None else save(zh, en)))

    def action_back(self) -> None:
        self.app.pop_screen()
