"""A table ready for SPSS/R/Excel: the data plus the human names of its columns.

Column names stay stable ASCII (code ids); labels carry the Chinese and English
names. Writers in :mod:`qualcode.io.tables` put them in a second CSV header row,
an XLSX codebook sheet, or SPSS variable labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from qualcode.analysis.codetree import CodeTree
from qualcode.core.errors import Location, ScoreError

KEY_LABELS: dict[str, tuple[str, str]] = {
    "participant": ("参与者", "Participant"),
    "wave": ("波次", "Wave"),
    "document": ("文档", "Document"),
    "segment": ("片段序号", "Segment ordinal"),
    "code": ("编码", "Code"),
    "theme": ("主题", "Theme"),
    "coder": ("编码者", "Coder"),
    "origin": ("来源", "Origin"),
    "start": ("起始位置", "Start offset"),
    "end": ("结束位置", "End offset"),
    "created_at": ("编码时间", "Coded at"),
    "text": ("文本", "Text"),
}

# DataFrame.attrs flag: the frame's index is each row's 1-based row in the file it was read from
# (an index, unlike a list, stays aligned when rows are filtered)
INDEX_IS_FILE_ROW = "index_is_file_row"


def row_numbers(frame: pd.DataFrame) -> list[int]:
    """Each row's number in its source file, so problems point where the researcher looks.

    A frame read from CSV/XLSX carries them in its index (blank rows are skipped
    but counted); any other frame is taken as a header in row 1 and data from
    row 2 without gaps.
    """
    if frame.attrs.get(INDEX_IS_FILE_ROW):
        return [int(number) for number in frame.index]
    return list(range(2, len(frame) + 2))


def repeated_rows(frame: pd.DataFrame, keys: list[str], rows: list[int] | None = None) -> dict[str, list[int]]:
    """Keys held by more than one row ("S01/pre" → file rows [2, 14]): a record typed in twice."""
    numbered = frame.assign(_file_row=rows if rows is not None else row_numbers(frame))
    repeated = numbered[numbered.duplicated(keys, keep=False)]
    found: dict[str, list[int]] = {}
    for values, group in repeated.groupby(keys, sort=True):
        found["/".join(str(v) for v in (values if isinstance(values, tuple) else (values,)))] = list(group["_file_row"])
    return found


def stray_text(frame: pd.DataFrame, column: str) -> tuple[int, object] | None:
    """(file row, value) of the first word in a column of numbers ("缺" among scores), else None.

    A column of text only (a group name) or of numbers only has none: only a mix means a typing slip that
    would otherwise turn the whole column into text and drop it from every statistic.
    """
    cells = frame[column]
    filled = cells.notna() & (cells.astype(str).str.strip() != "")
    numbers = pd.to_numeric(cells.where(filled), errors="coerce")
    stray = filled & numbers.isna()
    if not stray.any() or not numbers.notna().any():
        return None
    at = list(stray).index(True)
    return row_numbers(frame)[at], cells.iloc[at]


def require_column(columns, column: str, source: str | Path | None, *, option: str) -> None:
    """Refuse a scores file without ``column``: one message naming the file, the columns it has, and the option.

    ``join``, ``scores compute`` and ``export prepost`` read the participant id from ``id`` unless told otherwise,
    so a file whose id column is called ``学号`` or ``participant`` must say what to pass.
    """
    names = [str(name) for name in columns]
    if column in names:
        return
    shown = ", ".join(names[:SHOWN_COLUMNS]) or "(none)"
    if len(names) > SHOWN_COLUMNS:
        shown += f", … ({len(names)} in all)"
    raise ScoreError(f"no column {column!r} in this file; its columns are: {shown}; name the right one with "
                     f"{option} COLUMN", Location(source))


# The columns a survey platform adds to every download (问卷星: 序号 … 来自IP; 腾讯问卷: 编号, 答题时长 …): numbers
# about the answer sheet, never a score. 序号 counts the rows, so a paired test or a correlation on it is a
# "finding" with p < .001 about nothing.
SURVEY_BOOKKEEPING = frozenset({
    "序号", "编号", "答卷编号", "答题序号", "用户ID", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP",
    "开始答题时间", "结束答题时间", "答题时长", "IP", "IP地址", "地理位置"})


def bookkeeping_columns(columns) -> list[str]:
    """The columns of ``columns`` that are a survey platform's bookkeeping (序号, 所用时间 …), as written."""
    return [c for c in columns if str(c).strip() in SURVEY_BOOKKEEPING]


SHOWN_COLUMNS = 20  # a wide questionnaire has 30+ item columns; the id is nearly always among the first


def describe_repeats(found: dict[str, list[int]]) -> str:
    return "; ".join(f"{key} in rows {', '.join(map(str, rows))}" for key, rows in found.items())


@dataclass
class LabelledTable:
    frame: pd.DataFrame
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)  # column -> (zh, en)
    value_labels: dict[str, dict[object, str]] = field(default_factory=dict)  # column -> {value: label}
    codebook: pd.DataFrame | None = None  # the XLSX codebook sheet
    name: str = "data"
    attribute_columns: tuple[str, ...] = ()  # case attributes: describe the rows, are not values to analyse

    def label(self, column: str, language: str = "en") -> str:
        zh, en = self.labels.get(column, KEY_LABELS.get(column, (column, column)))
        if language == "zh":
            return zh or en or column
        if language == "both":
            return " / ".join(dict.fromkeys(x for x in (zh, en) if x)) or column
        return en or zh or column


def codebook_frame(tree: CodeTree) -> pd.DataFrame:
    """One row per code/theme: the sheet that explains a matrix's column names."""
    records = [
        {
            "id": node.id,
            "kind": "theme" if tree.is_theme(node.id) else "code",
            "parent_id": node.parent_id or "",
            "theme": tree.top_theme(node.id),
            "codebook": node.codebook,
            "label_zh": node.label_zh,
            "label_en": node.label_en,
            "description": node.description,
        }
        for node in tree.nodes.values()
    ]
    columns = ["id", "kind", "parent_id", "theme", "codebook", "label_zh", "label_en", "description"]
    return pd.DataFrame.from_records(records, columns=columns)
