"""Blind coding: what one coder may see of a shared project.

Two coders coding the same transcripts independently in one project must not
see each other's work.  The TUI's blind mode reads through these filters:

- codings: only the coder's own;
- suggestions: the engine's suggestions are shared, but a decision taken by
  another coder is hidden -- the suggestion shows as pending, with no decider.
  (The suggestions table keeps one decision per segment and code, so when the
  second coder decides, theirs replaces the first coder's decision; the first
  coder's *coding* is untouched, which is what agreement compares.)
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import fields, replace

from qualcode.core.models import Coding, Evidence, Suggestion

_EVIDENCE_FIELDS = {f.name for f in fields(Evidence)}


def codings_of_coder(conn: sqlite3.Connection, coder: str, *, document_id: int | None = None) -> list[Coding]:
    """The coder's own codings (of one document, or all), in document order."""
    query = ("SELECT id, document_id, segment_id, start, end, code_id, coder, origin, created_at, memo "
             "FROM codings WHERE coder = ?")
    params: list = [coder]
    if document_id is not None:
        query += " AND document_id = ?"
        params.append(document_id)
    rows = conn.execute(query + " ORDER BY document_id, start, end, code_id", params)
    return [Coding(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9]) for r in rows]


def _evidence(raw: str) -> tuple[Evidence, ...]:
    try:
        items = json.loads(raw or "[]")
    except json.JSONDecodeError:
        return ()
    evidence = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            known = {k: v for k, v in item.items() if k in _EVIDENCE_FIELDS}
            try:
                evidence.append(Evidence(**known))
            except TypeError:  # an entry missing required fields: skip it rather than hide the suggestion
                continue
    return tuple(evidence)


def suggestions_for_coder(conn: sqlite3.Connection, coder: str, *, document_id: int | None = None,
                          segment_id: int | None = None) -> list[Suggestion]:
    """Suggestions as ``coder`` should see them: other coders' decisions show as pending."""
    query = ("SELECT s.id, s.segment_id, s.code_id, s.score, s.evidence, s.status, s.engine_version, s.created_at, "
             "s.decided_at, s.decided_by FROM suggestions s JOIN segments seg ON seg.id = s.segment_id WHERE 1 = 1")
    params: list = []
    if document_id is not None:
        query += " AND seg.document_id = ?"
        params.append(document_id)
    if segment_id is not None:
        query += " AND s.segment_id = ?"
        params.append(segment_id)
    visible = []
    for r in conn.execute(query + " ORDER BY seg.document_id, seg.ordinal, s.score DESC, s.code_id", params):
        suggestion = Suggestion(r[0], r[1], r[2], r[3], _evidence(r[4]), r[5], r[6], r[7], r[8], r[9])
        if suggestion.status != "pending" and suggestion.decided_by != coder:
            suggestion = replace(suggestion, status="pending", decided_at=None, decided_by=None)
        visible.append(suggestion)
    return visible
