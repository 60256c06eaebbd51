"""The long table: one row per coding, for R/pandas users who pivot themselves."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import pandas as pd

from qualcode.analysis.codetree import CodeTree
from qualcode.analysis.frames import ExportFilter, expand_code_filter, load_codings, natural_key
from qualcode.analysis.table import KEY_LABELS, LabelledTable, codebook_frame
from qualcode.core.models import Codebook

LONG_COLUMNS = ["participant", "wave", "document", "segment", "code", "theme", "coder", "origin",
                "start", "end", "created_at"]


def build_long_table(conn: sqlite3.Connection, codebooks: Sequence[Codebook] | None = None, *,
                     filt: ExportFilter = ExportFilter(), with_text: bool = False) -> LabelledTable:
    """Codings in document order; ``theme`` is the top-level theme; text only when asked for."""
    tree = CodeTree.load(conn, codebooks)
    filt = expand_code_filter(filt, tree)
    codings = load_codings(conn, filt, with_text=with_text)
    tree = tree.with_unknown(codings["code_id"].unique())
    themes = {c: tree.top_theme(c) for c in codings["code_id"].unique()}
    frame = pd.DataFrame({
        "participant": codings["participant"],
        "wave": codings["wave"].fillna(""),
        "document": codings["document"],
        "segment": codings["ordinal"].astype("Int64"),
        "code": codings["code_id"],
        "theme": codings["code_id"].map(themes),
        "coder": codings["coder"],
        "origin": codings["origin"],
        "start": codings["start"].astype("int64"),
        "end": codings["end"].astype("int64"),
        "created_at": codings["created_at"],
    })
    if with_text:
        frame["text"] = codings["text"]
    order = sorted(range(len(frame)), key=lambda i: (
        natural_key(frame["document"].iat[i]), frame["start"].iat[i], frame["end"].iat[i],
        frame["code"].iat[i], frame["coder"].iat[i]))
    frame = frame.iloc[order].reset_index(drop=True)
    labels = {c: KEY_LABELS[c] for c in frame.columns}
    return LabelledTable(frame, labels, {}, codebook_frame(tree), name="codings")
