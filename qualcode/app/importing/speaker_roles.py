"""Changing a speaker's role in a document after import (the TUI's ``ctrl+t``), as one undoable action.

The change re-splits the document from its stored text (:mod:`qualcode.app.importing.resplit`): a label
made "text" joins the turn before, a speaker made a participant or linked to a case gets those turns.
Events of the earlier in-place role change (action ``speaker.role``) stay undoable with the handlers below.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass

from qualcode.app.coding import history
from qualcode.app.importing.resplit import Resplit, resplit_speakers
from qualcode.app.project import Project
from qualcode.core.errors import ConflictError
from qualcode.core.speaker_labels import label_key
from qualcode.storage.speaker_overrides import store_overrides

ACTION = "speaker.role"


@dataclass(frozen=True)
class RoleChange:
    document: str
    speaker: str
    role: str  # interviewer | participant | other | text
    case_id: str | None
    turns: int
    resplit: Resplit | None = None

    def describe(self) -> str:
        role = f"{self.role} ({self.case_id})" if self.case_id else self.role
        return f"{self.speaker} in {self.document} is now {role} ({self.turns} turns)"


def set_speaker_role(project: Project, document_id: int, speaker: str, value: str, *,
                     actor: str | None = None) -> RoleChange:
    """Make ``speaker`` an interviewer, participant or other in the document, a participant of case
    ``value``, or ``text`` (not a speaker); the document is re-split, one transaction and one history event."""
    result = resplit_speakers(project, document_id, [(speaker, value)], actor=actor)
    rows = project.conn.execute("SELECT role, case_id FROM segments WHERE document_id = ? AND speaker = ?",
                                (document_id, speaker)).fetchall()
    if not rows:
        return RoleChange(result.document, speaker, "text", None, 0, result)
    return RoleChange(result.document, speaker, rows[0]["role"], rows[0]["case_id"], len(rows), result)


def _remember(conn: sqlite3.Connection, document: str, rows: list[tuple[str, str, str]]) -> None:
    conn.execute("DELETE FROM speaker_overrides WHERE document_name = ?", (document,))
    store_overrides(conn, document, rows)


def _apply(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    from qualcode.core.models import Case
    from qualcode.storage import repository as repo

    ids = [entry[0] for entry in payload["before"]]  # type: ignore[union-attr]
    if payload["case_id"] and conn.execute("SELECT 1 FROM cases WHERE id = ?", (payload["case_id"],)).fetchone() is None:
        repo.upsert_case(conn, Case(id=str(payload["case_id"])))
    conn.executemany("UPDATE segments SET role = ?, case_id = ? WHERE id = ?",
                     [(payload["role"], payload["case_id"], segment_id) for segment_id in ids])
    kept = {key: (key, name, value) for key, value, name in payload["remembered"]}  # type: ignore[union-attr]
    kept.update({label_key(name): (label_key(name), name, value) for name, value in payload["choices"]})  # type: ignore[union-attr]
    _remember(conn, str(payload["document"]), list(kept.values()))


def _undo(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    before = payload["before"]  # type: ignore[assignment]
    found = conn.execute(f"SELECT count(*) FROM segments WHERE id IN ({','.join('?' * len(before))})",
                         [entry[0] for entry in before]).fetchone()[0]
    if found != len(before):
        raise ConflictError("those turns are gone (the document was re-imported or deleted); nothing to undo")
    conn.executemany("UPDATE segments SET role = ?, case_id = ? WHERE id = ?",
                     [(role, case_id, segment_id) for segment_id, role, case_id in before])
    _remember(conn, str(payload["document"]),
              [(key, name, value) for key, value, name in payload["remembered"]])  # type: ignore[union-attr]


history.register_action(ACTION, undo=_undo, redo=_apply)
