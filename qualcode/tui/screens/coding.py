"""The coding screen: transcript, codebook tree, suggestions; every key one API call.

Each action that changes the project calls one function of :mod:`qualcode.app.api`
(or the suggestion engine's, or :mod:`qualcode.app.coding.reviews`) right away -- one
transaction -- then re-reads what it shows. Before writing, it checks whether
another window committed meanwhile; if that changed the current segment, it
reloads and asks for the key again instead of overwriting.
"""

from __future__ import annotations

import bisect

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, Label, ProgressBar, Static, TextArea, Tree

from qualcode.app import queries
from qualcode.app.coding import reviews
from qualcode.core.models import Coding, Segment, Suggestion
from qualcode.tui import data
from qualcode.tui.layout import fit_cells
from qualcode.tui.keymap import ACTIONS, bindings_for, display_key, effective_keys, localise_bindings
from qualcode.tui.screens.coding_codes import CodeActions
from qualcode.tui.screens.coding_history import HistoryActions
from qualcode.tui.screens.coding_learning import LearningActions
from qualcode.tui.screens.coding_memos import MemoActions
from qualcode.tui.screens.coding_speakers import SpeakerActions
from qualcode.tui.screens.coding_suggestions import SuggestionActions
from qualcode.tui.screens.coding_text import TextActions
from qualcode.tui.screens.coding_moves import MoveActions
from qualcode.tui.screens.coding_versions import VersionActions
from qualcode.tui.widgets.keyhints import KeyHints
from qualcode.tui.widgets.panels import CodebookTree, SuggestionPanel
from qualcode.tui.widgets.transcript import TranscriptView, ViewSegment, ViewSpan
from qualcode.tui.widgets.transcript_lines import coder_glyphs
from qualcode.tui.widgets.ordered_input import OrderedInput


def CODING_ORDER(coding: Coding) -> tuple[int, str, int]:
    """The order the codings query returns them in."""
    return coding.start, coding.code_id, coding.id


class CodingScreen(CodeActions, MemoActions, HistoryActions, MoveActions, SuggestionActions, LearningActions, TextActions,
                   SpeakerActions, VersionActions, Screen):
    SCOPE = "coding"
    BINDINGS = bindings_for("coding")

    def __init__(self, document_id: int, *, segment_id: int | None = None, offset: int | None = None,
                 query: str | None = None) -> None:
        super().__init__()
        self.document_id = document_id
        self.start_segment_id, self.start_offset, self.start_query = segment_id, offset, query
        self.data: data.TranscriptData | None = None
        self.index = 0
        self.suggestion_cursor = 0
        self.matches: list[tuple[int, int]] = []
        self.match_index = -1
        self.last_change = ""
        self.left_document = False  # deleted elsewhere while open: the screen is on its way home

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        tr = self.app.tr
        localise_bindings(self, self.app.language)
        yield Header()
        with Horizontal(id="coding"):
            yield TranscriptView(id="transcript")
            with Vertical(id="side"):
                yield Label(tr("coding.codebook"), classes="pane-title")
                yield CodebookTree(id="codebook")
                yield Static("", id="code-full")  # the highlighted code's whole label (the tree may cut it)
                yield Label(tr("coding.suggestions"), classes="pane-title")
                yield SuggestionPanel(id="suggestions")
        yield OrderedInput(placeholder=tr("coding.doc_search"), id="doc-search")
        yield ProgressBar(id="work-progress", show_eta=False)
        yield Static("", id="status")
        yield KeyHints(self.SCOPE)

    def on_mount(self) -> None:
        self.query_one("#doc-search", Input).display = False
        self.query_one("#code-full", Static).display = False
        self.query_one("#work-progress", ProgressBar).display = False
        self.query_one("#side").display = not getattr(self.app, "side_panel_hidden", False)
        try:
            self._load_codebook()
            self._load_document()
        except Exception as error:  # a broken codebook or a vanished document: one line, back home
            self.app.report(error)
            self.app.pop_screen()
            return
        if self.start_query:
            self.find(self.start_query)
        self.query_one(TranscriptView).focus()

    # ------------------------------------------------------------------ loading
    def _load_codebook(self) -> None:
        self.codes = data.all_codes(self.app.project)
        self.code_index = {code.id: code for code in self.codes}
        self.colours = data.code_colours(self.codes)
        self.code_keys = {code.key: code.id for code in self.codes if code.key}
        self.query_one(CodebookTree).fill(self.codes)

    def _load_document(self) -> None:
        app = self.app
        self.data = data.load_transcript(app.project, self.document_id, suggestion_functions=app.suggestion_functions,
                                         coder=app.visible_coder)
        view = self.query_one(TranscriptView)
        view.set_transcript(self.data.text, [ViewSegment(s.id, s.ordinal, s.start, s.end, s.speaker, s.role)
                                             for s in self.data.segments])
        self.title = self.data.document.name
        start = 0
        if self.start_segment_id is not None:
            start = next((i for i, s in enumerate(self.data.segments) if s.id == self.start_segment_id), 0)
        elif self.start_offset is not None:
            start = view.index_of_offset(self.start_offset)
        self._show_codings()
        self.go_to(start)
        self._announce_reviews()

    def _announce_reviews(self) -> None:
        """Codings flagged when this transcript was revised: say so once, mark them in the status line."""
        from qualcode.app.importing.reanchor import open_reviews

        coder = self.app.visible_coder  # blind: only the coder's own flagged codings
        reviews = [row for row in open_reviews(self.app.project.conn, document_id=self.document_id)
                   if coder is None or row["coder"] == coder]
        self.codings_under_review = {row["coding_id"] for row in reviews if row["coding_id"] is not None}
        if reviews:
            self.notify(self.app.tr("coding.reviews", count=len(reviews)), severity="warning", timeout=8)

    def codebooks_ready(self) -> None:
        """The codebooks were loaded again (a file changed on disk): show their codes, keys and labels now."""
        self.on_screen_resume()

    def on_screen_resume(self) -> None:
        """Back from the codebook editor (or any screen): pick up edited codebooks."""
        if self.data is None:
            return
        self._pick_up_codebook_changes()

    def _pick_up_codebook_changes(self) -> None:
        """Codebook files changed (the editor, `qualcode codes merge` beside the TUI, a hand edit): the tree and
        the code keys follow, so a key never names a code merged away or misses a new one."""
        try:
            codes = data.all_codes(self.app.project)
        except Exception as error:  # the edit broke a file: keep the codes we have
            self.app.report(error)
            return
        if codes != self.codes:
            self._load_codebook()
            self._show_codings()
            self._show_segment()

    def reload_data(self, outside: bool = False) -> None:
        """Re-read codings, reviews, suggestions and memos (after undo, or a change elsewhere)."""
        if self.data is None or self.left_document or not self._on_current_version(acting=self._acting):
            return
        fresh = data.load_transcript(self.app.project, self.document_id,
                                     suggestion_functions=self.app.suggestion_functions, coder=self.app.visible_coder)
        if fresh.document.id != self.data.document.id or [(s.id, s.role) for s in fresh.segments] != [
                (s.id, s.role) for s in self.data.segments]:  # new turns, or roles changed (undo of a role change)
            kept = any(s.id == self.segment.id for s in fresh.segments)  # else stay on the same words
            self._reload_keeping_place(offset=None if kept else self.segment.start)
            return
        self.data = fresh
        self._pick_up_codebook_changes()
        self._show_codings()
        self._show_segment()
        if outside:
            self.notify(self.app.tr("app.refreshed"), timeout=2)

    # ------------------------------------------------------------------ derived views
    @property
    def segment(self) -> Segment:
        return self.data.segments[self.index]

    def segment_codings(self, index: int | None = None, *, own: bool = False) -> list[Coding]:
        """The codings overlapping the turn, found by bisection in the list sorted by start.

        A document may hold thousands of codings and an action asks several times; a scan of all of
        them cost a few ms each time. No coding is longer than the longest one, so every coding that
        can overlap the turn starts at most that far before it.
        """
        segment = self.data.segments[self.index if index is None else index]
        codings = self.data.codings
        if getattr(self, "_codings_indexed", None) is not codings:  # a new list: index it once
            starts = [c.start for c in codings]
            in_order = all(a <= b for a, b in zip(starts, starts[1:]))  # else (never seen) scan them all
            self._coding_starts = starts if in_order else None
            self._longest_coding = max((c.end - c.start for c in codings), default=0)
            self._codings_indexed = codings
        end = max(segment.end, segment.start + 1)
        if self._coding_starts is not None:
            codings = codings[bisect.bisect_left(self._coding_starts, segment.start - self._longest_coding):
                              bisect.bisect_left(self._coding_starts, end)]
        coder = self.app.project.coder
        return [c for c in codings if c.start < end and c.end > segment.start and (not own or c.coder == coder)]

    def segment_suggestions(self, index: int | None = None) -> list[Suggestion]:
        """The turn's suggestions, from an index by segment rebuilt only when the list is replaced.

        A document may hold 9,000 suggestions; scanning them on every move, decision and repaint
        cost a frame's worth of time per action.
        """
        suggestions = self.data.suggestions
        if not suggestions:
            return []
        if getattr(self, "_suggestions_indexed", None) is not suggestions:
            by_segment: dict[int, list[int]] = {}
            for position, suggestion in enumerate(suggestions):
                by_segment.setdefault(suggestion.segment_id, []).append(position)
            self._suggestion_positions, self._suggestions_indexed = by_segment, suggestions
        segment_id = self.data.segments[self.index if index is None else index].id
        return [suggestions[position] for position in self._suggestion_positions.get(segment_id, ())]

    def replace_suggestions(self, changed: dict[int, Suggestion]) -> None:
        """Put decided suggestions (by id) into the list in place, so the index by segment stays valid."""
        suggestions = self.data.suggestions or []
        self.segment_suggestions()  # make sure the index is of this list
        for position in self._suggestion_positions.get(self.segment.id, ()):
            if suggestions[position].id in changed:
                suggestions[position] = changed.pop(suggestions[position].id)
        for position, suggestion in enumerate(suggestions):  # decided elsewhere than the current turn (rare)
            if not changed:
                break
            if suggestion.id in changed:
                suggestions[position] = changed.pop(suggestion.id)

    def _show_codings(self) -> None:
        view = self.query_one(TranscriptView)
        changed = getattr(self, "codings_changed_segment", None)
        self.codings_changed_segment = None
        view.coder_glyphs = coder_glyphs(self.app.project.coder, {c.coder for c in self.data.codings})
        if changed is not None:  # only one segment's codings were re-read: repaint only that turn
            view.set_segment_codings(changed, [ViewSpan(c.start, c.end, c.code_id, c.coder)
                                               for c in self.segment_codings(changed)])
        else:
            view.set_codings([ViewSpan(c.start, c.end, c.code_id, c.coder) for c in self.data.codings],
                             self.colours)
        delta = getattr(self, "codes_changed_on_segment", None)
        self.codes_changed_on_segment = None
        if changed is not None and delta is not None and hasattr(self, "document_counts"):
            if self.data.segments[changed].role != "participant":
                return  # the exports count no coding on an interviewer's turn, nor do the tree's counts
            before, after = delta  # one turn's distinct codes before and after: adjust the counts only
            for code_id in before - after:
                self.document_counts[code_id] -= 1
            for code_id in after - before:
                self.document_counts[code_id] = self.document_counts.get(code_id, 0) + 1
            return
        # The codings the exports count (participant turns): counted from every coding, the tree said 3 where
        # `export matrix` said 2 for a code also put on an interviewer's question.
        self.document_counts: dict[str, int] = data.document_code_counts(self.app.project, self.document_id,
                                                                         coder=self.app.visible_coder)

    def _show_segment(self) -> None:
        """Update everything that depends on the current segment."""
        applied = {c.code_id for c in self.segment_codings()}
        self.query_one(CodebookTree).update_labels(self.colours, self.app.language, self.document_counts, applied)
        self._show_suggestions()
        self._show_status()

    def _show_status(self) -> None:
        tr, segment = self.app.tr, self.segment
        status = Text()
        status.append(f" {self.data.document.name} ", style="bold reverse")
        status.append(" " + tr("coding.segment", ordinal=segment.ordinal, total=len(self.data.segments)) + " ")
        status.append(f"{segment.speaker or ''} ", style="dim" if segment.role == "interviewer" else "bold")
        if not self.query_one(TranscriptView).current_in_view():  # scrolled away with the mouse: say so
            status.append(tr("coding.out_of_view", ordinal=segment.ordinal) + " ", style="bold yellow")
        if segment.id in self.data.reviewed:
            status.append("✓ ", style="green")
        if self.last_change:
            status.append(f"[{self.last_change}] ", style="italic")
        for coding in self.segment_codings():
            code = self.code_index.get(coding.code_id)
            view = self.query_one(TranscriptView)  # the coder's shape, as in the gutter; others named
            status.append(view.coder_glyphs.get(coding.coder, "■"), style=self.colours.get(coding.code_id, "white"))
            status.append(f"{code.label(self.app.language) if code else coding.code_id} ")
            if coding.coder != self.app.project.coder:
                status.append(f"({coding.coder}) ", style="dim")
            if coding.id in getattr(self, "codings_under_review", ()):
                status.append("⚠ ", style="bold yellow")
            if self.data.all_memos.get(("coding", str(coding.id))):  # a memo on this coding (F9 lists it)
                status.append("✎ ", style="italic")
        notes = self.data.all_memos.get(("segment", str(segment.id)), [])  # every author's, newest last
        if notes:
            newest = notes[-1].text
            status.append(f" ✎{len(notes)} {fit_cells(newest, 40).rstrip()}{'…' if cell_len(newest) > 40 else ''}",
                          style="italic")
        if not self.query_one("#side").display:  # the suggestion panel is hidden: name the highlighted one here
            pending = [s for s in self.segment_suggestions() if s.status == "pending"]
            if pending:
                shown = self.segment_suggestions()[min(self.suggestion_cursor, len(self.segment_suggestions()) - 1)]
                code = self.code_index.get(shown.code_id)
                status.append("  " + tr("coding.pending_here", count=len(pending),
                                        code=code.label(self.app.language) if code else shown.code_id), style="cyan")
        selection = self.query_one(TranscriptView).selection
        if selection is not None:
            status.append("  " + tr("coding.selection", start=selection[0], end=selection[1],
                                   text=self.data.text[selection[0]:selection[1]][:30]), style="reverse")
        elif self.matches and self.match_index >= 0:
            status.append("  " + tr("coding.match", index=self.match_index + 1, total=len(self.matches)))
        self.query_one("#status", Static).update(status, layout=False)

    def key_of(self, action_id: str) -> str:
        """The first key of an action as people read it (after the user's [tui.keys] remapping)."""
        spec = next(spec for spec in ACTIONS if spec.id == action_id)
        return display_key(effective_keys(spec, self.app.user_keys).split(",")[0])

    # ------------------------------------------------------------------ moving
    def go_to(self, index: int) -> None:
        if not self.data.segments:
            return
        self.index = max(0, min(index, len(self.data.segments) - 1))
        # The marker starts on the turn's first pending suggestion (else its best ranked candidate): decided
        # ones need no second look.
        shown = self.segment_suggestions()
        self.suggestion_cursor = next((i for status in ("pending", "candidate") for i, s in enumerate(shown)
                                       if s.status == status), 0)
        self.last_change = ""
        view = self.query_one(TranscriptView)
        view.set_selection(None)
        view.current = self.index
        self._show_segment()

    @on(TranscriptView.CurrentVisibility)
    def _current_visibility(self, message: TranscriptView.CurrentVisibility) -> None:
        # A page-down scrolls before it moves the current turn, so the old turn's "out of view" arrives when
        # the new turn is in view and the status already says so: repainting it then cost a second frame,
        # which made the next key wait for the frame after it.
        if self.data is not None and message.visible == self.query_one(TranscriptView).current_in_view():
            self._show_status()

    @on(TranscriptView.SegmentClicked)
    def _clicked(self, message: TranscriptView.SegmentClicked) -> None:
        if message.index != self.index:
            self.go_to(message.index)
        else:
            self.query_one(TranscriptView).set_selection(None)
            self._show_status()

    @on(TranscriptView.SpanSelected)
    def _dragged(self, message: TranscriptView.SpanSelected) -> None:
        if message.index != self.index:
            self.go_to(message.index)
        self.query_one(TranscriptView).set_selection((message.start, message.end))
        self._show_status()

    # ------------------------------------------------------------------ writing
    def _outside_change_hit_segment(self, *, asks_again: bool = True) -> bool:
        """Reload if another window committed; True when that changed the current segment.

        ``asks_again``: the key's action is not done and the researcher is asked to press it again (False: the
        caller goes on, as saving a memo does, so the notices only say what changed)."""
        app = self.app
        version = reviews.data_version(app.project)
        if version == app.data_version:
            return False
        app.data_version = version
        before = set(self.segment_codings())
        reviewed_before = self.segment.id in self.data.reviewed
        shown = self.document_id
        self._acting = asks_again
        try:
            self.reload_data()
        finally:
            self._acting = False
        if self.left_document or self.document_id != shown:  # deleted or re-imported: said so already
            return True
        changed = before != set(self.segment_codings()) or reviewed_before != (self.segment.id in self.data.reviewed)
        if changed and asks_again:
            self.notify(app.tr("coding.conflict"), severity="warning", timeout=6)
        return changed

    def _write(self, action, *args, segment_only: bool = False, **kwargs):
        """Run one use case; report a user error in one line; re-read what changed.

        ``segment_only``: the action can only change codings of the current segment (a toggle, a span
        inside the turn, a suggestion decision), so only that segment's codings are re-read: on a
        document with thousands of codings a whole re-read cost several frames.
        """
        self.write_failed = False
        try:
            result = action(self.app.project, *args, **kwargs)
        except Exception as error:  # reported, never a traceback; the project is unchanged
            self.write_failed = True
            if not self._on_current_version(acting=True):  # re-imported or deleted meanwhile: moved or leaving
                return None
            self.app.report(error)
            result = None
        if segment_only and self.app.visible_coder is None and not self.write_failed:
            segment_id = self.segment.id
            fresh = queries.list_codings(self.app.project, segment_id=segment_id)
            before = {c.code_id for c in self.data.codings if c.segment_id == segment_id}
            kept = [c for c in self.data.codings if c.segment_id != segment_id]
            for coding in fresh:  # kept stays in the query's order; insert instead of sorting thousands
                bisect.insort(kept, coding, key=CODING_ORDER)
            self.data.codings = kept
            self.codings_changed_segment = self.index
            self.codes_changed_on_segment = (before, {c.code_id for c in fresh})
        else:
            self.data.codings = data.reload_codings(self.app.project, self.document_id,
                                                    coder=self.app.visible_coder)
            self.codings_changed_segment = None
        if segment_only and not self.write_failed:
            self.refresh_turn_suggestions()
        return result

    TEXT_BOX_ACTIONS = frozenset({"search", "find_code", "memo", "go_to_turn", "accept_all"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The keys that open a text box are priority bindings (tui/type_ahead.py); while a box of this screen
        (the search box) has the focus they are characters to type, so their bindings stand aside."""
        if action in self.TEXT_BOX_ACTIONS and isinstance(self.focused, (Input, TextArea)):
            return False
        return True

    def key_opens_a_box(self, event: events.Key) -> bool:
        """A digit opens "go to turn" (on_key, below): the app holds the keys typed after it for the prompt."""
        return (not isinstance(self.focused, (Input, TextArea)) and event.character is not None
                and event.character.isdigit() and event.character.isascii())

    def on_key(self, event: events.Key) -> None:
        """A code's key toggles it (codes own the letters the commands leave free)."""
        if isinstance(self.focused, Input) or event.character is None:
            return
        if event.character.isdigit() and event.character.isascii():  # digits are reserved: go to turn N
            event.stop()
            event.prevent_default()
            self.action_go_to_turn(event.character)
            return
        code_id = self.code_keys.get(event.character)
        if code_id is not None:
            event.stop()
            event.prevent_default()
            self.toggle_code(code_id)

    @on(Tree.NodeHighlighted, "#codebook")
    def _code_highlighted(self, event: Tree.NodeHighlighted) -> None:
        code = self.code_index.get(event.node.data) if event.node.data else None
        full = self.query_one("#code-full", Static)
        full.display = code is not None  # no empty line under the tree until a code is highlighted
        full.update(Text(code.label(self.app.language), style="italic") if code else "")

    @on(Tree.NodeSelected, "#codebook")
    def _code_clicked(self, event: Tree.NodeSelected) -> None:
        if event.node.data:
            self.toggle_code(event.node.data)

    def action_mark_reviewed(self) -> None:
        if self._outside_change_hit_segment():
            return
        self._write(reviews.toggle_reviewed, self.segment.id)
        self.data.reviewed = reviews.reviewed_segment_ids(self.app.project, self.document_id,
                                                          coder=self.app.visible_coder)
        self._show_status()
        self.note_human_codings(1)   # "no code applies" teaches the learned model too (a negative)

    # ------------------------------------------------------------------ back
    def on_unmount(self) -> None:
        # Leaving the screen cancels its suggest run, whose "finished" message then finds no screen: the window
        # announces changes made elsewhere again from here on.
        self.app.background_writes.discard("suggest")

    def action_back(self) -> None:
        box = self.query_one("#doc-search", Input)
        view = self.query_one(TranscriptView)
        running = [w for w in self.app.workers if w.group == "suggest" and w.is_running]
        if running:
            for worker in running:
                worker.cancel()
        elif box.display:
            box.display = False
            view.focus()
        elif view.selection is not None:
            view.set_selection(None)
            self._show_status()
        elif self.matches:
            self.matches, self.match_index = [], -1
            view.set_matches([])
            self._show_status()
        else:
            self.app.pop_screen()
