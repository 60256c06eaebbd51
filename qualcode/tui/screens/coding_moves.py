"""Moving on the coding screen: the current turn, never just the view.

↓ ↑ PgDn PgUp Home End Space and "go to turn N" all change the current turn -- the
one the status line names and a code key codes. A turn taller than the pane is read
by scrolling within it first (↓, Space), then the next turn becomes current.
The side panel can be hidden so the transcript takes the whole width.
"""

from __future__ import annotations

from qualcode.tui.screens.coding_prompts import EdgePrompt
from qualcode.tui.widgets.transcript import TranscriptView


class MoveActions:
    """Mixed into CodingScreen (uses its data, index, go_to, key_of and the transcript view)."""

    def action_next_segment(self) -> None:
        """↓ / j: a turn taller than the pane scrolls within itself first, then the next turn becomes current."""
        view = self.query_one(TranscriptView)
        if view.lines_outside_view(self.index)[1]:
            view.scroll_lines(1)
        else:
            self.go_to(self.index + 1)

    def action_prev_segment(self) -> None:
        """↑ / k: back through a tall turn line by line, then the previous turn, shown from its end."""
        view = self.query_one(TranscriptView)
        if view.lines_outside_view(self.index)[0]:
            view.scroll_lines(-1)
        elif self.index > 0:
            self.go_to(self.index - 1)
            below = view.lines_outside_view(self.index)[1]
            if below:  # reading backwards: a tall previous turn shows its last lines, ↑ then scrolls up it
                view.scroll_lines(below)

    def action_page_turn(self) -> None:
        """Space: the next page of a long turn, then the next turn."""
        view = self.query_one(TranscriptView)
        below = view.lines_outside_view(self.index)[1]
        if below:
            view.scroll_lines(min(below, max(1, view.scrollable_content_region.height - 1)))
        else:
            self.go_to(self.index + 1)

    def action_go_to_turn(self, typed: str = "") -> None:
        """``:`` or a digit: a small prompt for the turn number (the digit typed is its first figure)."""
        total = len(self.data.segments)

        def chosen(answer: str | None) -> None:
            if not answer or not answer.strip():
                return
            text = answer.strip().lstrip("#")
            index = next((i for i, s in enumerate(self.data.segments) if text.isdigit() and s.ordinal == int(text)),
                         None)
            if index is None:
                self.notify(self.app.tr("coding.no_turn", number=text, total=total), severity="warning", timeout=3)
                return
            self.go_to(index)

        self.app.type_ahead.hold()  # keys typed on at once go to the dialog's box (tui/type_ahead.py)
        self.app.push_screen(EdgePrompt(self.app.tr("coding.go_to_turn", total=total), value=typed,
                                        edge=self.edge_away_from_turn()), chosen)

    def edge_away_from_turn(self) -> str:
        """The screen edge farther from the current turn, where a prompt hides none of it."""
        view = self.query_one(TranscriptView)
        wrapped = view.wrapped
        if wrapped is None:
            return "bottom"
        lines = wrapped.lines_of(self.index)
        middle = (lines.start + lines.stop) / 2 - round(view.scroll_y)
        return "top" if middle > view.scrollable_content_region.height / 2 else "bottom"

    def action_first_segment(self) -> None:
        self.go_to(0)

    def action_last_segment(self) -> None:
        self.go_to(len(self.data.segments) - 1)

    def action_page_down(self) -> None:
        self._page(+1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, direction: int) -> None:
        view = self.query_one(TranscriptView)
        wrapped = view.wrapped
        if wrapped is None or not len(wrapped):
            return
        height = view.scrollable_content_region.height
        target = min(max(0, round(view.scroll_y) + direction * height), len(wrapped) - 1)
        view.scroll_to(y=target, animate=False, immediate=True)
        self.go_to(wrapped.segment[min(target, len(wrapped) - 1)])

    def action_next_uncoded(self) -> None:
        """n: the next uncoded participant turn; after the last one of this document, the next document that has
        some is named, and a second n (on the same turn) opens it at its first uncoded turn."""
        coded = {c.segment_id for c in self.data.codings}
        uncoded = [index for index, segment in enumerate(self.data.segments)
                   if segment.role == "participant" and segment.id not in coded and segment.id not in self.data.reviewed]
        later = [index for index in uncoded if index > self.index]
        if later:
            self.go_to(later[0])
            return
        offer = getattr(self, "offered_document", None)
        if offer is not None and offer[0] == self.index:
            self._open_document_to_code(offer[1])
            return
        self._offer_next_document([index for index in uncoded if index < self.index])

    def _offer_next_document(self, earlier: list[int]) -> None:
        from qualcode.app.coding.reviews import next_document_to_code

        tr = self.app.tr
        before = tr("coding.uncoded_earlier", count=len(earlier), ordinal=self.data.segments[earlier[0]].ordinal) \
            if earlier else ""
        found = next_document_to_code(self.app.project, self.document_id, coder=self.app.visible_coder)
        self.offered_document = None if found is None else (self.index, found)
        if found is None:
            self.notify(tr("coding.no_uncoded_anywhere", earlier=before), timeout=6)
            return
        self.notify(tr("coding.no_uncoded_next_document", earlier=before, document=found.name, count=found.uncoded,
                       keys=self.key_of("coding.next_uncoded")), timeout=8)

    def _open_document_to_code(self, found) -> None:  # type: ignore[no-untyped-def]
        """In place of this transcript (Esc still goes home), at the document's first uncoded turn."""
        from qualcode.tui.screens.coding import CodingScreen

        self.offered_document = None
        self.app.clear_notifications()   # the offer is taken: its toast would only repeat it
        self.app.switch_screen(CodingScreen(found.document_id, segment_id=found.first_segment_id))
        self.app.notify(self.app.tr("coding.opened_next_document", document=found.name, ordinal=found.first_ordinal,
                                    count=found.uncoded), timeout=4)

    def action_next_pending(self) -> None:
        pending = {s.segment_id for s in self.data.suggestions or () if s.status == "pending"}
        for index in range(self.index + 1, len(self.data.segments)):
            if self.data.segments[index].id in pending:
                self.go_to(index)
                return
        self.notify(self.app.tr("coding.no_pending"), timeout=3)

    # ------------------------------------------------------------------ side panel
    def action_toggle_side(self) -> None:
        """F9 / backslash: hide the codebook and suggestions so the transcript takes the whole width.

        Remembered for the session, so the next transcript opens the same way.
        """
        side = self.query_one("#side")
        side.display = not side.display
        self.app.side_panel_hidden = not side.display
        self.notify(self.app.tr("coding.side_hidden" if not side.display else "coding.side_shown",
                                keys=self.key_of("coding.toggle_side")), timeout=2)
