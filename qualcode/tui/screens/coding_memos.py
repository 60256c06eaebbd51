"""Memos from the coding screen: on the selected coding, the highlighted applied code, or the turn.

Mixed into :class:`qualcode.tui.screens.coding.CodingScreen` (uses its data, segment, code_index, reload_data and
_outside_change_hit_segment). A memo changed elsewhere while the box was open is never overwritten, and the words
typed are never lost.
"""

from __future__ import annotations

from qualcode.app import api
from qualcode.core.errors import ConflictError
from qualcode.tui.screens.dialogs import MemoDialog
from qualcode.tui.widgets.panels import CodebookTree
from qualcode.tui.widgets.transcript import TranscriptView


class MemoActions:
    """Mixed into CodingScreen: the memo box (m) and where its memo goes."""

    def _memo_target(self) -> tuple[str, str, str]:
        """(target_type, target_id, title): the selected coding, the highlighted applied code, or the segment."""
        own = self.segment_codings(own=True)
        selection = self.query_one(TranscriptView).selection
        tree = self.query_one(CodebookTree)
        for coding in own:
            if (selection and (coding.start, coding.end) == selection) or (
                    self.focused is tree and tree.highlighted_code == coding.code_id):
                code = self.code_index.get(coding.code_id)
                return "coding", str(coding.id), code.label(self.app.language) if code else coding.code_id
        return "segment", str(self.segment.id), f"{self.data.document.name} #{self.segment.ordinal}"

    def action_memo(self) -> None:
        target_type, target_id, title = self._memo_target()
        current = self.data.memos.get((target_type, target_id), "")
        self._memo_box(target_type, target_id, title, current, current)

    def _memo_box(self, target_type: str, target_id: str, title: str, shown: str, opened_with: str) -> None:
        """The memo box on ``shown``; saved only if the memo still reads ``opened_with``. Changed elsewhere meanwhile
        (the CLI edited it, or added a newer memo there), the box opens again on the typed words, beside the
        error showing the memo as it is now."""

        def saved(text: str | None) -> None:
            if text is None:
                return
            # A change elsewhere while the dialog was open (another coder coding this turn, a re-import) reloads
            # the screen, but never costs the words typed: the memo is about the turn, whoever coded it since.
            document = self.document_id
            self._outside_change_hit_segment(asks_again=False)
            if self.left_document:  # deleted meanwhile: nothing to attach the memo to; show the words instead
                self.notify(self.app.tr("coding.memo_unsaved", text=text), severity="error", timeout=30)
                return
            kind, ident = target_type, target_id
            moved = self.document_id != document
            if moved:  # moved to the new version: the same words' turn, the moved coding
                kind, ident = self._memo_target_after_move(target_type, target_id)
            try:
                api.set_memo(self.app.project, kind, ident, text, expected=None if moved else opened_with)
            except ConflictError as error:
                self.app.report(error)
                self.reload_data()
                self._memo_box(kind, ident, title, text, self.data.memos.get((kind, ident), ""))
                return
            except Exception as error:  # a user problem: one line, nothing written
                self.app.report(error)
                return
            self.reload_data()
            self.notify(self.app.tr("coding.memo_saved"), timeout=2)

        self.app.type_ahead.hold()  # keys typed on at once go to the dialog's box (tui/type_ahead.py)
        self.app.push_screen(MemoDialog(self.app.tr("coding.memo_title", target=title), shown), saved)
