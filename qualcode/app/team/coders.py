"""Team coding use cases: agreement, merging another coder's project, consensus.

Like :mod:`qualcode.app.api`, every function that changes the project runs in one
transaction and records one history event, so it can be undone:

- ``merge_project`` records ``coding.merge`` (undo removes exactly the codings it added);
- ``record_consensus`` goes through :func:`qualcode.app.api.add_coding` with coder
  ``consensus`` (undo with ``undo_consensus`` or ``qualcode --coder consensus undo``).

Importing this module registers the ``coding.merge`` history action.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from qualcode.app import api
from qualcode.app.coding import history
from qualcode.analysis.agreement.compute import AgreementOptions, AgreementResult, EngineRun, compute_agreement
from qualcode.analysis.agreement.source import CONSENSUS, ENGINE
from qualcode.analysis.agreement.units import Unit
from qualcode.core.errors import ConflictError, ProjectError
from qualcode.core.models import Coding, HistoryEvent
from qualcode.app.team.project_merge import MergeReport, merge_codings, other_database
from qualcode.app.project import Project
from qualcode.storage.db import transaction

MERGE_ACTION = "coding.merge"
_COLUMNS = ("id", "document_id", "segment_id", "start", "end", "code_id", "coder", "origin", "created_at", "memo")


def agreement(project: Project, options: AgreementOptions) -> AgreementResult:
    """The agreement table between two coders (read-only); ``engine`` runs the suggestion engine if asked."""
    engine = None
    if ENGINE in options.coders and options.engine_source == "run":
        engine = engine_run(project, options.min_score)
    return compute_agreement(project.conn, options, engine=engine)


def engine_run(project: Project, min_score: float | None = None) -> EngineRun:
    """The suggestion engine as a coder: what it suggests for each turn now, whatever was decided since.

    Stored suggestions are not used by default: ``qualcode suggest`` never stores a
    suggestion for a code the turn already has, and reviewing removes nothing from
    the engine's opinion, so the table would understate disagreement.
    """
    from qualcode.app.suggesting.batch import build_engine

    engine = build_engine(project)
    threshold = engine.settings.min_score if min_score is None else min_score

    def spans(segments, languages):
        found: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
        for segment in segments:
            result = engine.suggest_segment(segment, min_score=threshold,
                                            default_language=languages.get(segment.document_id, "zh"))
            for scored in result.codes:
                found[(segment.document_id, scored.code_id)].append((segment.start, segment.end))
        return found

    description = (f"The engine's codes are what it suggests now for each compared turn (engine {engine.version}, "
                   f"the project's codebooks and [nlp] settings), score ≥ {threshold:g}, each covering its whole "
                   "turn; decisions on stored suggestions play no part.")
    return EngineRun(spans, threshold, description)


def _undo_merge(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    ids = [int(row["id"]) for row in payload["rows"]]  # type: ignore[index, union-attr]
    if not ids:
        return
    placeholders = ",".join("?" * len(ids))
    present = conn.execute(f"SELECT COUNT(*) FROM codings WHERE id IN ({placeholders})", ids).fetchone()[0]
    if present == 0:
        raise ConflictError("the merged codings were already removed (in another window); nothing to undo")
    conn.execute(f"DELETE FROM codings WHERE id IN ({placeholders})", ids)


def _redo_merge(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    try:
        conn.executemany(f"INSERT INTO codings ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
                         [tuple(row[c] for c in _COLUMNS) for row in payload["rows"]])  # type: ignore[union-attr]
    except sqlite3.IntegrityError as exc:
        raise ConflictError("some of the merged codings exist again already (another window); "
                            "nothing to redo") from exc


history.register_action(MERGE_ACTION, undo=_undo_merge, redo=_redo_merge)


class _DryRun(Exception):
    """Raised inside the merge transaction to roll it back after counting."""


def merge_project(project: Project, other: Path | str, *, coders: Sequence[str] = (),
                  rename: Mapping[str, str] | None = None, actor: str | None = None,
                  dry_run: bool = False) -> MergeReport:
    """Bring another project's codings in (see :mod:`qualcode.app.team.project_merge`); one undoable step.

    With ``dry_run`` the same work is done and reported, then rolled back.
    """
    other_db = other_database(Path(other))
    if other_db.resolve() == project.db_path.resolve():
        raise ProjectError(f"{other} is this project itself; name the other coder's project folder")
    api.sync_codes(project)
    titled = _refuse_coder_spellings(project, Path(other), coders, rename or {})
    try:
        with transaction(project.conn):
            report = merge_codings(project.conn, Path(other), coders=coders, rename=rename)
            report.coder_notes = [note for name, note in titled if report.coders.get(name)]
            if dry_run:
                raise _DryRun
            if report.added:
                history.record_event(project.conn, actor or project.coder, MERGE_ACTION,
                                     {"source": str(other), "rows": report.added_rows})
    except _DryRun:
        pass
    return report


def _refuse_coder_spellings(project: Project, other: Path, coders: Sequence[str],
                            rename: Mapping[str, str]) -> list[tuple[str, str]]:
    """The other project's coder ``b`` where ``B`` has codings here: merged as written, the codings became a coder
    of their own (left out of ``agreement --coders A B``, pooled as ``B, b``). ``--rename b=B`` files them under B.
    Returns (coder as stored here, note) for a coder written with a title (``coder A``, ``编码员A``) beside ``A``:
    perhaps a colleague, so merged as written and said (app.coders.titled_twins), as import-codings does."""
    from qualcode.app.coders import coders_with_codings, same_coder_name, titled_twin_note, titled_twins
    from qualcode.app.team.project_merge import open_other

    here = coders_with_codings(project)
    connection = open_other(other)
    try:
        theirs = [row[0] for row in connection.execute("SELECT DISTINCT coder FROM codings ORDER BY coder")]
    finally:
        connection.close()
    titled = []
    for name in theirs:
        if coders and name not in coders:
            continue
        stored = rename.get(name, name)
        same = [known for known in here if known != stored and same_coder_name(known, stored)]
        if same:
            raise ProjectError(f"coder {stored!r} of {other} is another spelling of {same[0]!r}, who has codings "
                               f"here (coder names are compared exactly); merge with --rename {name}={same[0]} to "
                               f"file them under {same[0]}, or --rename {name}=NAME to keep them apart; nothing "
                               "was merged")
        if stored not in here and (twins := titled_twins(stored, here)):
            titled.append((stored, titled_twin_note(stored, twins, advice=(
                f"take this back with `qualcode undo` and merge again with --rename {name}={twins[0]}"))))
    return titled


def record_consensus(project: Project, unit: Unit, code_id: str, memo: str | None = None) -> Coding:
    """The team's decision that ``code_id`` applies to ``unit``: a coding by coder ``consensus``.

    One transaction and one history event (actor ``consensus``) through :func:`qualcode.app.api.add_coding`.
    """
    return api.add_coding(project, document_id=unit.document_id, start=unit.start, end=unit.end, code_id=code_id,
                          coder=CONSENSUS, origin="manual", segment_id=unit.segment_id, memo=(memo or None))


def consensus_codes(project: Project, unit: Unit) -> list[str]:
    """Codes the team has already agreed on for this unit (consensus codings overlapping it)."""
    rows = project.conn.execute(
        "SELECT DISTINCT code_id FROM codings WHERE coder = ? AND document_id = ? AND start < ? AND end > ? "
        "ORDER BY code_id", (CONSENSUS, unit.document_id, unit.end, unit.start))
    return [r[0] for r in rows]


def undo_consensus(project: Project) -> HistoryEvent | None:
    """Undo the most recent consensus decision."""
    return api.undo(project, actor=CONSENSUS)
