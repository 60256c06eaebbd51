"""Case attributes (gender, major, group …) as columns of a participant table (issue 17 item 1).

A participant's value of an attribute is the case attribute (participants table,
``qualcode cases set``), else the first value in the front matter of their documents.
Front-matter keys that describe the interview rather than the person (wave, date,
interviewer, language …) are not attributes of a case.

A text attribute keeps its values as written in the frame (so a CSV reads ``女``)
and gets value labels ``1 = 女, 2 = 男`` in natural order; the SPSS writer stores
the numbers with those labels and the XLSX writer lists them on its ``value_labels``
sheet. An attribute whose every value is a number stays a number, without labels.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import pandas as pd

from qualcode.analysis.frames import (
    ExportFilter, load_cases, load_document_attributes, load_documents, natural_key,
)
from qualcode.analysis.table import LabelledTable
from qualcode.core.errors import QualcodeError
from qualcode.core.excel_cells import is_digit_code

# front-matter keys about the interview, not the participant
NOT_CASE_ATTRIBUTES = {"participant", "case", "id", "wave", "date", "interviewer", "language", "title", "source",
                       "document", "time", "duration", "location"}
ATTRIBUTE_LABEL = ("个案属性", "case attribute")


def known_attributes(conn: sqlite3.Connection, filt: ExportFilter = ExportFilter()) -> list[str]:
    """Every attribute name a participant has, case attributes first, then front-matter keys."""
    names = [c for c in load_cases(conn).columns if c != "participant"]
    names += sorted(c for c in load_document_attributes(conn, filt).columns if c != "document_id")
    return [n for n in dict.fromkeys(names) if n.lower() not in NOT_CASE_ATTRIBUTES]


def resolve_attributes(conn: sqlite3.Connection, wanted: Sequence[str], filt: ExportFilter = ExportFilter()
                       ) -> list[str]:
    """``all`` or a list of names → the names to add; an unknown name stops with the known ones listed."""
    known = known_attributes(conn, filt)
    if any(w.strip().lower() == "all" for w in wanted):
        return known
    unknown = [w for w in wanted if w not in known]
    if unknown:
        listed = ", ".join(known) if known else "none (import a participants table or add front matter)"
        raise QualcodeError(f"unknown attribute(s) {', '.join(repr(u) for u in unknown)}; the participants "
                            f"have: {listed}")
    return list(dict.fromkeys(wanted))


def participant_attribute(conn: sqlite3.Connection, filt: ExportFilter, attribute: str) -> dict[str, str]:
    """A participant's value: the case attribute, else the first front-matter value in their documents."""
    values: dict[str, str] = {}
    cases = load_cases(conn)
    if attribute in cases.columns:
        for pid, value in zip(cases["participant"], cases[attribute]):
            if pd.notna(value) and str(value) != "":
                values[pid] = str(value)
    docs = load_documents(conn, filt)
    attrs = load_document_attributes(conn, filt)
    if attribute in attrs.columns:
        merged = docs[["document_id", "participant"]].merge(attrs[["document_id", attribute]], on="document_id")
        for pid, value in zip(merged["participant"], merged[attribute]):
            if pid not in values and pd.notna(value) and str(value) != "":
                values[pid] = str(value)
    return values


def with_attributes(table: LabelledTable, conn: sqlite3.Connection, names: Sequence[str],
                    filt: ExportFilter = ExportFilter()) -> LabelledTable:
    """``table`` (with a ``participant`` column) with one column per attribute after its key columns."""
    if not names:
        return table
    frame = table.frame.copy()
    position = sum(1 for c in frame.columns if c in ("participant", "wave", "document"))
    labels, value_labels = dict(table.labels), dict(table.value_labels)
    added = []
    for name in names:
        column = name if name not in frame.columns else f"attr_{name}"
        values = frame["participant"].map(participant_attribute(conn, filt, name))
        numbers = pd.to_numeric(values, errors="coerce")
        if (values.notna().any() and numbers[values.notna()].notna().all()
                and not any(is_digit_code(v) for v in values.dropna())):
            values = numbers  # a number (age, year) stays a number: scale, no labels; an id or a code of
            # digits (class 0302, student number 202301010001) stays text: as a number it was 302, 2.02301E+11
        else:
            levels = sorted({str(v) for v in values.dropna()}, key=natural_key)
            value_labels[column] = {number: level for number, level in enumerate(levels, start=1)}
        frame.insert(position + len(added), column, values)
        labels[column] = (f"{name}（{ATTRIBUTE_LABEL[0]}）", f"{name} ({ATTRIBUTE_LABEL[1]})")
        added.append(column)
    return LabelledTable(frame, labels, value_labels, table.codebook, name=table.name,
                         attribute_columns=(*table.attribute_columns, *added))


def fill_attributes(table: LabelledTable, conn: sqlite3.Connection, filt: ExportFilter = ExportFilter()
                    ) -> LabelledTable:
    """Attribute cells left empty by a join (ids only in the scores, e.g. a comparison group with no
    interview) filled from the participants table, so every row of the joined table has its gender, group …"""
    if not table.attribute_columns:
        return table
    frame = table.frame.copy()
    for column in table.attribute_columns:
        name = column.removeprefix("attr_") if column.startswith("attr_") else column
        known = frame["participant"].map(participant_attribute(conn, filt, name))
        if pd.api.types.is_numeric_dtype(frame[column]):
            known = pd.to_numeric(known, errors="coerce")
        frame[column] = frame[column].where(frame[column].notna(), known)
        labels = table.value_labels.get(column)
        if labels is not None:  # a value first seen on a scores-only row gets the next number
            for value in sorted({str(v) for v in frame[column].dropna()} - set(labels.values()), key=natural_key):
                labels[max(labels, default=0) + 1] = value
    return LabelledTable(frame, table.labels, table.value_labels, table.codebook, name=table.name,
                         attribute_columns=table.attribute_columns)
