"""Memo targets as the researcher writes them, checked and turned into stored ids.

A case and a code are named by their ids, a document by its name, a segment
as ``DOC:N`` (document name and segment number, like every other command) and
a coding by its number. A target that does not exist is refused, so no memo
is ever stored on nothing.
"""

from __future__ import annotations

from qualcode.core.errors import NotFoundError, QualcodeError
from qualcode.storage import repository as repo


def stored_memo_target(project, target_type: str, target_id: str) -> str:
    """The id a memo on ``target_type target_id`` is stored under; raises when the target is missing."""
    conn = project.conn
    if target_type == "project":  # one project: stored as the TUI and a .qdpx import store it, whatever was typed
        return ""
    if target_type == "case":
        if target_id not in {c.id for c in repo.list_cases(conn)}:
            raise NotFoundError(f"no case {target_id!r} in this project (see: qualcode cases list)")
    elif target_type == "code":
        if conn.execute("SELECT 1 FROM codes WHERE id = ? AND active = 1", (target_id,)).fetchone() is None:
            raise NotFoundError(f"no code {target_id!r} in the codebooks")
    elif target_type == "document":
        document = repo.get_document(conn, target_id, with_text=False)
        if not document.is_current:  # a memo on a document is about the interview: its current version, where
            # a re-import moves the others too (an old id typed from an earlier listing hid it on the old version)
            document = repo.get_document(conn, document.name, with_text=False)
        return str(document.id)
    elif target_type == "segment":
        doc_name, sep, ordinal = target_id.rpartition(":")
        if not sep or not doc_name or not ordinal.isdigit():
            raise QualcodeError(f"a segment is written DOC:N (document name and segment number), "
                                f"e.g. S01_pre:4, not {target_id!r}")
        doc = repo.get_document(conn, doc_name, with_text=False)
        return str(repo.segment_by_ordinal(conn, doc.id, int(ordinal)).id)
    elif target_type == "coding":
        if not target_id.isdigit():
            raise QualcodeError(f"a coding is addressed by its number, not {target_id!r}")
        repo.get_coding(conn, int(target_id))
    return target_id


def _target_in_words(project, memo: dict) -> str:
    """A memo's target as the researcher typed it (``segment S01_pre:4``, ``document S01_pre``), not the stored
    row id the history keeps (``segment 98``), which names nothing the researcher can find."""
    from types import SimpleNamespace

    from qualcode.app.exporting.memo_report import describe_target

    target = SimpleNamespace(target_type=str(memo.get("target_type")), target_id=str(memo.get("target_id") or ""))
    return describe_target(project, target)


def describe_event(project, event) -> str:  # type: ignore[no-untyped-def]
    """A history event in words, e.g. 'coding PF_FAMILY on S01_pre #4'."""
    p = event.payload
    if event.action in ("coding.add", "coding.remove"):
        from qualcode.app.coding.event_subjects import event_subject

        subject = event_subject(project, event)
        where = f" on {subject.document}" if subject.document else ""
        where += f" #{subject.ordinal}" if subject.ordinal is not None else ""
        verb = "coding" if event.action == "coding.add" else "removal of coding"
        return f"{verb} {p.get('code_id')}{where}"
    if event.action == "memo.set":
        return f"memo on {_target_in_words(project, p)}"
    if event.action in ("memo.add", "memo.delete"):
        memo = p.get("memo") or {}
        verb = "memo" if event.action == "memo.add" else "deletion of memo"
        return f"{verb} {memo.get('id')} on {_target_in_words(project, memo)}"
    if event.action == "memo.edit":
        return f"change of memo {p.get('id')} on {_target_in_words(project, p)}"
    if event.action == "speaker.resplit":
        from qualcode.app.importing.resplit import changes_in_words, set_aside_last

        changes = changes_in_words(p.get("changes") or [])
        aside = set_aside_last(p)
        return f"speaker roles {changes} in {p.get('document')}" + (
            f"; {aside} pending suggestion(s) of turns now gone set aside (undo or redo brings them back)"
            if aside else "")
    if event.action == "codebook.file":
        return f"codebook edit ({p.get('what')})"
    if event.action == "codes.merge":
        return f"merge of {p.get('source')} into {p.get('target')}"
    if event.action == "review.mark_documents":
        return f'{len(p.get("segment_ids") or [])} turn(s) marked "no code applies" (review done)'
    if event.action == "codings.import":
        from pathlib import PurePath

        return f"import of {len(p.get('codings') or [])} coding(s) from {PurePath(str(p.get('path'))).name}"
    if event.action == "cases.set":
        if p.get("what") == "import":
            return f"attributes of {len(p.get('cases') or [])} case(s) read from {p.get('file')}"
        return f"attributes of case {p.get('case')}"
    if event.action == "transcripts.import":
        from qualcode.app.importing.import_history import import_in_words

        return import_in_words(p)
    if event.action == "qdpx.import":
        from qualcode.app.interop.qdpx_history import qdpx_in_words

        return qdpx_in_words(p)
    return event.action.replace(".", " ")
