"""The coding screen's speaker role change: the current turn's speaker becomes interviewer, participant,
other, a participant of a case, or text (not a speaker). The document is re-split from its stored text
(app.importing.resplit) as one undoable action; codings keep their words."""

from __future__ import annotations

from qualcode.tui.i18n import STRINGS
from qualcode.tui.screens.dialogs import TextPrompt

ROLE_WORDS = ("interviewer", "participant", "other", "text")


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
            change = self._write(set_speaker_role, self.document_id, segment.speaker, self._role_word(value.strip()))
            if change is None:
                return
            self._reload_keeping_place(offset=segment.start)
            self._announce_role_change(change)

        title = tr("coding.role_title", speaker=segment.speaker, role=self._role_name(segment.role))
        self.app.push_screen(TextPrompt(title, placeholder=tr("coding.role_placeholder")), chosen)

    def _role_name(self, role: str) -> str:
        """A role in the interface language (访谈者 for interviewer); a case id stays as it is."""
        return self.app.tr(f"coding.{role}") if role in ROLE_WORDS else role

    def _role_word(self, typed: str) -> str:
        """What the researcher typed, in either language whatever the interface's, as the role the library
        takes (受访者 → participant); a case id or anything else goes on unchanged to be checked there."""
        for role in ROLE_WORDS:
            if typed.casefold() in {word.casefold() for word in STRINGS[f"coding.{role}"]}:
                return role
        return typed

    def _announce_role_change(self, change) -> None:  # type: ignore[no-untyped-def]
        tr, result = self.app.tr, change.resplit
        if change.role == "text":
            self.notify(tr("coding.role_text", speaker=change.speaker), timeout=5)
        else:
            self.notify(tr("coding.role_changed", speaker=change.speaker, role=self._role_name(change.role),
                           case=f" ({change.case_id})" if change.case_id else "", turns=change.turns), timeout=4)
        if result is None:
            return
        if result.turns_gone or result.turns_new:
            self.notify(tr("coding.role_resplit", gone=result.turns_gone, new=result.turns_new,
                           moved=result.codings_moved), timeout=5)
        if result.codings_unplaced:
            self.notify(tr("coding.role_unplaced", count=result.codings_unplaced), severity="warning", timeout=10)
        set_aside = (result.decisions_set_aside + result.reviewed_marks_set_aside + result.memos_set_aside)
        if set_aside:
            self.notify(tr("coding.role_set_aside", count=set_aside), severity="warning", timeout=10)

    def _reload_keeping_place(self, offset: int | None = None) -> None:
        """Turns or roles changed: rebuild the view (interviewer turns are drawn dimmed) on the same words."""
        self.start_segment_id, self.start_offset = (None, offset) if offset is not None else (self.segment.id, None)
        self._load_document()
