"""Changing speakers' roles in an imported document: re-split it from its stored text, one undoable action.

Used by ``ctrl+t`` in the TUI and ``qualcode documents speakers NAME --set "X=text"``. The new turns
come from the import's own splitting code with the roles stored for the document (table
``speaker_overrides``, like ``qualcode import --speakers``), so the CLI import and the TUI give the same
segments, and a later plain import of the unchanged file finds nothing to do. Every other speaker keeps
the role the researcher sees now (making Mary a participant must not make Tom the interviewer).

Codings keep their exact characters (:mod:`qualcode.app.importing.segment_switch`). Undo puts back the
segments with their ids, the codings on their turns, the suggestions, reviewed marks and memos of turns
that were gone, the document's case and the stored roles.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from qualcode.app.coding import history
from qualcode.app.importing import segment_switch as switch
from qualcode.app.project import Project
from qualcode.core.errors import ConflictError, NotFoundError, QualcodeError
from qualcode.core.models import SpeakerSummary
from qualcode.core.speaker_labels import label_key
from qualcode.core.speaker_roles import SpeakerOverride, parse_override_value
from qualcode.storage.db import transaction

ACTION = "speaker.resplit"
DECIDED = ("accepted", "rejected")


@dataclass(frozen=True)
class Resplit:
    document: str
    changes: tuple[tuple[str, str], ...]  # (speaker as written, value set)
    turns_before: int
    turns_after: int
    turns_gone: int  # turns whose span is no longer a turn
    turns_new: int  # turns with a span that was not one before
    codings_moved: int  # on another turn now, same characters
    codings_unplaced: int  # on no single turn: kept with their characters (qualcode doctor lists them)
    decisions_set_aside: int  # accepted/rejected suggestions of turns that are gone (undo restores them)
    pending_set_aside: int  # pending suggestions of those turns (`qualcode suggest` makes new ones)
    reviewed_marks_set_aside: int
    memos_moved: int
    memos_set_aside: int
    speakers: tuple[SpeakerSummary, ...]
    # False when the turns kept their spans, speakers, roles and participants and only their start times were read
    # (a project an older qualcode imported, which stored none)
    roles_changed: bool = True

    def lines(self) -> list[str]:
        """The report: what changed, and every count of what could not follow."""
        changed = changes_in_words(self.changes)
        lines = [f"{self.document}: {changed}; {self.turns_before} turns -> {self.turns_after}"
                 + (f" ({self.turns_gone} turn(s) replaced by {self.turns_new})" if self.turns_gone or self.turns_new
                    else " (same turns, roles changed)" if self.roles_changed
                    else " (same turns and roles; their start times were read, which the stored turns lacked)")]
        if self.codings_moved:
            lines.append(f"{self.codings_moved} coding(s) now belong to another turn (same words)")
        if self.codings_unplaced:
            lines.append(f"{self.codings_unplaced} coding(s) span a new turn boundary: kept on their words with no "
                         "turn (`qualcode doctor` lists them; undo puts them back)")
        set_aside = [(self.decisions_set_aside, "suggestion decision(s)"),
                     (self.pending_set_aside, "pending suggestion(s) (run `qualcode suggest` for the new turns)"),
                     (self.reviewed_marks_set_aside, "reviewed mark(s)"), (self.memos_set_aside, "turn memo(s)")]
        lines += [f"{count} {what} of turns that are gone set aside (undo brings them back)"
                  for count, what in set_aside if count]
        if self.memos_moved:
            lines.append(f"{self.memos_moved} turn memo(s) moved to the new turn holding their words")
        return lines


def changes_in_words(changes) -> str:
    """"Mom=text, Tom=P03"; a re-import that re-split by the settings alone names them."""
    return ", ".join(f"{name}={value}" for name, value in changes) or "as the settings read them"


def resplit_speakers(project: Project, document_id: int, changes: Sequence[tuple[str, str]], *,
                     actor: str | None = None) -> Resplit:
    """Set ``changes`` (speaker, value: a role, a case id, or ``text``) for the document and re-split it."""
    from qualcode.app.importing.stored_split import split_stored
    from qualcode.app.importing.speaker_settings import settings_for_document

    if not changes:
        raise QualcodeError("no speaker role to set; give NAME=ROLE "
                            "(interviewer, participant, other, text or a case id)")
    values = [(name.strip(), parse_override_value(name, value)) for name, value in changes]
    conn = project.conn
    with transaction(conn):
        document = _current_document(conn, document_id)
        before = switch.segment_state(conn, document_id)
        _check_names(conn, document, before, values)
        chosen = _choices(before, document["case_id"], values)
        overrides = tuple(SpeakerOverride(name, value, "a role change") for name, value in chosen)
        settings = settings_for_document(project, document["name"], overrides)
        split = split_stored(conn, document, settings, text_speakers=[n for n, v in values if v == "text"])
        earlier = _remembered(conn, document["name"])
        return switch_recorded(project, document_id, split.rows, split.participant, values, split.speakers,
                               remember=lambda: _remember(conn, document["name"], chosen, earlier), actor=actor)


def switch_recorded(project: Project, document_id: int, rows: Sequence[tuple], participant: str | None,
                    values: Sequence[tuple[str, str]], speakers: Sequence[SpeakerSummary], *,
                    remember: Callable[[], None], actor: str | None = None, origin: str = "roles") -> Resplit:
    """Give the current document ``document_id`` the turns ``rows`` (as the import stores them) and the case
    ``participant`` in place, as one history event; ``remember`` stores the roles set. Inside the caller's
    transaction. The role change (TUI, ``documents speakers``) and a re-import of the unchanged file with
    other roles (``import --speakers``) both come here, so they give the same rows, report and undo."""
    conn = project.conn
    document = _current_document(conn, document_id)
    before = switch.segment_state(conn, document_id)
    payload: dict = {"document_id": document_id, "document": document["name"], "origin": origin,
                     "changes": [list(v) for v in values],
                     "before": {"segments": before, "case_id": document["case_id"],
                                "codings": switch.coding_turns(conn, document_id),
                                "remembered": _remembered(conn, document["name"])}}
    result = switch.switch_segments(conn, document_id, [[None, *row] for row in rows])
    conn.execute("UPDATE documents SET case_id = ? WHERE id = ?", (participant, document_id))
    remember()
    payload["after"] = {"segments": result.segments, "case_id": participant,
                        "codings": switch.coding_turns(conn, document_id),
                        "remembered": _remembered(conn, document["name"])}
    payload["removed"], payload["moved_memos"] = result.removed, result.moved_memos
    history.record_event(conn, actor or project.coder, ACTION, payload)
    return _summary(document["name"], values, before, result, speakers)


def resplit_named(project: Project, name: str, option: str, *, actor: str | None = None) -> Resplit:
    """``qualcode documents speakers NAME --set "Mom=text,Tom=P03"``: the current version of document ``name``."""
    from qualcode.core.speaker_roles import parse_speakers_option

    changes = [(o.name, o.value) for o in parse_speakers_option(option)]
    return resplit_speakers(project, _document_id(project.conn, name), changes, actor=actor)


@dataclass(frozen=True)
class SpeakerRow:
    name: str
    role: str  # interviewer | participant | other | text (a label set to be read as words)
    case_id: str | None
    turns: int


def document_speakers(project: Project, name: str) -> list[SpeakerRow]:
    """Who speaks in the current version of ``name``, in order of first turn, and the labels set to "text"."""
    conn = project.conn
    document_id = _document_id(conn, name)
    rows: dict[str, SpeakerRow] = {}
    for speaker, role, case_id in conn.execute(
            "SELECT speaker, role, case_id FROM segments WHERE document_id = ? AND speaker IS NOT NULL "
            "ORDER BY ordinal", (document_id,)):
        found = rows.get(speaker)
        rows[speaker] = SpeakerRow(speaker, role, case_id, found.turns + 1 if found else 1)
    text = [SpeakerRow(row[0], "text", None, 0) for row in conn.execute(
        "SELECT name FROM speaker_overrides WHERE document_name = ? AND value = 'text' ORDER BY rowid", (name,))]
    return list(rows.values()) + text


def _document_id(conn: sqlite3.Connection, name: str) -> int:
    row = conn.execute("SELECT id FROM documents WHERE name = ? AND is_current = 1", (name,)).fetchone()
    if row is None:
        listed = [r[0] for r in conn.execute("SELECT name FROM documents WHERE is_current = 1 ORDER BY name LIMIT 5")]
        raise NotFoundError(f"no document named {name!r} (`qualcode documents list` shows them; "
                            f"first: {', '.join(listed) or 'none'})")
    return int(row[0])


def _current_document(conn: sqlite3.Connection, document_id: int) -> sqlite3.Row:
    document = conn.execute("SELECT id, name, path, text, case_id FROM documents WHERE id = ? AND is_current = 1",
                            (document_id,)).fetchone()
    if document is None:
        raise NotFoundError(f"no current document with id {document_id} (re-imported or deleted meanwhile?)")
    return document


def _check_names(conn: sqlite3.Connection, document: sqlite3.Row, segments: list[list],
                 values: list[tuple[str, str]]) -> None:
    """A name must be a speaker of the document, or a label set to "text" earlier (to make it a speaker again)."""
    known = {label_key(row[3]): row[3] for row in segments if row[3]}
    known |= {row[0]: row[1] for row in conn.execute(
        "SELECT speaker, name FROM speaker_overrides WHERE document_name = ? AND value = 'text'", (document["name"],))}
    missing = [name for name, _ in values if label_key(name) not in known]
    if missing:
        listed = ", ".join(sorted(known.values())) or "none"
        raise NotFoundError(f"{document['name']} has no speaker {', '.join(repr(n) for n in missing)} "
                            f"(speakers: {listed})")


def _choices(segments: list[list], document_case: str | None, values: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The new values, and for every other speaker the role (or own case) the researcher sees now."""
    choices = {label_key(name): (name, value) for name, value in values}
    for _, _, _, speaker, role, case_id, _ in segments:
        if speaker:
            own_case = role == "participant" and case_id not in (None, document_case)
            choices.setdefault(label_key(speaker), (speaker, case_id if own_case else role))
    return list(choices.values())


def _remembered(conn: sqlite3.Connection, document: str) -> list[list[str]]:
    return [list(row) for row in conn.execute(
        "SELECT speaker, name, value FROM speaker_overrides WHERE document_name = ? ORDER BY rowid", (document,))]


def _remember(conn: sqlite3.Connection, document: str, chosen: list[tuple[str, str]], earlier: list[list[str]]) -> None:
    rows = {key: (key, name, value) for key, name, value in earlier}
    rows.update({label_key(name): (label_key(name), name, value) for name, value in chosen})
    _store_remembered(conn, document, [list(row) for row in rows.values()])


def _store_remembered(conn: sqlite3.Connection, document: str, rows: list[list[str]]) -> None:
    from qualcode.storage.speaker_overrides import store_overrides

    conn.execute("DELETE FROM speaker_overrides WHERE document_name = ?", (document,))
    store_overrides(conn, document, [tuple(row) for row in rows])  # type: ignore[misc]


def _summary(document: str, values, before: list[list], result: switch.Switch, speakers) -> Resplit:
    removed = result.removed
    suggestions = removed.get("suggestions", [])
    old_spans = {(row[1], row[2]) for row in before}
    new_spans = {(row[1], row[2]) for row in result.segments}
    return Resplit(
        document=document, changes=tuple(values), turns_before=len(before), turns_after=len(result.segments),
        turns_gone=len(old_spans - new_spans), turns_new=len(new_spans - old_spans), codings_moved=result.codings_moved,
        codings_unplaced=len(result.unplaced),
        decisions_set_aside=sum(1 for s in suggestions if s["status"] in DECIDED),
        pending_set_aside=sum(1 for s in suggestions if s["status"] not in DECIDED),
        reviewed_marks_set_aside=len(removed.get("segment_reviews", [])), memos_moved=len(result.moved_memos),
        memos_set_aside=len(removed.get("memos", [])), speakers=tuple(speakers),
        roles_changed={tuple(row[1:6]) for row in before} != {tuple(row[1:6]) for row in result.segments})


def _go_to(conn: sqlite3.Connection, payload: Mapping, side: str, *, restore: Mapping | None) -> None:
    """Put the document in the ``side`` state ("before" for undo, "after" for redo) recorded in ``payload``."""
    state = payload[side]
    document_id = int(payload["document_id"])
    if conn.execute("SELECT 1 FROM documents WHERE id = ? AND is_current = 1", (document_id,)).fetchone() is None:
        verb = "undo" if side == "before" else "redo"
        raise ConflictError(f"{payload['document']} was re-imported or deleted since; nothing to {verb}")
    # memos are not tied to segments by a key, so they can point at the turn they belong to before it is back
    conn.executemany("UPDATE memos SET target_id = ? WHERE id = ?",
                     [(str(old if side == "before" else new), memo_id) for memo_id, old, new in payload["moved_memos"]])
    if side == "after":  # memos the action set aside stay aside, as the first time, even if they could move now
        conn.executemany("DELETE FROM memos WHERE id = ?", [(m["id"],) for m in payload["removed"].get("memos", [])])
    target = [list(row) for row in state["segments"]]
    leaving = sorted({row[0] for row in switch.segment_state(conn, document_id)} - {row[0] for row in target})
    _refuse_newer_work(conn, leaving, target, payload, side)
    result = switch.switch_segments(conn, document_id, target)
    if restore:
        switch.restore_rows(conn, restore)
    switch.set_coding_turns(conn, state["codings"])
    conn.execute("UPDATE documents SET case_id = ? WHERE id = ?", (state["case_id"], document_id))
    _store_remembered(conn, str(payload["document"]), state["remembered"])
    _set_aside(payload, side, result.removed)


def _set_aside(payload: Mapping, side: str, removed: dict[str, list[dict]]) -> None:
    """Keep in the event what went with the turns just left (only pending suggestions made since the last
    step: :func:`_refuse_newer_work` stops on anything else), so the other direction puts it back. Undo
    keeps them under "undo_removed" for redo; redo adds them to "removed", which undo restores."""
    assert isinstance(payload, dict)  # history hands over the decoded JSON object
    if side == "before":
        payload["undo_removed"] = removed
        payload["set_aside_last"] = sum(len(rows) for rows in removed.values())
        return
    kept, added = payload["removed"], 0
    for table, rows in removed.items():
        known = kept.setdefault(table, [])
        new = [row for row in rows if row not in known]
        known += new
        added += len(new)
    payload["set_aside_last"] = added  # what this step set aside; the undo/redo message counts it


def set_aside_last(payload: Mapping) -> int:
    """Pending suggestions the last undo or redo of a re-split set aside (0 for other events)."""
    return int(payload.get("set_aside_last") or 0)


def _refuse_newer_work(conn: sqlite3.Connection, leaving: list[int], target: list[list], payload: Mapping,
                       side: str) -> None:
    """Turns about to go that carry work done after this action (a decision, a reviewed mark, a memo, a
    coding no turn of ``target`` would hold): undo/redo stops instead of dropping it, and stays possible once
    that work is undone or removed (a QualcodeError, not a ConflictError: the action is not set aside).
    Pending suggestions of those turns are set aside in the event (:func:`_set_aside`)."""
    if not leaving:
        return
    found = switch.dependents(conn, leaving)
    expected = payload["removed"] if side == "after" else {}
    newer = [(table, row) for table, rows in found.items() for row in rows
             if row not in expected.get(table, []) and not (table == "suggestions" and row["status"] not in DECIDED)]
    if newer:
        table, row = newer[0]
        raise QualcodeError(f"{payload['document']}: {len(newer)} change(s) made since on turns that would go "
                            f"(first: {table} of turn {row.get('segment_id', row.get('target_id'))}); nothing was "
                            "changed; undo those first (or remove them), then try again")
    known = set(payload["before"]["codings"]) | set(payload["after"]["codings"])
    spans = [(row[1], row[2]) for row in target]
    marks = ",".join("?" * len(leaving))
    lost = [row[0] for row in conn.execute(
        f"SELECT id, start, end FROM codings WHERE segment_id IN ({marks})", leaving)
        if str(row[0]) not in known and not any(s <= row[1] and row[2] <= e for s, e in spans)]
    if lost:
        raise QualcodeError(f"{payload['document']}: {len(lost)} coding(s) made since would lose their turn; "
                            "nothing was changed; remove them (or undo them first), then try again")


def _undo(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    _go_to(conn, payload, "before", restore=payload["removed"])  # type: ignore[arg-type]


def _redo(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    _go_to(conn, payload, "after", restore=payload.get("undo_removed"))  # type: ignore[arg-type]


history.register_action(ACTION, undo=_undo, redo=_redo)
