"""Undo and redo on the coding screen: one step of the project's history, said in words.

Mixed into :class:`qualcode.tui.screens.coding.CodingScreen` (uses its _write, reload_data and code_index); the
guard against undoing someone else's change is :mod:`qualcode.tui.undo_guard`'s.
"""

from __future__ import annotations

from qualcode.app import api


class HistoryActions:
    """Mixed into CodingScreen: undo, redo, and the notice naming what they did."""

    def action_undo(self) -> None:
        from qualcode.tui.undo_guard import undo_with_care

        undo_with_care(self, lambda expected: self._history(
            lambda project: api.undo(project, expected=expected), "coding.undone", "coding.nothing_undo"),
            lambda: self.notify(self.app.tr("coding.nothing_undo"), timeout=2), self._event_in_words)

    def action_redo(self) -> None:
        from qualcode.tui.undo_guard import redo_with_care

        redo_with_care(self, lambda expected: self._history(
            lambda project: api.redo(project, expected=expected), "coding.redone", "coding.nothing_redo"),
            lambda: self.notify(self.app.tr("coding.nothing_redo"), timeout=2), self._event_in_words)

    def _history(self, step, done_key: str, nothing_key: str) -> None:
        event = self._write(step)
        self.last_change = ""  # "[+ 中考失利]" would be stale once that coding is undone
        self._undid_import = event is not None and event.action == "transcripts.import"
        self.reload_data()
        self._undid_import = False
        if event is None:
            self.notify(self.app.tr(nothing_key), timeout=2)
        else:
            words = self._event_in_words(event)
            self.notify(self.app.tr(done_key, action=words), timeout=3)

    def _event_in_words(self, event) -> str:  # type: ignore[no-untyped-def]
        from qualcode.app.coding.event_subjects import event_subject
        from qualcode.tui.history_words import event_words

        def label(code_id: str) -> str:
            code = self.code_index.get(code_id)
            return code.label(self.app.language) if code else code_id

        return event_words(event_subject(self.app.project, event), self.app.tr, label)
