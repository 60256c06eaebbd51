"""Codebook edits as undoable history events (the TUI codebook editor's use cases).

The YAML files stay the source of truth and :mod:`qualcode.core.codebook_edit`
does the editing (comments and order kept, validated, atomic). This module adds
what an edit needs to be part of the project's history: the file's text before
and after goes into one ``codebook.file`` event, in the same transaction that
mirrors the codes into the database. Undo writes the earlier text back -- only
when the file still holds what the edit wrote, so an edit made since by hand (or
by git) is never overwritten; that undo stops with a message instead.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from qualcode.app.coding import history
from qualcode.core import codebook_edit
from qualcode.core.codebook_yaml import read_text, write_atomically
from qualcode.core.errors import ConflictError, NotFoundError
from qualcode.core.models import Codebook
from qualcode.storage import repository as repo
from qualcode.storage.db import transaction

CODEBOOK_FILE = "codebook.file"


@dataclass(frozen=True)
class CodebookChange:
    """What one edit did, for the face to say: the file and a short description."""

    path: Path
    what: str
    changed: bool  # False when the edit left the file as it was (nothing recorded)


def _codebook_paths_beside(path: Path) -> list[Path]:
    return sorted(p for p in path.parent.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def mirror_codes(conn: sqlite3.Connection, path: Path) -> None:
    """Mirror every codebook of the folder into the ``codes`` table (inside the caller's transaction)."""
    from qualcode.core.codebook import load_codebooks

    codes = [code for book in load_codebooks(_codebook_paths_beside(path)).codebooks for code in book.codes]
    if not repo.codes_are_current(conn, codes):
        repo.upsert_codes(conn, codes)


def swap_text(payload: Mapping[str, object], expected_key: str, wanted_key: str, verb: str) -> None:
    """Write ``payload[wanted_key]`` to ``payload["path"]`` only while the file holds ``payload[expected_key]``."""
    path = Path(str(payload["path"]))
    try:
        current = read_text(path)
    except Exception:  # noqa: BLE001 - a missing or unreadable file: same answer as a changed one
        current = None
    if current != payload[expected_key]:
        raise ConflictError(f"{path.name} has changed since this codebook edit ({payload['what']}); nothing "
                            f"{verb}, so the newer text is kept -- restore it with git or from .qualcode/backups")
    write_atomically(path, str(payload[wanted_key]))


def _undo(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    swap_text(payload, "after", "before", "undone")
    mirror_codes(conn, Path(str(payload["path"])))


def _redo(conn: sqlite3.Connection, payload: Mapping[str, object]) -> None:
    swap_text(payload, "before", "after", "redone")
    mirror_codes(conn, Path(str(payload["path"])))


history.register_action(CODEBOOK_FILE, undo=_undo, redo=_redo)


def owning_file(project, code_id: str) -> Path:
    """The codebook file that defines ``code_id``."""
    for book in project.codebooks():
        if book.path and any(code.id == code_id for code in book.codes):
            return Path(book.path)
    raise NotFoundError(f"no code {code_id!r} in the project's codebooks")


def _siblings(project, path: Path) -> list[Path]:
    return [p for p in project.codebook_paths() if p.resolve() != path.resolve()]


def edit_file(project, path: Path, change: Callable[[Path, list[Path]], Codebook], what: str, *,
              actor: str | None = None, code: str | None = None, part: str = "edit") -> CodebookChange:
    """Run one file edit and record it (text before and after) as one undoable event.

    The file is written inside the transaction, last but for the code mirror: a
    refused edit leaves file and database as they were, and a failure after the
    write puts the old text back.
    """
    path = Path(path)
    before = read_text(path)
    conn = project.conn
    with transaction(conn):
        change(path, _siblings(project, path))
        after = read_text(path)
        if after == before:
            return CodebookChange(path, what, False)
        try:
            history.record_event(conn, actor or project.coder, CODEBOOK_FILE,
                                 {"path": str(path.resolve()), "what": what, "code": code, "part": part,
                                  "before": before, "after": after})
            mirror_codes(conn, path)
        except BaseException:
            write_atomically(path, before)
            raise
    return CodebookChange(path, what, True)


def edit_code(project, code_id: str, change: Callable[[Path, list[Path]], Codebook], what: str, *,
              actor: str | None = None, part: str = "edit") -> CodebookChange:
    """One edit of ``code_id`` in its own file; ``part`` (keywords, key, move …) lets a face say it in words."""
    return edit_file(project, owning_file(project, code_id), change, what, actor=actor, code=code_id, part=part)


# --------------------------------------------------------------------------- the editor's use cases
def add_code(project, parent_id: str | None, new_id: str, labels: Mapping[str, str], *,
             path: Path | None = None, actor: str | None = None) -> CodebookChange:
    """A new code under ``parent_id`` (a new theme in ``path``, else the first codebook, when None)."""
    where = owning_file(project, parent_id) if parent_id else (path or project.codebook_paths()[0])
    fields = {"id": new_id.strip(), "label": {k: v.strip() for k, v in labels.items()}}
    return edit_file(project, where, lambda p, s: codebook_edit.add_code(p, parent_id, fields, siblings=s),
                     f"add {new_id.strip()}", actor=actor, code=new_id.strip(), part="add")


def rename_code(project, code_id: str, labels: Mapping[str, str], *, actor: str | None = None,
                based_on: Mapping[str, str] | None = None) -> CodebookChange:
    """``based_on``: the labels the editor showed; a label changed in the file since is never written over
    (ChangedMeanwhileError when the new one differs from both)."""
    return edit_code(project, code_id,
                     lambda p, s: codebook_edit.rename_code(p, code_id, labels, siblings=s, based_on=based_on),
                     f"rename {code_id}", actor=actor, part="rename")


def move_code(project, code_id: str, parent_id: str | None, *, actor: str | None = None,
              based_on: object = codebook_edit._UNCHECKED) -> CodebookChange:
    """``based_on``: the parent the editor showed (None: the top level); a move made in the file since is never
    undone unsaid (ChangedMeanwhileError when the chosen parent is another)."""
    return edit_code(project, code_id,
                     lambda p, s: codebook_edit.move_code(p, code_id, parent_id, siblings=s, based_on=based_on),
                     f"move {code_id} under {parent_id or 'the top level'}", actor=actor, part="move")


def set_keywords(project, code_id: str, keywords: Mapping[str, Sequence[str]], *,
                 actor: str | None = None, based_on: Mapping[str, Sequence[str]] | None = None) -> CodebookChange:
    """Replace the code's keyword list of each language given (one event for all of them); ``based_on``: the
    lists the editor started from, so words added to the file meanwhile are kept (see codebook_edit)."""

    def change(path: Path, siblings: list[Path]) -> Codebook:
        book = None
        for language, words in keywords.items():
            book = codebook_edit.set_keywords(path, code_id, language, list(words), siblings=siblings,
                                              based_on=None if based_on is None else list(based_on.get(language, [])))
        return book

    return edit_code(project, code_id, change, f"keywords of {code_id}", actor=actor, part="keywords")


def set_text_field(project, code_id: str, field: str, value: str, *, actor: str | None = None,
                   based_on: str | None = None) -> CodebookChange:
    """``based_on``: the text the editor showed; the field changed in the file since is never written over."""
    return edit_code(project, code_id,
                     lambda p, s: codebook_edit.set_text_field(p, code_id, field, value, siblings=s,
                                                               based_on=based_on),
                     f"{field} of {code_id}", actor=actor, part=field)


def set_examples(project, code_id: str, examples: Sequence[str], *, actor: str | None = None,
                 based_on: Sequence[str] | None = None) -> CodebookChange:
    return edit_code(project, code_id, lambda p, s: codebook_edit.set_examples(p, code_id, examples, siblings=s,
                                                                               based_on=based_on),
                     f"examples of {code_id}", actor=actor, part="examples")
