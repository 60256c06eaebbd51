"""Text actions of the coding screen: selecting a sub-span and searching in the document."""

from __future__ import annotations

from textual.widgets import Input

from qualcode.tui.screens.dialogs import TextPrompt
from qualcode.tui.widgets.transcript import TranscriptView


class TextActions:
    """Mixed into CodingScreen (uses its data, segment, go_to and _show_status)."""

    # ------------------------------------------------------------------ selection (sub-span)
    def _set_selection(self, start: int, end: int) -> None:
        segment = self.segment
        if start < segment.start or end > segment.end:
            # Refused, not silently run on: a span past the turn would quote the next speaker.
            self.notify(self.app.tr("coding.selection_edge", ordinal=segment.ordinal,
                                    length=segment.end - segment.start), severity="warning", timeout=3)
        start = max(segment.start, min(start, segment.end - 1))
        end = max(start + 1, min(end, segment.end))
        if segment.end > segment.start:
            self.query_one(TranscriptView).set_selection((start, end))
        self._show_status()

    def _selection_or_start(self) -> tuple[int, int]:
        return self.query_one(TranscriptView).selection or (self.segment.start, self.segment.start)

    def action_extend_selection(self) -> None:
        start, end = self._selection_or_start()
        self._set_selection(start, end + 1)

    def action_shrink_selection(self) -> None:
        start, end = self._selection_or_start()
        self._set_selection(start, end - 1)

    def action_selection_start_right(self) -> None:
        start, end = self._selection_or_start()
        self._set_selection(start + 1, max(end, start + 2))

    def action_selection_start_left(self) -> None:
        start, end = self._selection_or_start()
        self._set_selection(start - 1, max(end, start))

    def action_select_text(self) -> None:
        def chosen(words: str | None) -> None:
            if not words:
                return
            segment = self.segment
            found = self.data.text.casefold().find(words.casefold(), segment.start, segment.end)
            if found < 0:
                self.notify(self.app.tr("coding.no_match", query=words), severity="warning", timeout=3)
                return
            self._set_selection(found, found + len(words))

        self.app.push_screen(TextPrompt(self.app.tr("coding.select_text")), chosen)

    # ------------------------------------------------------------------ search in the document
    def action_search(self) -> None:
        box = self.query_one("#doc-search", Input)
        box.display = True
        box.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "doc-search":
            return
        self.find(event.value)
        event.input.display = False
        self.query_one(TranscriptView).focus()

    def find(self, query: str) -> int:
        """Mark every match of ``query`` (case-insensitive) and go to the first one after the cursor."""
        query = query.strip()
        self.matches, self.match_index = [], -1
        if query:
            haystack, needle = self.data.text.casefold(), query.casefold()
            position = haystack.find(needle)
            while position >= 0:
                self.matches.append((position, position + len(needle)))
                position = haystack.find(needle, position + len(needle))
        self.query_one(TranscriptView).set_matches(self.matches)
        if not self.matches:
            self.notify(self.app.tr("coding.no_match", query=query), severity="warning", timeout=3)
            self._show_status()
            return 0
        here = self.segment.start
        self.match_index = next((i for i, (start, _) in enumerate(self.matches) if start >= here), 0) - 1
        self.action_search_next()
        return len(self.matches)

    def _go_to_match(self) -> None:
        start, _ = self.matches[self.match_index]
        view = self.query_one(TranscriptView)
        index = view.index_of_offset(start)
        segment = self.data.segments[index]
        if not segment.start <= start < max(segment.end, segment.start + 1):
            index = min(index + 1, len(self.data.segments) - 1) if start >= segment.end else index
        self.go_to(index)
        view.scroll_to_offset(start)
        self._show_status()

    def action_search_next(self) -> None:
        if self.matches:
            self.match_index = (self.match_index + 1) % len(self.matches)
            self._go_to_match()

    def action_search_prev(self) -> None:
        if self.matches:
            self.match_index = (self.match_index - 1) % len(self.matches)
            self._go_to_match()

