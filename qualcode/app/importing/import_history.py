"""An import of transcript files as one step in the undo history (``transcripts.import``).

`qualcode undo` right after `qualcode import` used to reach past the import and undo the action before it. Now
the import records one event, written once after its last batch of documents (an import commits in batches; one
that fails or is interrupted records what it had committed). Written once, not rewritten with each batch: at
100,000 one-answer files the rewrites would have written gigabytes. It keeps:

- each document the import added, and for a revised transcript the new version with the version it replaced
  and the memos that moved onto the new version (document, turn and coding memos, with their old targets);
- the attributes, before and after, of each case the import created or changed (a participants table read
  with the transcripts, a transcript's front matter).

Undo removes each added document and each new version (its turns, the codings carried onto it, its flags and
suggestions go with it), makes the replaced version current again with its memos back, and puts the cases back.
It refuses, changing nothing, while anyone has coded, memoed, decided suggestions or marked turns on those
documents since: that work would go with them. Redo is not offered: the files are on disk, and importing them
again is the redo (the message says so). A re-split in place (same text, other turns) is its own undoable step
(``speaker.resplit``), and a ``.qdpx`` archive records ``qdpx.import``, which undo does not reverse.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import PurePath

from qualcode.app.coding import history
from qualcode.core.errors import ConflictError, QualcodeError
from qualcode.storage.db import utc_now

ACTION = "transcripts.import"


def _attributes(conn: sqlite3.Connection, case_id: str) -> dict[str, str] | None:
    row = conn.execute("SELECT attributes FROM cases WHERE id = ?", (case_id,)).fetchone()
    return None if row is None else json.loads(row[0])


def memos_on(conn: sqlite3.Connection, document_id: int) -> dict[int, tuple[str, str]]:
    """Memos on a document, its turns or its codings: memo id -> (target type, target id)."""
    rows = conn.execute(
        """SELECT id, target_type, target_id FROM memos WHERE
             (target_type = 'document' AND target_id = CAST(?1 AS TEXT))
          OR (target_type = 'segment' AND target_id IN (SELECT CAST(id AS TEXT) FROM segments WHERE document_id = ?1))
          OR (target_type = 'coding' AND target_id IN (SELECT CAST(id AS TEXT) FROM codings WHERE document_id = ?1))""",
        (document_id,))
    return {row[0]: (row[1], row[2]) for row in rows}


class ImportHistory:
    """What one `qualcode import` stored, kept as one history event (see the module's docstring)."""

    def __init__(self, conn: sqlite3.Connection, actor: str, files: Iterable[str]) -> None:
        self._conn, self._actor = conn, actor
        self.saved = False                    # written (with the last batch, or by save)
        self._event_id: int | None = None     # the event written, if the import changed anything
        self._read: dict[str, dict[str, str] | None] = {}   # cases' attributes read before the import wrote any
        self._payload: dict[str, object] = {"at": utc_now(), "files": list(files), "documents": [], "cases": {}}

    def touch_cases(self, case_ids: Iterable[str | None]) -> None:
        """Before the import writes these cases: their attributes as they were before the import."""
        cases: dict = self._payload["cases"]  # type: ignore[assignment]
        for case_id in case_ids:
            if case_id and case_id not in cases:
                before = self._read[case_id] if case_id in self._read else _attributes(self._conn, case_id)
                cases[case_id] = {"before": before, "after": None}

    def read_cases(self, case_ids: Iterable[str]) -> None:
        """Read the attributes of the cases the import will touch, 500 at a time, before it writes any: one
        query per case was a tenth of the time of importing 10,000 one-answer files."""
        self._read.update(_attributes_of(self._conn, sorted(set(case_ids) - set(self._read))))

    def document(self, document_id: int, name: str, version: int, replaced: int | None = None,
                 memos_before: Mapping[int, tuple[str, str]] | None = None) -> None:
        """A document the import added (``replaced`` None) or a new version replacing document ``replaced``;
        ``memos_before``: the memos on the replaced version before they were carried over."""
        entry: dict[str, object] = {"id": document_id, "name": name}   # a new document: kept small (100,000 files)
        if replaced is not None:
            entry.update(version=version, replaced=replaced, memos=[
                [memo_id, *old] for memo_id, old in (memos_before or {}).items()
                if memos_on_target(self._conn, memo_id) != old])
        self._payload["documents"].append(entry)  # type: ignore[union-attr]

    def write(self) -> None:
        """Inside the last batch's transaction (no commit of its own): the event, when the import changed anything."""
        cases: dict = self._payload["cases"]  # type: ignore[assignment]
        for case_id, after in _attributes_of(self._conn, list(cases)).items():
            cases[case_id]["after"] = after
        self._payload["cases"] = {case_id: change for case_id, change in cases.items()
                                  if change["before"] != change["after"]}
        self.saved = True
        if not self._payload["documents"] and not self._payload["cases"]:
            return   # nothing stored (every file unchanged): no action to undo
        self._payload["coding_max"] = self._conn.execute("SELECT coalesce(max(id), 0) FROM codings").fetchone()[0]
        self._event_id = history.record_event(self._conn, self._actor, ACTION, self._payload)

    def save(self) -> None:
        """The event in a transaction of its own, unless the last batch wrote it."""
        from qualcode.storage.db import transaction

        if not self.saved:
            with transaction(self._conn):
                self.write()

    def save_after_failure(self) -> None:
        """The import stopped (an error, Ctrl-C): the event for what its committed batches stored. The batch that
        failed was rolled back, so documents it had noted are dropped (they are not in the database)."""
        import contextlib

        with contextlib.suppress(Exception):   # the failure itself is what the user must see
            if self.saved and (self._event_id is None or self._conn.execute(
                    "SELECT 1 FROM history WHERE id = ?", (self._event_id,)).fetchone() is not None):
                return   # written and committed with the last batch (or nothing to write)
            self.saved = False   # written in a batch that was rolled back
            self._payload["documents"] = [
                entry for entry in self._payload["documents"]  # type: ignore[union-attr]
                if self._conn.execute("SELECT 1 FROM documents WHERE id = ? AND name = ?",
                                      (entry["id"], entry["name"])).fetchone() is not None]
            self.save()


def _attributes_of(conn: sqlite3.Connection, case_ids: list[str]) -> dict[str, dict[str, str] | None]:
    """Each case's attributes (None: no such case), read 500 ids at a time."""
    found: dict[str, dict[str, str] | None] = dict.fromkeys(case_ids)
    for start in range(0, len(case_ids), 500):
        chunk = case_ids[start:start + 500]
        for case_id, attributes in conn.execute(
                f"SELECT id, attributes FROM cases WHERE id IN ({','.join('?' * len(chunk))})", chunk):
            found[case_id] = json.loads(attributes)
    return found


def memos_on_target(conn: sqlite3.Connection, memo_id: int) -> tuple[str, str] | None:
    row = conn.execute("SELECT target_type, target_id FROM memos WHERE id = ?", (memo_id,)).fetchone()
    return None if row is None else (row[0], row[1])


# --------------------------------------------------------------------------- undo / redo
def _chunks(values: list, size: int = 500):  # type: ignore[no-untyped-def]
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _work_since(conn: sqlite3.Connection, payload: Mapping[str, object], ids: set[int]) -> dict[int, list[str]]:
    """What was done on the imported documents since the import (it would be lost with them), by document: a few
    set-wide queries over what is newer than the import, not five per document (10,000 documents took 11 s)."""
    at, moved = str(payload["at"]), {int(m[0]) for e in payload["documents"] for m in e.get("memos") or []}  # type: ignore[union-attr]
    found: dict[int, list[str]] = {}
    for document_id, count, coders in conn.execute(
            "SELECT document_id, count(*), group_concat(DISTINCT coder) FROM codings WHERE id > ? "
            "GROUP BY document_id", (payload.get("coding_max", 0),)):
        if document_id in ids:
            found.setdefault(document_id, []).append(f"{count} coding(s) by {coders}")
    memos: dict[int, int] = {}
    for memo_id, document_id in conn.execute(
            """SELECT m.id, CAST(m.target_id AS INTEGER) FROM memos m WHERE m.target_type = 'document'
               UNION ALL SELECT m.id, s.document_id FROM memos m JOIN segments s ON s.id = CAST(m.target_id AS INTEGER)
                         WHERE m.target_type = 'segment'
               UNION ALL SELECT m.id, c.document_id FROM memos m JOIN codings c ON c.id = CAST(m.target_id AS INTEGER)
                         WHERE m.target_type = 'coding'"""):
        if document_id in ids and memo_id not in moved:
            memos[document_id] = memos.get(document_id, 0) + 1
    for document_id, count in memos.items():
        found.setdefault(document_id, []).append(f"{count} memo(s)")
    for sql, words in (
            ("SELECT s.document_id, count(*) FROM suggestions g JOIN segments s ON s.id = g.segment_id WHERE "
             "g.status IN ('accepted', 'rejected') AND g.decided_at > ? GROUP BY s.document_id", "suggestion decision(s)"),
            ("SELECT s.document_id, count(*) FROM segment_reviews r JOIN segments s ON s.id = r.segment_id WHERE "
             "r.reviewed_at > ? GROUP BY s.document_id", "turn(s) marked reviewed")):
        for document_id, count in conn.execute(sql, (at,)):
            if document_id in ids:
                found.setdefault(document_id, []).append(f"{count} {words}")
    return found


def _check(conn: sqlite3.Connection, payload: Mapping[str, object]) -> list[Mapping[str, object]]:
    """The imported documents still there; a QualcodeError (the action stays undoable) when one cannot go."""
    entries = list(payload["documents"])  # type: ignore[call-overload]
    there: set[tuple[int, str]] = set()
    later: dict[int, int] = {}
    for chunk in _chunks([int(e["id"]) for e in entries]):
        marks = ",".join("?" * len(chunk))
        there |= {(r[0], r[1]) for r in conn.execute(f"SELECT id, name FROM documents WHERE id IN ({marks})", chunk)}
        later.update((r[0], r[1]) for r in conn.execute(
            f"SELECT previous_id, version FROM documents WHERE previous_id IN ({marks})", chunk))
    present = [e for e in entries if (e["id"], e["name"]) in there]   # the rest were deleted since
    for entry in present:
        if entry["id"] in later:   # a colleague's re-import, pseudonymize: this import is past taking back
            raise ConflictError(
                f"{entry['name']} has a later version ({later[entry['id']]}, from another import or pseudonymize) "
                f"than the one this import brought; nothing was undone (`qualcode documents delete {entry['name']}` "
                "removes every version)")
    work = _work_since(conn, payload, {int(e["id"]) for e in present})  # type: ignore[arg-type]
    for entry in present:
        if entry["id"] in work:
            raise QualcodeError(
                f"{entry['name']} has work made since this import ({', '.join(work[entry['id']])}), which removing "
                f"it would lose; undo or remove that work first (or `qualcode documents delete {entry['name']}`); "
                "nothing was undone")
    return present


def _undo(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    assert isinstance(payload, dict)  # history hands over the decoded JSON object
    present = _check(conn, payload)
    for entry in present:
        for memo_id, target_type, target_id in entry.get("memos") or []:  # type: ignore[union-attr]
            conn.execute("UPDATE memos SET target_type = ?, target_id = ? WHERE id = ?",
                         (target_type, target_id, memo_id))
    for chunk in _chunks([int(e["id"]) for e in present]):   # turns, codings, flags, suggestions go with them
        conn.execute(f"DELETE FROM documents WHERE id IN ({','.join('?' * len(chunk))})", chunk)
    conn.executemany("UPDATE documents SET is_current = 1 WHERE id = ?",
                     [(e["replaced"],) for e in present if e.get("replaced") is not None])
    # the roles `--speakers` set for a removed document would otherwise come back with the next file of that
    # name (as `documents delete` does)
    conn.executemany("DELETE FROM speaker_overrides WHERE document_name = ? AND NOT EXISTS "
                     "(SELECT 1 FROM documents WHERE name = ?)",
                     [(e["name"], e["name"]) for e in present if e.get("replaced") is None])
    kept = []
    for case_id, change in (payload.get("cases") or {}).items():  # type: ignore[union-attr]
        before, after = change["before"], change["after"]
        if before == after:
            continue
        now = _attributes(conn, case_id)
        if now != after:
            kept.append(case_id)   # changed again since (`cases set`): that change stays
        elif before is not None:
            conn.execute("UPDATE cases SET attributes = ? WHERE id = ?",
                         (json.dumps(before, ensure_ascii=False), case_id))
        elif _named(conn, case_id):
            conn.execute("UPDATE cases SET attributes = '{}' WHERE id = ?", (case_id,))
        else:
            conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))
    payload["undone"] = {"removed": [e["name"] for e in present if e.get("replaced") is None],
                         "restored": [[e["name"], e["version"] - 1] for e in present if e.get("replaced") is not None],
                         "gone": len(payload["documents"]) - len(present), "cases_kept": kept}  # type: ignore[arg-type]


def _named(conn: sqlite3.Connection, case_id: str) -> bool:
    return conn.execute("SELECT 1 FROM documents WHERE case_id = ? UNION ALL SELECT 1 FROM segments WHERE "
                        "case_id = ? LIMIT 1", (case_id, case_id)).fetchone() is not None


def _redo(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    files = " ".join(str(f) for f in payload.get("files") or []) or "FILES"  # type: ignore[union-attr]
    raise QualcodeError(f"an undone import is not redone from the history: the files are on disk, import them "
                        f"again (`qualcode import {files}`)")


history.register_action(ACTION, undo=_undo, redo=_redo)


def import_in_words(payload: Mapping[str, object]) -> str:
    """English words for the event: what the import added, and after an undo what the undo removed."""
    undone = payload.get("undone")
    documents = payload.get("documents") or []
    if isinstance(undone, Mapping):
        parts = []
        if undone.get("removed"):
            parts.append(f"removed {listed(undone['removed'])}")
        for name, version in undone.get("restored") or []:
            parts.append(f"{name} back to version {version}")
        if undone.get("gone"):
            parts.append(f"{undone['gone']} document(s) deleted since")
        if undone.get("cases_kept"):
            parts.append(f"attributes changed since kept for {', '.join(undone['cases_kept'])}")
        return f"import of {len(documents)} document(s) ({'; '.join(parts) or 'case attributes only'})"
    names = [f"{d['name']} version {d['version']}" if d.get("replaced") else d["name"] for d in documents]  # type: ignore[union-attr]
    return f"import of {len(documents)} document(s) ({listed(names) or 'case attributes only'})"


def listed(names, most: int = 6) -> str:  # type: ignore[no-untyped-def]
    """Names joined, the first ``most`` of a long list and how many more."""
    names = [str(n) for n in names]
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return ", ".join(names[:most]) + more


def files_named(payload: Mapping[str, object]) -> str:
    return ", ".join(PurePath(str(f)).name for f in payload.get("files") or [])  # type: ignore[union-attr]
