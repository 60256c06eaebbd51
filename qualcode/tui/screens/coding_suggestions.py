"""Suggestion actions of the coding screen: show, accept, reject, accept all, run a batch.

Accepting and rejecting go through the suggestion engine's use case (one
transaction, one undoable event); a batch run happens on a worker with its own
connection, where jieba and spaCy load, so the UI never waits for them.
"""

from __future__ import annotations

from dataclasses import replace

from textual import work
from textual.message import Message
from textual.widgets import ProgressBar
from textual.worker import get_current_worker

from qualcode.app.coding import reviews
from qualcode.core.models import Suggestion
from qualcode.tui import data
from qualcode.tui.screens.coding_prompts import BulkAcceptDialog, BulkChoice
from qualcode.tui.suggestions import load_batch_module
from qualcode.tui.widgets.panels import SuggestionPanel
from qualcode.tui.widgets.transcript import TranscriptView

DEFAULT_ACCEPT_THRESHOLD = 0.8


class BatchProgress(Message):
    bubble = False  # handled by the screen that posted it

    def __init__(self, done: int, total: int, name: str, *, finished: bool = False, cancelled: bool = False,
                 error: Exception | None = None, summary: str = "") -> None:
        super().__init__()
        self.done, self.total, self.name = done, total, name
        self.finished, self.cancelled, self.error, self.summary = finished, cancelled, error, summary




def cancelled_words(tr, keys: str, saved: int, total: int) -> str:  # type: ignore[no-untyped-def]
    """What Esc stopped, and what it left: nothing, or the documents whose suggestions were saved before."""
    if not saved:
        return tr("coding.batch_cancelled_nothing", keys=keys)
    return tr("coding.batch_cancelled_some", keys=keys, saved=saved, total=total, rest=total - saved)


class SuggestionActions:
    """Mixed into CodingScreen (uses its data, segment and _write)."""

    def _show_suggestions(self) -> None:
        panel = self.query_one(SuggestionPanel)
        view = self.query_one(TranscriptView)
        tr = self.app.tr
        if self.data.suggestions is None:
            panel.show_unavailable(tr("coding.nlp_absent"))
            view.set_evidence([])
            return
        suggestions = self.segment_suggestions()
        self.suggestion_cursor = min(self.suggestion_cursor, max(0, len(suggestions) - 1))
        segment = self.segment
        text = self.data.text[segment.start:segment.end]
        empty = tr("coding.no_suggestions") if self.data.suggestions else tr(
            "coding.none_run_here", keys=self.key_of("coding.suggest"))
        panel.show(suggestions, self.suggestion_cursor, text, self.code_index, self.colours, self.app.language, empty,
                   words=tr)
        chosen = suggestions[self.suggestion_cursor] if suggestions else None
        view.set_evidence([(segment.start + e.start, segment.start + e.end) for e in chosen.evidence
                           if e.kind != "learned"] if chosen else [])  # a learned score marks no words

    def refresh_turn_suggestions(self) -> None:
        """Read the turn's suggestions again after its codings changed: one whose code the turn was just given
        by hand reads ``coded`` (no longer pending: not counted, not offered by p, a or A), and pending again
        once that coding is removed. One indexed read of one turn, not the document's thousands of rows."""
        functions = self.app.suggestion_functions
        if functions is None or not self.data.suggestions:
            return
        fresh = data.turn_suggestions(self.app.project, self.segment.id, suggestion_functions=functions,
                                      coder=self.app.visible_coder)
        self.replace_suggestions({s.id: s for s in fresh})

    # ------------------------------------------------------------------ suggestions
    def _decide(self, suggestions: list[Suggestion], accept: bool) -> bool:
        """Accept or reject suggestions through the engine's one-transaction use case; True when written."""
        functions = self.app.suggestion_functions
        if functions is None:
            self.notify(self.app.tr("coding.nlp_absent"), timeout=3)
            return False
        if not suggestions:
            self.notify(self.app.tr("coding.no_suggestions"), timeout=2)
            return False
        if self._outside_change_hit_segment():
            return False
        report = self._write(functions.decide, [s.id for s in suggestions], accept, segment_only=True)
        if self.write_failed or report is None or report.decided < len(suggestions):
            # A row re-suggested away meanwhile (a retraining withdrew a candidate) or decided elsewhere:
            # never say "accepted" for it; show whatever the database holds now, read whole.
            self.reload_data()
            if not self.write_failed:
                self.notify(self.app.tr("coding.decision_stale"), severity="warning", timeout=6)
            return False
        self._mark_decided(suggestions, accept)
        if len(suggestions) == 1:
            code = self.code_index.get(suggestions[0].code_id)
            label = code.label(self.app.language) if code else suggestions[0].code_id
            said = {(True, False): "coding.accepted", (False, False): "coding.rejected",
                    (True, True): "coding.candidate_coded", (False, True): "coding.candidate_rejected"}
            self.notify(self.app.tr(said[accept, suggestions[0].status == "candidate"], code=label), timeout=2)
        if accept and not self.write_failed:
            self.note_human_codings(len(suggestions))
        return not self.write_failed

    def _mark_decided(self, suggestions: list[Suggestion], accept: bool) -> None:
        """Update the decided suggestions in memory instead of re-reading the whole document.

        Re-reading a document with 6,000 suggestions (evidence JSON and all) took longer than a frame;
        _write has already re-read the codings; review marks (`x`) are not touched by a decision.
        """
        status = "accepted" if accept else "rejected"
        by = self.app.project.coder
        self.replace_suggestions({s.id: replace(s, status=status, decided_by=by) for s in suggestions})
        self._show_codings()
        self._show_segment()

    def _highlighted_pending(self) -> list[Suggestion] | None:
        """The highlighted suggestion -- the one whose evidence is shown -- if it is still undecided
        (pending, or a ranked candidate below min_score: coding it from the panel is a human decision).

        Never another one: accepting a suggestion the researcher is not looking at codes a
        turn for a reason they did not read.
        """
        shown = self.segment_suggestions()
        if not shown:
            return []
        current = shown[min(self.suggestion_cursor, len(shown) - 1)]
        if current.status not in ("pending", "candidate"):
            code = self.code_index.get(current.code_id)
            self.notify(self.app.tr("coding.already_decided", code=code.label(self.app.language) if code
                                    else current.code_id, status=self.app.tr("status." + current.status)),
                        timeout=3)
            return None
        return [current]

    def _decide_highlighted(self, accept: bool) -> None:
        """Decide the highlighted suggestion; the marker moves on to the next pending one of the turn.

        The marker is moved before the decision is shown, so the panel is drawn once per key.
        """
        chosen = self._highlighted_pending()
        if chosen is None:
            return
        cursor = self.suggestion_cursor
        self.suggestion_cursor = self._next_pending_position(skip={s.id for s in chosen})
        if not self._decide(chosen, accept):
            self.suggestion_cursor = cursor
            self._show_suggestions()

    def _next_pending_position(self, *, skip: set[int]) -> int:
        """The position of the next pending suggestion after the marker (wrapping), else of the next
        ranked candidate, else the marker's own."""
        shown = self.segment_suggestions()
        for status in ("pending", "candidate"):
            for step in range(1, len(shown) + 1):
                position = (self.suggestion_cursor + step) % len(shown)
                if shown[position].status == status and shown[position].id not in skip:
                    return position
        return self.suggestion_cursor

    def action_accept_suggestion(self) -> None:
        self._decide_highlighted(True)

    def action_reject_suggestion(self) -> None:
        self._decide_highlighted(False)

    def action_accept_all(self) -> None:
        """Accept every pending suggestion >= the threshold, in this document or the whole project, after a
        confirmation that says how many each choice accepts."""
        functions = self.app.suggestion_functions
        if functions is None:
            self.notify(self.app.tr("coding.nlp_absent"), timeout=3)
            return
        tr = self.app.tr
        threshold = float(self.app.project.setting("tui.accept_threshold", DEFAULT_ACCEPT_THRESHOLD))
        review = functions.review
        name = self.data.document.name
        if not review.select_suggestions(self.app.project, min_score=0):
            self.notify(tr("coding.bulk_none", keys=self.key_of("coding.suggest")), timeout=4)
            return

        def select(at: float) -> dict[str, list]:  # recounted as the user types a threshold: one query
            rows = review.select_suggestions(self.app.project, min_score=at)
            return {"document": [row for row in rows if row.document_id == self.document_id], "project": rows}

        def chosen(choice: BulkChoice | None) -> None:
            if choice is None or self._outside_change_hit_segment():
                return
            report = self._write(review.decide, choice.rows, "accept", undecided_only=True)
            self.reload_data()
            if report is not None:
                self.notify(tr("coding.accepted_n", count=report.decided, threshold=f"{choice.threshold:g}"),
                            timeout=4)
                if report.skipped:  # decided meanwhile in another window, or a code gone: never silent
                    from qualcode.tui.error_words import message_in

                    first = message_in(self.app.language, report.skipped[0])
                    self.notify(tr("coding.bulk_skipped", count=len(report.skipped), first=first),
                                severity="warning", timeout=8)

        self.app.type_ahead.hold()  # keys typed on at once go to the dialog's box (tui/type_ahead.py)
        self.app.push_screen(BulkAcceptDialog(tr, name, threshold, select), chosen)

    def action_suggest_project(self) -> None:
        """Run the suggestion engine over the project's documents on a worker (jieba/spaCy load there)."""
        if self.app.suggestion_functions is None:
            self.notify(self.app.tr("coding.nlp_absent"), severity="warning", timeout=4)
            return
        bar = self.query_one("#work-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self.app.background_writes.add("suggest")   # its commits are not announced as made elsewhere
        self.suggest_worker()

    @work(thread=True, exclusive=True, group="suggest")
    def suggest_worker(self) -> None:
        worker = get_current_worker()
        module = load_batch_module()
        project = self.app.project.reopen()

        def progress(done: int, total: int, name: str) -> None:
            if not worker.is_cancelled:
                self.post_message(BatchProgress(done, total, name))

        try:
            # Esc is asked before each document's results are kept; those committed before stay (and are said)
            report = module.run_suggest(project, jobs=1, progress=progress, engine_kind="both",
                                        cancelled=lambda: worker.is_cancelled)
            if report.cancelled:
                self.post_message(BatchProgress(report.documents, report.documents + report.remaining, "",
                                                finished=True, cancelled=True))
                return
            summary = self.app.tr("coding.batch_done", documents=report.documents, skipped=report.skipped,
                                  new=report.new, updated=report.updated)
            if report.held_no_code:   # said, never silently kept out of review
                summary += self.app.tr("coding.batch_held", count=report.held_no_code)
            self.post_message(BatchProgress(1, 1, "", finished=True, summary=summary))
        except Exception as error:  # shown in one line by the handler
            self.post_message(BatchProgress(0, 1, "", finished=True, error=error))
        finally:
            project.close()

    def on_batch_progress(self, message: BatchProgress) -> None:
        bar = self.query_one("#work-progress", ProgressBar)
        if not message.finished:
            bar.update(total=max(1, message.total), progress=message.done)
            return
        bar.display = False
        self.app.background_writes.discard("suggest")
        if message.error is not None:
            self.app.report(message.error)
        elif message.cancelled:
            self.notify(cancelled_words(self.app.tr, self.key_of("coding.suggest"), message.done,
                                        message.total), timeout=8)
        else:
            self.notify(message.summary or self.app.tr("app.refreshed"), timeout=4)
        self.app.data_version = reviews.data_version(self.app.project)
        self.reload_data()

    def action_next_suggestion(self) -> None:
        self.suggestion_cursor = min(self.suggestion_cursor + 1, max(0, len(self.segment_suggestions()) - 1))
        self._show_suggestions()

    def action_prev_suggestion(self) -> None:
        self.suggestion_cursor = max(0, self.suggestion_cursor - 1)
        self._show_suggestions()

