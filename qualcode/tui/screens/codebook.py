"""Codebook editor: add, rename, move and merge codes; edit keywords, examples and text fields.

The YAML files stay the source of truth: every change goes through the use
cases of ``qualcode.app.coding.codebook_edits`` (which edit through
``qualcode.core.codebook_edit`` -- comments and order kept, validated against
the other codebooks, written atomically -- mirror the codes into the database
and record the edit as one undoable history event). Merging also moves codings,
so it goes through ``code_merge``, whose event undo reverses too (rows and file).
The cursor stays on the code just edited.
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
from qualcode.app.coding import codebook_edits as edits
from qualcode.core.codebook_edit import TEXT_FIELDS
from qualcode.core.errors import ChangedMeanwhileError
from qualcode.core.models import Code
from qualcode.tui import data
from qualcode.tui.widgets.fitting_tree import FittingTree
from qualcode.tui.widgets.keyhints import KeyHints
from qualcode.tui.keymap import bindings_for, localise_bindings
from qualcode.tui.screens.coding_prompts import ConfirmDialog
from qualcode.tui.screens.dialogs import TextPrompt
from qualcode.tui.screens.list_editor import ChoicePicker, CodeTreePicker, ListEditor


def split_words(text: str) -> list[str]:
    """Keywords typed as 家里人, 妈妈；family, mum -- ASCII and full-width separators both count."""
    for separator in "，；;、":
        text = text.replace(separator, ",")
    return [word.strip() for word in text.split(",") if word.strip()]


def describe_in_words(app, event, fallback) -> str:
    """An event in the interface language: a codebook edit ("编码本修改：家庭支持 的关键词"), a merge of codes
    (which into which, what moved), a memo (备忘（「家庭支持」编码，S01_pre 第 4 段）); events without TUI words
    as ``fallback`` says them."""
    from qualcode.app.coding.event_subjects import event_subject
    from qualcode.tui.history_words import event_words, has_words

    if not has_words(event.action):   # every event the TUI has words for is said in them (a memo's too)
        return fallback(app.project, event)
    index = app.project.code_index()

    def label(code_id: str) -> str:
        code = index.get(code_id)
        return code.label(app.language) if code else code_id

    return event_words(event_subject(app.project, event), app.tr, label)


class MergeConfirmDialog(ConfirmDialog):
    """The question before a merge; no is the default (Enter on it, Escape, n)."""

    AUTO_FOCUS = "#confirm-no"


def merge_question(app, code: Code, target_id: str, preview) -> str:  # type: ignore[no-untyped-def]
    """「人际协助的需求」（ND_PEER）合并到「家庭情感支持的需求」（ND_FAMILY）? with how many codings move, whose, and
    how many fold into a coding of the same passage."""
    tr, language = app.tr, app.language
    target = app.project.code_index().get(target_id)
    target_name = target.label(language) if target else target_id
    moves = tr("cbx.merge_moves", count=preview.codings) if preview.codings else tr("cbx.merge_moves_none")
    if preview.coders > 1:
        moves += tr("cbx.merge_coders", count=preview.coders)
    if preview.folded:
        moves += tr("cbx.merge_folded", count=preview.folded)
    return tr("cbx.merge_question", source=code.label(language), source_id=code.id, target=target_name,
              target_id=target_id, moves=moves)


BOOK_ROW = "book:"  # the data of a codebook's row in the tree (a code's row holds its id)


def _field_value(code: Code, field: str) -> str:
    return str(getattr(code, field, "") or "")


class CodebookScreen(Screen):
    SCOPE = "codebook"
    BINDINGS = bindings_for("codebook")

    def compose(self) -> ComposeResult:
        localise_bindings(self, self.app.language)
        yield Header()
        with Horizontal(id="cb-body"):
            yield FittingTree("codebooks", id="cb-tree")
            yield Static("", id="cb-details")
        yield KeyHints(self.SCOPE)

    def on_mount(self) -> None:
        self.reload_data()
        self.query_one(Tree).focus()

    def codebooks_ready(self) -> None:
        """The codebooks were loaded again (a file changed on disk): show the files as they are now."""
        self.reload_data()

    # ------------------------------------------------------------------ showing
    def reload_data(self, outside: bool = False, keep: str | None = None) -> None:
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
        highlighted = keep or (tree.cursor_node.data if tree.cursor_node is not None else None)
        tree.clear()
        tree.show_root = False
        counts = data.code_counts(project, coder=self.app.visible_coder)
        colours = data.code_colours(data.all_codes(project))
        target = None
        for book in self.books:
            book_node = tree.root.add(Text(f"{book.name}  ({Path(book.path).name if book.path else ''})",
                                           style="bold"), data=BOOK_ROW + str(book.path or ""), expand=True)
            nodes = {None: book_node}
            parents = {c.parent_id for c in book.codes}
            for code in book.codes:
                self.codes[code.id] = code
                self.path_of[code.id] = Path(book.path) if book.path else None
                label = Text("■ ", style=colours[code.id])
                label.append(f"{code.label(self.app.language)}  ")
                tail = Text(code.id, style="dim")  # the id and count are never cut; a long label ends in "…"
                if counts.get(code.id):
                    tail.append(f"  {counts[code.id]}", style="cyan")
                node = tree.add_fitted(nodes.get(code.parent_id, book_node), label, tail, data=code.id,
                                       expand=True, allow_expand=code.id in parents)
                nodes[code.id] = node
                if code.id == highlighted:
                    target = node
        tree.root.expand_all()
        if target is not None:
            # The new nodes have no line numbers until the tree is laid out: move there after the refresh.
            self.call_after_refresh(self._keep_cursor_on, target)
        elif tree.cursor_line < 0 or tree.cursor_node is None or tree.cursor_node.data not in self.codes:
            tree.cursor_line = 1  # the first code of the first codebook
        self._show_details(tree.cursor_node.data if tree.cursor_node is not None else None)

    def _keep_cursor_on(self, node) -> None:
        tree = self.query_one("#cb-tree", Tree)
        tree.move_cursor(node)
        tree.scroll_to_node(node, animate=False)
        self._show_details(node.data)

    @on(Tree.NodeHighlighted, "#cb-tree")
    def _highlighted(self, event: Tree.NodeHighlighted) -> None:
        self._show_details(event.node.data)

    def _show_details(self, code_id: str | None) -> None:
        details = self.query_one("#cb-details", Static)
        code = self.codes.get(code_id) if code_id else None
        if code is None:
            details.update("")
            return
        tr = self.app.tr
        text = Text()
        text.append(f"{code.id}\n", style="bold")
        text.append(f"中文: {code.labels.get('zh', '')}\nEnglish: {code.labels.get('en', '')}\n")
        if code.key:
            text.append(f"{tr('cbx.field.key')}: {code.key}   ")
        if code.color:
            text.append(f"{tr('cbx.field.color')}: {code.color}", style=code.color)
        text.append("\n\n")
        for field in ("description", "include", "exclude"):
            value = getattr(code, field)
            if value:
                text.append(f"{tr('cbx.field.' + field)}: ", style="bold")
                text.append(f"{value}\n")
        text.append(f"\n{tr('cb.keywords')}\n", style="bold")
        text.append(f"  zh: {', '.join(code.keywords.zh)}\n  en: {', '.join(code.keywords.en)}\n")
        if code.examples:
            text.append(f"\n{tr('cbx.field.examples')}\n", style="bold")
            for example in code.examples:
                text.append(f"  · {example}\n")
        details.update(text)

    @property
    def highlighted_code(self) -> str | None:
        node = self.query_one(Tree).cursor_node
        return node.data if node is not None else None

    # ------------------------------------------------------------------ editing
    def _apply(self, change, *, keep: str | None = None, said=None) -> None:
        """Run one undoable edit (app use case); the cursor stays on ``keep`` (else the code edited).
        ``said(result)``: the words of the toast when the edit is saved (else "Codebook saved: file")."""
        keep = keep or self.highlighted_code
        try:
            result = change()
        except ChangedMeanwhileError as error:  # the file's newer text is kept; the typed text is shown back
            words = self._clash_words(error)  # the code named as the editor showed it
            self.reload_data(keep=keep)
            self.notify(words, title=self.app.tr("app.error"), severity="error", timeout=60,
                        markup=False)  # typed text may hold [brackets]
            return
        except Exception as error:  # a rejected edit leaves the file as it was
            self.app.report(error)
            return
        self.reload_data(keep=keep)
        if result.changed:
            self.notify(said(result) if said else self.app.tr("cb.saved", path=result.path.name), timeout=4)

    def _clash_words(self, error: ChangedMeanwhileError) -> str:
        """Each field changed in the file while the editor had it, in the interface language, with the typed text."""
        tr = self.app.tr
        code = self.codes.get(error.code_id)
        name = code.label(self.app.language) if code else error.code_id
        field_words = {"label.zh": tr("cb.label_zh"), "label.en": tr("cb.label_en")}

        def parent(code_id: str) -> str:
            found = self.codes.get(code_id)
            return tr("cbx.top_level") if not code_id else (found.label(self.app.language) if found else code_id)

        if error.clashes and error.clashes[0][0] == "parent":   # the code was moved in the file meanwhile
            _, now, chosen = error.clashes[0]
            return tr("cbx.moved_meanwhile", code=name, now=parent(now), chosen=parent(chosen))
        lines = [tr("cbx.changed_meanwhile", field=field_words.get(field) or tr("cbx.field." + field), code=name,
                    now=now, typed=typed) for field, now, typed in error.clashes]
        return "\n".join(lines)

    def _ask(self, title: str, then, value: str = "") -> None:
        self.app.push_screen(TextPrompt(title, value=value), lambda answer: then(answer) if answer else None)

    def _chosen_code(self) -> Code | None:
        return self.codes.get(self.highlighted_code or "")

    def action_add_code(self) -> None:
        tr, project = self.app.tr, self.app.project
        parent = self._chosen_code()
        parent_id = parent.id if parent else None
        row = self.highlighted_code or ""
        book = Path(row[len(BOOK_ROW):]) if row.startswith(BOOK_ROW) and len(row) > len(BOOK_ROW) else None
        # The new code goes under the highlighted code: the prompt and the toast say so, as it once happened
        # unsaid (a leaf with codings became a parent because it was the highlighted row).
        language = self.app.language
        where = parent.label(language) if parent else ""
        if parent:
            asked = tr("cb.add_under", parent=where)
        else:
            paths = project.codebook_paths()
            asked = tr("cb.add_top", path=(book or (paths[0] if paths else Path("?"))).name)

        def said(result, new_id: str, labels: dict[str, str]) -> str:
            name = labels.get(language) or new_id.strip()
            if parent:
                return tr("cb.added_under", code=name, parent=where, path=result.path.name)
            return tr("cb.added_top", code=name, path=result.path.name)

        def with_id(new_id: str) -> None:
            self._ask(tr("cb.label_zh"), lambda zh: self._ask(tr("cb.label_en"), lambda en: self._apply(
                lambda: edits.add_code(project, parent_id, new_id, {"zh": zh, "en": en}, path=book),
                keep=new_id.strip(), said=lambda result: said(result, new_id, {"zh": zh.strip(), "en": en.strip()}))))

        self._ask(asked, with_id)

    def action_rename_code(self) -> None:
        code = self._chosen_code()
        if code is None:
            return
        tr, project = self.app.tr, self.app.project
        shown = dict(code.labels)  # a label changed in the file while the prompts are open is not written over
        self._ask(tr("cb.label_zh"), lambda zh: self._ask(tr("cb.label_en"), lambda en: self._apply(
            lambda: edits.rename_code(project, code.id, {"zh": zh.strip(), "en": en.strip()}, based_on=shown)),
            value=code.labels.get("en", "")), value=code.labels.get("zh", ""))

    def _all_codes(self) -> list[Code]:
        return [c for book in self.books for c in book.codes]

    def action_move_code(self) -> None:
        code = self._chosen_code()
        if code is None:
            return
        tr = self.app.tr
        shown = code.parent_id  # a move made in the file while the picker is open is not undone unsaid

        def said(result, parent: str) -> str:   # which code went where: one ↓ too many is seen at once
            name, path = code.label(self.app.language), result.path.name
            if not parent:
                return tr("cb.moved_top", code=name, path=path)
            found = self.codes.get(parent)
            return tr("cb.moved_under", code=name, parent=found.label(self.app.language) if found else parent,
                      path=path)

        def moved(parent: str | None) -> None:
            if parent is not None:
                self._apply(lambda: edits.move_code(self.app.project, code.id, parent or None, based_on=shown),
                            said=lambda result: said(result, parent))

        self.app.push_screen(CodeTreePicker(tr("cbx.move_to", code=code.label(self.app.language)),
                                            self._all_codes(), self.app.language, exclude=code.id,
                                            top_level=tr("cbx.top_level")), moved)

    def action_merge_code(self) -> None:
        """Pick the code to merge into, then say what moves and ask (no is the default): a merge moves every
        coder's codings, so it is asked about as a delete is, never made by the picker's Enter alone."""
        code = self._chosen_code()
        if code is None:
            return
        from qualcode.app.maintenance.code_merge import merge_code, preview_merge

        tr = self.app.tr

        def merge(target: str) -> None:
            # The codings and suggestions of the merged code move too (after a backup), not only the YAML;
            # undo (u) puts rows and file back.
            try:
                report = merge_code(self.app.project, code.id, target)
            except Exception as error:
                self.app.report(error)
                return
            self.reload_data(keep=target)
            self.notify(tr("cbx.merged", source=code.id, target=target, backup=report.backup.name), timeout=8)

        def ask(target: str | None) -> None:
            if not target:
                return
            try:
                preview = preview_merge(self.app.project, code.id, target)
            except Exception as error:   # one it would refuse (another codebook, itself): said before asking
                self.app.report(error)
                return
            question = merge_question(self.app, code, target, preview)
            self.app.push_screen(MergeConfirmDialog(question, tr("cbx.merge_yes"), tr("cbx.merge_no")),
                                 lambda yes: merge(target) if yes else self.notify(tr("cbx.merge_cancelled"),
                                                                                   timeout=4))

        self.app.push_screen(CodeTreePicker(tr("cbx.merge_into", code=code.label(self.app.language)),
                                            self._all_codes(), self.app.language, exclude=code.id), ask)

    def action_edit_keywords(self) -> None:
        code = self._chosen_code()
        if code is None:
            return
        tr = self.app.tr

        shown = {"zh": list(code.keywords.zh), "en": list(code.keywords.en)}

        def save(sections: dict[str, list[str]] | None) -> None:
            if sections is not None:  # based on what was shown: words added elsewhere meanwhile are kept
                self._apply(lambda: edits.set_keywords(self.app.project, code.id, sections, based_on=shown))

        self.app.push_screen(ListEditor(tr("cbx.keywords_of", code=code.label(self.app.language)),
                                        {language: list(words) for language, words in shown.items()}, tr,
                                        tr("cbx.list_hint")), save)

    def action_edit_examples(self) -> None:
        code = self._chosen_code()
        if code is None:
            return
        tr = self.app.tr
        name = tr("cbx.field.examples")

        def save(sections: dict[str, list[str]] | None) -> None:
            if sections is not None:
                self._apply(lambda: edits.set_examples(self.app.project, code.id, sections[name],
                                                       based_on=list(code.examples)))

        self.app.push_screen(ListEditor(tr("cbx.examples_of", code=code.label(self.app.language)),
                                        {name: list(code.examples)}, tr, tr("cbx.list_hint")), save)

    def action_edit_field(self) -> None:
        code = self._chosen_code()
        if code is None:
            return
        tr = self.app.tr
        choices = [(field, f"{tr('cbx.field.' + field)}: {_field_value(code, field)[:40]}")
                   for field in TEXT_FIELDS]

        def chosen(field: str | None) -> None:
            if field is None:
                return
            self.app.push_screen(
                TextPrompt(tr("cbx.field_prompt", field=tr("cbx.field." + field)), value=_field_value(code, field)),
                lambda value: None if value is None else self._apply(
                    lambda: edits.set_text_field(self.app.project, code.id, field, value,
                                                 based_on=_field_value(code, field))))

        self.app.push_screen(ChoicePicker(tr("cbx.which_field", code=code.label(self.app.language)), choices),
                             chosen)

    def action_undo(self) -> None:
        from qualcode.app.coding.memo_targets import describe_event
        from qualcode.tui.undo_guard import undo_with_care

        undo_with_care(self, lambda expected: self._history(
            lambda project: api.undo(project, expected=expected), "coding.undone", "cbx.nothing_to_undo"),
            lambda: self.notify(self.app.tr("cbx.nothing_to_undo"), timeout=3),
            lambda event: describe_in_words(self.app, event, describe_event))

    def action_redo(self) -> None:
        from qualcode.app.coding.memo_targets import describe_event
        from qualcode.tui.undo_guard import redo_with_care

        redo_with_care(self, lambda expected: self._history(
            lambda project: api.redo(project, expected=expected), "cbx.redone", "cbx.nothing_to_redo"),
            lambda: self.notify(self.app.tr("cbx.nothing_to_redo"), timeout=3),
            lambda event: describe_in_words(self.app, event, describe_event))

    def _history(self, step, done_key: str, none_key: str) -> None:
        from qualcode.app.coding.memo_targets import describe_event

        try:
            event = step(self.app.project)
        except Exception as error:
            self.app.report(error)
            return
        if event is None:
            self.notify(self.app.tr(none_key), timeout=3)
            return
        self.reload_data()
        self.notify(self.app.tr(done_key, action=describe_in_words(self.app, event, describe_event)), timeout=4)

    def action_show_passages(self) -> None:
        code = self._chosen_code()
        if code is not None:
            from qualcode.tui.screens.retrieval import RetrievalScreen

            self.app.push_screen(RetrievalScreen(code.id))

    def action_back(self) -> None:
        self.app.pop_screen()
