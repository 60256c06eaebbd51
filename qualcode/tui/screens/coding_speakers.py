"""The coding screen's speaker role change: the current turn's speaker becomes interviewer,
participant, other, or a participant of a case, in every turn of the document (one undoable action)."""

from __future__ import annotations

from qualcode.tui.screens.dialogs import TextPrompt


class SpeakerActions:
    """Mixed into CodingScreen (uses its data, segment, _write and _reload_keeping_place)."""

    def action_change_role(self) -> None:
        from qualcode.app.importing.speaker_roles import set_speaker_role

        segment = self.segment
        tr = self.app.tr
        if not segment.speaker:
            self.notify(tr("coding.role_no_speaker"), severity="warning", timeout=4)
            return

        def chosen(value: str | None) -> None:
            if not value or not value.strip() or self._outside_change_hit_segment():
                return
            change = self._write(set_speaker_role, self.document_id, segment.speaker, value.strip())
            if change is None:
                return
            self._reload_keeping_place()
            self.notify(tr("coding.role_changed", speaker=change.speaker, role=change.role,
                           case=f" ({change.case_id})" if change.case_id else "", turns=change.turns), timeout=4)

        self.app.push_screen(TextPrompt(tr("coding.role_title", speaker=segment.speaker, role=segment.role),
                                        placeholder="interviewer / participant / other / P03"), chosen)

    def _reload_keeping_place(self) -> None:
        """Roles changed: rebuild the view (interviewer turns are drawn dimmed) on the same turn."""
        self.start_segment_id, self.start_offset = self.segment.id, None
        self._load_document()
