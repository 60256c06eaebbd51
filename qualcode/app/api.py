"""Use cases: what a researcher does, one function each.

Every function that changes the project runs in ONE transaction and records
ONE history event, so each action is saved as it happens and can be undone.
The TUI and the CLI call these; they never write SQL themselves.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from qualcode.app.coding import history
from qualcode.core.decoding import xml_safe
from qualcode.core.errors import ConflictError, NotFoundError, QualcodeError, SupersededVersionError
from qualcode.core.models import Coding, HistoryEvent, Memo
from qualcode.app.project import Project, copies_beside_the_project_files
from qualcode.storage import progress
from qualcode.storage import repository as repo
from qualcode.storage.db import transaction, utc_now

__all__ = [
    "add_coding", "code_segment", "remove_coding", "toggle_code", "set_memo", "undo", "redo",
    "project_status", "sync_codes", "import_paths", "ProjectStatus", "DocumentProgress",
]


# --------------------------------------------------------------------------- codes
def sync_codes(project: Project) -> None:
    """Mirror the codebook files into the database (the YAML stays the source of truth).

    First a codebook file an interrupted import committed but did not yet put in place is put there
    (:mod:`qualcode.app.codebook_staging`), so the files and the database agree again.
    """
    if project.conn.execute("SELECT 1 FROM pending_codebooks LIMIT 1").fetchone() is not None or \
            any((project.root / "codebooks").glob(".*.part")):
        from qualcode.app.codebook_staging import finish_pending_codebooks

        finish_pending_codebooks(project)
    codes = [code for book in project.codebooks() for code in book.codes]
    # Most calls find nothing to change; reading first means `status` or an export never waits for
    # (or fails behind) a long batch run that holds the write lock.
    if repo.codes_are_current(project.conn, codes):
        return
    with transaction(project.conn):
        repo.upsert_codes(project.conn, codes)


def _require_active_code(conn: sqlite3.Connection, code_id: str) -> None:
    row = conn.execute("SELECT active FROM codes WHERE id = ?", (code_id,)).fetchone()
    if row is None or not row[0]:
        raise NotFoundError(f"no code {code_id!r} in the project's codebooks; `qualcode codebook show` lists them")


# --------------------------------------------------------------------------- codings
def _coding_payload(coding: Coding) -> dict[str, object]:
    return asdict(coding)


def _undo_add(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    # Made before the transcript was imported again: the coding moved with its words onto the new version, and
    # that is the one the researcher sees; taking only the old version's away said "Undone" and left it there.
    moved = repo.delete_moved_copies(conn, payload) if repo.replaced_version(conn, payload["document_id"]) else 0
    if not repo.delete_recorded_coding(conn, payload) and not moved:
        raise ConflictError("that coding was already removed (in another window or command); nothing to undo")


def _redo_add(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    replaced = repo.replaced_version(conn, payload["document_id"])
    if replaced is not None:  # brought back on the old version only, it would be in no export and on no screen
        name, version, current = replaced
        raise ConflictError(f"{name} was imported again after this action (version {version} is now replaced"
                            + (f" by version {current}" if current else "") + "); the coding is not brought back on "
                            f"the old version -- code it again on {name}")
    if repo.restore_recorded_coding(conn, payload) is None:
        raise ConflictError("the same coding exists again already (another window); nothing to redo")


history.register_action("coding.add", undo=_undo_add, redo=_redo_add)
history.register_action("coding.remove", undo=_redo_add, redo=_undo_add)


def add_coding(
    project: Project,
    *,
    document_id: int,
    start: int,
    end: int,
    code_id: str,
    coder: str | None = None,
    origin: str = "manual",
    segment_id: int | None = None,
    memo: str | None = None,
) -> Coding:
    """Code the span ``[start, end)`` of a document."""
    coder = coder or project.coder
    conn = project.conn
    with transaction(conn):
        _require_active_code(conn, code_id)
        length = conn.execute("SELECT length(text) FROM documents WHERE id = ?", (document_id,)).fetchone()
        if length is None:
            raise NotFoundError(f"no document with id {document_id}")
        _require_current_version(conn, document_id, "nothing coded")
        if end <= start:
            raise QualcodeError(f"end ({end}) must be greater than start ({start})")
        if not 0 <= start < end <= length[0]:
            raise QualcodeError(f"span {start}-{end} is outside the document (0-{length[0]})")
        if segment_id is None:
            segment_id = _segment_containing(conn, document_id, start, end)
            if segment_id is None:
                raise QualcodeError(f"span {start}\u2013{end} is not inside one turn of the document; "
                                    "code each turn separately")
        else:
            seg = conn.execute("SELECT start, end, ordinal FROM segments WHERE id = ? AND document_id = ?",
                               (segment_id, document_id)).fetchone()
            if seg is None:
                raise NotFoundError(f"no segment {segment_id} in document {document_id}")
            if not seg[0] <= start < end <= seg[1]:
                raise QualcodeError(f"span {start}\u2013{end} is outside turn #{seg[2]} "
                                    f"({seg[1] - seg[0]} characters)")
        if repo.find_coding(conn, document_id, start, end, code_id, coder) is not None:
            raise ConflictError(f"{coder} has already coded this span with {code_id}")
        coding = repo.insert_coding(conn, Coding(
            id=0, document_id=document_id, segment_id=segment_id, start=start, end=end, code_id=code_id,
            coder=coder, origin=origin, created_at=utc_now(), memo=memo))  # type: ignore[arg-type]
        history.record_event(conn, coder, "coding.add", _coding_payload(coding))
    return coding


def _require_current_version(conn: sqlite3.Connection, document_id: int, nothing_done: str) -> None:
    """Refuse an action on a version a re-import replaced: its turn numbers and offsets are not the current
    text's, so a window or command still on it would code (or uncode) words the researcher did not see."""
    name, version, current = conn.execute("SELECT name, version, is_current FROM documents WHERE id = ?",
                                          (document_id,)).fetchone()
    if current:
        return
    row = conn.execute("SELECT version FROM documents WHERE name = ? AND is_current = 1", (name,)).fetchone()
    newer = f"version {row[0]}" if row else "a newer version"
    raise SupersededVersionError(
        f"{name} version {version} was replaced by {newer} when the transcript was imported again; its turn "
        f"numbers and offsets may differ there, so {nothing_done} -- name the document as {name} (its current "
        "version) and look at the turn again")


def _segment_containing(conn: sqlite3.Connection, document_id: int, start: int, end: int) -> int | None:
    row = conn.execute(
        "SELECT id FROM segments WHERE document_id = ? AND start <= ? AND end >= ? ORDER BY ordinal LIMIT 1",
        (document_id, start, end),
    ).fetchone()
    return row[0] if row else None


def code_segment(project: Project, segment_id: int, code_id: str, *, coder: str | None = None,
                 origin: str = "manual") -> Coding:
    segment = repo.get_segment(project.conn, segment_id, with_text=False)
    return add_coding(project, document_id=segment.document_id, start=segment.start, end=segment.end,
                      code_id=code_id, coder=coder, origin=origin, segment_id=segment.id)


def remove_coding(project: Project, coding_id: int, *, actor: str | None = None) -> Coding:
    conn = project.conn
    with transaction(conn):
        coding = repo.get_coding(conn, coding_id)
        _require_current_version(conn, coding.document_id, "nothing removed")
        repo.delete_coding(conn, coding_id)
        history.record_event(conn, actor or project.coder, "coding.remove", _coding_payload(coding))
    return coding


def toggle_code(project: Project, segment_id: int, code_id: str, *, coder: str | None = None) -> Coding | None:
    """Code the whole segment, or remove the coder's coding of it; returns the new coding or None."""
    coder = coder or project.coder
    segment = repo.get_segment(project.conn, segment_id, with_text=False)
    try:
        return _toggle_once(project, segment, code_id, coder)
    except (ConflictError, NotFoundError):
        # The read and the write are two steps: another window of the same coder changed this coding in
        # between. Read again and decide once more, instead of failing or undoing the other's action.
        return _toggle_once(project, segment, code_id, coder)


def _toggle_once(project: Project, segment, code_id: str, coder: str) -> Coding | None:
    existing = repo.find_coding(project.conn, segment.document_id, segment.start, segment.end, code_id, coder)
    if existing is not None:
        remove_coding(project, existing.id, actor=coder)
        return None
    return code_segment(project, segment.id, code_id, coder=coder)


# --------------------------------------------------------------------------- memos
def _memo_undo(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    repo.write_memo(conn, str(payload["target_type"]), str(payload["target_id"]), str(payload["before"] or ""),
                    str(payload["author"]))


def _memo_redo(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    repo.write_memo(conn, str(payload["target_type"]), str(payload["target_id"]), str(payload["after"] or ""),
                    str(payload["author"]))


history.register_action("memo.set", undo=_memo_undo, redo=_memo_redo)

MEMO_TARGETS = ("project", "document", "case", "code", "coding", "segment")


def set_memo(project: Project, target_type: str, target_id: str | int, text: str, *,
             author: str | None = None, expected: str | None = None) -> Memo | None:
    """Write (or, with empty text, delete) the author's memo on a project, document, case, code, coding or segment.

    ``expected``: the text the memo box opened with ("" for none). When the author's newest memo on the target
    reads otherwise now -- edited from the CLI, or a newer memo added there meanwhile -- nothing is written
    (ConflictError): the box's text went over that memo, and a memo added from the CLI was lost."""
    if target_type not in MEMO_TARGETS:
        raise QualcodeError(f"a memo attaches to one of {', '.join(MEMO_TARGETS)}, not {target_type!r}")
    author = author or project.coder
    conn = project.conn
    with transaction(conn):
        before = repo.get_memo(conn, target_type, str(target_id), author)
        if expected is not None and (before.text if before else "") != expected:
            now = f"it now reads: {before.text}" if before else "it was deleted"
            raise ConflictError(f"the memo here was changed elsewhere since the box opened ({now}); nothing was "
                                "saved")
        memo = repo.write_memo(conn, target_type, str(target_id), text, author)
        history.record_event(conn, author, "memo.set", {
            "target_type": target_type, "target_id": str(target_id), "author": author,
            "before": before.text if before else "", "after": text})
    return memo


def _memo_from(payload: Mapping[str, object]) -> Memo:
    fields = dict(payload["memo"])  # type: ignore[arg-type]
    return Memo(**fields)


def _memo_add_undo(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    repo.delete_memo(conn, int(_memo_from(payload).id))


def _memo_add_redo(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    repo.insert_memo(conn, _memo_from(payload), keep_id=True)


def _memo_edit_undo(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    repo.update_memo_text(conn, int(payload["id"]), str(payload["before"]))


def _memo_edit_redo(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    repo.update_memo_text(conn, int(payload["id"]), str(payload["after"]))


history.register_action("memo.add", undo=_memo_add_undo, redo=_memo_add_redo)
history.register_action("memo.delete", undo=_memo_add_redo, redo=_memo_add_undo)
history.register_action("memo.edit", undo=_memo_edit_undo, redo=_memo_edit_redo)


def add_memo(project: Project, target_type: str, target_id: str | int, text: str, *,
             author: str | None = None) -> Memo:
    """A new memo on a target; the target's earlier memos stay (several per target, each with its author)."""
    if target_type not in MEMO_TARGETS:
        raise QualcodeError(f"a memo attaches to one of {', '.join(MEMO_TARGETS)}, not {target_type!r}")
    if not text.strip():
        raise QualcodeError("the memo is empty; to delete a memo use `qualcode memos delete ID`")
    text = xml_safe(text)  # pasted from Word: its \v would stop every Word export of the memos
    author = author or project.coder
    now = utc_now()
    with transaction(project.conn):
        memo = repo.insert_memo(project.conn, Memo(id=0, target_type=target_type, target_id=str(target_id),
                                                   text=text, author=author, created_at=now, updated_at=now))
        history.record_event(project.conn, author, "memo.add", {"memo": asdict(memo)})
    return memo


def _own_memo(project: Project, memo_id: int, actor: str) -> Memo:
    memo = repo.memo_by_id(project.conn, memo_id)
    if memo.author != actor:
        raise QualcodeError(f"memo {memo_id} was written by {memo.author}; only its author changes or deletes it")
    return memo


def edit_memo(project: Project, memo_id: int, text: str, *, actor: str | None = None,
              expected: str | None = None) -> Memo:
    """Change one of the actor's memos. ``expected``: the text the editor opened with; when the memo reads
    otherwise now (changed from the CLI or another window meanwhile), nothing is written (ConflictError), so the
    other change is not overwritten unseen."""
    actor = actor or project.coder
    if not text.strip():
        raise QualcodeError("the memo is empty; to delete it use `qualcode memos delete ID`")
    text = xml_safe(text)
    with transaction(project.conn):
        before = _own_memo(project, memo_id, actor)
        if expected is not None and before.text != expected:
            raise ConflictError(f"memo {memo_id} was changed elsewhere since it was opened; it now reads: "
                                f"{before.text}; nothing was saved")
        memo = repo.update_memo_text(project.conn, memo_id, text)
        history.record_event(project.conn, actor, "memo.edit", {"id": memo_id, "before": before.text, "after": text,
                                                                "target_type": memo.target_type,
                                                                "target_id": memo.target_id})
    return memo


def delete_memo(project: Project, memo_id: int, *, actor: str | None = None, expected: str | None = None) -> Memo:
    """Delete one memo (undoable); returns what was deleted. ``expected``: the text shown when the delete was
    asked for; a memo changed elsewhere since is not deleted unseen (ConflictError)."""
    actor = actor or project.coder
    with transaction(project.conn):
        memo = _own_memo(project, memo_id, actor)
        if expected is not None and memo.text != expected:
            raise ConflictError(f"memo {memo_id} was changed elsewhere since it was shown; it now reads: "
                                f"{memo.text}; nothing was deleted")
        repo.delete_memo(project.conn, memo_id)
        history.record_event(project.conn, actor, "memo.delete", {"memo": asdict(memo)})
    return memo


# --------------------------------------------------------------------------- undo / redo
def last_undoable(project: Project, *, actor: str | None = None) -> HistoryEvent | None:
    """The action :func:`undo` would take back now (None: nothing), without undoing it: a face names it,
    with where and when it was made, before asking (an error if it cannot be undone, as undo says)."""
    return history.last_undoable(project.conn, actor or project.coder)


def undo(project: Project, *, actor: str | None = None, expected: int | None = None) -> HistoryEvent | None:
    """Undo the actor's most recent action (across sessions); None when there is nothing to undo.

    ``expected``: the id of the event the user was shown and said yes to; if the newest action is another
    one by now (a command or window acted meanwhile), nothing is undone and a ConflictError says so.
    """
    actor = actor or project.coder
    event = None
    try:
        with transaction(project.conn):
            event = history.last_undoable(project.conn, actor)
            if expected is not None and (event is None or event.id != expected):
                event = None
                raise ConflictError("your latest action changed meanwhile (another window or a command acted); "
                                    "nothing undone -- press undo again to see what it is now")
            if event is not None:
                history.undo_event(project.conn, event)
    except ConflictError as exc:
        if event is None:
            raise
        # Its effect is gone already (another window, a merge): set it aside, or every later undo would
        # stop on it for ever.
        with transaction(project.conn):
            project.conn.execute("UPDATE history SET undone = 2 WHERE id = ?", (event.id,))
        raise ConflictError(f"{exc}; that action is set aside, and the next undo goes to the one before it") from exc
    return event


def next_redoable(project: Project, *, actor: str | None = None) -> HistoryEvent | None:
    """The undone action :func:`redo` would put back now (None: nothing), without redoing it."""
    return history.next_redoable(project.conn, actor or project.coder)


def redo(project: Project, *, actor: str | None = None, expected: int | None = None) -> HistoryEvent | None:
    """Redo the action the actor undid most recently; ``expected`` as for :func:`undo`."""
    actor = actor or project.coder
    with transaction(project.conn):
        event = history.next_redoable(project.conn, actor)
        if expected is not None and (event is None or event.id != expected):
            raise ConflictError("the action to redo changed meanwhile (another window or a command acted); "
                                "nothing redone -- press redo again to see what it is now")
        if event is not None:
            history.redo_event(project.conn, event)
    return event


# --------------------------------------------------------------------------- status
# One document's counts, as the indexed status queries return them (the faces read it from here).
DocumentProgress = progress.DocumentCounts


@dataclass(frozen=True)
class ProjectStatus:
    root: Path
    documents: int
    cases: int
    segments: int
    participant_segments: int
    coded_segments: int
    codings: int
    pending_suggestions: int
    codes: int
    per_document: tuple[DocumentProgress, ...]
    # documents whose speakers look wrong (no participant turns, one dominant speaker), by document id
    speaker_warnings: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    # documents of a participant and wave that another document also has (both count for the case)
    shared_case_warnings: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    # codes no codebook defines any more (renamed or removed in the YAML) with their codings: code id -> count
    codings_of_undefined_codes: Mapping[str, int] = field(default_factory=dict)
    # such codes with no coding but rejected suggestions (a rename loses them unless merged): code id -> count
    rejections_of_undefined_codes: Mapping[str, int] = field(default_factory=dict)
    # other copies of project.db or qualcode.toml beside them (a sync service's conflicted copies), never read
    copies_beside: tuple[Path, ...] = ()

    @property
    def warnings(self) -> tuple[str, ...]:
        """Each document's speaker and shared-case warnings, as ``name: warning`` lines, then codings whose code
        the codebooks lost (a code id renamed by hand leaves its codings on the old id)."""
        return tuple(f"{name}: {warning}" for name, warning in self.document_warnings) + self.undefined_code_warnings

    @property
    def document_warnings(self) -> tuple[tuple[str, str], ...]:
        """(document name, warning) for each speaker and shared-case warning, in that order."""
        names = {p.document_id: p.name for p in self.per_document}
        return tuple((names[doc], warning) for warnings in (self.speaker_warnings, self.shared_case_warnings)
                     for doc, found in warnings.items() for warning in found)

    @property
    def undefined_code_warnings(self) -> tuple[str, ...]:
        return tuple(
            f"{count} coding(s) use {code_id}, which no codebook defines (removed or renamed in codebooks/*.yaml): "
            f"put it back, or `qualcode codes merge {code_id} NEW_ID` to move its codings to a code that exists"
            for code_id, count in self.codings_of_undefined_codes.items()) + tuple(
            f"{count} rejected suggestion(s) are on {code_id}, which no codebook defines (removed or renamed in "
            f"codebooks/*.yaml): if it was renamed, `qualcode codes merge {code_id} NEW_ID` moves the rejections to "
            "the new id; otherwise suggest offers the new id again on those turns"
            for code_id, count in self.rejections_of_undefined_codes.items()
            if code_id not in self.codings_of_undefined_codes)   # the codings' advice (merge) moves them too

    @property
    def copy_warnings(self) -> tuple[str, ...]:
        return tuple(copy_warning(self.root, path) for path in self.copies_beside)


def copy_warning(root: Path, path: Path) -> str:
    """What a second copy of the database or the settings beside the real one means, and what to do."""
    name = path.relative_to(root)
    if path.suffix == ".db":
        return (f"{name} is another copy of the project database, which qualcode never reads (a sync service such "
                "as Dropbox, OneDrive, 坚果云 or iCloud keeps one when the project was changed in two places at once): "
                "the codings and memos made in it are not in this project. To bring its codings in, copy the project "
                "folder, put this file in the copy as .qualcode/project.db and run `qualcode merge COPY` here; then "
                "move the file out of .qualcode/")
    return (f"{name} is another copy of qualcode.toml, which qualcode never reads (a sync service's conflicted "
            "copy?): settings changed in it are not in use; copy what you need into qualcode.toml, then remove it")


def project_status(project: Project) -> ProjectStatus:
    """Counts over current documents; each is one indexed GROUP BY pass (linear in rows)."""
    conn = project.conn
    per_document = tuple(progress.document_counts(conn))
    segments, codings = progress.current_totals(conn)

    def count(sql: str) -> int:
        return int(conn.execute(sql).fetchone()[0])

    return ProjectStatus(
        root=project.root,
        documents=len(per_document),
        cases=count("SELECT count(*) FROM cases"),
        segments=segments,
        participant_segments=sum(p.participant_segments for p in per_document),
        coded_segments=sum(p.coded_segments for p in per_document),
        codings=codings,
        pending_suggestions=sum(p.pending_suggestions for p in per_document),
        codes=count("SELECT count(*) FROM codes WHERE active = 1"),
        per_document=per_document,
        speaker_warnings=_speaker_warnings(conn, per_document),
        shared_case_warnings=_shared_case_and_wave(per_document),
        # driven by the (few, usually no) inactive codes through the codings' code index: no pass over all codings
        codings_of_undefined_codes={code_id: n for code_id, n in conn.execute(
            "SELECT k.id, (SELECT count(*) FROM codings c JOIN documents d ON d.id = c.document_id "
            "WHERE c.code_id = k.id AND d.is_current = 1) FROM codes k WHERE k.active = 0 ORDER BY k.id") if n},
        rejections_of_undefined_codes={code_id: n for code_id, n in conn.execute(
            "SELECT k.id, (SELECT count(*) FROM suggestions g JOIN segments s ON s.id = g.segment_id "
            "JOIN documents d ON d.id = s.document_id WHERE g.code_id = k.id AND g.status = 'rejected' "
            "AND d.is_current = 1) FROM codes k WHERE k.active = 0 ORDER BY k.id") if n},
        copies_beside=tuple(copies_beside_the_project_files(project.root)),
    )


def _shared_case_and_wave(per_document: tuple[DocumentProgress, ...]) -> dict[int, tuple[str, ...]]:
    """The import's warning, again, for a document of a participant and wave another document also has."""
    first: dict[tuple[str, str | None], str] = {}
    found: dict[int, tuple[str, ...]] = {}
    for doc in per_document:
        if not doc.case_id:
            continue
        key = (doc.case_id, doc.wave)
        if key in first:
            found[doc.document_id] = (f"participant {doc.case_id}{f', wave {doc.wave}' if doc.wave else ''} is also "
                                      f"in {first[key]}; both count for {doc.case_id}",)
        else:
            first[key] = doc.name
    return found


def _speaker_warnings(conn, per_document: tuple[DocumentProgress, ...]) -> dict[int, tuple[str, ...]]:
    """The import report's balance warnings, again for documents already in the project."""
    from qualcode.core.speaker_roles import balance_warnings

    speakers = progress.speaker_characters(conn)
    found = {p.document_id: tuple(balance_warnings(speakers.get(p.document_id, []),
                                                   participant_turns=p.participant_segments))
             for p in per_document}
    return {document_id: warnings for document_id, warnings in found.items() if warnings}


# --------------------------------------------------------------------------- import
def import_paths(project: Project, paths: Iterable[Path | str], *,
                 progress: Callable[[int, int, str], None] | None = None,
                 allow_external_sources: Path | None = None, speakers: str | None = None):
    """Import transcript files and folders; see :mod:`qualcode.app.importing.transcripts`.

    ``speakers``: ``"Mary=interviewer,Tom=P03"`` fixes roles (or cases) that inference chose."""
    from qualcode.app.importing.transcripts import import_paths as _import_paths

    return _import_paths(project, [Path(p) for p in paths], progress=progress,
                         allow_external_sources=allow_external_sources, speakers=speakers)
