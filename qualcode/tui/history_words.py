"""Undo and redo messages in words, in the interface language.

"Undone: coding Family support on S01_pre #4" / "已撤销：编码「家庭支持」（S01_pre 第 4 段）" --
the same event the CLI names ("Undone: coding PF_FAMILY on S01_pre #4"), read through
:func:`qualcode.app.coding.event_subjects.event_subject`, with code labels in the
interface language instead of ids and never a bare ``coding.add``.
"""

from __future__ import annotations

from collections.abc import Callable

from qualcode.app.coding.event_subjects import EventSubject

# action (with the decision for suggestions) -> i18n key of its words
_WORDS = {
    "coding.add": "history.coding_add",
    "coding.remove": "history.coding_remove",
    "suggestion.decide:accept": "history.accept",
    "suggestion.decide:reject": "history.reject",
    "review.mark": "history.review_mark",
    "review.unmark": "history.review_unmark",
    "review.mark_documents": "history.review_mark_documents",
    "memo.set": "history.memo",
    "memo.add": "history.memo",
    "memo.edit": "history.memo_edit",
    "memo.delete": "history.memo_delete",
}


def has_words(action: str) -> bool:
    """Whether :func:`event_words` says ``action`` in words (else it would only name the action)."""
    return action in ("speaker.resplit", "codings.import", "cases.set", "transcripts.import", "qdpx.import",
                      "codes.merge", "codebook.file", "coding.merge", "speaker.role") or any(key.split(":")[0] == action for key in _WORDS)


def event_words(subject: EventSubject, tr: Callable[..., str], label: Callable[[str], str]) -> str:
    """``subject`` in words: ``tr`` is the TUI's translator, ``label`` turns a code id into its label."""
    action = subject.action + (f":{subject.decision}" if subject.action == "suggestion.decide" else "")
    key = _WORDS.get(action)
    if action in ("speaker.resplit", "speaker.role"):
        words = tr("history.speaker_roles", changes=subject.target_id, document=subject.document)
        return words + (tr("history.set_aside", count=subject.set_aside) if subject.set_aside else "")
    if action == "codings.import":
        return tr("history.codings_import", count=subject.count, file=subject.target_id)
    if action == "cases.set":
        if subject.target_type == "file":
            return tr("history.cases_import", count=subject.count, file=subject.target_id)
        return tr("history.cases_set", case=subject.target_id)
    if action == "transcripts.import":
        return tr("history.transcripts_import", count=subject.count, what=import_parts_words(subject.parts, tr))
    if action == "qdpx.import":
        return tr("history.qdpx_import", file=subject.target_id, count=subject.count)
    if action == "codes.merge":  # never a bare "codes merge": which code went into which, and what moved
        source, target = (label(code) for code in (list(subject.code_ids) + ["?", "?"])[:2])
        merged = tr("history.codes_merge_folded", count=subject.merged) if subject.merged else ""
        return tr("history.codes_merge", source=source, target=target, moved=subject.count, merged=merged)
    if action == "codebook.file":
        return codebook_edit_words(subject, tr, label)
    if action == "coding.merge":
        return tr("history.coders_merge", count=subject.count, source=subject.target_id)
    if key is None:
        return tr("history.other", action=subject.action.replace(".", " "))
    if subject.action.startswith("memo."):
        return tr(key, code="", where=memo_target_words(subject, tr, label))
    if subject.count > 1:
        return tr(key + "_n", count=subject.count) + places_words(subject.places, tr, label)
    if subject.document and subject.ordinal is not None:
        where = tr("history.where_turn", document=subject.document, ordinal=subject.ordinal)
    elif subject.document:
        where = subject.document
    else:
        where = " ".join(filter(None, (subject.target_type, subject.target_id))) or "?"
    codes = "、".join(label(code) for code in subject.code_ids) if subject.code_ids else ""
    return tr(key, code=codes, where=where)


PLACES_SHOWN = 3


def places_words(places, tr: Callable[..., str], label: Callable[[str], str]) -> str:  # type: ignore[no-untyped-def]
    """Where several suggestions decided at once were: ``: Goal focus on S02_pre #2, … and 3 more`` (empty when
    none is known)."""
    if not places:
        return ""
    shown = [tr("history.place", code=label(code), where=tr("history.where_turn", document=document, ordinal=turn))
             for document, turn, code in places[:PLACES_SHOWN]]
    more = tr("history.places_more", count=len(places) - PLACES_SHOWN) if len(places) > PLACES_SHOWN else ""
    return tr("history.places", places=tr("history.places_sep").join(shown), more=more)


def memo_target_words(subject: EventSubject, tr: Callable[..., str], label: Callable[[str], str]) -> str:
    """What a memo is on, as a person says it: 「家庭支持」编码（S01_pre 第 4 段）, 文档 S01_pre, 个案 S01 -- never a
    coding's number or a document's internal id."""
    turn = (tr("history.where_turn", document=subject.document, ordinal=subject.ordinal)
            if subject.document and subject.ordinal is not None else subject.document)
    kind = subject.target_type
    if kind == "coding" and subject.code_ids:
        return tr("history.memo_on_coding", code=label(subject.code_ids[0]), where=turn or "?")
    if kind == "segment" and turn:
        return turn
    if kind == "document" and subject.document:
        return tr("history.memo_on_document", document=subject.document)
    if kind == "code" and subject.code_ids:
        return tr("history.memo_on_code", code=label(subject.code_ids[0]))
    if kind == "case":
        return tr("history.memo_on_case", case=subject.target_id or "?")
    if kind == "project":
        return tr("history.memo_on_project")
    return tr("history.memo_on_gone", kind=tr(f"history.memo_kind.{kind}") if kind in MEMO_KINDS else kind or "?")


MEMO_KINDS = ("coding", "segment", "document", "code", "case", "project")


def codebook_edit_words(subject: EventSubject, tr: Callable[..., str], label: Callable[[str], str]) -> str:
    """A codebook editor edit: the part edited and the code ("编码本修改：家庭支持 的关键词"), else what was recorded."""
    from qualcode.core.codebook_edit import TEXT_FIELDS

    if not subject.code_ids:
        return tr("history.codebook_edit_what", what=subject.detail or subject.document or "?")
    part = subject.target_id if subject.target_id in (*TEXT_FIELDS, "examples", "add", "rename", "move",
                                                      "keywords") else "edit"
    part_words = tr("cbx.field." + part) if part in (*TEXT_FIELDS, "examples") else tr("cbx.part." + part)
    return tr("cbx.event", part=part_words, code=label(subject.code_ids[0]))


def import_parts_words(parts, tr: Callable[..., str]) -> str:  # type: ignore[no-untyped-def]
    """What an import added, or what undoing it did, in words (a long list of names is cut short)."""
    from qualcode.app.importing.import_history import listed

    def names(kind: str) -> list[str]:
        return [name for k, name, _ in parts if k == kind]

    words = [listed([name for kind, name, _ in parts if kind == "added"] + [
        tr("history.import_version", name=name, version=version) for kind, name, version in parts
        if kind == "version"])] if any(kind in ("added", "version") for kind, _, _ in parts) else []
    if names("removed"):
        words.append(tr("history.import_removed", names=listed(names("removed"))))
    words += [tr("history.import_restored", name=name, version=version) for kind, name, version in parts
              if kind == "restored"]
    words += [tr("history.import_gone", count=count) for kind, _, count in parts if kind == "gone"]
    if names("cases_kept"):
        words.append(tr("history.import_cases_kept", names=", ".join(names("cases_kept"))))
    return tr("history.import_sep").join(words) or tr("history.import_cases_only")
