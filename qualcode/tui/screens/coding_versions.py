"""The coding screen when its transcript changes under it: imported again, or deleted, from a CLI beside the TUI.

Mixed into :class:`qualcode.tui.screens.coding.CodingScreen` (uses its data, segment, document_id and
_reload_keeping_place). The use cases refuse to code a replaced version
(:class:`qualcode.core.errors.SupersededVersionError`); here the window follows: it moves to the new version on
the same words and says so, or goes home when the document is gone, and a memo typed meanwhile finds its target.
"""

from __future__ import annotations

from qualcode.app import queries


class VersionActions:
    _acting = False  # a key's write is under way (the reload before it, or its failure): say it was not done
    _undid_import = False  # this window's undo took back an import (the document may have gone with it)

    def _on_current_version(self, *, acting: bool) -> bool:
        """False when the transcript shown was re-imported or deleted elsewhere (a CLI beside the TUI): then
        the screen moves to the new version, on the same words, or goes home, and says so. Coding the version
        shown would put codes on text that is no longer the transcript's (the use cases refuse it too)."""
        name, tr = self.data.document.name, self.app.tr
        current = queries.current_version_of(self.app.project, self.document_id, name)
        if current is not None and current.id == self.document_id:
            return True
        if current is None:
            self.left_document = True
            gone = "coding.document_import_undone" if self._undid_import else "coding.document_deleted"
            self.notify(tr(gone, name=name) + (tr("coding.not_done") if acting else ""),
                        severity="warning", timeout=10)
            self.app.call_later(self._leave_deleted_document)
            return False
        if current.version < self.data.document.version:   # the version shown is gone (its import undone)
            self.document_id = current.id
            self._reload_keeping_place(offset=0)
            self.notify(tr("coding.version_removed", name=name, version=current.version)
                        + (tr("coding.not_done_again") if acting else ""), severity="warning", timeout=10)
            return False
        offset = queries.offset_in_version(self.app.project, self.document_id, current.id, self.segment.start)
        self.document_id = current.id
        self._reload_keeping_place(offset=offset)
        self.notify(tr("coding.new_version", name=name, version=current.version)
                    + (tr("coding.not_done_again") if acting else ""), severity="warning", timeout=10)
        return False

    def _leave_deleted_document(self) -> None:
        if self.is_attached and self in self.app.screen_stack:
            while self.app.screen is not self:  # a dialog open over the screen goes too
                self.app.pop_screen()
            self.app.pop_screen()

    def _memo_target_after_move(self, target_type: str, target_id: str) -> tuple[str, str]:
        """A memo target of the replaced version, in the version the screen moved to: the turn now under the
        cursor (the same words), or the copy the re-import made of the coding (which stays put when its words
        were deleted: then the memo goes with it to the old version, where the flagged coding is reviewed)."""
        if target_type == "segment":
            return "segment", str(self.segment.id)
        moved = queries.moved_coding(self.app.project, int(target_id), self.document_id)
        return ("coding", str(moved.id)) if moved is not None else (target_type, target_id)
