"""The history table: every change as an event, which gives undo/redo across
sessions and an audit trail.

Each area registers how to undo and redo its own actions. Undo and redo are
per actor (coder), so two coders on one project never undo each other's work.
``undone``: 0 = in effect, 1 = undone (redoable), 2 = undone and then
superseded by a new action (kept for the audit trail, no longer redoable).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from qualcode.core.models import HistoryEvent
from qualcode.storage.db import utc_now

# A handler may add to the event's payload what it sets aside (rows the other direction must put back);
# it returns True then, and the payload is stored again.
Handler = Callable[[sqlite3.Connection, Mapping[str, object]], None]


@dataclass(frozen=True)
class _Action:
    undo: Handler
    redo: Handler


_ACTIONS: dict[str, _Action] = {}

# Modules that register undoable actions. Undo must know every kind of event
# before it looks at the newest one, or it would skip an action it cannot
# see and undo an older one instead.
ACTION_MODULES = (
    "qualcode.app.api",
    "qualcode.app.suggesting.review",
    "qualcode.app.coding.reviews",
    "qualcode.app.team.coders",
    "qualcode.app.importing.coded_sheets",
    "qualcode.app.importing.speaker_roles",
    "qualcode.app.importing.resplit",
    "qualcode.app.coding.codebook_edits",
    "qualcode.app.maintenance.code_merge",
    "qualcode.app.cases",
    "qualcode.app.importing.import_history",
    "qualcode.app.interop.qdpx_history",
)


def _load_action_modules() -> None:
    import importlib

    for name in ACTION_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


CODEBOOK_EDIT = "codebook.edit"


def record_codebook_edit(conn: sqlite3.Connection, actor: str, what: str) -> None:
    """Record a codebook file edit undo cannot reverse, so undo stops there instead of skipping it."""
    from qualcode.storage.db import transaction

    with transaction(conn):
        record_event(conn, actor, CODEBOOK_EDIT, {"what": what})


def register_action(action: str, *, undo: Handler, redo: Handler) -> None:
    _ACTIONS[action] = _Action(undo=undo, redo=redo)


def record_event(conn: sqlite3.Connection, actor: str, action: str, payload: Mapping[str, object]) -> int:
    """Record an action inside the caller's transaction; a new action ends the actor's redo chain."""
    conn.execute("UPDATE history SET undone = 2 WHERE actor = ? AND undone = 1", (actor,))
    cursor = conn.execute(
        "INSERT INTO history (at, actor, action, payload, origin) VALUES (?, ?, ?, ?, ?)",
        (utc_now(), actor, action, json.dumps(payload, ensure_ascii=False), getattr(conn, "origin", None)),
    )
    return int(cursor.lastrowid)


def _event(row: sqlite3.Row) -> HistoryEvent:
    return HistoryEvent(id=row["id"], at=row["at"], actor=row["actor"], action=row["action"],
                        payload=json.loads(row["payload"]), undone=bool(row["undone"]),
                        origin=row["origin"] if "origin" in row.keys() else None)  # a read-only, unmigrated file


def last_undoable(conn: sqlite3.Connection, actor: str) -> HistoryEvent | None:
    """The actor's newest action still in effect; an error if that one cannot be undone."""
    _load_action_modules()
    row = conn.execute(
        "SELECT * FROM history WHERE actor = ? AND undone = 0 ORDER BY id DESC LIMIT 1", (actor,)
    ).fetchone()
    if row is None:
        return None
    if row["action"] == CODEBOOK_EDIT:
        from qualcode.core.errors import QualcodeError

        raise QualcodeError(
            f"the last change was a codebook edit ({json.loads(row['payload']).get('what', 'codebook')} at "
            f"{row['at']}); restore it with git or from .qualcode/backups")
    if row["action"] not in _ACTIONS:
        from qualcode.core.errors import QualcodeError

        raise QualcodeError(
            f"your last action ({row['action']} at {row['at']}) cannot be undone; a backup was taken before it "
            "in .qualcode/backups/")
    return _event(row)


def next_redoable(conn: sqlite3.Connection, actor: str) -> HistoryEvent | None:
    row = conn.execute(
        "SELECT * FROM history WHERE actor = ? AND undone = 1 ORDER BY id ASC LIMIT 1", (actor,)
    ).fetchone()
    return _event(row) if row else None


def undo_event(conn: sqlite3.Connection, event: HistoryEvent) -> None:
    _run_keeping_payload(conn, event, _ACTIONS[event.action].undo)
    conn.execute("UPDATE history SET undone = 1 WHERE id = ?", (event.id,))


def redo_event(conn: sqlite3.Connection, event: HistoryEvent) -> None:
    _load_action_modules()
    _run_keeping_payload(conn, event, _ACTIONS[event.action].redo)
    conn.execute("UPDATE history SET undone = 0 WHERE id = ?", (event.id,))


def _run_keeping_payload(conn: sqlite3.Connection, event: HistoryEvent, handler) -> None:  # type: ignore[no-untyped-def]
    """Run an undo or redo handler. A handler may refresh the payload in place with what the next undo or
    redo needs (rows set aside, ids given anew); the history keeps whatever it leaves."""
    recorded = json.dumps(event.payload, ensure_ascii=False)
    handler(conn, event.payload)
    refreshed = json.dumps(event.payload, ensure_ascii=False)
    if refreshed != recorded:
        conn.execute("UPDATE history SET payload = ? WHERE id = ?", (refreshed, event.id))


def list_events(conn: sqlite3.Connection, *, actor: str | None = None, limit: int = 100) -> list[HistoryEvent]:
    where, params = ("WHERE actor = ?", [actor]) if actor else ("", [])
    rows = conn.execute(f"SELECT * FROM history {where} ORDER BY id DESC LIMIT ?", (*params, limit))
    return [_event(r) for r in rows]
