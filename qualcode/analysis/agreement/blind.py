"""Blind coding: what one coder may see of a shared project.

Two coders coding the same transcripts independently in one project must not
see each other's work.  The TUI's blind mode reads through these filters,
which wrap the storage listings the TUI already uses:

- codings: only the coder's own (``repository.list_codings(coder=...)``);
- suggestions: the engine's suggestions are shared, but a decision taken by
  another coder is hidden -- the suggestion shows as pending, with no decider;
  and an undecided one reads ``coded`` only when the coder's own codings give the
  turn its code (another coder's coding must not show).
  (The suggestions table keeps one decision per turn and code, so when the
  second coder decides, theirs replaces the first coder's decision; the first
  coder's *coding* is untouched, which is what agreement compares.)
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from qualcode.core.models import Coding
from qualcode.storage import repository as repo
from qualcode.storage.suggestions import SuggestionRow, list_suggestions, turn_suggestions


def codings_of_coder(conn: sqlite3.Connection, coder: str, *, document_id: int | None = None) -> list[Coding]:
    """The coder's own codings (of one document, or all)."""
    return repo.list_codings(conn, document_id=document_id, coder=coder)


def hide_others_decision(row: SuggestionRow, coder: str) -> SuggestionRow:
    """The row as ``coder`` should see it: another coder's accept/reject shows as pending (or ``coded`` when
    the coder's own codings give the turn its code, as the listings with ``coded_by`` read it)."""
    suggestion = row.suggestion
    if suggestion.status == "pending" or suggestion.decided_by == coder:
        return row
    if suggestion.status == "coded" and suggestion.decided_by is None and suggestion.decided_at is None:
        return row   # undecided, and coded by the coder
    status = "coded" if suggestion.status == "coded" else "pending"
    return replace(row, suggestion=replace(suggestion, status=status, decided_at=None, decided_by=None))


def suggestions_for_coder(conn: sqlite3.Connection, coder: str, *, document_id: int | None = None,
                          segment_id: int | None = None) -> list[SuggestionRow]:
    """Suggestions (of one document or segment, or all) as ``coder`` should see them."""
    rows = list_suggestions(conn, document_ids=[document_id] if document_id is not None else (), coded_by=coder)
    return [hide_others_decision(r, coder) for r in rows
            if segment_id is None or r.suggestion.segment_id == segment_id]


def turn_suggestions_for_coder(conn: sqlite3.Connection, coder: str, segment_id: int) -> list[SuggestionRow]:
    """One turn's suggestions (candidates included) as ``coder`` should see them: one indexed read, for the
    coding screen to refresh a turn after the coder's codings of it changed."""
    return [hide_others_decision(r, coder) for r in turn_suggestions(conn, segment_id, coded_by=coder)]
