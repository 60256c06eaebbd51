"""Code × code co-occurrence and code × attribute crosstabs, with column percentages.

Co-occurrence, ``window=0``: cell (X, Y) is the number of segments coded with both
X and Y; the diagonal is the number of segments coded X.
With ``window=w > 0``: cell (X, Y) is the number of segments coded Y that have a
segment coded X within ``w`` turns in the same document (turns are numbered over
every speaker, interviewer included). The column percentage of (X, Y) is that cell
over the number of segments coded Y, so it reads "share of Y's segments near X".

Crosstab: rows are codes (and themes), columns the values of one case attribute
(``gender``, ``grade``, ``major`` ... or ``wave``), named by attribute and value
(``gender_女_n``; a wave by itself, ``pre_n``), the label keeping the value as written. With ``unit='count'`` a cell
sums the matrix counts (coded segments) over the participants in the column, and
the column percentage divides by the column's total over codes; with
``unit='presence'`` a cell counts participants with the code and the percentage
divides by the number of participants in the column (those without codings too).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence

import pandas as pd

from qualcode.analysis.attributes import participant_attribute, resolve_attributes
from qualcode.analysis.codetree import CodeTree
from qualcode.analysis.frames import ExportFilter, expand_code_filter, load_codings, natural_key
from qualcode.analysis.matrix import build_matrix
from qualcode.analysis.table import LabelledTable, codebook_frame
from qualcode.core.errors import QualcodeError
from qualcode.core.models import Codebook

MISSING = "(missing)"
_ASCII_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_NOT_NAME = re.compile(r"\W+")  # \w keeps letters of every script: 女, 机电


def build_cooccurrence(conn: sqlite3.Connection, codebooks: Sequence[Codebook] | None = None, *,
                       filt: ExportFilter = ExportFilter(), window: int = 0,
                       percent: bool = False) -> LabelledTable:
    """Square code × code table (rows X, columns Y); counts, or column percentages."""
    if window < 0:
        raise QualcodeError("--window must be 0 or more turns")
    tree = CodeTree.load(conn, codebooks)
    filt = expand_code_filter(filt, tree)
    codings = load_codings(conn, filt)
    tree = tree.with_unknown(codings["code_id"].unique())
    coded = codings[codings["ordinal"].notna()][["document_id", "ordinal", "code_id"]].drop_duplicates()
    coded["ordinal"] = coded["ordinal"].astype("int64")
    near = coded.rename(columns={"code_id": "near_code"})
    if window:
        shifts = pd.DataFrame({"shift": range(-window, window + 1)})
        near = near.merge(shifts, how="cross")
        near["ordinal"] = near["ordinal"] + near.pop("shift")
        near = near.drop_duplicates()
    pairs = near.merge(coded, on=["document_id", "ordinal"])
    codes = [c for c in tree.order() if c in set(coded["code_id"])] or []
    counts = pairs.groupby(["near_code", "code_id"]).size().unstack("code_id", fill_value=0)
    counts = counts.reindex(index=codes, columns=codes, fill_value=0).astype("int64")
    if percent:
        totals = pd.Series({c: counts.at[c, c] for c in codes}, dtype="float64")
        counts = (counts.astype("float64") * 100.0 / totals.where(totals > 0)).fillna(0.0).round(2)
    frame = counts.reset_index(names="code")
    labels = {c: tree.labels(c) for c in codes}
    labels["code"] = ("编码", "Code")
    name = f"cooccurrence_w{window}" + ("_pct" if percent else "")
    return LabelledTable(frame, labels, {}, codebook_frame(tree), name=name)


def build_crosstab(conn: sqlite3.Connection, codebooks: Sequence[Codebook] | None = None, *,
                   attribute: str, filt: ExportFilter = ExportFilter(), unit: str = "count",
                   themes: bool = False) -> LabelledTable:
    """Codes × attribute values: ``<value>_n`` and ``<value>_pct`` columns, then ``total_n``/``total_pct``."""
    if unit not in ("count", "presence"):
        raise QualcodeError("a crosstab counts coded segments (count) or participants (presence)")
    by = "wave" if attribute == "wave" else "case"
    matrix = build_matrix(conn, codebooks, unit=unit, by=by, filt=filt, themes=themes)
    frame = matrix.frame
    value_columns = [c for c in frame.columns if c not in ("participant", "wave")]
    if attribute == "wave":
        groups = frame["wave"].replace("", MISSING)
    else:
        resolve_attributes(conn, [attribute], filt)  # an unknown name stops here, with the known ones listed
        known = participant_attribute(conn, filt, attribute)
        groups = frame["participant"].map(known).fillna(MISSING)
    levels = sorted(groups.unique(), key=natural_key)
    theme_ids = set(_theme_ids(matrix))
    code_only = [c for c in value_columns if c not in theme_ids]
    result = pd.DataFrame({"code": value_columns})
    labels = {"code": ("编码", "Code")}
    counted = ("人数", "participants") if unit == "presence" else ("片段数", "segments")
    for number, level in enumerate([*levels, None], start=1):
        members = frame[groups == level] if level is not None else frame
        counts = members[value_columns].sum().to_numpy()
        if unit == "presence":
            denominator = float(len(members))
        else:
            denominator = float(members[code_only].to_numpy().sum())
        name = "total" if level is None else _level_column(attribute, str(level), number)
        zh, en = ("合计", "total") if level is None else (str(level), str(level))
        result[f"{name}_n"] = counts.astype("int64")
        result[f"{name}_pct"] = (counts * 100.0 / denominator).round(2) if denominator else 0.0
        labels[f"{name}_n"] = (f"{zh} {counted[0]}", f"{en} {counted[1]}")
        labels[f"{name}_pct"] = (f"{zh} 列百分比", f"{en} column %")
    return LabelledTable(result, labels, {}, matrix.codebook, name=f"crosstab_{attribute}_{unit}")


def _level_column(attribute: str, level: str, number: int) -> str:
    """Column stem for an attribute value, naming the value so the table reads without a key:
    ``gender_女``, ``group_intervention``; a wave is its own name (``pre``). Characters a
    variable name cannot hold become ``_``; a value with no letter or digit keeps its position."""
    if attribute == "wave" and _ASCII_NAME.fullmatch(level):
        return level
    stem = _NOT_NAME.sub("_", attribute).strip("_") or "value"
    value = _NOT_NAME.sub("_", level).strip("_")
    return f"{stem}_{value}" if value else f"{stem}{number}"


def _theme_ids(matrix: LabelledTable) -> list[str]:
    book = matrix.codebook
    return list(book.loc[book["kind"] == "theme", "id"]) if book is not None else []
