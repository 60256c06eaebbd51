"""Read CSV and XLSX files into numbered rows of text cells -- the one reader every table importer uses.

Transcripts written one row per turn, participants tables, codebook tables,
coded spreadsheets and questionnaire answers all arrive as CSV or XLSX.  This
module is the only place that decodes them, so every importer accepts the same
files and refuses bad ones with the same messages:

* CSV bytes go through the transcript decoder (UTF-8 with or without a BOM,
  GB18030 from Chinese Excel, UTF-16, Big5); the delimiter is ``,``, ``;`` or a
  tab, whichever the first filled line uses most (``.tsv`` is always a tab);
* an XLSX file yields every sheet with its name, in workbook order;
* a cell becomes text: ``None`` -> ``""``, ``1.0`` -> ``"1"``, a date -> ISO
  (``2024-03-01``, with the time after a space only when there is one: ``2024-03-01 09:30:00``), a duration -> ``26:30:00``, surrounding spaces
  stripped; the cells Excel stored as dates or times are remembered (``Sheet.dated``), so a column of ids
  or numbers can refuse one (:func:`refuse_dated_cells`: Excel turns an id typed ``3-12`` into a date);
* rows keep the number the researcher sees in Excel (1-based, blank rows
  counted but not returned), so a problem can be reported where it is.

What a header means (column roles, aliases, validation) stays with each caller.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from qualcode.core.decoding import decode_bytes
from qualcode.core.errors import ImportFormatError, Location, QualcodeError, TranscriptError

TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = (",", ";", "\t")
MAX_SHEET_MB = 200.0  # far above any real codebook or coded sheet; refuses a mistaken dump

NumberedRow = tuple[int, tuple[str, ...]]  # (1-based spreadsheet row, text cells)


@dataclass(frozen=True)
class Sheet:
    """One sheet's filled rows; a CSV file is a single sheet named ''."""

    name: str
    rows: tuple[NumberedRow, ...]
    # (row, column index) of the cells Excel stored as a date, a time or a duration: read as ISO text, what was
    # typed there may be gone (an id 3-12 Excel took for 12 March); see refuse_dated_cells
    dated: frozenset[tuple[int, int]] = frozenset()


def column_key(name: str) -> str:
    """A header name as compared: case, spaces, underscores and hyphens ignored (``Label-ZH`` = ``label_zh``)."""
    return re.sub(r"[\s_\-]+", "", str(name)).casefold()


# --------------------------------------------------------------------------- reading
def read_sheets(path: str | Path, *, error: type[QualcodeError] = ImportFormatError,
                max_mb: float = MAX_SHEET_MB, raw: bytes | None = None) -> list[Sheet]:
    """Every sheet of an .xlsx (by name), or a .csv/.tsv as one sheet named ''.

    Raises ``error`` naming the file for a missing, unreadable, oversized,
    damaged, undecodable or empty file. ``raw``: the file's bytes, when the caller read them already
    (the file is still checked first).
    """
    path = Path(path)
    check_file(path, error, max_mb=max_mb, raw=raw)
    if path.suffix.lower() in XLSX_SUFFIXES:
        sheets = _xlsx_sheets(path, error, raw)
        if not any(sheet.rows for sheet in sheets):
            raise error("the workbook is empty (no sheet has a filled cell)", Location(path))
        return sheets
    sheet = Sheet("", _csv_rows(path, error, raw))
    if not sheet.rows:
        raise error("the file is empty (no filled cell)", Location(path))
    return [sheet]


def check_file(path: Path, error: type[QualcodeError], *, max_mb: float = MAX_SHEET_MB,
               advice: str = "split it", raw: bytes | None = None, unpacked: bool = True) -> None:
    """Refuse, naming the file, one that is missing, unreadable, a folder or over ``max_mb`` megabytes.

    A Word, Excel or OpenDocument file is also refused when it unpacks to over ``UNPACKED_FACTOR`` times the
    limit: measured on ``raw`` (its bytes, read already) when given, so the file is not opened again just to
    check it; ``unpacked=False`` leaves that check to a later call with the bytes (import checks a file for
    type and size before reading it, and the reader checks the bytes it parses)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise error("no such file", Location(path)) from None
    except OSError as problem:
        raise error(f"cannot read the file: {problem.strerror or problem}", Location(path)) from None
    if path.is_dir():
        raise error("is a folder, not a file", Location(path))
    if not stat.S_ISREG(path.stat().st_mode):
        # A pipe would block the import for ever and a device (/dev/zero) never ends: read only ordinary files.
        raise error("is not an ordinary file (a pipe, device or socket); save the text to a file and import "
                    "that", Location(path))
    if size > max_mb * 1024 * 1024:
        raise error(f"the file is {size / 1024 / 1024:.1f} MB, over the {max_mb:g} MB limit; "
                    f"{advice}", Location(path))
    if unpacked and path.suffix.lower() in _ZIP_SUFFIXES:
        _check_unpacked_size(path, error, max_mb=max_mb * UNPACKED_FACTOR, advice=advice, raw=raw)


# Word, Excel and OpenDocument files are zip archives; their size on disk says little about what they unpack to.
_ZIP_SUFFIXES = (".docx", ".xlsx", ".odt", ".ods")
UNPACKED_FACTOR = 10  # a real .docx unpacks to a few times its size; a zip bomb to thousands


def _check_unpacked_size(path: Path, error: type[QualcodeError], *, max_mb: float, advice: str,
                         raw: bytes | None = None) -> None:
    try:
        with zipfile.ZipFile(byte_source(path, raw)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # not a zip after all: the format's reader gives its own message
    if unpacked > max_mb * 1024 * 1024:
        raise error(f"the file unpacks to {unpacked / 1024 / 1024:.0f} MB, over the {max_mb:g} MB limit "
                    f"(a damaged or deliberately inflated archive?); {advice}", Location(path))


def byte_source(path: Path, raw: bytes | None):
    """What a reader opens: the file's bytes already read (a fresh stream each call), else the file."""
    return io.BytesIO(raw) if raw is not None else str(path)


def read_file_bytes(path: Path, error: type[QualcodeError]) -> bytes:
    """The file's bytes, or ``error`` naming the file and the system's reason."""
    try:
        return path.read_bytes()
    except OSError as problem:
        raise error(f"cannot read the file: {problem.strerror or problem}", Location(path)) from None


def _csv_rows(path: Path, error: type[QualcodeError], raw: bytes | None = None) -> tuple[NumberedRow, ...]:
    data = raw if raw is not None else read_file_bytes(path, error)
    if not data:
        return ()
    try:
        text, _encoding = decode_bytes(data, path)
    except TranscriptError as problem:  # the transcript decoder's reasons hold for any text file
        raise error(f"cannot decode the CSV file: {problem.message}", problem.location) from None
    delimiter = "\t" if path.suffix.lower() == ".tsv" else sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[NumberedRow] = []
    try:
        for cells in reader:
            # a record is one Excel row even when a quoted cell spans lines, so count records, not lines
            rows.append((len(rows) + 1, tuple(cell.strip() for cell in cells)))
    except csv.Error as problem:
        raise error(f"cannot read the CSV file: {problem}", Location(path, line=reader.line_num)) from None
    return tuple(row for row in rows if any(row[1]))


def sniff_delimiter(text: str) -> str:
    """``,``, ``;`` or tab: whichever the first filled line uses most (a header rarely contains the others)."""
    first_line = next((line for line in text.split("\n") if line.strip()), "")
    outside_quotes = re.sub(r'"[^"]*"', "", first_line)
    counts = {delimiter: outside_quotes.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=counts.__getitem__)
    return best if counts[best] else ","


def _xlsx_sheets(path: Path, error: type[QualcodeError], raw: bytes | None = None) -> list[Sheet]:
    if not zipfile.is_zipfile(byte_source(path, raw)):
        raise error("not an Excel .xlsx workbook (it is not a ZIP archive, or one cut short); "
                    "save it again as .xlsx or as .csv", Location(path))
    from openpyxl import load_workbook  # only when a workbook is read

    try:
        workbook = load_workbook(byte_source(path, raw), read_only=True, data_only=True)
    except Exception as problem:  # openpyxl raises many types on damaged packages
        raise error(f"the .xlsx workbook is damaged or not a workbook ({type(problem).__name__}: {problem}); "
                    "re-save it in Excel or as .csv", Location(path)) from None
    try:
        return [_sheet(sheet, path, error) for sheet in workbook.worksheets]
    finally:
        workbook.close()


def _sheet(sheet: Any, path: Path, error: type[QualcodeError]) -> Sheet:
    rows: list[NumberedRow] = []
    dated: set[tuple[int, int]] = set()
    try:
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = tuple(cell_text(value) for value in values)
            if any(cells):
                rows.append((number, cells))
                dated.update((number, index) for index, value in enumerate(values)
                             if isinstance(value, (dt.date, dt.time, dt.timedelta)))
    except Exception as problem:  # a damaged sheet part shows only when its rows are read
        raise error(f"the sheet cannot be read ({type(problem).__name__}: {problem})",
                    Location(path, detail=f"sheet {sheet.title}")) from None
    return Sheet(sheet.title, tuple(rows), frozenset(dated))


def cell_text(value: Any) -> str:
    """A cell as the researcher reads it: whole numbers without ``.0``, dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    if isinstance(value, dt.datetime):   # as Excel shows a date and time, not Python's 2026-03-13T14:05:00
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):   # a duration ([h]:mm): 26:30:00 as Excel shows it, not "1 day, 2:30:00"
        seconds = round(value.total_seconds())
        sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
        return f"{sign}{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    return str(value).strip()


def refuse_dated_cells(sheet: Sheet, columns: Mapping[int, str], path: str | Path,
                       error: type[QualcodeError] = ImportFormatError) -> None:
    """Refuse a cell Excel stored as a date or time in a column that holds ids, names or numbers (``columns``:
    index -> header name): the text typed there is gone -- Excel turns an id typed 3-12 or 1/5 into a date,
    and the cell would be read as 2026-03-12, a participant nobody interviewed. Named by sheet, row and column."""
    found = sorted((row, index) for row, index in sheet.dated if index in columns)
    if not found:
        return
    from openpyxl.utils import get_column_letter   # only a workbook has dated cells: openpyxl is loaded already

    row, index = found[0]
    cells = dict(sheet.rows).get(row, ())
    shown = cells[index] if index < len(cells) else ""
    more = f" ({len(found) - 1} more such cell(s) in these columns)" if len(found) > 1 else ""
    raise error(
        f"column '{columns[index]}', cell {get_column_letter(index + 1)}{row}: Excel stored it as a date or time (it reads "
        f"{shown}), so what was typed there is gone -- Excel turns an id such as 3-12 or 1/5 into a date{more}; "
        "format the column as Text in Excel, type the values again and import again (or save the sheet as CSV "
        "from the source); nothing imported",
        Location(path, line=row, detail=f"sheet {sheet.name}" if sheet.name else None))


# --------------------------------------------------------------------------- header + rows
@dataclass(frozen=True)
class Table:
    """A sheet split into its header (the first filled row) and the data rows below it."""

    header: tuple[str, ...]  # as written, stripped
    rows: tuple[NumberedRow, ...]  # cells padded or cut to the header's width
    path: str
    header_row: int = 1
    sheet: str = ""
    dated: frozenset[tuple[int, int]] = frozenset()   # see Sheet.dated

    def refuse_dates(self, columns: Iterable[int], error: type[QualcodeError] = ImportFormatError) -> None:
        """:func:`refuse_dated_cells` for these columns of the table (by index)."""
        refuse_dated_cells(Sheet(self.sheet, self.rows, self.dated),
                           {index: self.header[index] for index in columns if index is not None}, self.path, error)

    def dated_cells(self, column: int) -> list[int]:
        """Rows (as Excel numbers them) whose cell in ``column`` Excel stored as a date, a time or a duration."""
        return sorted(row for row, index in self.dated if index == column)

    def dated_notes(self, columns: Iterable[int]) -> list[str]:
        """For each of ``columns`` holding cells Excel stored as dates or times: a note saying how they were kept
        (ISO text, ``2026-03-12``; a date with a time ``2026-03-13 14:05:00``), naming the column and a cell."""
        cells = dict(self.rows)
        notes = []
        for column in columns:
            rows = self.dated_cells(column)
            if rows:
                notes.append(f"column '{self.header[column]}': {len(rows)} cell(s) Excel stored as a date or time, "
                             f"kept as text in ISO form (row {rows[0]} reads {cells[rows[0]][column]})")
        return notes

    def column_index(self, names: Iterable[str]) -> int | None:
        """Index of the first column whose name (compared by :func:`column_key`) is one of ``names``."""
        wanted = {column_key(name) for name in names}
        for index, name in enumerate(self.header):
            if column_key(name) in wanted:
                return index
        return None

    def require_columns(self, needed: Mapping[str, Iterable[str]], error: type[QualcodeError]) -> dict[str, int]:
        """Indexes of the needed columns, or one error naming those found and needed."""
        found = {role: self.column_index(names) for role, names in needed.items()}
        missing = [role for role, index in found.items() if index is None]
        if missing:
            accepted = "; ".join(f"{role}: {' / '.join(names)}" for role, names in needed.items())
            raise error(
                f"missing column(s) {', '.join(missing)}; found columns: "
                f"{', '.join(self.header) or '(none)'}; needed: {accepted}",
                self.location(self.header_row),
            )
        return {role: index for role, index in found.items() if index is not None}

    def location(self, row: int | None = None) -> Location:
        """Where a row is, for an error: ``file:row`` plus the sheet when there is one."""
        return Location(self.path, line=row, detail=f"sheet {self.sheet}" if self.sheet else None)


def read_table(path: str | Path, *, error: type[QualcodeError] = ImportFormatError,
               max_mb: float = MAX_SHEET_MB, raw: bytes | None = None) -> Table:
    """The first sheet of an .xlsx, or a .csv/.tsv file, as a header plus rows (from ``raw`` when given).

    A workbook whose later sheet has the first sheet's columns is refused (see :func:`refuse_left_out_sheets`);
    title rows above the header are passed over (see :func:`without_title_rows`).
    """
    sheets = read_sheets(path, error=error, max_mb=max_mb, raw=raw)
    refuse_left_out_sheets(sheets, 0, path, error)
    return table_of(without_title_rows(sheets[0]), path, error)


def refuse_left_out_sheets(sheets: list[Sheet], chosen: int, path: str | Path,
                           error: type[QualcodeError] = ImportFormatError) -> None:
    """Refuse a workbook whose other sheets hold more rows of the same table as the sheet read.

    One sheet is read; a sheet with the same columns (a 前测 and a 后测 sheet, one sheet per class) would
    be left out without a word, so it is named instead. A sheet of notes or labels has other columns and is
    left alone.
    """
    if len(sheets) < 2 or not sheets[chosen].rows:
        return
    columns = _column_keys(sheets[chosen])
    alike = [titled for index, sheet in enumerate(sheets) if index != chosen
             and len((titled := without_title_rows(sheet)).rows) > 1 and _same_table(columns, _column_keys(titled))]
    if not alike:
        return
    names = ", ".join(f"{sheet.name} ({len(sheet.rows) - 1} row(s))" for sheet in alike)
    raise error(
        f"only sheet {sheets[chosen].name!r} is read, but sheet(s) {names} have the same columns, so their rows "
        "would be left out: put every row on one sheet (with a column such as wave or class saying which "
        "sheet it came from), or save each sheet as a file of its own", Location(path))


def _column_keys(sheet: Sheet) -> set[str]:
    sheet = without_title_rows(sheet)
    return {column_key(name) for name in sheet.rows[0][1] if name} if sheet.rows else set()


MAX_TITLE_ROWS = 5  # a title, a date line, a note: more single-cell rows above the header are a different table


def header_naming(sheet: Sheet, names: tuple[str, ...], *, within: int = 3) -> Sheet:
    """The sheet from the first of its first rows that names every one of ``names`` (compared by
    :func:`column_key`): a header of two rows (基本信息 | 青少年心理韧性量表 merged over groups of columns, then
    编号 | 测量 | RSCA1 …) was read by its group row. Unchanged when no such row is near the top."""
    wanted = {column_key(name) for name in names if name}
    if not wanted or not sheet.rows or wanted <= {column_key(cell) for cell in sheet.rows[0][1]}:
        return sheet
    for index, (_number, cells) in enumerate(sheet.rows[1:within + 1], start=1):
        if wanted <= {column_key(cell) for cell in cells}:
            return Sheet(sheet.name, sheet.rows[index:], sheet.dated)
    return sheet


def without_title_rows(sheet: Sheet) -> Sheet:
    """The sheet without the title rows above its header: rows of one filled cell (``青少年心理韧性量表 前测``,
    merged across the sheet; a date line) over a row of several are titles, not the header of a one-column table
    -- taken as the header, they cut every row to that one column. Questionnaire sheets are read this way."""
    filled = [sum(1 for cell in cells if cell) for _number, cells in sheet.rows[:MAX_TITLE_ROWS + 1]]
    header = next((index for index, count in enumerate(filled) if count > 1), 0)
    return Sheet(sheet.name, sheet.rows[header:], sheet.dated) if header else sheet


def _same_table(first: set[str], other: set[str]) -> bool:
    """Most columns in common (a 后测 sheet may drop the wave column the 前测 sheet has)."""
    shared = first & other
    return len(shared) >= 2 and len(shared) >= 0.8 * len(first | other)


def table_of(sheet: Sheet, path: str | Path, error: type[QualcodeError] = ImportFormatError) -> Table:
    """Header and data rows of one sheet; a header naming a column twice is refused."""
    if not sheet.rows:
        raise error("the sheet is empty (no header row)",
                    Location(path, detail=f"sheet {sheet.name}" if sheet.name else None))
    header_row, header = sheet.rows[0]
    while header and not header[-1]:
        header = header[:-1]
    table = Table(header=header, rows=(), path=str(path), header_row=header_row, sheet=sheet.name)
    seen: set[str] = set()
    for name in header:
        if name and column_key(name) in seen:
            raise error(f"column '{name}' appears twice in the header", table.location(header_row))
        seen.add(column_key(name))
    width = len(header)
    rows = tuple((number, (cells + ("",) * width)[:width]) for number, cells in sheet.rows[1:])
    return Table(header=header, rows=rows, path=str(path), header_row=header_row, sheet=sheet.name,
                 dated=sheet.dated)
