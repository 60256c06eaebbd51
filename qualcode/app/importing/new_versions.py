"""What follows a document into its new version: codings, memos, reviewed-turn marks and suggestion decisions
move with their words (:mod:`qualcode.app.importing.reanchor`), and what cannot follow is counted and said.

Used by a plain file's re-import (:mod:`qualcode.app.importing.transcripts`) and by a ``.qdpx`` whose source is a
revised text of a document already in the project (:mod:`qualcode.app.interop.qdpx_import`).
"""

from __future__ import annotations

from collections.abc import Callable

from qualcode.app.importing.reanchor import (VersionPair, reanchor_codings, reanchor_memos,
                                             reanchor_reviewed_turns, reanchor_suggestions)


def carry_into_new_version(conn, old_id: int, old_version: int, new_id: int, *,
                           intended_edit: Callable[[str], str] | None = None) -> tuple[list[str], list[str]]:
    """Move what was on the old version onto the new one (codings, memos, reviewed-turn marks, suggestion
    decisions follow their words), inside the caller's transaction: (details, warnings) saying, counted,
    what moved and what stayed behind. Used by a plain file's re-import and by a ``.qdpx`` whose source
    is a revised text of a document already in the project."""
    details: list[str] = []
    warnings: list[str] = []
    versions = VersionPair(conn, old_id, new_id)   # aligned once for all four below
    moved = reanchor_codings(conn, old_id, new_id, intended_edit=intended_edit, versions=versions)
    if moved.review_ids:
        warnings.append(f"{len(moved.review_ids)} coding(s) on changed or deleted text need review (`qualcode review`)")
    memos = reanchor_memos(conn, old_id, new_id, versions=versions)
    details.extend(_carried_lines(moved, memos))
    if memos.turn_memos_left:
        warnings.append(f"{memos.turn_memos_left} turn memo(s) were on deleted turns; they stay with "
                        f"version {old_version} (`qualcode memos list`)")
    marks = reanchor_reviewed_turns(conn, old_id, new_id, intended_edit=intended_edit, versions=versions)
    if marks.moved or marks.left:
        details.append(f"reviewed turns (\"no code applies\"): {marks.moved} mark(s) moved with their "
                       f"words, {marks.left} on changed or deleted turns left on the old version")
    if marks.left:
        warnings.append(f"{marks.left} reviewed-turn mark(s) were on turns whose words changed; those "
                        "turns count as not reviewed until you look at them again")
    carried = reanchor_suggestions(conn, old_id, new_id, intended_edit=intended_edit, versions=versions)
    if carried.decisions_on_changed_turns:
        warnings.append(
            f"{carried.decisions_on_changed_turns} suggestion decision(s) were on turns whose words changed; "
            "those turns get fresh suggestions (the old decisions stay with the old version)")
    return details, warnings


def _carried_lines(codings, memos) -> list[str]:
    """What followed the words into the new version, counted (DESIGN: never silent)."""
    total = codings.moved_exact + codings.moved_changed + codings.flagged_deleted
    lines = [f"codings: {total} on the old version; {codings.moved_exact} moved unchanged, "
             f"{codings.moved_changed} moved onto changed words (flagged), {codings.flagged_deleted} on deleted "
             "words left on the old version (flagged)"] if total else []
    if memos.turn_memos_moved or memos.turn_memos_left or memos.document_memos:
        lines.append(f"memos: {memos.document_memos} on the document moved, {memos.turn_memos_moved} turn memo(s) "
                     f"moved with their words, {memos.turn_memos_left} on deleted turns left on the old version")
    return lines
