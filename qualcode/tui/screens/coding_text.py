"""Text actions of the coding screen: selecting a sub-span and searching in the document."""

from __future__ import annotations

from textual.widgets import Input

from qualcode.app.text_units import sentence_ends, word_spans
from qualcode.core.text_forms import search_form
from qualcode.tui.screens.coding_prompts import EdgePrompt
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

    # ------------------------------------------------------------------ word, sentence, turn
    def _turn_units(self, kind: str) -> list[int]:
        """Ends (document offsets) of the current turn's words or sentences, trailing spaces left out."""
        cache = self.__dict__.setdefault("_unit_cache", {})
        key = (self.data.document.id, self.index, kind)
        if key not in cache:
            segment = self.segment
            text = self.data.text[segment.start:segment.end]
            if kind == "word":
                ends = [end for _, end in word_spans(text)]
            else:
                ends = [len(text[:end].rstrip()) for end in sentence_ends(text)]
            cache[key] = sorted({segment.start + end for end in ends if end > 0})
        return cache[key]

    def _step_selection(self, kind: str, direction: int) -> None:
        """Move the selection's end to the next (+1) or previous (-1) word or sentence end of the turn."""
        segment = self.segment
        text = self.data.text[segment.start:segment.end]
        view = self.query_one(TranscriptView)
        if view.selection is None:
            lead = len(text) - len(text.lstrip())
            start = end = segment.start + lead
        else:
            start, end = view.selection
        ends = [e for e in self._turn_units(kind) if e > start]
        if direction > 0:
            target = next((e for e in ends if e > end), None)
            if target is None:
                self.notify(self.app.tr("coding.selection_at_end", ordinal=segment.ordinal), timeout=2)
                return
        else:
            earlier = [e for e in ends if e < end]
            if not earlier:
                view.set_selection(None)
                self._show_status()
                return
            target = earlier[-1]
        self._set_selection(start, target)

    def action_select_word_more(self) -> None:
        self._step_selection("word", +1)

    def action_select_word_less(self) -> None:
        self._step_selection("word", -1)

    def action_select_sentence_more(self) -> None:
        self._step_selection("sentence", +1)

    def action_select_sentence_less(self) -> None:
        self._step_selection("sentence", -1)

    def action_select_turn(self) -> None:
        segment = self.segment
        self._set_selection(segment.start, segment.end)

    # ------------------------------------------------------------------ select by typing
    def action_select_text(self) -> None:
        """Type words of the turn to select them; the same words again select their next occurrence."""
        last = getattr(self, "_last_typed_selection", None)  # (segment index, words, start found)

        def chosen(words: str | None) -> None:
            if not words:
                return
            segment = self.segment
            haystack, needle = search_form(self.data.text), search_form(words)
            occurrences = []
            position = haystack.find(needle, segment.start, segment.end)
            while position >= 0:
                occurrences.append(position)
                position = haystack.find(needle, position + 1, segment.end)
            if not occurrences:
                self.notify(self.app.tr("coding.no_match", query=words), severity="warning", timeout=3)
                return
            found = occurrences[0]
            if last is not None and last[:2] == (self.index, needle):
                found = next((p for p in occurrences if p > last[2]), occurrences[0])  # cycles, wrapping
            self._last_typed_selection = (self.index, needle, found)
            self._set_selection(found, found + len(words))
            if len(occurrences) > 1:
                self.notify(self.app.tr("coding.occurrence", index=occurrences.index(found) + 1,
                                        total=len(occurrences), keys=self.key_of("coding.select_text")), timeout=3)

        previous = last[1] if last is not None and last[0] == self.index else ""
        self.app.push_screen(EdgePrompt(self.app.tr("coding.select_text"), value=previous, select_all=True,
                                        edge=self.edge_away_from_turn()), chosen)

    # ------------------------------------------------------------------ search in the document
    def action_search(self) -> None:
        box = self.query_one("#doc-search", Input)
        box.display = True
        self.set_focus(box)  # at once: the keys typed right after / go to the box (tui/type_ahead.py)

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
            haystack, needle = search_form(self.data.text), search_form(query)
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

