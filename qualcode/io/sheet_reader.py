"""Read a CSV or XLSX sheet as a header plus numbered rows of text cells.

Row numbers are what the researcher sees in Excel: the header is row 1 (or
the first non-empty row), data rows follow.  CSV bytes go through the same
encoding detection as transcripts, so GB18030 exports from Excel work.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from qualcode.core.decoding import decode_bytes
from qualcode.core.errors import ImportFormatError, Location, QualcodeError

TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx")


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]  # as written, stripped
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (row number, cells padded to the header)
    path: str
    header_row: int = 1

    def column_index(self, names: Iterable[str]) -> int | None:
        """Index of the first column whose name (case-insensitive) is one of ``names``."""
        wanted = {_column_key(name) for name in names}
        for index, name in enumerate(self.header):
            if _column_key(name) in wanted:
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
                Location(self.path, line=self.header_row),
            )
        return {role: index for role, index in found.items() if index is not None}


def _column_key(name: str) -> str:
    return name.strip().casefold().replace(" ", "_")


def read_table(path: str | Path, *, error: type[QualcodeError] = ImportFormatError) -> Table:
    """The first sheet of an .xlsx, or a .csv/.tsv file, as a Table."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        raw_rows = _xlsx_rows(path, error)
    else:
        raw_rows = _csv_rows(path, error)
    return _to_table(raw_rows, str(path), error)


def _csv_rows(path: Path, error: type[QualcodeError]) -> list[list[str]]:
    text, _encoding = decode_bytes(_read_bytes(path, error), path)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count) if any(d in first_line for d in ",\t;") else ","
    try:
        return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as problem:
        raise error(f"cannot read the CSV file: {problem}", Location(path)) from None


def _read_bytes(path: Path, error: type[QualcodeError]) -> bytes:
    try:
        return path.read_bytes()
    except OSError as problem:
        raise error(f"cannot read the file: {problem.strerror}", Location(path)) from None


def _xlsx_rows(path: Path, error: type[QualcodeError]) -> list[list[str]]:
    if not zipfile.is_zipfile(path):
        raise error("not an Excel .xlsx file (it is not a ZIP archive); save it as .xlsx or .csv", Location(path))
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as problem:  # openpyxl raises many types on damaged packages
        raise error(f"the .xlsx file is damaged or not a workbook ({problem})", Location(path)) from None
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _to_table(raw_rows: list[list[str]], path: str, error: type[QualcodeError]) -> Table:
    numbered = [(number, row) for number, row in enumerate(raw_rows, start=1) if any(c.strip() for c in row)]
    if not numbered:
        raise error("the table is empty (no header row)", Location(path))
    header_row, header_cells = numbered[0]
    header = tuple(cell.strip() for cell in header_cells)
    while header and not header[-1]:
        header = header[:-1]
    seen: dict[str, int] = {}
    for index, name in enumerate(header):
        if name and _column_key(name) in seen:
            raise error(f"column '{name}' appears twice in the header", Location(path, line=header_row))
        seen[_column_key(name)] = index
    width = len(header)
    rows = tuple(
        (number, tuple((list(row) + [""] * width)[:width])) for number, row in numbered[1:]
    )
    return Table(header=header, rows=rows, path=path, header_row=header_row)
