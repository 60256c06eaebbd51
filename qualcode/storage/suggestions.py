"""Suggestion rows <-> models, and per-document suggest progress.

No transactions here: ``qualcode.app.suggesting.batch`` wraps each document (and each
review decision) in one.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from json.encoder import encode_basestring
from math import isfinite
from typing import Collection, Iterable, Sequence

from qualcode.core.models import Code, Evidence, Suggestion
from qualcode.storage.db import utc_now

_EVIDENCE_FIELDS = ("keyword", "matched", "start", "end", "kind", "weight", "note")


# json.dumps(..., ensure_ascii=False) builds a new encoder on every call; suggest encodes one list per
# suggestion, so one encoder is kept (same output).
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def evidence_to_json(evidence: Iterable[Evidence]) -> str:
    return "[" + ", ".join(map(_evidence_item, evidence)) + "]"


def _evidence_item(e: Evidence) -> str:
    """One item exactly as the encoder writes it, formatted directly: suggest writes one per hit, and
    building a dict for the encoder cost more than finding the hit. Anything but plain str, int and
    finite float values goes through the encoder itself."""
    if (type(e.start) is int and type(e.end) is int and type(e.weight) is float and isfinite(e.weight)
            and type(e.keyword) is str and type(e.matched) is str and type(e.kind) is str and type(e.note) is str):
        return (f'{{"keyword": {encode_basestring(e.keyword)}, "matched": {encode_basestring(e.matched)}, '
                f'"start": {int.__repr__(e.start)}, "end": {int.__repr__(e.end)}, "kind": {encode_basestring(e.kind)}, '
                f'"weight": {float.__repr__(e.weight)}, "note": {encode_basestring(e.note)}}}')
    return _ENCODER.encode({"keyword": e.keyword, "matched": e.matched, "start": e.start, "end": e.end,
                            "kind": e.kind, "weight": e.weight, "note": e.note})


def evidence_from_json(text: str) -> tuple[tuple[Evidence, ...], str | None]:
    """The evidence and None, or () and what is wrong with a damaged value."""
    try:
        items = json.loads(text)
        if not isinstance(items, list):
            raise ValueError("not a list")
        return tuple(Evidence(**{k: item[k] for k in _EVIDENCE_FIELDS if k in item}) for item in items), None
    except (ValueError, TypeError, KeyError) as exc:
        return (), f"unreadable evidence ({type(exc).__name__}: {exc})"


@dataclass(frozen=True)
class SuggestionRow:
    """A suggestion with where it is, for listing and review."""

    suggestion: Suggestion
    document_id: int
    document_name: str
    ordinal: int
    segment_start: int
    segment_end: int
    problem: str | None = None  # set when the stored row is damaged


def _row(row: sqlite3.Row) -> SuggestionRow:
    evidence, problem = evidence_from_json(row["evidence"])
    suggestion = Suggestion(id=row["id"], segment_id=row["segment_id"], code_id=row["code_id"], score=row["score"],
                            evidence=evidence, status=row["shown_status"], engine_version=row["engine_version"],
                            created_at=row["created_at"], decided_at=row["decided_at"], decided_by=row["decided_by"])
    return SuggestionRow(suggestion, row["document_id"], row["document_name"], row["ordinal"], row["seg_start"],
                         row["seg_end"], problem)


# Decision statuses a stored engine row may be replaced or removed in: the engine's own, undecided rows.
UNDECIDED = ("pending", "candidate")

# An undecided row (pending or candidate) whose turn already has its code is read as ``coded``: the rule of
# ``coded_pairs`` (coded by anyone, on the turn or on a span overlapping it), which keeps `qualcode suggest`
# from storing such a row at all. The stored status is left as it is, so removing or undoing the coding
# shows the row as it was (pending or candidate) with nothing to put back. ``g`` is the suggestion, ``s``
# its segment; the (document_id, code_id, start, end, segment_id) index of migration m0088 answers it
# from the index alone, per undecided row. ``{coder}`` narrows it to one coder's codings (blind coding).
_CODED = ("EXISTS (SELECT 1 FROM codings c WHERE c.document_id = s.document_id AND c.code_id = g.code_id "
          "AND (c.segment_id = s.id OR (c.start < s.end AND s.start < c.end)){coder})")


def coded_sql(coded_by: str | None = None) -> tuple[str, list[str]]:
    """SQL true when suggestion ``g`` on segment ``s`` has its (turn, code) coded, and its parameters."""
    return _CODED.format(coder=" AND c.coder = ?" if coded_by is not None else ""), (
        [coded_by] if coded_by is not None else [])


def _shown_status(coded_by: str | None) -> tuple[str, list[str]]:
    """The status a reader sees: ``coded`` for an undecided row whose turn has its code, else the stored one.
    With ``coded_by`` (blind coding, where another coder's decision is hidden as undecided) a row another
    coder decided counts as undecided too."""
    coded, params = coded_sql(coded_by)
    undecided = "g.status IN ('pending', 'candidate')"
    if coded_by is not None:
        undecided, params = f"({undecided} OR g.decided_by IS NOT ?)", [coded_by, *params]
    return f"CASE WHEN {undecided} AND {coded} THEN 'coded' ELSE g.status END AS shown_status", params


def list_suggestions(conn: sqlite3.Connection, *, status: str | None = None, document_ids: Sequence[int] = (),
                     code_ids: Sequence[str] = (), min_score: float | None = None, max_score: float | None = None,
                     ids: Sequence[int] = (), with_candidates: bool = False,
                     coded_by: str | None = None) -> list[SuggestionRow]:
    """Suggestions by filter. Ranked ``candidate`` rows (below min_score) only when asked for, by
    ``status="candidate"`` or ``with_candidates``: every listing, count and bulk action that does not
    ask sees exactly what it saw before candidates existed.

    An undecided row whose (turn, code) is coded already reads as status ``coded`` (see ``_CODED``): it is
    never listed as ``pending`` or ``candidate``, and ``status="coded"`` lists those. ``coded_by``: only that
    coder's codings make a row ``coded`` (blind coding must not show another coder's work)."""
    shown, params = _shown_status(coded_by)
    clauses = ["d.is_current = 1"]
    if status in UNDECIDED:
        coded, coded_params = coded_sql(coded_by)
        clauses.append(f"g.status = ? AND NOT {coded}")
        params += [status, *coded_params]
    elif status == "coded":
        coded, coded_params = coded_sql(coded_by)
        stored = "g.status IN ('pending', 'candidate')" if with_candidates else "g.status = 'pending'"
        clauses.append(f"{stored} AND {coded}")
        params += coded_params
    elif status:
        clauses.append("g.status = ?")
        params.append(status)
    elif not with_candidates:
        clauses.append("g.status != 'candidate'")
    for column, values in (("d.id", document_ids), ("g.code_id", code_ids), ("g.id", ids)):
        if values:
            clauses.append(f"{column} IN ({','.join('?' * len(values))})")
            params.extend(values)
    if min_score is not None:
        clauses.append("g.score >= ?")
        params.append(min_score)
    if max_score is not None:
        clauses.append("g.score < ?")
        params.append(max_score)
    rows = conn.execute(
        f"""SELECT g.*, {shown}, s.document_id, s.ordinal, s.start AS seg_start, s.end AS seg_end,
                   d.name AS document_name
            FROM suggestions g JOIN segments s ON s.id = g.segment_id JOIN documents d ON d.id = s.document_id
            WHERE {' AND '.join(clauses)} ORDER BY d.name, s.ordinal, g.score DESC, g.code_id""", params)
    return [_row(r) for r in rows]


def is_coded(conn: sqlite3.Connection, segment_id: int, code_id: str) -> bool:
    """Whether the turn has the code already (``coded_pairs``'s rule), so its suggestion is no longer pending."""
    coded, _ = coded_sql()
    row = conn.execute(f"SELECT {coded} FROM segments s, (SELECT ? AS code_id) g WHERE s.id = ?",
                       (code_id, segment_id)).fetchone()
    return row is not None and row[0] == 1


def coded_pairs(conn: sqlite3.Connection, document_id: int) -> set[tuple[int, str]]:
    """(segment, code) pairs already coded by anyone, on the segment or on a span overlapping it."""
    rows = conn.execute(
        """SELECT s.id, c.code_id FROM segments s JOIN codings c ON c.document_id = s.document_id
           WHERE s.document_id = ? AND (c.segment_id = s.id OR (c.start < s.end AND s.start < c.end))""",
        (document_id,))
    return {(r[0], r[1]) for r in rows}


@dataclass(frozen=True)
class WriteCounts:
    new: int = 0             # pending suggestions (at or above min_score) stored for the first time
    updated: int = 0
    already_coded: int = 0
    decided: int = 0  # accepted or rejected before: left alone
    stale_removed: int = 0   # pending or candidate rows the engine no longer makes
    candidates: int = 0      # ranked candidates below min_score stored (new or updated)
    held_no_code: int = 0    # would have been pending, on a turn marked "no code applies": kept as candidates


def write_document_suggestions(conn: sqlite3.Connection, document_id: int,
                               found: Sequence[tuple[int, str, float, str]], *, engine_version: str,
                               fingerprint: str, segments: int, min_score: float | None = None,
                               held: Collection[int] = ()) -> WriteCounts:
    """Store one document's suggestions (segment_id, code_id, score, evidence JSON) and mark it finished.

    A row scoring at least ``min_score`` (every row when it is None) is ``pending``; one below it is a
    ranked ``candidate``, and so is every row of a ``held`` segment (a turn the researcher marked "no code
    applies": its suggestions stay visible in the panel's ranking but are not put up for review). Undecided rows (pending, candidate) the engine no longer makes are removed and
    a row may move between the two as its score changes; decided ones (accepted, rejected) are never
    touched, so a rejection is never brought back.
    """
    existing = {(r[0], r[1]): r[2] for r in conn.execute(
        "SELECT g.segment_id, g.code_id, g.status FROM suggestions g JOIN segments s ON s.id = g.segment_id "
        "WHERE s.document_id = ?", (document_id,))}
    coded = coded_pairs(conn, document_id)
    now = utc_now()
    new = updated = already_coded = decided = candidates = held_no_code = 0
    keep: set[tuple[int, str]] = set()
    rows, refreshed = [], []
    for segment_id, code_id, score, evidence in found:
        key = (segment_id, code_id)
        status = existing.get(key)
        wanted = "pending" if min_score is None or score >= min_score else "candidate"
        if status is not None and status not in UNDECIDED:
            decided += wanted == "pending"
            continue
        if key in coded:
            already_coded += wanted == "pending"
            if status is None:
                continue
            # stored before the turn was coded with it by hand: it reads "coded", and is refreshed, not deleted,
            # so that removing the coding brings back the engine's current judgement (it stayed gone)
        if wanted == "pending" and segment_id in held:
            wanted = "candidate"
            held_no_code += 1
        keep.add(key)
        if status == wanted:  # a row kept in its status: no status index is touched (the common re-run)
            refreshed.append((score, evidence, engine_version, segment_id, code_id))
        else:
            rows.append((segment_id, code_id, score, evidence, wanted, engine_version, now))
        if wanted == "candidate":
            candidates += 1
        elif status is None:
            new += 1
        elif key not in coded:
            updated += 1
    conn.executemany("UPDATE suggestions SET score = ?, evidence = ?, engine_version = ? "
                     "WHERE segment_id = ? AND code_id = ? AND status IN ('pending', 'candidate')", refreshed)
    conn.executemany(
        """INSERT INTO suggestions (segment_id, code_id, score, evidence, status, engine_version, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (segment_id, code_id) DO UPDATE SET score = excluded.score,
               evidence = excluded.evidence, engine_version = excluded.engine_version, status = excluded.status
           WHERE suggestions.status IN ('pending', 'candidate')""", rows)
    stale = [key for key, status in existing.items() if status in UNDECIDED and key not in keep]
    conn.executemany("DELETE FROM suggestions WHERE segment_id = ? AND code_id = ? "
                     "AND status IN ('pending', 'candidate')", stale)
    _mark_finished(conn, document_id, engine_version, fingerprint, segments, len(keep) - candidates, now)
    return WriteCounts(new, updated, already_coded, decided, len(stale), candidates - held_no_code, held_no_code)


def _mark_finished(conn: sqlite3.Connection, document_id: int, engine_version: str, fingerprint: str, segments: int,
                   suggestions: int, now: str) -> None:
    """The document's suggest_progress row: suggested by this engine, so a re-run with it skips the document."""
    conn.execute(
        """INSERT INTO suggest_progress (document_id, engine_version, fingerprint, segments, suggestions, finished_at)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (document_id) DO UPDATE SET engine_version = excluded.engine_version,
               fingerprint = excluded.fingerprint, segments = excluded.segments,
               suggestions = excluded.suggestions, finished_at = excluded.finished_at""",
        (document_id, engine_version, fingerprint, segments, suggestions, now))


def turn_suggestions(conn: sqlite3.Connection, segment_id: int, *, coded_by: str | None = None) -> list[SuggestionRow]:
    """Every stored suggestion of one turn, candidates included, best score first (an undecided one whose
    code the turn has already reads as ``coded``; with ``coded_by``, when that coder has it)."""
    shown, params = _shown_status(coded_by)
    rows = conn.execute(
        f"""SELECT g.*, {shown}, s.document_id, s.ordinal, s.start AS seg_start, s.end AS seg_end,
                   d.name AS document_name
            FROM suggestions g JOIN segments s ON s.id = g.segment_id JOIN documents d ON d.id = s.document_id
            WHERE g.segment_id = ? ORDER BY g.score DESC, g.code_id""", (*params, segment_id))
    return [_row(r) for r in rows]


def ensure_codes(conn: sqlite3.Connection, codes: Iterable[Code]) -> None:
    """Add codes missing from the ``codes`` table (parents first), leaving every other code as it is.

    For suggestions from codebooks other than the project's (a library call with
    ``codebooks=``): the project's own codes are mirrored by ``api.sync_codes``.
    """
    conn.executemany(
        """INSERT INTO codes (id, parent_id, codebook, label_zh, label_en, description, color, key, position, depth)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""",
        [(c.id, c.parent_id, c.codebook, c.labels.get("zh"), c.labels.get("en"), c.description, c.color, c.key,
          c.position, c.depth) for c in codes])


def finished_documents(conn: sqlite3.Connection, fingerprint: str) -> set[int]:
    rows = conn.execute("SELECT document_id FROM suggest_progress WHERE fingerprint = ?", (fingerprint,))
    return {r[0] for r in rows}


def set_status(conn: sqlite3.Connection, suggestion_id: int, status: str, actor: str | None,
               decided_at: str | None) -> None:
    conn.execute("UPDATE suggestions SET status = ?, decided_at = ?, decided_by = ? WHERE id = ?",
                 (status, decided_at, actor, suggestion_id))


def text_length(conn: sqlite3.Connection, document_ids: Sequence[int]) -> int:
    """Characters in these documents (suggest sizes its worker pool by it)."""
    row = conn.execute("SELECT sum(length(text)) FROM documents WHERE id IN (SELECT value FROM json_each(?))",
                       (json.dumps(list(document_ids)),)).fetchone()
    return int(row[0] or 0)


def text_lengths(conn: sqlite3.Connection, document_ids: Sequence[int]) -> list[tuple[int, int]]:
    """(id, characters) of each of these documents (suggest sends the longest to its workers first)."""
    return [(row[0], int(row[1] or 0)) for row in conn.execute(
        "SELECT id, length(text) FROM documents WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(document_ids)),))]


def current_document_ids(conn: sqlite3.Connection) -> list[int]:
    return [row[0] for row in conn.execute("SELECT id FROM documents WHERE is_current = 1")]


def document_languages(conn: sqlite3.Connection, document_ids: Sequence[int], default: str = "zh") -> set[str]:
    """The languages of these documents (``default`` for one without), so suggest loads only their tokenizers."""
    rows = conn.execute("SELECT DISTINCT coalesce(language, ?) FROM documents "
                        "WHERE id IN (SELECT value FROM json_each(?))", (default, json.dumps(list(document_ids))))
    return {row[0] or default for row in rows}


def on_replaced_versions(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, tuple[str, int]]:
    """Of the suggestion ``ids``, those on a document version a re-import replaced: id -> (name, version)."""
    wanted = list(ids)
    if not wanted:
        return {}
    rows = conn.execute(
        f"""SELECT g.id, d.name, d.version FROM suggestions g JOIN segments s ON s.id = g.segment_id
            JOIN documents d ON d.id = s.document_id
            WHERE d.is_current = 0 AND g.id IN ({', '.join('?' * len(wanted))})""", wanted)
    return {row[0]: (row[1], row[2]) for row in rows}
