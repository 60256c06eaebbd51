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

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from qualcode.core.errors import ImportFormatError, Location

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
}
DEFAULT_SHEET = re.compile(r"^(sheet\s*\d*|工作表\s*\d*|data|codings?)$", re.IGNORECASE)
TRUE_MARKS = {"1", "1.0", "x", "✓", "√", "true", "yes", "y", "是"}
FALSE_MARKS = {"", "0", "0.0", "false", "no", "n", "否", "none", "nan"}
MAX_SHEET_BYTES = 200 << 20


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

    @property
    def where(self) -> str:
        return f"{self.sheet} row {self.row}" if self.sheet else f"row {self.row}"


@dataclass
class SheetRead:
    rows: list[SheetRow]
    form: str  # "long" | "wide"
    code_columns: list[str]
    ignored_columns: list[str]


def _key(header: object) -> str:
    return re.sub(r"[\s_\-]+", "", str(header or "")).lower()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_tables(path: Path) -> list[tuple[str, list[list[str]]]]:
    """(sheet name, rows of cells) for every sheet; a CSV is one sheet named ''."""
    try:
        if path.stat().st_size > MAX_SHEET_BYTES:
            raise ImportFormatError(f"over {MAX_SHEET_BYTES >> 20} MB; split it", Location(path=path))
        suffix = path.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            return _xlsx_tables(path)
        if suffix in (".csv", ".tsv", ".txt"):
            return [("", _csv_rows(path.read_bytes(), "\t" if suffix == ".tsv" else None))]
    except FileNotFoundError as exc:
        raise ImportFormatError("no such file", Location(path=path)) from exc
    except OSError as exc:
        raise ImportFormatError(f"cannot read the file: {exc}", Location(path=path)) from exc
    raise ImportFormatError("coded spreadsheets must be .xlsx or .csv", Location(path=path))


def _csv_rows(data: bytes, delimiter: str | None) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        text = data.decode("utf-8", errors="replace")
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ","
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _xlsx_tables(path: Path) -> list[tuple[str, list[list[str]]]]:
    import openpyxl  # only when a workbook is read

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise ImportFormatError(f"not a readable .xlsx workbook: {exc}", Location(path=path)) from exc
    try:
        return [(sheet.title, [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)])
                for sheet in book.worksheets]
    finally:
        book.close()


def _roles(header: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _key(name)
        for role, aliases in COLUMN_ALIASES.items():
            if key in aliases and role not in roles:
                roles[role] = index
    return roles


def _is_mark_column(rows: list[list[str]], index: int) -> bool:
    values = {(r[index] if index < len(r) else "").strip().lower() for r in rows}
    # a column nobody filled in says nothing about being a code (it may be an empty "notes" column)
    return values <= TRUE_MARKS | FALSE_MARKS and values != {""}


def read_coded_sheet(path: Path | str, *, default_coder: str | None = None) -> SheetRead:
    path = Path(path)
    all_rows: list[SheetRow] = []
    forms: set[str] = set()
    code_columns: list[str] = []
    ignored: list[str] = []
    for sheet, table in read_tables(path):
        table = [row for row in table if any(cell.strip() for cell in row)] if table else []
        if not table:
            continue
        header, body = table[0], table[1:]
        roles = _roles(header)
        sheet_coder = default_coder if not sheet or DEFAULT_SHEET.match(sheet.strip()) else sheet.strip()
        where = Location(path=path, detail=f"sheet {sheet}" if sheet else None)
        if "code" in roles:
            forms.add("long")
            all_rows += _long_rows(sheet, body, roles, sheet_coder, where)
            continue
        forms.add("wide")
        if "text" not in roles and "excerpt" not in roles:
            raise ImportFormatError("no text column and no code column: a coded sheet needs one row per turn "
                                    "with its text and 0/1 code columns, or one row per coding with a code "
                                    "column", where)
        marks = [i for i in range(len(header)) if i not in roles.values() and header[i].strip()
                 and _is_mark_column(body, i)]
        ignored += [header[i] for i in range(len(header)) if i not in roles.values() and i not in marks
                    and header[i].strip()]
        code_columns += [header[i] for i in marks if header[i] not in code_columns]
        all_rows += _wide_rows(sheet, header, body, roles, marks, sheet_coder, where)
    if len(forms) > 1:
        raise ImportFormatError("mixes long sheets (a code column) and wide sheets (0/1 code columns)",
                                Location(path=path))
    return SheetRead(all_rows, forms.pop() if forms else "long", code_columns, ignored)


def _get(row: list[str], roles: dict[str, int], role: str) -> str | None:
    index = roles.get(role)
    if index is None or index >= len(row):
        return None
    return row[index].strip() or None


def _ordinal(value: str | None, where: Location, row: int) -> int | None:
    if value is None:
        return None
    try:
        number = int(float(value))
    except ValueError as exc:
        raise ImportFormatError(f"segment {value!r} is not a number",
                                Location(where.path, line=row, detail=where.detail)) from exc
    return number


def _long_rows(sheet: str, body: list[list[str]], roles: dict[str, int], coder: str | None,
               where: Location) -> list[SheetRow]:
    rows = []
    for offset, row in enumerate(body, start=2):
        code = _get(row, roles, "code")
        if not code:
            continue
        rows.append(SheetRow(sheet=sheet, row=offset, codes=(code,), coder=_get(row, roles, "coder") or coder,
                             document=_get(row, roles, "document"), participant=_get(row, roles, "participant"),
                             ordinal=_ordinal(_get(row, roles, "segment"), where, offset),
                             text=_get(row, roles, "text"), excerpt=_get(row, roles, "excerpt")))
    return rows


def _wide_rows(sheet: str, header: list[str], body: list[list[str]], roles: dict[str, int], marks: list[int],
               coder: str | None, where: Location) -> list[SheetRow]:
    rows = []
    for offset, row in enumerate(body, start=2):
        codes = tuple(header[i].strip() for i in marks if i < len(row) and row[i].strip().lower() in TRUE_MARKS)
        rows.append(SheetRow(sheet=sheet, row=offset, codes=codes, coder=_get(row, roles, "coder") or coder,
                             document=_get(row, roles, "document"), participant=_get(row, roles, "participant"),
                             ordinal=_ordinal(_get(row, roles, "segment"), where, offset),
                             text=_get(row, roles, "text") or _get(row, roles, "excerpt")))
    return rows
