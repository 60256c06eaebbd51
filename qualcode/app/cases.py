"""Cases (participants) and their attributes: reading a participants table, setting attributes.

Both are one ``cases.set`` event in the history, so ``qualcode undo`` takes back the last cases change
(before, undo skipped it and undid the previous, unrelated action). The event keeps each changed case's
attributes before and after; a case the change created is removed again on undo, unless a transcript
imported since names it (then it keeps no attributes).
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from qualcode.app.coding import history
from qualcode.core.errors import ConflictError, ImportFormatError, Location, QualcodeError
from qualcode.core.models import Case
from qualcode.io.readers import read_participant_table
from qualcode.storage import repository as repo
from qualcode.storage.db import transaction


@dataclass(frozen=True)
class ImportedCases:
    cases: list[Case]
    notes: list[str]   # attribute columns Excel stored as dates, kept as ISO text (io.readers.read_participant_table)
    new: int = 0       # cases the table created
    changed: int = 0   # cases whose attributes it changed (the rest it read as they were: what undo takes back)

    @property
    def unchanged(self) -> int:
        return len(self.cases) - self.new - self.changed


def import_cases(project, table: Path) -> ImportedCases:
    """Read a participants table (CSV/XLSX) and store every row in one transaction.

    Refused, with nothing stored, when an id the project lacks is another spelling of a case it has
    (``s01``, ``Ｓ01`` or ``S1`` beside ``S01``): the row's attributes would go to a new case of that
    spelling and the interviewed participant would be left without them, unsaid.
    """
    numbered, notes = read_participant_table(table)
    known = [row[0] for row in project.conn.execute("SELECT id FROM cases ORDER BY id")]
    refuse_near_misses(table, numbered, known)
    rows = [case for _, case in numbered]
    with transaction(project.conn):
        changes = _store(project, rows, {"what": "import", "file": Path(table).name})
    new = sum(change["before"] is None for change in changes)
    return ImportedCases(rows, notes, new=new, changed=len(changes) - new)


def id_key(case_id: str) -> str:
    """A participant id as compared for near misses: width and case folded, leading zeros of numbers dropped."""
    text = unicodedata.normalize("NFKC", case_id).strip().casefold()
    return re.sub(r"\d+", lambda m: str(int(m.group())), text)


def refuse_near_misses(table: Path, numbered: Sequence[tuple[int, Case]], known: Iterable[str]) -> None:
    """Raise when a table's new id differs from a known case id only in case, width or leading zeros."""
    known = set(known)
    by_key: dict[str, str] = {}
    for case_id in sorted(known):
        by_key.setdefault(id_key(case_id), case_id)
    misses = [(number, case.id, by_key[id_key(case.id)]) for number, case in numbered
              if case.id not in known and id_key(case.id) in by_key]
    if not misses:
        return
    listed = "; ".join(f"row {number}: {new!r} for {old}" for number, new, old in misses)
    raise ImportFormatError(
        f"{len(misses)} participant id(s) are another spelling of a participant id already in use ({listed}): their "
        "attributes would go to new cases and the interviewed participants would have none; write the ids as "
        "the project does (`qualcode cases list`), then import again; nothing imported",
        Location(table, line=misses[0][0]))


def set_attributes(project, case_id: str, attributes: Mapping[str, str]) -> Case:
    """Set (merge) attributes of one case; creates the case when it is new."""
    if not attributes or any(not key for key in attributes):
        raise QualcodeError("attributes are written key=value, e.g. gender=女")
    _refuse_other_spellings(project.conn, attributes)
    case = Case(id=case_id, attributes=dict(attributes))
    with transaction(project.conn):
        _store(project, [case], {"what": "set", "case": case_id})
    return case


ACTION = "cases.set"


def _refuse_other_spellings(conn: sqlite3.Connection, attributes: Mapping[str, str]) -> None:
    """Refuse a key that is another spelling of an attribute the cases have (``Gender`` for ``gender``): it made a
    second attribute, so ``cases set S01 Gender=女`` said "Updated S01" and every export kept the old gender."""
    counts: dict[str, int] = {}
    for (text,) in conn.execute("SELECT attributes FROM cases"):
        for key in json.loads(text or "{}"):
            counts[key] = counts.get(key, 0) + 1
    by_key = {id_key(key): key for key in sorted(counts, key=lambda k: -counts[k])}
    for key in attributes:
        known = by_key.get(id_key(key))
        if known is not None and known != key and key not in counts:
            raise QualcodeError(f"attribute {key!r} is another spelling of {known!r}, which {counts[known]} case(s) "
                                f"have: write {known}={attributes[key]}, so the value goes where the exports "
                                "read it; nothing changed")


def _attributes(conn: sqlite3.Connection, case_id: str) -> dict[str, str] | None:
    row = conn.execute("SELECT attributes FROM cases WHERE id = ?", (case_id,)).fetchone()
    return None if row is None else json.loads(row[0])


def _store(project, cases: Sequence[Case], what: Mapping[str, str]) -> list[dict]:
    """Upsert ``cases`` (inside the caller's transaction) and record what changed as one history event; returns
    the changes (id, attributes before, or None for a new case, and after)."""
    conn = project.conn
    before = {case.id: _attributes(conn, case.id) for case in cases}   # as stored before the change
    for case in cases:
        repo.upsert_case(conn, case)
    changes = [{"id": case_id, "before": old, "after": _attributes(conn, case_id)}
               for case_id, old in before.items()]
    changes = [c for c in changes if c["before"] != c["after"]]
    if changes:   # a table that changes nothing is no action to undo
        history.record_event(conn, project.coder, ACTION, {**what, "cases": changes})
    return changes


def _undo(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    for change in payload["cases"]:  # type: ignore[union-attr]
        case_id, old, new = change["id"], change["before"], change["after"]
        if _attributes(conn, case_id) != new:
            raise ConflictError(f"the attributes of case {case_id} were changed again since; nothing undone")
        if old is not None:
            conn.execute("UPDATE cases SET attributes = ? WHERE id = ?", (json.dumps(old, ensure_ascii=False), case_id))
        elif conn.execute("SELECT 1 FROM documents WHERE case_id = ? LIMIT 1", (case_id,)).fetchone():
            change["kept"] = True   # a transcript imported since names it: it stays, without attributes
            conn.execute("UPDATE cases SET attributes = '{}' WHERE id = ?", (case_id,))
        else:
            change.pop("kept", None)
            conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))


def _redo(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    for change in payload["cases"]:  # type: ignore[union-attr]
        case_id, old, new = change["id"], change["before"], change["after"]
        now = _attributes(conn, case_id)
        if now != old and not (old is None and now == {} and change.get("kept")):
            raise ConflictError(f"the attributes of case {case_id} were changed again since; nothing redone")
        if now is None:
            conn.execute("INSERT INTO cases (id, attributes) VALUES (?, ?)",
                         (case_id, json.dumps(new, ensure_ascii=False)))
        else:
            conn.execute("UPDATE cases SET attributes = ? WHERE id = ?", (json.dumps(new, ensure_ascii=False), case_id))


history.register_action(ACTION, undo=_undo, redo=_redo)
