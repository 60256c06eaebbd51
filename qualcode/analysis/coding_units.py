"""Which codings the exports count, read as plain rows (no pandas): the filter and the one query.

Every table (``export matrix``, the long table, theme matrices) and every count the workbench shows beside
them (the home screen's code list, the codebook trees, the statistics on F4) read their codings through
:func:`coding_unit_rows`, so a count on screen is the count in the export. By default only codings on
participant turns count (an interviewer's question is not participant data); a coding stored without a
segment is attributed to the turn that contains its start. :mod:`qualcode.analysis.frames` builds the
pandas frames on top of this module and re-exports its names.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from qualcode.core.errors import QualcodeError

ROLES = ("participant", "interviewer", "all")


@dataclass(frozen=True)
class ExportFilter:
    coder: tuple[str, ...] | None = None
    role: str = "participant"
    codes: tuple[str, ...] | None = None  # already expanded to code ids (see CodeTree.expand)
    wave: tuple[str, ...] | None = None
    documents: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise QualcodeError(f"unknown role {self.role!r}; use one of {', '.join(ROLES)}")
        for name in ("coder", "codes", "wave", "documents"):  # a single string means one value
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, (value,))
            elif value is not None:
                object.__setattr__(self, name, tuple(value))
        if self.wave is not None:  # --wave 前测 finds the documents stored as pre (import reads 前测 as pre)
            from qualcode.core.frontmatter import normalise_wave

            object.__setattr__(self, "wave", tuple(dict.fromkeys([*self.wave, *map(normalise_wave, self.wave)])))


def _placeholders(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


def _document_clause(filt: ExportFilter, alias: str = "d") -> tuple[str, list[object]]:
    """WHERE conditions on documents (current version, wave, names/ids)."""
    clauses = [f"{alias}.is_current = 1"]
    params: list[object] = []
    if filt.wave is not None:
        clauses.append(f"json_extract({alias}.attributes, '$.wave') IN ({_placeholders(filt.wave)})")
        params.extend(filt.wave)
    if filt.documents is not None:
        ids = [int(v) for v in filt.documents if str(v).isdigit()]
        names = [str(v) for v in filt.documents]
        clauses.append(
            f"({alias}.name IN ({_placeholders(names)}) OR {alias}.id IN ({_placeholders(ids) or 'NULL'}))"
        )
        params.extend(names)
        params.extend(ids)
    return " AND ".join(clauses), params


def _coding_clause(filt: ExportFilter) -> tuple[str, list[object]]:
    """AND conditions on codings (alias c): coders and codes."""
    where, params = "", []
    if filt.coder is not None:
        where += f" AND c.coder IN ({_placeholders(filt.coder)})"
        params.extend(filt.coder)
    if filt.codes is not None:
        where += f" AND c.code_id IN ({_placeholders(filt.codes) or 'NULL'})"
        params.extend(filt.codes)
    return where, params


def _role_clause(filt: ExportFilter, column: str) -> tuple[str, list[object]]:
    if filt.role == "all":
        return "1", []
    return f"{column} = ?", [filt.role]


UNITS_SQL = """
SELECT {unit}, c.code_id, COALESCE(s.case_id, d.case_id, d.name){extra}
FROM codings c JOIN documents d ON d.id = c.document_id {segment_join}
WHERE {doc_where} {coding_where} AND {role_where}
"""
UNIT_COLUMNS = ["unit", "code_id", "participant"]
# Read only when asked: each column is a value per coding to fetch and convert (at 200,000 codings the
# four of them were about an eighth of the CPU of `export matrix`).
DOCUMENT_COLUMNS = {"document_id": "c.document_id"}
SPAN_COLUMNS = {"document_id": "c.document_id", "start": "c.start", "end": "c.end"}


# Each coding's wave (front matter ``wave:``): the statistics screen's per-wave counts.
WAVE_COLUMNS = {"wave": "json_extract(d.attributes, '$.wave')"}


def coding_unit_rows(conn: sqlite3.Connection, filt: ExportFilter = ExportFilter(), *,
                     extra_columns: Mapping[str, str] = {}, document_id: int | None = None) -> list[tuple]:
    """(unit, code id, participant, *extra columns) of each coding the filter counts, as plain tuples.

    ``unit`` is the turn (segment id); for the rare coding stored without a segment, the turn containing its
    start, else the coding itself as a negative number. ``document_id``: that document's codings only (the
    coding screen's counts). Codings with a segment take the indexed join; the others are located by a
    second query.
    """
    doc_where, doc_params = _document_clause(filt)
    coding_where, coding_params = _coding_clause(filt)
    if document_id is not None:
        coding_where, coding_params = coding_where + " AND c.document_id = ?", [*coding_params, document_id]
    role_where, role_params = _role_clause(filt, "s.role")
    params = [*doc_params, *coding_params, *role_params]
    extra = "".join(f", {sql}" for sql in extra_columns.values())
    cursor = conn.cursor()
    cursor.row_factory = None  # tuples: much faster to fetch than sqlite3.Row
    try:
        joined = UNITS_SQL.format(unit="c.segment_id", extra=extra,
                                  segment_join="JOIN segments s ON s.id = c.segment_id",
                                  doc_where=doc_where, coding_where=coding_where, role_where=role_where)
        rows = cursor.execute(joined, params).fetchall()
        located = UNITS_SQL.format(
            unit="COALESCE(s.id, -c.id)", extra=extra, doc_where=doc_where, role_where=role_where,
            coding_where=coding_where + " AND c.segment_id IS NULL",
            segment_join="LEFT JOIN segments s ON s.id = (SELECT s2.id FROM segments s2 WHERE s2.document_id = "
                         "c.document_id AND s2.start <= c.start AND c.start < s2.end ORDER BY s2.ordinal LIMIT 1)")
        rows += cursor.execute(located, params).fetchall()
    finally:
        cursor.close()
    return rows


def codings_on_other_turns(conn: sqlite3.Connection, filt: ExportFilter | None) -> list[str]:
    """Codings left out because they are on interviewer (or other) turns, when only participant turns count: a
    coding made on a question, or brought in from another tool, was dropped from every table unsaid. The
    exports add it to their notes; the home screen shows it under its code list."""
    if filt is None or filt.role != "participant":
        return []
    where, params = "", []
    if filt.coder:
        where = f"AND c.coder IN ({', '.join('?' * len(filt.coder))})"
        params = list(filt.coder)
    rows = conn.execute(
        f"""SELECT d.name, s.ordinal, c.code_id FROM codings c
            JOIN documents d ON d.id = c.document_id AND d.is_current = 1
            JOIN segments s ON s.id = c.segment_id
            WHERE s.role != 'participant' {where} ORDER BY d.name, s.ordinal""", params).fetchall()
    if not rows:
        return []
    listed = ", ".join(f"{name} #{ordinal} {code}" for name, ordinal, code in rows[:5]) + (" …" if len(rows) > 5 else "")
    return [f"{len(rows)} coding(s) on interviewer or other turns are not counted ({listed}); --role all counts them"]
