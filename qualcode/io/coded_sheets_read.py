"""Reading coded spreadsheets (CSV or XLSX) into uniform rows.

Two shapes are recognised from the header row:

* **long** -- one row per coding, with a ``code`` column, and a ``segment``
  (1-based turn number within the document) and/or ``text``/``excerpt``;
* **wide** -- one row per turn with its text, and one 0/1 column per code.

Either shape may have ``document`` and ``participant`` columns, and a ``coder``
column; without one, an XLSX sheet's name is the coder (one sheet per coder),
unless it is a default name such as ``Sheet1``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from qualcode.core.errors import ImportFormatError, Location
from qualcode.io.sheet_reader import NumberedRow, column_key, read_sheets, refuse_dated_cells

# header aliases (compared lower-cased, without spaces, underscores or hyphens)
COLUMN_ALIASES = {
    "document": ("document", "doc", "documentname", "file", "filename", "transcript", "文档", "文件", "访谈", "转录稿"),
    "participant": ("participant", "case", "caseid", "participantid", "参与者", "受访者", "个案", "被访者"),
    "segment": ("segment", "segmentno", "turn", "turnno", "ordinal", "段落", "序号", "轮次", "片段"),
    "text": ("text", "utterance", "content", "turntext", "文本", "内容", "原文", "发言"),
    "excerpt": ("excerpt", "quote", "quotation", "摘录", "引文"),
    "code": ("code", "codeid", "codename", "编码", "代码", "码号"),
    "coder": ("coder", "rater", "annotator", "编码者", "编码员", "编码人"),
    "speaker": ("speaker", "role", "说话人", "角色"),
    # the coded passage's offsets in the document, as `qualcode export long` writes them (long sheets only)
    "start": ("start", "startoffset", "起点"),
    "end": ("end", "endoffset", "终点"),
}
KEY_ROLES = ("document", "participant", "segment", "code", "coder")
DEFAULT_SHEET = re.compile(r"^(sheet\s*\d*|工作表\s*\d*|data|codings?)$", re.IGNORECASE)
TRUE_MARKS = {"1", "1.0", "x", "✓", "√", "true", "yes", "y", "是"}
FALSE_MARKS = {"", "0", "0.0", "false", "no", "n", "否", "none", "nan"}
NO_CODED_COLUMNS = ("no text column and no code column: a coded sheet needs one row per turn with its text and "
                    "0/1 code columns, or one row per coding with a code column")
COMPANION_SHEETS = {"variables", "codebook"}  # what qualcode's Excel exports add beside the data
CODED_SHEET_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv", ".txt")


@dataclass(frozen=True)
class SheetRow:
    sheet: str
    row: int  # 1-based, as the spreadsheet shows it (the header is row 1)
    codes: tuple[str, ...]  # code ids or labels as written
    coder: str | None
    document: str | None = None
    participant: str | None = None
    ordinal: int | None = None
    text: str | None = None
    excerpt: str | None = None
    start: int | None = None  # the passage's offsets in the document the sheet was written from
    end: int | None = None

    @property
    def where(self) -> str:
        return f"{self.sheet} row {self.row}" if self.sheet else f"row {self.row}"


@dataclass
class SheetRead:
    rows: list[SheetRow]
    form: str  # "long" | "wide"
    code_columns: list[str]
    ignored_columns: list[str]
    sheets_left_out: list[str] = field(default_factory=list)  # no code and no text column (e.g. `variables`)


def _roles(header: tuple[str, ...]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, name in enumerate(header):
        key = column_key(name)
        for role, aliases in COLUMN_ALIASES.items():
            if key in aliases and role not in roles:
                roles[role] = index
    return roles


def _is_mark_column(rows: tuple[NumberedRow, ...], index: int) -> bool:
    values = {(cells[index] if index < len(cells) else "").lower() for _number, cells in rows}
    # a column nobody filled in says nothing about being a code (it may be an empty "notes" column)
    return values <= TRUE_MARKS | FALSE_MARKS and values != {""}


def read_coded_sheet(path: Path | str, *, default_coder: str | None = None) -> SheetRead:
    path = Path(path)
    all_rows: list[SheetRow] = []
    forms: set[str] = set()
    code_columns: list[str] = []
    ignored: list[str] = []
    companions: list[tuple[str, Location]] = []
    if path.suffix.lower() not in CODED_SHEET_SUFFIXES:
        raise ImportFormatError("coded spreadsheets must be .xlsx or .csv", Location(path=path))
    for table in read_sheets(path):
        if not table.rows:
            continue
        sheet, (_header_row, header), body = table.name, table.rows[0], table.rows[1:]
        roles = _roles(header)
        # a document, turn, code or coder Excel stored as a date matches nothing, or the wrong turn: refused
        refuse_dated_cells(table, {roles[role]: header[roles[role]] for role in KEY_ROLES if role in roles}, path)
        sheet_coder = default_coder if not sheet or DEFAULT_SHEET.match(sheet.strip()) else sheet.strip()
        where = Location(path=path, detail=f"sheet {sheet}" if sheet else None)
        if "code" in roles:
            forms.add("long")
            all_rows += _long_rows(sheet, body, roles, sheet_coder, where)
            continue
        if "text" not in roles and "excerpt" not in roles and (sheet or "").strip().lower() in COMPANION_SHEETS:
            # `export long --out x.xlsx` writes these beside its `data` sheet: left out, and said
            companions.append((sheet, where))
            continue
        if "text" not in roles and "excerpt" not in roles:
            raise ImportFormatError(NO_CODED_COLUMNS, where)
        forms.add("wide")
        marks = [i for i in range(len(header)) if i not in roles.values() and header[i]
                 and _is_mark_column(body, i)]
        ignored += [header[i] for i in range(len(header)) if i not in roles.values() and i not in marks
                    and header[i]]
        code_columns += [header[i] for i in marks if header[i] not in code_columns]
        all_rows += _wide_rows(sheet, header, body, roles, marks, sheet_coder, where)
    if companions and not forms:
        raise ImportFormatError(NO_CODED_COLUMNS, companions[0][1])
    if len(forms) > 1:
        raise ImportFormatError("mixes long sheets (a code column) and wide sheets (0/1 code columns)",
                                Location(path=path))
    return SheetRead(all_rows, forms.pop() if forms else "long", code_columns, ignored,
                     [sheet for sheet, _ in companions])


def _get(row: tuple[str, ...], roles: dict[str, int], role: str) -> str | None:
    index = roles.get(role)
    if index is None or index >= len(row):
        return None
    return row[index] or None


def _ordinal(value: str | None, where: Location, row: int, *, column: str = "segment") -> int | None:
    if value is None:
        return None
    try:
        number = int(float(value))
    except ValueError as exc:
        raise ImportFormatError(f"{column} {value!r} is not a number",
                                Location(where.path, line=row, detail=where.detail)) from exc
    return number


def _long_rows(sheet: str, body: tuple[NumberedRow, ...], roles: dict[str, int], coder: str | None,
               where: Location) -> list[SheetRow]:
    rows = []
    for offset, row in body:
        code = _get(row, roles, "code")
        if not code:
            continue
        rows.append(SheetRow(sheet=sheet, row=offset, codes=(code,), coder=_get(row, roles, "coder") or coder,
                             document=_get(row, roles, "document"), participant=_get(row, roles, "participant"),
                             ordinal=_ordinal(_get(row, roles, "segment"), where, offset),
                             text=_get(row, roles, "text"), excerpt=_get(row, roles, "excerpt"),
                             start=_ordinal(_get(row, roles, "start"), where, offset, column="start"),
                             end=_ordinal(_get(row, roles, "end"), where, offset, column="end")))
    return rows


def _wide_rows(sheet: str, header: tuple[str, ...], body: tuple[NumberedRow, ...], roles: dict[str, int], marks: list[int],
               coder: str | None, where: Location) -> list[SheetRow]:
    rows = []
    for offset, row in body:
        codes = tuple(header[i] for i in marks if i < len(row) and row[i].lower() in TRUE_MARKS)
        rows.append(SheetRow(sheet=sheet, row=offset, codes=codes, coder=_get(row, roles, "coder") or coder,
                             document=_get(row, roles, "document"), participant=_get(row, roles, "participant"),
                             ordinal=_ordinal(_get(row, roles, "segment"), where, offset),
                             text=_get(row, roles, "text") or _get(row, roles, "excerpt")))
    return rows
