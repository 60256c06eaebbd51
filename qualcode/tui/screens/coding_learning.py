"""The learned model in the coding screen: retraining in the background, and "code next what teaches most".

Both run on thread workers that only wait: the work runs in one helper process kept for the window's
life (:mod:`qualcode.app.suggesting.own_process`; in a thread of this process the tokenizing held the
interpreter lock and keys waited about 2 s each), so neither holds a key press. They only read codings and write suggestions through the same
use cases the CLI runs (:func:`qualcode.app.suggesting.retrain.retrain_if_due`,
:func:`qualcode.app.suggesting.next_turns.next_turns`), each write one transaction, so a CLI run
changing codings meanwhile loses nothing: the retraining counts the database's codings, not ours.
"""

from __future__ import annotations

from textual import work
from textual.message import Message

from qualcode.app import queries
from qualcode.app.coding import reviews


class Retrained(Message):
    bubble = False

    def __init__(self, result: object | None = None, error: Exception | None = None) -> None:
        super().__init__()
        self.result, self.error = result, error


class TeachingTurnFound(Message):
    bubble = False

    def __init__(self, turn: object | None = None, error: Exception | None = None) -> None:
        super().__init__()
        self.turn, self.error = turn, error


class LearningActions:
    """Mixed into CodingScreen (uses its data, go_to, reload_data and the app's project)."""

    codings_since_retrain = 0      # human coding changes made in this screen since the last retraining began
    retrain_threshold: int | None = None

    # ------------------------------------------------------------------ retraining
    def note_human_codings(self, count: int) -> None:
        """Called after codings were added or removed here; retrains once ``[suggest] retrain_after`` are made.

        Only a hint of when to look: the worker counts the project's codings against the cached model
        (ours and any other window's or the CLI's) and retrains only if that many really changed.
        """
        self.codings_since_retrain += count
        after = self._retrain_after()
        if after is None or self.codings_since_retrain < after or self.retraining:
            return
        self.notify(self.app.tr("coding.retraining", count=self.codings_since_retrain), timeout=3)
        self.codings_since_retrain = 0
        self.retrain_worker(after)

    def _retrain_after(self) -> int | None:
        if self.retrain_threshold is None:
            from qualcode.app.suggesting.retrain import retrain_after  # loads the model code: on first use only

            try:
                self.retrain_threshold = retrain_after(self.app.project)
            except Exception as error:  # a bad [suggest] retrain_after: said once, no retraining
                self.app.report(error)
                self.retrain_threshold = 0
        return self.retrain_threshold or None

    @property
    def retraining(self) -> bool:
        return any(w.group == "retrain" and w.is_running for w in self.app.workers)

    def _on_own_connection(self, compute, reply) -> None:  # type: ignore[no-untyped-def]
        """In a worker thread: ``compute(project)`` on a connection of its own, its result or error posted
        as ``reply(result, error)`` for a handler on the UI thread (which shows an error in one line)."""
        project = self.app.project.reopen()
        try:
            self.post_message(reply(compute(project), None))
        except Exception as error:
            self.post_message(reply(None, error))
        finally:
            project.close()

    @work(thread=True, group="retrain", exit_on_error=False)
    def retrain_worker(self, after: int) -> None:
        from qualcode.app.suggesting.retrain import retrain_in_own_process

        # The thread only waits: training runs in the helper process, so it never holds this one's GIL.
        self._on_own_connection(lambda project: retrain_in_own_process(project, after=after), Retrained)

    def on_retrained(self, message: Retrained) -> None:
        tr, result = self.app.tr, message.result
        if message.error is not None:
            self.app.report(message.error)
            return
        if result.retrained:
            newer = tr("coding.retrained_newer", count=result.newer) if result.newer else ""
            self.notify(tr("coding.retrained", turns=result.turns, count=result.changed, newer=newer,
                           keys=self.key_of("coding.code_next_teaching")), timeout=8)
            self.app.data_version = reviews.data_version(self.app.project)
            self.reload_data()      # the refreshed ranking of this document, in the panel
            if result.unsaved:      # not cached: each coding would retrain again, unseen; say where and why
                from qualcode.tui.error_words import message_in

                self.notify(message_in(self.app.language, result.unsaved), severity="warning", timeout=12)
        elif not result.age.due:  # codings toggled on and off again, or undone: the model is still current
            self.notify(tr("coding.retrain_not_due", changed=result.age.changed, after=result.age.after), timeout=4)
        else:  # due, but nothing trainable (no code with enough examples): the engine's reason
            from qualcode.app.suggesting.learning import reasons_in_brief
            from qualcode.tui.error_words import message_in

            why = message_in(self.app.language, reasons_in_brief(result.how, result.messages))
            self.notify(tr("coding.retrain_skipped", why=why), timeout=6)
        if self.codings_since_retrain >= (self.retrain_threshold or 0) > 0:
            self.note_human_codings(0)   # codings made while it trained: another round

    # ------------------------------------------------------------------ code next what teaches most
    def action_code_next_teaching(self) -> None:
        """Go to the uncoded participant turn the model is least sure about (the order `qualcode next` prints)."""
        if any(w.group == "next-teaching" and w.is_running for w in self.app.workers):
            return
        self.notify(self.app.tr("coding.finding_next"), timeout=2)
        self.next_teaching_worker()

    @work(thread=True, group="next-teaching", exit_on_error=False)
    def next_teaching_worker(self) -> None:
        from qualcode.app.suggesting.next_turns import next_turns_in_own_process

        def first(project):  # type: ignore[no-untyped-def]
            found = next_turns_in_own_process(project, limit=1)
            return (found.turns[0], found.looked_at, found.total) if found.turns else None

        self._on_own_connection(first, TeachingTurnFound)

    def on_teaching_turn_found(self, message: TeachingTurnFound) -> None:
        tr, turn = self.app.tr, message.turn
        if message.error is not None:
            self.app.report(message.error)
            return
        if turn is None:
            self.notify(tr("coding.nothing_to_teach"), timeout=4)
            return
        turn, looked_at, total = turn
        code = self.code_index.get(turn.code)
        self.notify(tr("coding.next_teaching", document=turn.document, ordinal=turn.ordinal,
                       code=code.label(self.app.language) if code else turn.code, score=f"{turn.score:.2f}",
                       threshold=f"{turn.threshold:.2f}")
                    + (tr("coding.next_teaching_others", coders=", ".join(turn.coded_by)) if turn.coded_by else "")
                    + (tr("coding.next_teaching_sampled", looked_at=looked_at, total=total) if looked_at < total
                       else ""),
                    timeout=6)
        if turn.document == self.data.document.name:
            self.go_to(next(i for i, s in enumerate(self.data.segments) if s.ordinal == turn.ordinal))
            return
        from qualcode.tui.screens.coding import CodingScreen

        try:
            document = queries.get_document(self.app.project, turn.document, with_text=False)
            segment = queries.segment_by_ordinal(self.app.project, document.id, turn.ordinal)
        except Exception as error:  # deleted meanwhile
            self.app.report(error)
            return
        self.app.switch_screen(CodingScreen(document.id, segment_id=segment.id))
