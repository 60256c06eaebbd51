"""Putting a code on the current turn (or the selection): by its key, by the tree, or picked by name.

Mixed into :class:`qualcode.tui.screens.coding.CodingScreen` (uses its data, segment, code_index, _write and
_outside_change_hit_segment). A code on an interviewer's turn is asked about once per session first.
"""

from __future__ import annotations

from qualcode.app import api
from qualcode.tui.screens.coding_prompts import ConfirmDialog
from qualcode.tui.screens.dialogs import CodePicker
from qualcode.tui.widgets.panels import CodebookTree
from qualcode.tui.widgets.transcript import TranscriptView


class CodeActions:
    """Mixed into CodingScreen: toggling a code, the F10 passages' code, and the code picker."""

    def toggle_code(self, code_id: str) -> None:
        if self._outside_change_hit_segment():
            return
        view = self.query_one(TranscriptView)
        label = self.code_index[code_id].label(self.app.language) if code_id in self.code_index else code_id
        selection = view.selection
        if self._needs_interviewer_confirmation(code_id, selection):
            self._confirm_interviewer_coding(code_id, label)
            return
        if selection is None:
            added = self._write(api.toggle_code, self.segment.id, code_id, segment_only=True)
        else:
            own = [c for c in self.segment_codings(own=True)
                   if (c.start, c.end, c.code_id) == (*selection, code_id)]
            if own:
                self._write(api.remove_coding, own[0].id, segment_only=True)
                added = None
            else:
                added = self._write(api.add_coding, document_id=self.document_id, start=selection[0],
                                    end=selection[1], code_id=code_id, segment_id=self.segment.id,
                                    segment_only=True)
        if not self.write_failed:
            self.last_change = self.app.tr("coding.added" if added else "coding.removed", code=label)
            self.note_human_codings(1)
        self._show_codings()
        self._show_segment()

    def _needs_interviewer_confirmation(self, code_id: str, selection: tuple[int, int] | None) -> bool:
        """Adding a code to an interviewer turn, and not yet confirmed in this session (removing never asks)."""
        if self.segment.role != "interviewer" or getattr(self.app, "interviewer_coding_confirmed", False):
            return False
        span = selection or (self.segment.start, self.segment.end)
        return not any((c.start, c.end, c.code_id) == (*span, code_id) for c in self.segment_codings(own=True))

    def _confirm_interviewer_coding(self, code_id: str, label: str) -> None:
        """Interviewer turns are not participant data: ask once per session before coding one."""
        tr = self.app.tr

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.interviewer_coding_confirmed = True
                self.toggle_code(code_id)

        self.app.push_screen(ConfirmDialog(tr("coding.interviewer_confirm", ordinal=self.segment.ordinal, code=label),
                                           tr("coding.interviewer_yes"), tr("coding.interviewer_no"),
                                           edge=self.edge_away_from_turn()), answered)

    def passages_code(self) -> str | None:
        """The code F10 opens: the one highlighted in the focused tree, else the turn's first code."""
        tree = self.query_one(CodebookTree)
        if self.focused is tree and tree.highlighted_code:
            return tree.highlighted_code
        codings = sorted(self.segment_codings(own=bool(self.app.visible_coder)), key=lambda c: (c.start, c.end))
        return codings[0].code_id if codings else tree.highlighted_code

    def action_find_code(self) -> None:
        tr = self.app.tr

        def chosen(code_id: str | None) -> None:
            if code_id:
                self.toggle_code(code_id)

        # A pick toggles, as the code's key does: a code the turn (or the selection) has already is removed, and
        # the picker says so on its line (a researcher looking a code up to add it removed it unseen).
        view = self.query_one(TranscriptView)
        span = view.selection or (self.segment.start, self.segment.end)
        applied = {c.code_id for c in self.segment_codings(own=True) if (c.start, c.end) == tuple(span)}
        picker = CodePicker(tr("coding.code_search"), self.codes, self.app.language, tr("coding.code_search"),
                            applied=applied, applied_note=tr("coding.picker_applied"))
        picker.styles.align = ("center", self.edge_away_from_turn())  # not over the words being coded
        self.app.type_ahead.hold()  # a name typed on at once goes to the picker, not to the code keys
        self.app.push_screen(picker, chosen)
