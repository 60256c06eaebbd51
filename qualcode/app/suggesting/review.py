"""Reviewing suggestions from scripts: list, accept, reject (each undoable).

Accepting creates a coding of the whole segment with origin ``suggestion``
and the accepting coder, in the same transaction as the status change and
one ``suggestion.decide`` history event, so `qualcode undo` reverses both.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass
from typing import Literal, Mapping, Sequence

from qualcode.app.coding import history
from qualcode.core.errors import ConflictError, NotFoundError, QualcodeError
from qualcode.core.models import Coding, Suggestion
from qualcode.storage import repository as repo
from qualcode.storage import suggestions as store
from qualcode.storage.db import transaction, utc_now

Decision = Literal["accept", "reject"]
ACTION = "suggestion.decide"


@dataclass(frozen=True)
class DecisionReport:
    decided: int
    codings_created: int
    skipped: tuple[str, ...]  # why some selected suggestions were left alone
    # a rejection this decision overturned (accepted by id after it was rejected), said so it is never unseen
    overturned: tuple[str, ...] = ()


def select_suggestions(project, *, ids: Sequence[int] = (), documents: Sequence[str] = (),
                       codes: Sequence[str] = (), min_score: float | None = None, max_score: float | None = None,
                       status: str | None = "pending") -> list[store.SuggestionRow]:
    document_ids = [repo.get_document(project.conn, name, with_text=False).id for name in documents]
    # Named by id, a ranked candidate is reviewed like any suggestion; a filter without ids never takes one
    # unless it asks for status "candidate" (bulk accept reads pending only).
    rows = store.list_suggestions(project.conn, status=status, document_ids=document_ids, code_ids=list(codes),
                                  min_score=min_score, max_score=max_score, ids=list(ids),
                                  with_candidates=bool(ids) or status is None)
    missing = set(ids) - {r.suggestion.id for r in rows}
    replaced = store.on_replaced_versions(project.conn, sorted(missing))
    if replaced:   # it exists, on words a re-import moved: say so rather than "no suggestion"
        first = min(replaced)
        name, version = replaced[first]
        raise NotFoundError(f"suggestion {first} is on {name} version {version}, which importing the transcript "
                            f"again replaced; `qualcode suggest` suggests on the current version and "
                            "`qualcode suggestions list` shows its suggestions"
                            + (f" ({len(replaced)} such id(s) named)" if len(replaced) > 1 else ""))
    if missing:
        raise NotFoundError(f"no {status + ' ' if status else ''}suggestion with id "
                            f"{', '.join(map(str, sorted(missing)))}; `qualcode suggestions list` shows them")
    return rows


def why_nothing_selected(project, *, documents: Sequence[str] = (), codes: Sequence[str] = (),
                         min_score: float | None = None, max_score: float | None = None) -> str:
    """Why a filter (``suggestions accept|reject --min-score ...``) selected no pending suggestion: the nearest
    pending scores when the bounds left them out, else that nothing is pending under the other filters."""
    document_ids = [repo.get_document(project.conn, name, with_text=False).id for name in documents]
    unknown = [code for code in codes if code not in project.code_index()]
    if unknown:
        raise NotFoundError(f"no code {', '.join(map(repr, unknown))} in the project's codebooks; "
                            "`qualcode codebook show` lists them")
    pending = [row for row in store.list_suggestions(project.conn, status="pending", document_ids=document_ids,
                                                     code_ids=list(codes)) if row.problem is None]
    where = (f" in {', '.join(documents)}" if documents else "") + (f" for {', '.join(codes)}" if codes else "")
    if not pending:
        rows = store.list_suggestions(project.conn, status=None, document_ids=document_ids, code_ids=list(codes),
                                      with_candidates=False)
        coded = sum(1 for row in rows if row.suggestion.status == "coded")
        said = [f"{len(rows) - coded} decided already"] if len(rows) > coded else []
        said += [f"{coded} coded by hand already"] if coded else []
        return (f"no pending suggestion{where}" + (f" ({', '.join(said)})" if said else
                                                    "; `qualcode suggest` makes them"))

    def place(row: store.SuggestionRow) -> str:
        return f"{row.document_name} #{row.ordinal} {row.suggestion.code_id}"

    bounds = []
    if min_score is not None:
        bounds.append(f"at least {min_score:g}")
    if max_score is not None:
        bounds.append(f"below {max_score:g}")
    highest = max(pending, key=lambda row: row.suggestion.score)
    lowest = min(pending, key=lambda row: row.suggestion.score)
    nearest = []
    if min_score is not None and highest.suggestion.score < min_score:
        nearest.append(f"the highest pending score is {_below(highest.suggestion.score, min_score)} "
                       f"({place(highest)})")
    if max_score is not None and lowest.suggestion.score >= max_score:
        nearest.append(f"the lowest pending score is {_rounded(lowest.suggestion.score)} ({place(lowest)})")
    if not nearest:  # both bounds given and every score falls outside the band between them
        nearest.append(f"pending scores run from {_rounded(lowest.suggestion.score)} to "
                       f"{_rounded(highest.suggestion.score)}")
    return (f"no pending suggestion{where} scores {' and '.join(bounds)}: {'; '.join(nearest)} "
            f"({len(pending)} pending{where})")


def _rounded(score: float) -> str:
    return f"{score:.2f}"


def _below(score: float, bound: float) -> str:
    """``score`` (below ``bound``) with enough decimals not to read as the bound: 0.985 under 0.99 is 0.985,
    not 0.99."""
    for decimals in range(2, 7):
        if round(score, decimals) < bound:
            return f"{score:.{decimals}f}"
    return repr(score)


def suggestions_for_document(project, document_id: int, *, with_candidates: bool = False) -> list[Suggestion]:
    """A document's suggestions (every status; ranked ``candidate`` rows below min_score too with
    ``with_candidates``, as the TUI's panel shows them), leaving out rows whose segment or code is gone.
    An undecided one whose turn has its code already has status ``coded``."""
    rows = store.list_suggestions(project.conn, document_ids=[document_id], with_candidates=with_candidates)
    return [row.suggestion for row in rows if row.problem is None]


def suggestions_for_turn(project, segment_id: int, *, coded_by: str | None = None) -> list[Suggestion]:
    """One turn's suggestions as :func:`suggestions_for_document` gives them (candidates included), read
    again after the turn's codings changed: one coded by hand reads ``coded``, and pending again once the
    coding is removed. ``coded_by``: only that coder's codings count (blind coding)."""
    return [row.suggestion for row in store.turn_suggestions(project.conn, segment_id, coded_by=coded_by)
            if row.problem is None]


def decide_ids(project, suggestion_ids: Sequence[int], decision: Decision, *,
               coder: str | None = None, undecided_only: bool = False) -> DecisionReport:
    """:func:`decide` for suggestions named by id (one transaction, one history event)."""
    rows = store.list_suggestions(project.conn, ids=list(suggestion_ids), with_candidates=True)
    return decide(project, rows, decision, coder=coder, undecided_only=undecided_only)


def decide(project, rows: Sequence[store.SuggestionRow], decision: Decision, *,
           coder: str | None = None, undecided_only: bool = False) -> DecisionReport:
    """Accept or reject ``rows`` in one transaction with one history event.

    ``undecided_only``: the caller showed these rows as pending (or candidates) -- a window's panel, a bulk
    selection --, so a row decided meanwhile elsewhere is left alone and named in ``skipped``; accepting it
    would overwrite another window's or the CLI's rejection unseen. Without it (``suggestions accept ID``)
    a rejected suggestion may be accepted: the researcher changing their mind by id.
    """
    if decision not in ("accept", "reject"):
        raise QualcodeError(f"a suggestion is accepted or rejected, not {decision!r}")
    coder = coder or project.coder
    conn = project.conn
    items: list[dict[str, object]] = []
    skipped: list[str] = []
    overturned: list[str] = []
    now = utc_now()
    with transaction(conn):
        for row in rows:
            current = conn.execute("SELECT status, decided_at, decided_by FROM suggestions WHERE id = ?",
                                   (row.suggestion.id,)).fetchone()
            if current is None:
                skipped.append(f"#{row.suggestion.id} was removed meanwhile")
                continue
            target = "accepted" if decision == "accept" else "rejected"
            if current["status"] == target or current["status"] == "accepted" or (
                    undecided_only and current["status"] not in ("pending", "candidate")):
                skipped.append(f"#{row.suggestion.id} is already {current['status']}")
                continue
            if undecided_only and store.is_coded(conn, row.suggestion.segment_id, row.suggestion.code_id):
                # shown pending, but its turn was given the code meanwhile (another window, the CLI): no longer
                # pending, so a panel or bulk decision leaves it (by id, `suggestions accept ID` still decides it)
                skipped.append(f"#{row.suggestion.id} is already coded")
                continue
            coding = _accepting_coding(conn, row, coder, now, skipped) if decision == "accept" else None
            if decision == "accept" and coding is False:
                continue
            if current["status"] == "rejected":
                when = (current["decided_at"] or "")[:10]
                overturned.append(f"#{row.suggestion.id} ({row.document_name} #{row.ordinal} {row.suggestion.code_id}) "
                                  f"was rejected by {current['decided_by'] or 'someone'}"
                                  + (f" on {when}" if when else "") + "; it is accepted now (`qualcode undo` rejects it again)")
            store.set_status(conn, row.suggestion.id, target, coder, now)
            items.append({"id": row.suggestion.id, "status": target, "at": now, "by": coder,
                          "previous": dict(current), "coding": asdict(coding) if coding else None})
        if items:
            history.record_event(conn, coder, ACTION, {"decision": decision, "items": items})
    created = sum(1 for item in items if item["coding"])
    return DecisionReport(len(items), created, tuple(skipped), tuple(overturned))


def _accepting_coding(conn: sqlite3.Connection, row: store.SuggestionRow, coder: str, now: str,
                      skipped: list[str]) -> Coding | None | Literal[False]:
    """The new coding, None when the coder already has it, False when the code is gone."""
    code_id = row.suggestion.code_id
    active = conn.execute("SELECT active FROM codes WHERE id = ?", (code_id,)).fetchone()
    if active is None or not active[0]:
        skipped.append(f"#{row.suggestion.id}: code {code_id} is no longer in the codebooks")
        return False
    if row.segment_end <= row.segment_start:
        skipped.append(f"#{row.suggestion.id}: the segment is empty")
        return False
    if repo.find_coding(conn, row.document_id, row.segment_start, row.segment_end, code_id, coder) is not None:
        return None
    return repo.insert_coding(conn, Coding(
        id=0, document_id=row.document_id, segment_id=row.suggestion.segment_id, start=row.segment_start,
        end=row.segment_end, code_id=code_id, coder=coder, origin="suggestion", created_at=now))


def _replaced_document(conn: sqlite3.Connection, suggestion_id: int) -> str | None:
    """The document name when the suggestion is on a version a re-import replaced since."""
    replaced = store.on_replaced_versions(conn, [suggestion_id]).get(suggestion_id)
    return replaced[0] if replaced else None


def _carried_decisions(conn: sqlite3.Connection, item: Mapping[str, object]) -> list[int]:
    """The copies a re-import made of a decided suggestion (same code, same decision and time) on later versions."""
    return [r[0] for r in conn.execute(
        """SELECT g.id FROM suggestions g JOIN segments s ON s.id = g.segment_id
             JOIN documents d ON d.id = s.document_id
             JOIN suggestions o ON o.id = ? JOIN segments os ON os.id = o.segment_id
             JOIN documents od ON od.id = os.document_id
            WHERE d.name = od.name AND d.version > od.version AND g.code_id = o.code_id
              AND g.decided_at IS ? AND g.decided_by IS ?""", (item["id"], item["at"], item["by"]))]


def _undo(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    for item in payload["items"]:  # type: ignore[union-attr]
        coding = item["coding"]
        # decided before the transcript was imported again: the decision and its coding moved with the words,
        # and those are what the researcher sees; undoing only the old version's said "Undone" and changed nothing
        replaced = _replaced_document(conn, int(item["id"])) is not None
        moved = repo.delete_moved_copies(conn, coding) if coding and replaced else 0
        if coding and not repo.delete_recorded_coding(conn, coding) and not moved:
            raise ConflictError("a coding made by accepting this suggestion was removed meanwhile; nothing undone")
        previous = item["previous"]
        for suggestion_id in [int(item["id"]), *(_carried_decisions(conn, item) if replaced else [])]:
            store.set_status(conn, suggestion_id, previous["status"], previous["decided_by"], previous["decided_at"])


def _redo(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    for item in payload["items"]:  # type: ignore[union-attr]
        name = _replaced_document(conn, int(item["id"]))
        if name is not None:  # decided on the old version only, it would show nowhere
            raise ConflictError(f"{name} was imported again after this action; the decision is not made again on "
                                f"the old version -- decide the suggestion again on {name}")
        if item["coding"]:
            if repo.restore_recorded_coding(conn, item["coding"]) is None:
                raise ConflictError("the same coding exists again already (another window); nothing redone")
        store.set_status(conn, int(item["id"]), str(item["status"]), str(item["by"]), str(item["at"]))


history.register_action(ACTION, undo=_undo, redo=_redo)
