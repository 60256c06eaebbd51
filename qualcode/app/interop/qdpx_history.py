"""A ``.qdpx`` import in the undo history (``qdpx.import``): undo stops there and says how to take it back by hand.

An archive brings documents, new versions of documents already here, codings and memos (on its own documents
and on the project's), cases and a codebook file. Undo does not reverse that: it would have to tell the
archive's codings and memos from the ones made here since on the same documents. Before, the import was not in
the history at all, so `qualcode undo` right after it undid the action before it, unrelated. Now undo stops at
the import once, names what it brought, the backup taken just before it and how to remove it by hand, and sets
it aside so the next undo goes to the action before it (as for any action undo cannot take back).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from pathlib import Path

from qualcode.app.coding import history
from qualcode.core.errors import ConflictError

ACTION = "qdpx.import"


def record_qdpx_import(conn: sqlite3.Connection, actor: str, path: Path, report, first_new: int, backup: Path,
                       codebook: Path | None) -> None:
    """Inside the import's transaction: what the archive brought, for the undo message."""
    rows = conn.execute("SELECT name, version FROM documents WHERE id >= ? ORDER BY id", (first_new,)).fetchall()
    from qualcode.app.project import DB_RELATIVE

    counts = report.imported
    if not rows and not codebook and not any(counts.get(kind) for kind in ("codings", "memos")):
        return   # the same archive again: nothing came in, no step to undo

    history.record_event(conn, actor, ACTION, {
        "file": Path(path).name, "backup": str(backup), "database": str(DB_RELATIVE), "codebook": str(codebook) if codebook else None,
        "documents": [row[0] for row in rows if row[1] == 1],
        "versions": [[row[0], row[1]] for row in rows if row[1] > 1],
        "codings": int(counts.get("codings", 0)), "memos": int(counts.get("memos", 0))})


def qdpx_in_words(payload: Mapping[str, object]) -> str:
    from qualcode.app.importing.import_history import listed

    added = payload.get("documents") or []
    return f"import of {payload.get('file')} ({len(added)} document(s){': ' + listed(added) if added else ''})"


def _undo(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    from qualcode.app.importing.import_history import listed

    added, versions = list(payload.get("documents") or []), list(payload.get("versions") or [])
    brought = [f"{len(added)} document(s) ({listed(added)})"] if added else []
    if versions:
        brought.append("new version(s) of " + listed(f"{name} (version {v})" for name, v in versions))
    brought.append(f"{payload.get('codings', 0)} coding(s) and {payload.get('memos', 0)} memo(s)")
    how = []
    if added:
        how.append(f"remove each document it added with `qualcode documents delete NAME` ({listed(added)})")
    how.append(f"{'or ' if added else ''}put the whole project back as it was before the import by copying {payload.get('backup')} "
               f"over {payload.get('database')} (with no qualcode window open)")
    if payload.get("codebook"):
        how.append(f"and delete the codebook it wrote, {payload.get('codebook')}")
    raise ConflictError(f"undo cannot take back the import of {payload.get('file')}: it brought "
                        f"{'; '.join(brought)}; {', '.join(how)}; nothing was undone")


def _redo(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    raise ConflictError(f"the import of {payload.get('file')} was never undone; nothing to redo")


history.register_action(ACTION, undo=_undo, redo=_redo)
