"""``u`` in a window undoes what was done in that window; anything else only after a yes.

The history is per coder and across sessions, so the coder's newest action may have been made
elsewhere: a ``qualcode codes merge`` in a shell a quarter of an hour ago, another window open now,
yesterday's session, a Python script using the library (:mod:`qualcode.app.coding.origins` tells which). Undoing that from a keypress, with a toast the researcher may not read, silently changes
data they never saw change. So the window undoes its own actions at once, and for any other one asks
first, naming the action in full and where and when it was made::

    Undo the merge of Goal A into Goal B (3 coding(s) moved), made from the command line 15 minutes ago? y/N

Only ``y`` (or the Undo button) undoes, and then only that very event: if the newest action changed
while the question was open, the undo refuses (:func:`qualcode.app.api.undo` with ``expected``).
Enter and Escape answer no.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from qualcode.app import api
from qualcode.app.coding import origins
from qualcode.core.clock import local_minute, parsed_utc
from qualcode.core.models import HistoryEvent
from qualcode.tui.screens.coding_prompts import ConfirmDialog


class UndoElsewhereDialog(ConfirmDialog):
    """The question before undoing an action made elsewhere; no is the default (Enter, Escape, n)."""

    AUTO_FOCUS = "#confirm-no"


WHERE_KEYS = {
    origins.COMMAND_LINE: "undo.from_cli",
    origins.OPEN_WINDOW: "undo.from_open_window",
    origins.CLOSED_WINDOW: "undo.from_closed_window",
    origins.SOME_WINDOW: "undo.from_window",
    origins.PROGRAM: "undo.from_program",
}


def where_words(origin: str | None, app) -> str:  # type: ignore[no-untyped-def]
    """Where an action was made, in words: the command line, another window open now (its process id), an
    earlier session closed now, a Python program; "outside this window" for one recorded before origins were."""
    place = origins.where_made(origin, app.project.db_path, here=app.session_origin)
    return app.tr(WHERE_KEYS.get(place.kind, "undo.from_elsewhere"), pid=place.pid)


def ago_words(at: str, tr: Callable[..., str], now: datetime | None = None) -> str:
    """How long ago an ISO time in UTC was, in words ("15 minutes ago"), with the local clock time."""
    when = parsed_utc(at)
    if when is None:
        return at
    seconds = max(0, int(((now or datetime.now(timezone.utc)) - when).total_seconds()))
    clock = local_minute(at)
    if seconds < 60:
        return tr("undo.ago_now", clock=clock)
    if seconds < 3600:
        return tr("undo.ago_minutes", count=seconds // 60, clock=clock)
    if seconds < 86400:
        return tr("undo.ago_hours", count=seconds // 3600, clock=clock)
    return tr("undo.ago_days", count=seconds // 86400, clock=clock)


def undo_with_care(screen, run: Callable[[int], None], nothing: Callable[[], None],  # type: ignore[no-untyped-def]
                   words: Callable[[HistoryEvent], str]) -> None:
    """Undo the coder's newest action: at once if this window made it, else after a yes.

    ``run(event_id)`` undoes (through ``api.undo(project, expected=event_id)``) and says so as the screen
    does; ``nothing()`` says there is nothing to undo; ``words(event)`` names an event in full.
    """
    app = screen.app

    def undo(event_id: int) -> None:
        run(event_id)
        app.undone_here.add(event_id)   # its redo, from this window, needs no question

    _with_care(screen, api.last_undoable, lambda event: event.origin is not None and event.origin == app.session_origin,
               undo, nothing, words, "undo.elsewhere_question", "undo.elsewhere_yes")


def redo_with_care(screen, run: Callable[[int], None], nothing: Callable[[], None],  # type: ignore[no-untyped-def]
                   words: Callable[[HistoryEvent], str]) -> None:
    """Redo the coder's most recently undone action: at once if this window undid it, else after a yes
    (a `qualcode undo` of a merge in a shell must not be redone by a stray ``ctrl+r``)."""
    app = screen.app
    _with_care(screen, api.next_redoable, lambda event: event.id in app.undone_here, run, nothing, words,
               "undo.redo_elsewhere_question", "undo.redo_yes")


def _with_care(screen, peek, mine, run, nothing, words, question_key: str, yes_key: str) -> None:  # type: ignore[no-untyped-def]
    app = screen.app
    try:
        event = peek(app.project)
    except Exception as error:  # a codebook edit undo cannot reverse, an action from before undo existed
        app.report(error)
        return
    if event is None:
        nothing()
        return
    if mine(event):
        run(event.id)
        return
    tr = app.tr
    question = tr(question_key, action=words(event), where=where_words(event.origin, app), when=ago_words(event.at, tr))

    def answered(yes: bool | None) -> None:
        if yes:
            run(event.id)
        else:
            screen.notify(tr("undo.elsewhere_kept"), timeout=4)

    app.push_screen(UndoElsewhereDialog(question, tr(yes_key), tr("undo.elsewhere_no")), answered)
