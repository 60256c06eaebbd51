"""Changing a speaker's role in a document after import (the TUI's role change), as one undoable action.

A role change keeps every turn's boundaries -- only who the turns count for changes -- so codings and
suggestions stay on their turns. The choice is also remembered like ``--speakers`` (table
``speaker_overrides``), so re-importing the file later keeps it. Undo puts back each turn's role and
case and the remembered choice as they were.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass

from qualcode.app.coding import history
from qualcode.app.project import Project
from qualcode.core.errors import ConflictError, NotFoundError, QualcodeError
from qualcode.core.speaker_labels import label_key
from qualcode.core.speaker_roles import SpeakerOverride, parse_override_value
from qualcode.storage.db import transaction
from qualcode.storage.speaker_overrides import store_overrides

ACTION = "speaker.role"


@dataclass(frozen=True)
class RoleChange:
    document: str
    speaker: str
    role: str
    case_id: str | None
    turns: int

    def describe(self) -> str:
        role = f"{self.role} ({self.case_id})" if self.case_id else self.role
        return f"{self.speaker} in {self.document} is now {role} ({self.turns} turns)"


def set_speaker_role(project: Project, document_id: int, speaker: str, value: str, *,
                     actor: str | None = None) -> RoleChange:
    """Make ``speaker`` an interviewer, participant or other in the document, or a participant of case
    ``value``; one transaction and one history event."""
    value = parse_override_value(speaker, value)
    if value == "text":
        raise QualcodeError("a speaker label becomes text only by re-importing with --speakers "
                            f'"{speaker}=text" (that changes the turns)')
    override = SpeakerOverride(speaker, value, "a role change")
    conn = project.conn
    with transaction(conn):
        document = conn.execute("SELECT name, case_id FROM documents WHERE id = ? AND is_current = 1",
                                (document_id,)).fetchone()
        if document is None:
            raise NotFoundError(f"no current document with id {document_id}")
        rows = conn.execute("SELECT id, role, case_id FROM segments WHERE document_id = ? AND speaker = ?",
                            (document_id, speaker)).fetchall()
        if not rows:
            raise NotFoundError(f"{document['name']} has no turns by {speaker!r}")
        role = override.role or "participant"
        case_id = override.case_id or (document["case_id"] if role == "participant" else None)
        payload = {"document": document["name"], "speaker": speaker, "role": role, "case_id": case_id,
                   "choices": _choices(conn, document_id, document["case_id"], speaker, value),
                   "remembered": _remembered(conn, document["name"]),
                   "before": [[row["id"], row["role"], row["case_id"]] for row in rows]}
        _apply(conn, payload)
        history.record_event(conn, actor or project.coder, ACTION, payload)
    return RoleChange(document["name"], speaker, role, case_id, len(rows))


def _choices(conn: sqlite3.Connection, document_id: int, document_case: str | None, speaker: str,
             value: str) -> list[list[str]]:
    """What a re-import must reproduce: the new value for ``speaker`` and, for every other speaker, the
    role (or own case) the researcher sees now -- otherwise inference could choose differently for
    them once this speaker's role changed (making Mary a participant can make Tom the interviewer)."""
    choices = {label_key(speaker): [speaker, value]}
    for row in conn.execute("SELECT DISTINCT speaker, role, case_id FROM segments WHERE document_id = ? "
                            "AND speaker IS NOT NULL", (document_id,)):
        own_case = row["role"] == "participant" and row["case_id"] not in (None, document_case)
        choices.setdefault(label_key(row["speaker"]), [row["speaker"], row["case_id"] if own_case else row["role"]])
    return list(choices.values())


def _remembered(conn: sqlite3.Connection, document: str) -> list[list[str]]:
    return [list(row) for row in conn.execute(
        "SELECT speaker, value, name FROM speaker_overrides WHERE document_name = ?", (document,))]


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
