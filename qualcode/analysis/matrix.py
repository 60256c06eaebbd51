"""Participant × code matrices (DESIGN §8, issue 5).

Rows are participants (``by='case'``), documents, or participant × wave; columns
are code ids, then -- with ``themes=True`` -- one column per theme. Values:

* ``count`` -- distinct coded segments (two coders or two overlapping codings of
  one segment with one code count once);
* ``presence`` -- 1 if the count is above 0;
* ``coverage`` -- characters covered by the code's codings (overlaps once) as a
  share of the row's characters in turns of the filtered role;
* ``per1000`` -- count per 1,000 such characters.

A theme column counts segments coded with the theme or any code under it, each
segment once. A code that is itself a theme but was coded directly gets a code
column ``<id>_SELF`` so no coding is lost when themes are off.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import numpy as np
import pandas as pd

from qualcode.analysis.codetree import CodeTree
from qualcode.analysis.frames import (
    DEFAULT_WAVE_ORDER, ExportFilter, expand_code_filter, load_coding_units, load_documents, natural_key, wave_key,
)
from qualcode.analysis.table import KEY_LABELS, LabelledTable, codebook_frame
from qualcode.core.errors import QualcodeError
from qualcode.core.models import Codebook

UNITS = ("count", "presence", "coverage", "per1000")
BY = ("case", "document", "wave")
ROW_KEYS = {"case": ["participant"], "wave": ["participant", "wave"], "document": ["document"]}
SELF_SUFFIX = "_SELF"
PRESENCE_LABELS = {0: "未出现 / absent", 1: "出现 / present"}


def build_matrix(conn: sqlite3.Connection, codebooks: Sequence[Codebook] | None = None, *,
                 unit: str = "count", by: str = "case", filt: ExportFilter = ExportFilter(),
                 themes: bool = False, wave_order: Sequence[str] = DEFAULT_WAVE_ORDER) -> LabelledTable:
    if unit not in UNITS:
        raise QualcodeError(f"unknown unit {unit!r}; use one of {', '.join(UNITS)}")
    if by not in BY:
        raise QualcodeError(f"unknown --by {by!r}; use one of {', '.join(BY)}")
    tree = CodeTree.load(conn, codebooks)
    filt = expand_code_filter(filt, tree)
    docs = load_documents(conn, filt)
    docs["wave"] = docs["wave"].fillna("")
    codings = load_coding_units(conn, filt, documents=by != "case", spans=unit == "coverage")
    tree = tree.with_unknown(codings["code_id"].unique())
    keys = ROW_KEYS[by]
    if by != "case":  # wave and name per document, not per coding row (cheaper to read)
        info = docs.drop_duplicates("document_id").set_index("document_id")
        codings["wave"] = codings["document_id"].map(info["wave"]).fillna("")
        codings["document"] = codings["document_id"].map(info["document"])
    rows = _row_universe(docs, by, wave_order)

    direct_themes = {c: f"{c}{SELF_SUFFIX}" for c in codings["code_id"].unique() if tree.is_theme(c)}
    code_columns = _code_columns(tree, filt, set(direct_themes))
    # Usually no theme is coded directly: then the column is the code id, without a map over every coding.
    codings["column"] = codings["code_id"].replace(direct_themes) if direct_themes else codings["code_id"]
    values = _values(codings, keys, "column", rows, code_columns, unit)
    blocks = [values]
    if themes:
        theme_columns = [t for t in tree.themes() if filt.codes is None or t in filt.codes]
        blocks.append(_values(_explode_themes(codings, tree), keys, "theme", rows, theme_columns, unit))
    body = pd.concat(blocks, axis=1)
    key_frame = rows.drop(columns=["chars"]).reset_index(drop=True)
    frame = pd.concat([key_frame, body.reset_index(drop=True)], axis=1)

    labels = {c: KEY_LABELS[c] for c in key_frame.columns}
    for column in code_columns:
        base = column.removesuffix(SELF_SUFFIX) if column.endswith(SELF_SUFFIX) else column
        zh, en = tree.labels(base)
        labels[column] = (f"{zh}（直接编码）", f"{en} (coded directly)") if base != column else (zh, en)
    for column in body.columns[len(code_columns):]:
        zh, en = tree.labels(column)
        labels[column] = (f"{zh}（主题）", f"{en} (theme)")
    value_labels = {c: dict(PRESENCE_LABELS) for c in body.columns} if unit == "presence" else {}
    return LabelledTable(frame, labels, value_labels, codebook_frame(tree), name=f"matrix_{unit}")


def _row_universe(docs: pd.DataFrame, by: str, wave_order: Sequence[str] = DEFAULT_WAVE_ORDER) -> pd.DataFrame:
    """Every row the matrix must have, naturally sorted, with its characters.

    A participant with a (filtered) transcript but no codings gets a row of zeros. A case
    with no transcript at all (questionnaire only, e.g. a comparison group) gets no row:
    zeros would claim an interview that never happened, and the join reports it instead.
    """
    if by == "document":
        rows = docs.groupby("document", sort=False).agg(
            participant=("participant", "first"), wave=("wave", "first"), chars=("chars", "sum"))
        rows = rows.reset_index()
    else:
        keys = ROW_KEYS[by]
        rows = docs.groupby(keys, sort=False)["chars"].sum().reset_index()
    # Keys from plain lists: Series.map over thousands of participants cost more than the keys themselves.
    sort_keys = list(zip(*([wave_key(w, wave_order) for w in rows[k].tolist()] if k == "wave"
                           else [natural_key(v) for v in rows[k].tolist()] for k in ROW_KEYS[by])))
    order = sorted(range(len(rows)), key=sort_keys.__getitem__)
    return rows.iloc[order].reset_index(drop=True)


def _code_columns(tree: CodeTree, filt: ExportFilter, direct_themes: set[str]) -> list[str]:
    """Leaf codes in codebook order, and ``<theme>_SELF`` for each theme in ``direct_themes`` (coded directly)."""
    wanted = set(filt.codes) if filt.codes is not None else None
    columns = []
    for code_id in tree.order():
        if wanted is not None and code_id not in wanted:
            continue
        if not tree.is_theme(code_id):
            columns.append(code_id)
        elif code_id in direct_themes:
            columns.append(f"{code_id}{SELF_SUFFIX}")
    return columns


def _explode_themes(codings: pd.DataFrame, tree: CodeTree) -> pd.DataFrame:
    """One row per (coding, theme it counts toward), by a merge with a small code -> theme table."""
    pairs = [(code, theme) for code in codings["code_id"].unique() for theme in tree.themes_containing(code)]
    mapping = pd.DataFrame(pairs, columns=["code_id", "theme"])
    return codings.merge(mapping, on="code_id", how="inner")


def _values(codings: pd.DataFrame, keys: list[str], column: str, rows: pd.DataFrame,
            columns: list[str], unit: str) -> pd.DataFrame:
    """The row × column block for one unit, aligned to ``rows`` and ``columns``."""
    index = pd.MultiIndex.from_frame(rows[keys])
    if unit == "coverage":
        covered = _covered_chars(codings, [*keys, column])
        table = covered.unstack(column, fill_value=0) if len(covered) else pd.DataFrame(index=index)
        table = table.reindex(index=index, columns=columns, fill_value=0).astype("float64")
        chars = rows["chars"].to_numpy(dtype="float64")
        return _divide(table, chars, 1.0)
    units = codings.drop_duplicates(["unit", column])
    counts = units.groupby([*keys, column], sort=False).size()
    table = counts.unstack(column, fill_value=0) if len(counts) else pd.DataFrame(index=index)
    table = table.reindex(index=index, columns=columns, fill_value=0).astype("int64")
    if unit == "presence":
        return (table > 0).astype("int64")
    if unit == "per1000":
        return _divide(table.astype("float64"), rows["chars"].to_numpy(dtype="float64"), 1000.0)
    return table


def _divide(table: pd.DataFrame, chars: np.ndarray, scale: float) -> pd.DataFrame:
    """Values per character; a row without characters gets 0 rather than a division by zero."""
    safe = np.where(chars > 0, chars, 1.0)
    result = table.to_numpy() * scale / safe[:, None]
    result[chars <= 0, :] = 0.0
    return pd.DataFrame(result, index=table.index, columns=table.columns)


def _covered_chars(codings: pd.DataFrame, group: list[str]) -> pd.Series:
    """Characters covered by the union of the codings' spans, per group (overlaps counted once)."""
    if codings.empty:
        return pd.Series(dtype="float64")
    frame = codings.sort_values([*group, "document_id", "start", "end"])
    spans = [*group, "document_id"]
    reach = frame.groupby(spans, sort=False)["end"].cummax()
    previous = reach.groupby([frame[c] for c in spans], sort=False).shift(1)
    begin = np.maximum(frame["start"].to_numpy(dtype="float64"), previous.fillna(-1).to_numpy(dtype="float64"))
    covered = np.clip(frame["end"].to_numpy(dtype="float64") - begin, 0, None)
    return pd.Series(covered, index=frame.index).groupby([frame[c] for c in group], sort=False).sum()
