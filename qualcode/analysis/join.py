"""Matrix ⋈ questionnaire scores on the participant id, and Spearman correlations.

Ids match exactly after trimming spaces. With ``normalize_ids=True`` both sides
are also normalised before matching (the original ids are kept in the output):

1. full-width characters become half-width (Unicode NFKC: ``Ｓ０１`` -> ``S01``);
2. letters become upper case (``s01`` -> ``S01``);
3. leading zeros of every run of digits go (``S001`` -> ``S1``, so ``S01`` = ``s1``).

Ids found on one side only are reported; duplicate ids in the scores fail the
join unless a resolution is given (``first``, ``last`` or ``mean`` of numeric
columns). Two matrix participants that become one id after normalisation always fail.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from qualcode.analysis.table import (LabelledTable, describe_repeats, repeated_rows, require_column, row_numbers,
                                     stray_text)
from qualcode.core.errors import Location, ScoreError
from qualcode.core.frontmatter import normalise_wave

DUPLICATE_RULES = ("error", "first", "last", "mean")
_DIGITS = re.compile(r"\d+")
_WHOLE_AS_DECIMAL = re.compile(r"^(\d+)\.0+$")


def normalize_id(value: object, *, normalize: bool = False) -> str:
    text = "" if value is None else str(value).strip()
    if not normalize:
        return text
    text = unicodedata.normalize("NFKC", text).strip().upper()
    text = _WHOLE_AS_DECIMAL.sub(r"\1", text)  # 7.0: a student number saved as a number by Excel or pandas
    return _DIGITS.sub(lambda m: str(int(m.group())), text)


@dataclass
class JoinReport:
    table: LabelledTable
    only_in_matrix: list[str]
    only_in_scores: list[str]
    duplicates: dict[str, list[int]] = field(default_factory=dict)  # id -> file rows (header = row 1)
    correlations: pd.DataFrame | None = None
    spelled_alike: list[tuple[str, str]] = field(default_factory=list)  # (scores' id, matrix's id) left apart
    # by wave: id -> the waves it is one-sided in, so `005 (post)` says the pre row matched and the post one did not
    waves_in_matrix_only: dict[str, list[str]] = field(default_factory=dict)
    waves_in_scores_only: dict[str, list[str]] = field(default_factory=dict)

    def summary(self) -> list[str]:
        # "24 rows joined" counted the rows of one side only too: say how many met their other half.
        matched = self.table.frame["matched"].value_counts() if "matched" in self.table.frame else {}
        both, matrix_only, scores_only = (int(matched.get(k, 0)) for k in ("both", "matrix_only", "scores_only"))
        if matrix_only or scores_only:
            sides = [f"{both} matched on both sides"] + [f"{n} only in the {side}" for n, side in
                                                        ((matrix_only, "matrix"), (scores_only, "scores")) if n]
            lines = [f"{len(self.table.frame)} rows: {', '.join(sides)}"]
        else:
            lines = [f"{len(self.table.frame)} rows joined, each matched on both sides"]
        if self.only_in_matrix:
            lines.append(f"only in the matrix (no scores): {_with_waves(self.only_in_matrix, self.waves_in_matrix_only)}")
        if self.only_in_scores:
            lines.append(f"only in the scores (no transcript): "
                         f"{_with_waves(self.only_in_scores, self.waves_in_scores_only)}")
        if self.spelled_alike:
            lines.append(f"{', '.join(s for s, _m in self.spelled_alike)} in the scores are another spelling of "
                         f"{', '.join(m for _s, m in self.spelled_alike)} in the matrix and were not matched: "
                         "--normalize-ids matches them")
        for key, rows in self.duplicates.items():
            lines.append(f"duplicate id {key} in score rows {', '.join(map(str, rows))}")
        return lines


def _numeric(frame: pd.DataFrame, skip: set[str], source: Path | None = None) -> pd.DataFrame:
    """Text cells from CSV become numbers where every non-empty cell is one; a word among numbers is an error."""
    out = frame.copy()
    for column in out.columns:
        if column in skip or pd.api.types.is_numeric_dtype(out[column]):
            continue
        if (stray := stray_text(out, column)) is not None:
            raise ScoreError(f"column {column!r}, row {stray[0]}: {stray[1]!r} is not a number; a score column "
                             f"holds numbers or is empty", Location(source) if source else None)
        values = out[column].map(lambda v: None if v is None or str(v).strip() == "" else v)
        converted = pd.to_numeric(values, errors="coerce")
        if converted.notna().sum() == values.notna().sum() and values.notna().any():
            out[column] = converted.astype("float64")
    return out


def join_scores(matrix: LabelledTable, scores: pd.DataFrame, *, id_column: str, wave_column: str | None = None,
                normalize_ids: bool = False, duplicates: str = "error", how: str = "outer",
                score_labels: dict[str, tuple[str, str]] | None = None,
                source: str | Path | None = None) -> JoinReport:
    """Rows of both sides by participant (and wave when the matrix is by wave)."""
    if duplicates not in DUPLICATE_RULES:
        raise ScoreError(f"--duplicates must be one of {', '.join(DUPLICATE_RULES)}")
    require_column(scores.columns, id_column, source, option="--id-column")
    if "document" in matrix.frame.columns:
        raise ScoreError("scores join a matrix by participant (--by case) or by participant and wave (--by wave), "
                         "not by document")
    by_wave = "wave" in matrix.frame.columns
    keys = ["_key"] + (["_wave"] if by_wave else [])
    if by_wave and wave_column is None:
        raise ScoreError("a matrix by wave needs a wave column in the scores (--wave-column)", Location(source))
    if by_wave:
        require_column(scores.columns, wave_column, source, option="--wave-column")
    left = _keyed_matrix(matrix.frame, keys, normalize_ids)

    right = _numeric(scores, {id_column, wave_column or ""}, source)
    right.insert(0, "_row", row_numbers(scores))
    right["_key"] = right[id_column].map(lambda v: normalize_id(v, normalize=normalize_ids))
    if by_wave:
        right["_wave"] = right[wave_column].map(_wave_key)
    right = right[right["_key"] != ""]
    if by_wave:
        _refuse_rows_without_a_wave(right, wave_column, source)
    found = _duplicates(right, keys)
    if found and duplicates == "error":
        raise ScoreError(f"duplicate ids in the scores: {describe_repeats(found)} (choose --duplicates first|last|mean)",
                         Location(source))
    right = _resolve(right, keys, duplicates)

    score_columns = [c for c in right.columns if c not in ("_row", "_key", "_wave", id_column)
                     and not (by_wave and c == wave_column)]
    renamed = {c: (f"{c}_score" if c in left.columns else c) for c in score_columns}
    merged = left.merge(right[[*keys, id_column, *score_columns]].rename(columns=renamed), on=keys, how=how,
                        indicator=True)
    only_matrix = sorted(set(merged.loc[merged["_merge"] == "left_only", "participant"]))
    only_scores = sorted({normalize_id(v) for v in merged.loc[merged["_merge"] == "right_only", id_column]})
    merged["participant"] = merged["participant"].where(merged["participant"].notna(),
                                                        merged[id_column].map(lambda v: normalize_id(v)))
    if by_wave:
        merged["wave"] = merged["wave"].where(merged["wave"].notna(), merged["_wave"].str.lower())
    merged["matched"] = merged.pop("_merge").map({"both": "both", "left_only": "matrix_only",
                                                  "right_only": "scores_only"}).astype(str)
    frame = _in_matrix_order(merged.drop(columns=[*keys, id_column]), list(dict.fromkeys(left["wave"])) if by_wave
                             else [])
    labels = dict(matrix.labels)
    for original, name in renamed.items():
        labels[name] = (score_labels or {}).get(original, (original, original))
    labels["matched"] = ("匹配情况", "Matched (both / matrix_only / scores_only)")
    table = LabelledTable(frame, labels, dict(matrix.value_labels), matrix.codebook, name="joined",
                          attribute_columns=matrix.attribute_columns)
    report = JoinReport(table, only_matrix, only_scores, found, spelled_alike=_spelled_alike(only_scores, only_matrix))
    if by_wave:
        report.waves_in_matrix_only = _one_sided_waves(frame, "matrix_only")
        report.waves_in_scores_only = _one_sided_waves(frame, "scores_only")
    return report


def _one_sided_waves(frame: pd.DataFrame, side: str) -> dict[str, list[str]]:
    rows = frame[frame["matched"] == side]
    waves: dict[str, list[str]] = {}
    for participant, wave in zip(rows["participant"], rows["wave"], strict=True):
        waves.setdefault(str(participant), []).append(str(wave))
    return waves


def _with_waves(ids: list[str], waves: dict[str, list[str]]) -> str:
    """``005 (post), 061 (pre, post)`` by wave; the ids alone otherwise."""
    return ", ".join(f"{i} ({', '.join(waves[i])})" if waves.get(i) else i for i in ids)


def _in_matrix_order(frame: pd.DataFrame, wave_order: list[str]) -> pd.DataFrame:
    """Rows as the matrix sorts them (S2 before S10, a participant's waves in the matrix's order, pre before
    post): an outer merge sorts its keys as strings, which put every participant's post row above the pre row
    and S10 above S2, and left a scores-only row among the interviewed as chance had it."""
    from qualcode.analysis.frames import DEFAULT_WAVE_ORDER, natural_key, wave_key

    order = wave_order or list(DEFAULT_WAVE_ORDER)
    waves = frame["wave"].tolist() if "wave" in frame.columns else [None] * len(frame)
    keys = [(natural_key(p), wave_key(w, order)) for p, w in zip(frame["participant"].tolist(), waves, strict=True)]
    return frame.iloc[sorted(range(len(frame)), key=keys.__getitem__)].reset_index(drop=True)


def _spelled_alike(only_scores: list[str], only_matrix: list[str]) -> list[tuple[str, str]]:
    """Ids left on either side that --normalize-ids would match (s1 and S01, a full-width Ｓ02 and S02)."""
    matrix = {normalize_id(m, normalize=True): m for m in only_matrix}
    return [(s, matrix[normalize_id(s, normalize=True)]) for s in only_scores
            if normalize_id(s, normalize=True) in matrix]


def _refuse_rows_without_a_wave(right: pd.DataFrame, wave_column: str, source) -> None:
    """A row with an id and no wave was keyed by the wave `NAN`: it met no interview and, beside another such row
    of the same participant, stopped the join as a duplicate `002/NAN`. Excel's merged cells (前测 merged down the
    rows of one wave) are the usual cause: the value is stored in the first row only."""
    empty = right[right["_wave"] == ""]
    if empty.empty:
        return
    rows = [int(r) for r in empty["_row"]]
    shown = ", ".join(map(str, rows[:8])) + (f" … ({len(rows)} rows)" if len(rows) > 8 else "")
    raise ScoreError(f"row(s) {shown} have an id but no wave in column {wave_column!r}; a wave written once over "
                     "many rows (cells merged in Excel) is stored in the first of them only: unmerge the cells and "
                     "fill the wave into every row; nothing written", Location(source))


def _wave_key(value) -> str:
    """A wave as import stores it (前测 → pre, Posttest → post), so a questionnaire's waves meet the interviews'."""
    if value is None or (isinstance(value, float) and value != value) or not str(value).strip():
        return ""
    key = normalize_id(value, normalize=True)
    return normalise_wave(key) if key else key


def _keyed_matrix(frame: pd.DataFrame, keys: list[str], normalize_ids: bool) -> pd.DataFrame:
    """The matrix with its join keys; two participants sharing a key after normalisation stop the join."""
    left = frame.copy()
    left["_key"] = left["participant"].map(lambda v: normalize_id(v, normalize=normalize_ids))
    if "_wave" in keys:
        left["_wave"] = left["wave"].map(_wave_key)
    clash = left[left.duplicated(keys, keep=False)]
    if len(clash):
        names = sorted(set(clash["participant"]))
        raise ScoreError(f"participants {names} become the same id after normalisation; rename one")
    return left


def _duplicates(frame: pd.DataFrame, keys: list[str]) -> dict[str, list[int]]:
    return repeated_rows(frame, keys, rows=list(frame["_row"]))


def _resolve(frame: pd.DataFrame, keys: list[str], rule: str) -> pd.DataFrame:
    if rule in ("error", "first"):
        return frame.drop_duplicates(keys, keep="first")
    if rule == "last":
        return frame.drop_duplicates(keys, keep="last")
    numeric = [c for c in frame.columns if c not in keys and c != "_row" and pd.api.types.is_numeric_dtype(frame[c])]
    others = [c for c in frame.columns if c not in keys and c not in numeric]
    grouped = frame.groupby(keys, sort=False)
    return pd.concat([grouped[others].first(), grouped[numeric].mean()], axis=1).reset_index()


def correlate(report: JoinReport, matrix_columns: list[str], score_columns: list[str]) -> pd.DataFrame:
    """Spearman rho, p and n for every code/theme column × score column (per wave when joined by wave)."""
    from scipy.stats import spearmanr

    frame = report.table.frame
    # the matrix rows are in the declared wave order already: keep it (never alphabetical, post < pre)
    waves = list(dict.fromkeys(frame["wave"].dropna())) if "wave" in frame.columns else [None]
    records = []
    for wave in waves:
        part = frame if wave is None else frame[frame["wave"] == wave]
        for code in matrix_columns:
            for score in score_columns:
                pair = part[[code, score]].apply(pd.to_numeric, errors="coerce").dropna()
                n = len(pair)
                rho = p = np.nan
                if n >= 3 and pair[code].nunique() > 1 and pair[score].nunique() > 1:
                    result = spearmanr(pair[code], pair[score])
                    rho, p = float(result.statistic), float(result.pvalue)
                record = {"wave": wave} if wave is not None else {}
                records.append({**record, "code": code, "score": score, "n": n, "rho": rho, "p": p})
    columns = (["wave"] if waves != [None] else []) + ["code", "score", "n", "rho", "p"]
    return pd.DataFrame.from_records(records, columns=columns)
