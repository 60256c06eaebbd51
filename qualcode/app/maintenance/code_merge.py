"""Merging one code into another: the codebook YAML and every coding and suggestion, in one undoable step.

A backup comes first. The database changes run in one transaction and the
codebook file is rewritten (atomically) inside it, so a codebook the editor
refuses leaves the database untouched too. Undo restores the rows and the file
(see :mod:`qualcode.app.maintenance.merge_undo`).

Duplicates: when a coder coded the same span with both codes, one coding
remains (the target's; a memo on the source coding is kept by appending it).
When a segment had a suggestion for both codes, one remains, with the higher
score and "accepted" if either was accepted, else "rejected" if either was
rejected (a code renamed in the YAML and suggested again under its new id must
not bring back a suggestion the researcher turned down under the old one).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from collections.abc import Mapping

from qualcode.app.coding import history
from qualcode.app.coding.codebook_edits import mirror_codes, swap_text
from qualcode.app.maintenance import merge_undo
from qualcode.app.project import Project
from qualcode.core.codebook_yaml import write_atomically
from qualcode.core.errors import CodebookError, NotFoundError, QualcodeError
from qualcode.storage.db import transaction, utc_now

CODES_MERGE = "codes.merge"


@dataclass(frozen=True)
class CodeMergeReport:
    source: str
    target: str
    codings_moved: int
    codings_merged: int  # duplicates folded into the target's coding
    suggestions_moved: int
    suggestions_merged: int
    memos_moved: int
    codebook: Path | None  # the file rewritten, None when the source was only in the database
    backup: Path


@dataclass(frozen=True)
class MergePreview:
    """What a merge would move, asked before it is made (the codebook editor's question)."""
    codings: int   # the source's codings, every coder's: each moves to the target
    folded: int    # of those, the ones a coder also coded with the target: they fold into that coding
    coders: int    # how many coders' codings move


def preview_merge(project: Project, source: str, target: str) -> MergePreview:
    """The counts :func:`merge_code` would report for codings, without changing anything; refuses what it
    would refuse (so a question is never asked about a merge that cannot be made)."""
    _check(project, source, target)
    codings, coders = project.conn.execute(
        "SELECT count(*), count(DISTINCT coder) FROM codings WHERE code_id = ?", (source,)).fetchone()
    folded = project.conn.execute(
        """SELECT count(*) FROM codings s
           WHERE s.code_id = ? AND EXISTS (SELECT 1 FROM codings t WHERE t.document_id = s.document_id
                 AND t.start = s.start AND t.end = s.end AND t.coder = s.coder AND t.code_id = ?)""",
        (source, target)).fetchone()[0]
    return MergePreview(codings=codings, folded=folded, coders=coders)


def _codebook_path_of(project: Project, code_id: str) -> Path | None:
    for book in project.codebooks():
        if any(code.id == code_id for code in book.codes):
            return Path(book.path) if book.path else None
    return None


def _check(project: Project, source: str, target: str) -> Path | None:
    """The codebook file to rewrite (None: the source lives only in the database); refuses bad requests."""
    if source == target:
        raise QualcodeError(f"cannot merge {source} into itself")
    target_file = _codebook_path_of(project, target)
    if target_file is None:
        raise NotFoundError(f"no code {target!r} in the project's codebooks; the target must be defined")
    source_file = _codebook_path_of(project, source)
    if source_file is None:
        # A renamed code may have left only decisions behind: rejections under the old id must reach the new one.
        used = project.conn.execute(
            """SELECT EXISTS (SELECT 1 FROM codings WHERE code_id = :code)
                   OR EXISTS (SELECT 1 FROM suggestions WHERE code_id = :code AND status IN ('accepted', 'rejected'))
                   OR EXISTS (SELECT 1 FROM memos WHERE target_type = 'code' AND target_id = :code)""",
            {"code": source}).fetchone()[0]
        if not used:
            raise NotFoundError(f"no code {source!r} in the codebooks and no coding uses it")
    elif source_file.resolve() != target_file.resolve():
        raise CodebookError(f"{source} is in {source_file.name} but {target} is in {target_file.name}; "
                            "codes can only be merged within one codebook")
    else:  # before the backup: a refused merge leaves the project as it was
        from qualcode.core.codebook_edit import refuse_merge_referenced_elsewhere

        refuse_merge_referenced_elsewhere(source_file, source, target, project.codebook_paths())
    return source_file


def merge_code(project: Project, source: str, target: str, *, actor: str | None = None) -> CodeMergeReport:
    """Fold code ``source`` into ``target`` in the codebook and the database: one undoable event.

    The event keeps the rows the merge changed and the file's text before and after, so undo
    puts both back (:mod:`qualcode.app.maintenance.merge_undo`). A backup is still taken first.
    """
    from qualcode.app.api import sync_codes
    from qualcode.app.maintenance.backup_doctor import backup_before
    from qualcode.core.codebook_edit import merge_codes
    from qualcode.core.codebook_yaml import read_text

    codebook = _check(project, source, target)
    backup = backup_before(project, f"merge-{source}-into-{target}")
    conn = project.conn
    before = read_text(codebook) if codebook is not None else None
    with transaction(conn):
        rows = merge_undo.snapshot(conn, source, target)
        counts = _merge_rows(conn, source, target)
        deleted = merge_undo.deleted_ids(conn, rows)
        payload = {"source": source, "target": target, "backup": str(backup), **counts, "rows": rows,
                   "deleted": deleted, "merged": merge_undo.kept_rows(conn, rows, deleted),
                   "what": f"the merge of {source} into {target}",
                   "path": str(codebook.resolve()) if codebook is not None else None, "before": before}
        if codebook is None:
            payload["after"] = None
            history.record_event(conn, actor or project.coder, CODES_MERGE, payload)
        else:
            merge_codes(codebook, source, target, siblings=project.codebook_paths())
            try:  # the file is written: a failure from here on puts its old text back
                payload["after"] = read_text(codebook)
                history.record_event(conn, actor or project.coder, CODES_MERGE, payload)
            except BaseException:
                write_atomically(codebook, before)
                raise
    sync_codes(project)  # the source becomes inactive, its children now hang under the target
    return CodeMergeReport(source=source, target=target, codebook=codebook, backup=backup, **counts)


def _merge_rows(conn: sqlite3.Connection, source: str, target: str) -> dict[str, int]:
    counts = {**_merge_codings(conn, source, target), **_merge_suggestions(conn, source, target)}
    counts["memos_moved"] += _move_memos(conn, "code", source, target)
    conn.execute("UPDATE coding_reviews SET code_id = ? WHERE code_id = ?", (target, source))
    return counts


def _undo(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    if "merged" not in payload:  # recorded before merges were undoable: what it changed was not kept
        raise QualcodeError(f"the merge of {payload.get('source')} into {payload.get('target')} was made before "
                            f"merges could be undone; restore the backup taken before it: {payload.get('backup')}")
    merge_undo.restore(conn, payload["rows"], payload["deleted"], payload["merged"], str(payload["what"]))
    if payload.get("path"):  # last: a file edited by hand since refuses, and the rows above roll back
        swap_text(payload, "after", "before", "undone")
        mirror_codes(conn, Path(str(payload["path"])))


def _redo(conn: sqlite3.Connection, payload: dict) -> None:
    """Merge the rows again and keep, for the next undo, what this merge changed (ids may have moved on)."""
    source, target = str(payload["source"]), str(payload["target"])
    rows = merge_undo.snapshot(conn, source, target)
    _merge_rows(conn, source, target)
    deleted = merge_undo.deleted_ids(conn, rows)
    payload.update(rows=rows, deleted=deleted, merged=merge_undo.kept_rows(conn, rows, deleted))
    if payload.get("path"):
        swap_text(payload, "before", "after", "redone")
        mirror_codes(conn, Path(str(payload["path"])))


history.register_action(CODES_MERGE, undo=_undo, redo=_redo)


def _merge_codings(conn: sqlite3.Connection, source: str, target: str) -> dict[str, int]:
    duplicates = conn.execute(
        """SELECT s.id AS source_id, t.id AS target_id, s.memo AS source_memo, t.memo AS target_memo
           FROM codings s JOIN codings t ON t.document_id = s.document_id AND t.start = s.start AND t.end = s.end
                                         AND t.coder = s.coder AND t.code_id = ?
           WHERE s.code_id = ?""", (target, source)).fetchall()
    memos = 0
    for row in duplicates:
        memo = _joined(row["target_memo"], row["source_memo"])
        conn.execute("UPDATE codings SET memo = ? WHERE id = ?", (memo, row["target_id"]))
        memos += _move_memos(conn, "coding", str(row["source_id"]), str(row["target_id"]))
        conn.execute("DELETE FROM codings WHERE id = ?", (row["source_id"],))
    moved = conn.execute("UPDATE codings SET code_id = ? WHERE code_id = ?", (target, source)).rowcount
    return {"codings_moved": moved, "codings_merged": len(duplicates), "memos_moved": memos}


def _merge_suggestions(conn: sqlite3.Connection, source: str, target: str) -> dict[str, int]:
    duplicates = conn.execute(
        """SELECT s.id AS source_id, t.id AS target_id, s.score AS source_score, t.score AS target_score,
                  s.evidence AS source_evidence, t.evidence AS target_evidence, s.status AS source_status,
                  s.decided_at, s.decided_by
           FROM suggestions s JOIN suggestions t ON t.segment_id = s.segment_id AND t.code_id = ?
           WHERE s.code_id = ?""", (target, source)).fetchall()
    for row in duplicates:
        conn.execute("UPDATE suggestions SET score = max(score, ?), evidence = ? WHERE id = ?",
                     (row["source_score"], _joined_evidence(row["target_evidence"], row["source_evidence"]),
                      row["target_id"]))
        if row["source_status"] == "accepted":  # the coding it made is now a target coding
            conn.execute("UPDATE suggestions SET status = 'accepted', decided_at = ?, decided_by = ? WHERE id = ?",
                         (row["decided_at"] or utc_now(), row["decided_by"], row["target_id"]))
        elif row["source_status"] == "rejected":  # the researcher's "no" stands unless the target was accepted
            conn.execute("UPDATE suggestions SET status = 'rejected', decided_at = ?, decided_by = ? "
                         "WHERE id = ? AND status IN ('pending', 'candidate')",
                         (row["decided_at"] or utc_now(), row["decided_by"], row["target_id"]))
        elif row["source_status"] == "pending":  # a pending suggestion must not vanish into a ranked candidate
            conn.execute("UPDATE suggestions SET status = 'pending' WHERE id = ? AND status = 'candidate'",
                         (row["target_id"],))
        conn.execute("DELETE FROM suggestions WHERE id = ?", (row["source_id"],))
    moved = conn.execute("UPDATE suggestions SET code_id = ? WHERE code_id = ?", (target, source)).rowcount
    return {"suggestions_moved": moved, "suggestions_merged": len(duplicates)}


def _move_memos(conn: sqlite3.Connection, target_type: str, old: str, new: str) -> int:
    """Re-attach memos; where the author already has one on ``new``, append the text to it."""
    moved = 0
    for memo in conn.execute("SELECT * FROM memos WHERE target_type = ? AND target_id = ?",
                             (target_type, old)).fetchall():
        existing = conn.execute("SELECT id, text FROM memos WHERE target_type = ? AND target_id = ? AND author = ?",
                                (target_type, new, memo["author"])).fetchone()
        if existing is None:
            conn.execute("UPDATE memos SET target_id = ? WHERE id = ?", (new, memo["id"]))
        else:
            conn.execute("UPDATE memos SET text = ?, updated_at = ? WHERE id = ?",
                         (_joined(existing["text"], memo["text"]), utc_now(), existing["id"]))
            conn.execute("DELETE FROM memos WHERE id = ?", (memo["id"],))
        moved += 1
    return moved


def _joined(first: str | None, second: str | None) -> str | None:
    parts = [part for part in (first, second) if part]
    return "\n\n".join(dict.fromkeys(parts)) or None


def _joined_evidence(first: str, second: str) -> str:
    """Both suggestions' evidence, each item once (the same keyword hit twice would read as ``×2``)."""
    try:
        items = json.loads(first) + json.loads(second)
        unique = {json.dumps(item, ensure_ascii=False, sort_keys=True): item for item in items}
        return json.dumps(list(unique.values()), ensure_ascii=False)
    except (TypeError, ValueError):  # unreadable evidence: keep the target's as it was
        return first


def merged_away(conn: sqlite3.Connection) -> dict[str, str]:
    """Code id -> the code it was merged into (following later merges), for merges not undone: a colleague's
    sheet or project still names the old id."""
    into: dict[str, str] = {}
    for (payload,) in conn.execute("SELECT payload FROM history WHERE action = ? AND undone = 0 ORDER BY id",
                                   (CODES_MERGE,)):
        step = json.loads(payload)
        into[step["source"]] = step["target"]
    final = {}
    for source in into:
        target, seen = into[source], {source}
        while target in into and target not in seen:
            seen.add(target)
            target = into[target]
        final[source] = target
    return final
