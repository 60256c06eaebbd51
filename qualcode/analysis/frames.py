"""Tidy pandas frames read from the project database (read-only SQL).

Every export starts here. One filter object says which codings count:

* ``coder`` -- only codings by these coders;
* ``role`` -- ``participant`` (default: interviewer turns are not participant data),
  ``interviewer`` or ``all``; a coding's role is the role of its segment;
* ``codes`` -- code or theme ids (a theme stands for all its descendants);
* ``wave`` -- documents whose front matter says ``wave: <value>`` (e.g. ``pre``);
* ``documents`` -- document names or ids.

Only current document versions are read. A coding stored without a segment is
attributed to the segment that contains its start; the participant of a row is
the segment's case, else the document's case, else the document's name.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import replace
from collections.abc import Sequence

import numpy as np
import pandas as pd

from qualcode.analysis.coding_units import (  # noqa: F401  (re-exported: the exports import them from here)
    DOCUMENT_COLUMNS, ROLES, SPAN_COLUMNS, UNIT_COLUMNS, UNITS_SQL, ExportFilter, _coding_clause,
    _document_clause, _placeholders, _role_clause, coding_unit_rows,
)

_DIGIT_RUNS = re.compile(r"(\d+)")


CODINGS_SQL = """
WITH located AS (
    SELECT c.id AS coding_id, c.document_id, c.start, c.end, c.code_id, c.coder, c.origin,
           c.created_at, c.memo,
           COALESCE(c.segment_id, (
               SELECT s2.id FROM segments s2
               WHERE s2.document_id = c.document_id AND s2.start <= c.start AND c.start < s2.end
               ORDER BY s2.ordinal LIMIT 1)) AS segment_id
    FROM codings c JOIN documents d ON d.id = c.document_id
    WHERE {doc_where} {coding_where}
)
SELECT l.coding_id, l.document_id, d.name AS document, l.segment_id, s.ordinal, s.role, s.speaker,
       COALESCE(s.case_id, d.case_id, d.name) AS participant,
       json_extract(d.attributes, '$.wave') AS wave,
       l.code_id, l.coder, l.origin, l.start, l.end, l.created_at, l.memo {text_column}
FROM located l
JOIN documents d ON d.id = l.document_id
LEFT JOIN segments s ON s.id = l.segment_id
WHERE {role_where}
"""


def load_codings(conn: sqlite3.Connection, filt: ExportFilter = ExportFilter(), *,
                 with_text: bool = False) -> pd.DataFrame:
    """One row per coding that passes the filter, with its segment, participant and wave.

    ``unit`` identifies what a matrix counts: the segment, or -- for the rare coding
    that lies in no segment -- the coding itself (as a negative number).
    """
    doc_where, doc_params = _document_clause(filt)
    coding_where, coding_params = _coding_clause(filt)
    params = [*doc_params, *coding_params]
    role_where, role_params = _role_clause(filt, "s.role")
    text_column = ", substr(d.text, l.start + 1, l.end - l.start) AS text" if with_text else ""
    sql = CODINGS_SQL.format(doc_where=doc_where, coding_where=coding_where,
                             role_where=role_where, text_column=text_column)
    frame = pd.read_sql_query(sql, conn, params=[*params, *role_params])
    frame["unit"] = frame["segment_id"].where(frame["segment_id"].notna(), -frame["coding_id"])
    frame["unit"] = frame["unit"].astype("int64")
    return frame


def load_coding_units(conn: sqlite3.Connection, filt: ExportFilter = ExportFilter(), *,
                      documents: bool = False, spans: bool = False) -> pd.DataFrame:
    """The lean version of :func:`load_codings` that matrices need, read as plain tuples.

    Columns: ``unit`` (the segment; for the rare coding that lies in no segment, the
    coding itself as a negative number), ``code_id`` and ``participant``; with
    ``documents`` also ``document_id``; with ``spans`` ``document_id``, ``start`` and ``end``.
    The rows are :func:`~qualcode.analysis.coding_units.coding_unit_rows`: the codings every count shows.
    """
    extra_columns = {**(DOCUMENT_COLUMNS if documents else {}), **(SPAN_COLUMNS if spans else {})}
    rows = coding_unit_rows(conn, filt, extra_columns=extra_columns)
    names = [*UNIT_COLUMNS, *extra_columns]
    # One object array cut into columns: about a third less CPU than DataFrame.from_records at 200,000 rows.
    table = np.array(rows, dtype=object).reshape(len(rows), len(names))
    frame = pd.DataFrame({name: table[:, index] for index, name in enumerate(names)})
    for column in ("unit", *extra_columns):
        frame[column] = frame[column].astype("int64")
    return frame


def load_documents(conn: sqlite3.Connection, filt: ExportFilter = ExportFilter()) -> pd.DataFrame:
    """Documents passing the filter, one row per document and participant speaking in it.

    ``chars`` counts the characters of that participant's turns of the filter's role
    (a focus group yields one row per participant). With ``role='all'`` a document
    without segments counts its whole text; a document with no turn of the role
    still appears once, with 0 characters, so its participant gets a row of zeros.
    """
    doc_where, params = _document_clause(filt)
    role_where, role_params = _role_clause(filt, "s.role")
    whole_text = "length(d.text)" if filt.role == "all" else "0"
    # Documents in name order (the documents_current index), each one's turns of the role from the
    # segments_document_role_span index (m0085) in case order: grouped and sorted as they are read, with
    # no table of all turns to build and index first (about a quarter less CPU at 200,000 turns).
    sql = f"""
        SELECT d.id AS document_id, d.name AS document,
               COALESCE(s.case_id, d.case_id, d.name) AS participant,
               json_extract(d.attributes, '$.wave') AS wave, d.language,
               COALESCE(SUM(s.end - s.start), {whole_text}) AS chars, COUNT(s.document_id) AS segments
        FROM documents d
        LEFT JOIN segments s ON s.document_id = d.id AND {role_where}
        WHERE {doc_where}
        GROUP BY d.name, d.id, s.case_id
        ORDER BY d.name, d.id, s.case_id
    """
    return pd.read_sql_query(sql, conn, params=[*role_params, *params])


def load_cases(conn: sqlite3.Connection) -> pd.DataFrame:
    """One row per case, its JSON attributes spread into columns (``participant`` first)."""
    rows = conn.execute("SELECT id, attributes FROM cases ORDER BY id").fetchall()
    records = []
    for case_id, attributes in rows:
        values = json.loads(attributes or "{}")
        records.append({"participant": case_id, **{str(k): v for k, v in values.items()}})
    return pd.DataFrame.from_records(records, columns=None if records else ["participant"])


def load_document_attributes(conn: sqlite3.Connection, filt: ExportFilter = ExportFilter()) -> pd.DataFrame:
    """One row per filtered document, its front-matter attributes spread into columns."""
    doc_where, params = _document_clause(filt)
    rows = conn.execute(f"SELECT d.id, d.attributes FROM documents d WHERE {doc_where}", params).fetchall()
    records = [{"document_id": doc_id, **json.loads(attrs or "{}")} for doc_id, attrs in rows]
    return pd.DataFrame.from_records(records, columns=None if records else ["document_id"])


def expand_code_filter(filt: ExportFilter, tree) -> ExportFilter:
    """Turn the user's code/theme ids into the code ids whose codings count (themes expanded)."""
    if filt.codes is None:
        return filt
    return replace(filt, codes=tuple(tree.expand(filt.codes)))


# Waves a project does not declare ([project] waves) still sort pre before post, never alphabetically.
DEFAULT_WAVE_ORDER: tuple[str, ...] = ("pre", "post")


def wave_key(wave: object, order: Sequence[str] = DEFAULT_WAVE_ORDER) -> tuple:
    """Declared waves in their declared order, then any other wave naturally (T1 < T2 < T10)."""
    text = "" if wave is None or (isinstance(wave, float) and wave != wave) else str(wave)
    return (order.index(text) if text in order else len(order), natural_key(text))


def natural_key(value: object) -> tuple:
    """Sort ``S2`` before ``S10``: digit runs compare as numbers."""
    text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
    return tuple([(0, int(part), "") if part.isdigit() else (1, 0, part) for part in _DIGIT_RUNS.split(text) if part])
