"""What a history event was about, as plain data the faces put into words in their own language.

The CLI says "Undone: coding PF_FAMILY on S01_pre #4"; the TUI says the same with the
code's label in the interface language ("已撤销：编码「家庭支持」（S01_pre 第 4 段）").
Both read the event here, so they name the same code, document and turn.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventSubject:
    action: str  # the history action, e.g. "coding.add", "suggestion.decide"
    code_ids: tuple[str, ...] = ()  # the codes it touched, in order, without repeats
    document: str | None = None  # document name, when one turn (or document) is concerned
    ordinal: int | None = None  # the turn number in that document
    count: int = 1  # how many codings or suggestions it covered
    decision: str | None = None  # "accept" or "reject" for suggestion decisions
    target_type: str | None = None  # for memos: segment, coding, document, case, code, project
    target_id: str | None = None
    set_aside: int = 0  # rows the step set aside that the other direction puts back (re-split: pending suggestions)
    # an import of transcripts: (kind, name, version) for what it added ("added", "version") or, once undone,
    # what the undo did ("removed", "restored", "gone" with a count as name, "cases_kept")
    parts: tuple[tuple[str, str, int], ...] = ()
    merged: int = 0  # a merge of codes: codings of the source folded into the target's coding of the same span
    detail: str | None = None  # a codebook edit: what changed, as recorded ("the keywords of PF_GOAL")
    # several suggestions decided at once: (document, turn, code) of each, in order, so an undo says where they were
    places: tuple[tuple[str, int, str], ...] = ()


def _place(conn, segment_id) -> tuple[str | None, int | None]:  # type: ignore[no-untyped-def]
    """(document name, turn number) of a segment, or (None, None) when it is gone."""
    if segment_id is None:
        return None, None
    row = conn.execute("SELECT d.name, s.ordinal FROM segments s JOIN documents d ON d.id = s.document_id "
                       "WHERE s.id = ?", (segment_id,)).fetchone()
    return (row[0], row[1]) if row else (None, None)


def _memo_target(conn, target_type, target_id: str) -> tuple[tuple[str, ...], str | None, int | None]:  # type: ignore[no-untyped-def]
    """(codes, document name, turn) a memo's target is, for words: a coding's code, document and turn (not its
    number), a turn's document and number, a document's name (not its id), a code."""
    if target_type == "segment" and target_id.isdigit():
        return ((), *_place(conn, int(target_id)))
    if target_type == "coding" and target_id.isdigit():
        row = conn.execute("SELECT code_id, segment_id, document_id FROM codings WHERE id = ?",
                           (int(target_id),)).fetchone()
        if row is None:
            return (), None, None
        document, ordinal = _place(conn, row[1])
        return (str(row[0]),), document or _document_name(conn, row[2]), ordinal
    if target_type == "document" and target_id.isdigit():
        return (), _document_name(conn, int(target_id)), None
    if target_type == "code":
        return (target_id,), None, None
    return (), None, None


def _document_name(conn, document_id) -> str | None:  # type: ignore[no-untyped-def]
    row = conn.execute("SELECT name FROM documents WHERE id = ?", (document_id,)).fetchone()
    return row[0] if row else None


def _unique(values) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    return tuple(dict.fromkeys(str(v) for v in values if v))


def event_subject(project, event) -> EventSubject:  # type: ignore[no-untyped-def]
    """Read ``event`` (a HistoryEvent) into an :class:`EventSubject`."""
    conn, p, action = project.conn, event.payload, event.action
    if action in ("coding.add", "coding.remove"):
        document, ordinal = _place(conn, p.get("segment_id"))
        return EventSubject(action, _unique([p.get("code_id")]),
                            document or _document_name(conn, p.get("document_id")), ordinal)
    if action == "suggestion.decide":
        return _decision_subject(conn, action, p)
    if action == "speaker.resplit":  # the roles set ("Mom=text") travel as the target
        from qualcode.app.importing.resplit import changes_in_words, set_aside_last

        changes = changes_in_words(p.get("changes") or [])
        return EventSubject(action, (), str(p.get("document")), None, target_type="speakers", target_id=changes,
                            set_aside=set_aside_last(p))
    if action == "speaker.role":  # a role change recorded before role changes became re-splits (May 2026)
        changes = ", ".join(f"{name}={value}" for name, value in p.get("choices") or []) or "?"
        return EventSubject(action, (), str(p.get("document")), None, target_type="speakers", target_id=changes)
    if action in ("review.mark", "review.unmark"):
        return EventSubject(action, (), *_place(conn, p.get("segment_id")))
    if action == "review.mark_documents":   # `qualcode review done`: many turns at once
        return EventSubject(action, (), None, None, count=len(p.get("segment_ids") or []))
    if action in ("memo.set", "memo.add", "memo.delete", "memo.edit"):
        return _memo_subject(conn, action, p)
    if action == "codings.import":  # `qualcode import-codings FILE`: the file travels as the target
        from pathlib import PurePath

        codings = list(p.get("codings") or [])
        return EventSubject(action, _unique(c.get("code_id") for c in codings), None, None, count=len(codings),
                            target_type="file", target_id=PurePath(str(p.get("path") or "?")).name)
    if action == "cases.set":  # `qualcode cases import FILE` (the file is the target) or `cases set ID`
        changed = list(p.get("cases") or [])
        if p.get("what") == "import":
            return EventSubject(action, count=len(changed), target_type="file", target_id=str(p.get("file") or "?"))
        return EventSubject(action, target_type="case", target_id=str(p.get("case") or "?"))
    if action == "transcripts.import":   # `qualcode import FILES`
        return EventSubject(action, count=len(p.get("documents") or []), parts=_import_parts(p))
    if action == "qdpx.import":
        return EventSubject(action, count=len(p.get("documents") or []), target_type="file",
                            target_id=str(p.get("file") or "?"))
    if action == "codes.merge":  # `qualcode codes merge A B`, `g` in the codebook editor: source, then target
        return EventSubject(action, (str(p.get("source")), str(p.get("target"))), count=int(p.get("codings_moved") or 0),
                            merged=int(p.get("codings_merged") or 0))
    if action == "codebook.file":  # an edit in the codebook editor: the code, the part edited, the file
        from pathlib import PurePath

        return EventSubject(action, _unique([p.get("code")]), PurePath(str(p.get("path") or "?")).name,
                            target_type="part", target_id=str(p.get("part") or "edit"), detail=str(p.get("what") or ""))
    if action == "coding.merge":  # `qualcode coders merge OTHER`: another coder's project, its codings copied in
        from pathlib import PurePath

        return EventSubject(action, count=len(p.get("rows") or []), target_type="project",
                            target_id=PurePath(str(p.get("source") or "?")).name)
    return EventSubject(action)


def _decision_subject(conn, action: str, p) -> EventSubject:  # type: ignore[no-untyped-def]
    """Suggestions accepted or rejected: their codes, and the turn when there was one."""
    items = list(p.get("items") or [])
    places = [conn.execute("SELECT segment_id, code_id FROM suggestions WHERE id = ?", (item["id"],)).fetchone()
              for item in items]
    found = [row for row in places if row is not None]
    document, ordinal = _place(conn, found[0][0]) if len(items) == 1 and found else (None, None)
    where = [(*_place(conn, segment_id), str(code_id)) for segment_id, code_id in found] if len(items) > 1 else []
    return EventSubject(action, _unique(row[1] for row in found), document, ordinal, count=len(items),
                        decision=str(p.get("decision")),
                        places=tuple((name, turn, code) for name, turn, code in where if name is not None))


def _memo_subject(conn, action: str, p) -> EventSubject:  # type: ignore[no-untyped-def]
    """A memo set, added, edited or deleted: what it is on (a turn by its document and number, a coding by its
    code, document and turn)."""
    memo = p.get("memo") or p
    target_type, target_id = memo.get("target_type"), memo.get("target_id")
    code_ids, document, ordinal = _memo_target(conn, target_type, str(target_id))
    return EventSubject(action, code_ids, document, ordinal, target_type=target_type,
                        target_id=None if target_id is None else str(target_id))


def _import_parts(p) -> tuple[tuple[str, str, int], ...]:  # type: ignore[no-untyped-def]
    undone = p.get("undone")
    if isinstance(undone, dict):
        parts = [("removed", name, 0) for name in undone.get("removed") or []]
        parts += [("restored", str(name), int(version)) for name, version in undone.get("restored") or []]
        parts += [("gone", "", int(undone["gone"]))] if undone.get("gone") else []
        return tuple(parts + [("cases_kept", name, 0) for name in undone.get("cases_kept") or []])
    return tuple(("version", d["name"], int(d["version"])) if d.get("replaced") else ("added", d["name"], 1)
                 for d in p.get("documents") or [])
