"""Rows <-> models. Plain functions over a connection; no transactions here
(callers in ``qualcode.app.api`` wrap each user action in one)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import replace

from qualcode.core.errors import NotFoundError, QualcodeError
from qualcode.core.models import Case, Code, Coding, Document, Memo, Segment
from qualcode.storage.db import utc_now

_DOC_COLUMNS = ("id, name, path, sha256, language, encoding, case_id, attributes, imported_at, "
                "version, is_current, previous_id")


def _document(row: sqlite3.Row, text: str = "") -> Document:
    return Document(
        id=row["id"], name=row["name"], path=row["path"], sha256=row["sha256"], language=row["language"],
        encoding=row["encoding"], case_id=row["case_id"], attributes=json.loads(row["attributes"]),
        imported_at=row["imported_at"], version=row["version"], is_current=bool(row["is_current"]),
        previous_id=row["previous_id"], text=text,
    )


def list_documents(conn: sqlite3.Connection, *, current_only: bool = True) -> list[Document]:
    where = "WHERE is_current = 1" if current_only else ""
    rows = conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents {where} ORDER BY name, version")
    return [_document(r) for r in rows]


def get_document(conn: sqlite3.Connection, ref: int | str, *, with_text: bool = True) -> Document:
    """A document by id, or the current version of a document by name."""
    columns = _DOC_COLUMNS + (", text" if with_text else "")
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit() and not _name_exists(conn, ref)):
        row = conn.execute(f"SELECT {columns} FROM documents WHERE id = ?", (int(ref),)).fetchone()
    else:
        row = conn.execute(
            f"SELECT {columns} FROM documents WHERE name = ? AND is_current = 1", (ref,)
        ).fetchone()
    if row is None:
        raise NotFoundError(f"no document {ref!r}; `qualcode status` lists them")
    return _document(row, row["text"] if with_text else "")


def _name_exists(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM documents WHERE name = ?", (name,)).fetchone() is not None


def document_text(conn: sqlite3.Connection, document_id: int) -> str:
    row = conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no document with id {document_id}")
    return row[0]


def _segment(row: sqlite3.Row, text: str = "") -> Segment:
    return Segment(id=row["id"], document_id=row["document_id"], ordinal=row["ordinal"], start=row["start"],
                   end=row["end"], speaker=row["speaker"], role=row["role"], case_id=row["case_id"], text=text,
                   start_time=row["start_time"] if "start_time" in row.keys() else None)


_SEGMENT_COLUMNS = "id, document_id, ordinal, start, end, speaker, role, case_id"


def list_segments(conn: sqlite3.Connection, document_id: int, *, with_text: bool = True) -> list[Segment]:
    # Plain tuples, not sqlite3.Row: suggest reads every segment of every document, and looking each
    # column up by name cost more than reading it.
    cursor = conn.cursor()
    cursor.row_factory = None
    rows = cursor.execute(f"SELECT {_SEGMENT_COLUMNS}, start_time FROM segments WHERE document_id = ? "
                          "ORDER BY ordinal", (document_id,)).fetchall()
    text = document_text(conn, document_id) if with_text and rows else ""
    return [Segment(*row[:8], text=text[row[3]:row[4]] if with_text else "", start_time=row[8]) for row in rows]


def turn_spans(conn: sqlite3.Connection, document_id: int) -> list[tuple[int, int, int, int, str]]:
    """(id, ordinal, start, end, role) of each of a document's segments, in order: for a pass over every turn
    of a large project, which needs no Segment object per turn."""
    cursor = conn.cursor()
    cursor.row_factory = None
    return cursor.execute("SELECT id, ordinal, start, end, role FROM segments WHERE document_id = ? ORDER BY ordinal",
                          (document_id,)).fetchall()


def coders_by_segment(conn: sqlite3.Connection) -> dict[int, set[str]]:
    """Who coded each segment (any coding on it, of any code)."""
    cursor = conn.cursor()
    cursor.row_factory = None
    found: dict[int, set[str]] = {}
    for segment_id, coder in cursor.execute("SELECT segment_id, coder FROM codings WHERE segment_id IS NOT NULL"):
        found.setdefault(segment_id, set()).add(coder)
    return found


def get_segment(conn: sqlite3.Connection, segment_id: int, *, with_text: bool = True) -> Segment:
    row = conn.execute("SELECT * FROM segments WHERE id = ?", (segment_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no segment with id {segment_id}")
    text = ""
    if with_text:
        text = conn.execute(
            "SELECT substr(text, ? + 1, ?) FROM documents WHERE id = ?",
            (row["start"], row["end"] - row["start"], row["document_id"]),
        ).fetchone()[0]
    return _segment(row, text)


def segment_by_ordinal(conn: sqlite3.Connection, document_id: int, ordinal: int) -> Segment:
    row = conn.execute(
        "SELECT id FROM segments WHERE document_id = ? AND ordinal = ?", (document_id, ordinal)
    ).fetchone()
    if row is None:
        # Name the document as the user knows it, and the range that exists.
        found = conn.execute("SELECT d.name, count(s.id) FROM documents d LEFT JOIN segments s "
                             "ON s.document_id = d.id WHERE d.id = ?", (document_id,)).fetchone()
        name, count = (found[0], found[1]) if found and found[0] else (f"document {document_id}", 0)
        raise NotFoundError(f"{name} has no segment {ordinal}; its segments are numbered 1-{count}")
    return get_segment(conn, row[0])


def _coding(row: sqlite3.Row) -> Coding:
    return Coding(id=row["id"], document_id=row["document_id"], segment_id=row["segment_id"], start=row["start"],
                  end=row["end"], code_id=row["code_id"], coder=row["coder"], origin=row["origin"],
                  created_at=row["created_at"], memo=row["memo"])


def list_codings(
    conn: sqlite3.Connection,
    *,
    document_id: int | None = None,
    segment_id: int | None = None,
    coder: str | None = None,
    code_ids: Sequence[str] | None = None,
) -> list[Coding]:
    clauses, params = [], []
    for column, value in (("document_id", document_id), ("segment_id", segment_id), ("coder", coder)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if code_ids:
        clauses.append(f"code_id IN ({','.join('?' * len(code_ids))})")
        params.extend(code_ids)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = conn.execute(f"SELECT * FROM codings {where} ORDER BY document_id, start, code_id, id", params)
    return [_coding(r) for r in rows]


def get_coding(conn: sqlite3.Connection, coding_id: int) -> Coding:
    row = conn.execute("SELECT * FROM codings WHERE id = ?", (coding_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no coding with id {coding_id} (it may have been removed in another window)")
    return _coding(row)


def insert_coding(conn: sqlite3.Connection, coding: Coding, *, keep_id: bool = False) -> Coding:
    """Insert ``coding``; its id is assigned unless ``keep_id`` (redo re-creates the same row).

    A new coding must sit on a turn: one without a segment drops out of status, matrices and quotes
    while still counted, so it is refused here whichever way in it came (redo may restore old rows).
    """
    if coding.segment_id is None and not keep_id:
        raise QualcodeError(f"a coding of {coding.code_id} at {coding.start}-{coding.end} is not inside one turn "
                            "of the document; code each turn separately")
    columns = ["document_id", "segment_id", "start", "end", "code_id", "coder", "origin", "created_at", "memo"]
    values = [coding.document_id, coding.segment_id, coding.start, coding.end, coding.code_id, coding.coder,
              coding.origin, coding.created_at or utc_now(), coding.memo]
    if keep_id:
        columns.insert(0, "id")
        values.insert(0, coding.id)
    cursor = conn.execute(
        f"INSERT INTO codings ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", values
    )
    return get_coding(conn, cursor.lastrowid if not keep_id else coding.id)


def find_coding(conn: sqlite3.Connection, document_id: int, start: int, end: int, code_id: str,
                coder: str) -> Coding | None:
    row = conn.execute(
        "SELECT * FROM codings WHERE document_id = ? AND start = ? AND end = ? AND code_id = ? AND coder = ?",
        (document_id, start, end, code_id, coder),
    ).fetchone()
    return _coding(row) if row else None


def _recorded_key(recorded) -> tuple:
    return (recorded["document_id"], recorded["start"], recorded["end"], recorded["code_id"], recorded["coder"])


def delete_recorded_coding(conn: sqlite3.Connection, recorded) -> bool:
    """Delete the coding a history event recorded, found by what it is (document, span, code, coder).

    Not by row id alone: after a delete SQLite hands the same id to the next new coding, which may be
    another coder's, so an id-only undo could remove someone else's work. Returns False if it is gone.
    """
    row = conn.execute("SELECT id FROM codings WHERE document_id = ? AND start = ? AND end = ? AND code_id = ? "
                       "AND coder = ?", _recorded_key(recorded)).fetchone()
    if row is None:
        return False
    conn.execute("DELETE FROM codings WHERE id = ?", (row[0],))
    return True


def delete_moved_copies(conn: sqlite3.Connection, recorded) -> int:
    """Delete the copies re-imports made of a recorded coding on later versions of its document (a copy keeps
    the code, coder and creation time of the coding it was moved from); how many there were."""
    return conn.execute(
        """DELETE FROM codings WHERE id IN (
               SELECT c.id FROM codings c JOIN documents d ON d.id = c.document_id
                 JOIN documents old ON old.id = ? AND old.name = d.name AND d.version > old.version
                WHERE c.code_id = ? AND c.coder = ? AND c.created_at = ?)""",
        (recorded["document_id"], recorded["code_id"], recorded["coder"], recorded["created_at"])).rowcount


def replaced_version(conn: sqlite3.Connection, document_id: int) -> tuple[str, int, int | None] | None:
    """(name, version, current version or None) when ``document_id`` is a version a re-import replaced."""
    row = conn.execute("SELECT name, version, is_current FROM documents WHERE id = ?", (document_id,)).fetchone()
    if row is None or row[2]:
        return None
    current = conn.execute("SELECT version FROM documents WHERE name = ? AND is_current = 1", (row[0],)).fetchone()
    return row[0], row[1], current[0] if current else None


def restore_recorded_coding(conn: sqlite3.Connection, recorded) -> Coding | None:
    """Bring back a recorded coding: under its old id when that is free, else under a new one.

    None when the same coding (same document, span, code and coder) exists already.
    """
    if conn.execute("SELECT 1 FROM codings WHERE document_id = ? AND start = ? AND end = ? AND code_id = ? "
                    "AND coder = ?", _recorded_key(recorded)).fetchone() is not None:
        return None
    coding = Coding(**dict(recorded))
    id_free = conn.execute("SELECT 1 FROM codings WHERE id = ?", (coding.id,)).fetchone() is None
    return insert_coding(conn, coding, keep_id=True) if id_free else insert_coding(conn, replace(coding, id=0))


def delete_coding(conn: sqlite3.Connection, coding_id: int) -> None:
    conn.execute("DELETE FROM codings WHERE id = ?", (coding_id,))


def list_cases(conn: sqlite3.Connection) -> list[Case]:
    return [Case(id=r["id"], attributes=json.loads(r["attributes"]))
            for r in conn.execute("SELECT * FROM cases ORDER BY id")]


def upsert_case(conn: sqlite3.Connection, case: Case, *, merge: bool = True) -> None:
    """Create the case, or merge ``case.attributes`` into the stored ones."""
    row = conn.execute("SELECT attributes FROM cases WHERE id = ?", (case.id,)).fetchone()
    if row is None:
        conn.execute("INSERT INTO cases (id, attributes) VALUES (?, ?)",
                     (case.id, json.dumps(dict(case.attributes), ensure_ascii=False)))
        return
    attributes = json.loads(row[0]) if merge else {}
    attributes.update(case.attributes)
    conn.execute("UPDATE cases SET attributes = ? WHERE id = ?",
                 (json.dumps(attributes, ensure_ascii=False), case.id))


def _code_row(code: Code) -> tuple:
    return (code.id, code.parent_id, code.codebook, code.labels.get("zh"), code.labels.get("en"),
            code.description, code.color, code.key, code.position, code.depth, 1)


def codes_are_current(conn: sqlite3.Connection, codes: Iterable[Code]) -> bool:
    """True when the ``codes`` table already mirrors ``codes`` exactly (so nothing needs writing)."""
    wanted = {row[0]: row for row in map(_code_row, codes)}
    stored = conn.execute("SELECT id, parent_id, codebook, label_zh, label_en, description, color, key, position, "
                          "depth, active FROM codes").fetchall()
    active = {row[0]: tuple(row) for row in stored if row["active"]}
    return active == wanted


def upsert_codes(conn: sqlite3.Connection, codes: Iterable[Code]) -> None:
    """Mirror codebook codes into the ``codes`` table; codes no longer defined become inactive."""
    seen: list[str] = []
    for code in codes:
        seen.append(code.id)
        conn.execute(
            """INSERT INTO codes (id, parent_id, codebook, label_zh, label_en, description, color, key,
                                  position, depth, active)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
               ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, codebook = excluded.codebook,
                 label_zh = excluded.label_zh, label_en = excluded.label_en, description = excluded.description,
                 color = excluded.color, key = excluded.key, position = excluded.position,
                 depth = excluded.depth, active = 1""",
            (code.id, code.parent_id, code.codebook, code.labels.get("zh"), code.labels.get("en"),
             code.description, code.color, code.key, code.position, code.depth),
        )
    if seen:
        conn.execute(f"UPDATE codes SET active = 0 WHERE id NOT IN ({','.join('?' * len(seen))})", seen)
    else:
        conn.execute("UPDATE codes SET active = 0")


def _memo(row: sqlite3.Row) -> Memo:
    return Memo(id=row["id"], target_type=row["target_type"], target_id=row["target_id"], text=row["text"],
                author=row["author"], created_at=row["created_at"], updated_at=row["updated_at"])


def get_memo(conn: sqlite3.Connection, target_type: str, target_id: str, author: str) -> Memo | None:
    """The author's newest memo on a target (the one the TUI's memo box edits)."""
    row = conn.execute("SELECT * FROM memos WHERE target_type = ? AND target_id = ? AND author = ? "
                       "ORDER BY id DESC LIMIT 1", (target_type, str(target_id), author)).fetchone()
    return _memo(row) if row else None


def memo_by_id(conn: sqlite3.Connection, memo_id: int) -> Memo:
    row = conn.execute("SELECT * FROM memos WHERE id = ?", (memo_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no memo {memo_id} (see: qualcode memos list)")
    return _memo(row)


def list_memos(conn: sqlite3.Connection, *, target_type: str | None = None,
               target_id: str | None = None) -> list[Memo]:
    clauses, params = [], []
    if target_type is not None:
        clauses.append("target_type = ?")
        params.append(target_type)
    if target_id is not None:
        clauses.append("target_id = ?")
        params.append(str(target_id))
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    return [_memo(r) for r in conn.execute(f"SELECT * FROM memos {where} ORDER BY id", params)]


def insert_memo(conn: sqlite3.Connection, memo: Memo, *, keep_id: bool = False) -> Memo:
    """A new memo (``keep_id`` when redo or undo brings a deleted one back under its old number)."""
    cursor = conn.execute(
        "INSERT INTO memos (id, target_type, target_id, text, author, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (memo.id if keep_id else None, memo.target_type, str(memo.target_id), memo.text, memo.author,
         memo.created_at, memo.updated_at))
    return memo_by_id(conn, cursor.lastrowid)


def update_memo_text(conn: sqlite3.Connection, memo_id: int, text: str) -> Memo:
    conn.execute("UPDATE memos SET text = ?, updated_at = ? WHERE id = ?", (text, utc_now(), memo_id))
    return memo_by_id(conn, memo_id)


def delete_memo(conn: sqlite3.Connection, memo_id: int) -> None:
    conn.execute("DELETE FROM memos WHERE id = ?", (memo_id,))


def write_memo(conn: sqlite3.Connection, target_type: str, target_id: str, text: str, author: str) -> Memo | None:
    """Set (or with empty text, delete) the author's newest memo on a target."""
    current = get_memo(conn, target_type, target_id, author)
    if not text:
        if current is not None:
            delete_memo(conn, current.id)
        return None
    if current is not None:
        return update_memo_text(conn, current.id, text)
    now = utc_now()
    return insert_memo(conn, Memo(id=0, target_type=target_type, target_id=str(target_id), text=text, author=author,
                                  created_at=now, updated_at=now))
