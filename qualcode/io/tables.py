"""Writing tables for SPSS, R and Excel, and reading questionnaire files.

Every write goes to a temporary file in the target folder and is renamed over the
target at the end (``os.replace``), so a crash never leaves half a file; an
existing file is kept unless ``force`` is given.

* CSV: UTF-8; ``excel=True`` adds a byte-order mark so Excel on Windows shows
  Chinese and puts a quote before text cells Excel would run as formulas
  (:mod:`qualcode.core.excel_cells`); ``label_row='zh'|'en'|'both'`` adds a second header row of labels.
* XLSX (openpyxl): sheet ``data``, sheet ``variables`` (column, label_zh, label_en)
  and, for code tables, sheet ``codebook``.
* XLSX also gets a sheet ``value_labels`` (column, value, label) when any column has them.
* SPSS ``.sav`` (pyreadstat): variable labels, value labels (e.g. presence 0/1; a text
  attribute such as gender is stored as 1, 2 … with its values as labels), whole-number
  columns in an integer format (``F8.0``), and measurement levels: nominal for labelled
  columns (presence, attributes) and text, scale for counts and scores. A column name SPSS
  cannot take becomes ``V<n>`` with the original name in its label.
* Parquet (pyarrow): the labels travel in the schema metadata ``qualcode.labels``.
"""

from __future__ import annotations

import csv
import json
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from qualcode.analysis.table import INDEX_IS_FILE_ROW, LabelledTable
from qualcode.core.faults import reached
from qualcode.core.errors import ExportError, ImportFormatError, Location
from qualcode.core.excel_cells import excel_text

FORMATS = ("csv", "xlsx", "sav", "parquet")
SUFFIXES = {".csv": "csv", ".xlsx": "xlsx", ".sav": "sav", ".parquet": "parquet", ".tsv": "csv"}
SHEET_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")  # read as text cells by io.sheet_reader
# SPSS (Unicode mode) takes letters of any script: gender_女_n is a valid variable name, up to 64 bytes
SPSS_NAME = re.compile(r"^[^\W\d_][\w.@#$]*$")
SPSS_RESERVED = {"ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH"}


def format_for(path: Path, explicit: str | None = None) -> str:
    if explicit:
        if explicit not in FORMATS:
            raise ExportError(f"unknown format {explicit!r}; use one of {', '.join(FORMATS)}")
        return explicit
    found = SUFFIXES.get(Path(path).suffix.lower())
    if found is None:
        raise ExportError(f"cannot tell the format from the file name; use --format ({', '.join(FORMATS)})",
                          Location(path=path))
    return found


def atomic_write(path: Path, write: Callable[[Path], None], *, force: bool = False) -> Path:
    """Run ``write(temp_path)`` then rename the temporary file over ``path``."""
    path = Path(path)
    if path.exists() and not force:
        raise ExportError("already exists; use --force to overwrite it", Location(path=path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # The pid in the name tells a later run whether the writer is still alive (see remove_stale_parts).
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".part")
        os.close(fd)
    except OSError as exc:
        raise ExportError(f"cannot write here: {exc.strerror}", Location(path=path)) from exc
    temp = Path(temp_name)
    try:
        write(temp)
        reached("export-part-written")
        os.replace(temp, path)
    except OSError as exc:
        raise ExportError(f"cannot write: {exc.strerror or exc}", Location(path=path)) from exc
    finally:
        if temp.exists():
            temp.unlink()
    return path


def remove_stale_parts(folder: Path) -> list[Path]:
    """Delete the half-written ``.part`` files that interrupted writers left in ``folder``; return them.

    They may hold quotes or participant data, so they must not linger; a file whose writer is still running
    (another export in progress) is left alone.
    """
    removed = []
    for part in sorted(Path(folder).glob(".*.part")):
        fields = part.name.rsplit(".", 3)
        pid = int(fields[-3]) if len(fields) == 4 and fields[-3].isdigit() else None
        if pid is not None and _process_alive(pid):
            continue
        try:
            part.unlink()
            removed.append(part)
        except OSError:
            continue
    return removed


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def write_table(table: LabelledTable | pd.DataFrame, path: Path | str, *, format: str | None = None,
                excel: bool = False, label_row: str | None = None, force: bool = False) -> Path:
    if isinstance(table, pd.DataFrame):
        table = LabelledTable(table)
    path = Path(path)
    kind = format_for(path, format)
    writers = {"csv": lambda t: _write_csv(table, t, excel=excel, label_row=label_row),
               "xlsx": lambda t: _write_xlsx(table, t), "sav": lambda t: _write_sav(table, t),
               "parquet": lambda t: _write_parquet(table, t)}
    return atomic_write(path, writers[kind], force=force)


def _write_csv(table: LabelledTable, target: Path, *, excel: bool, label_row: str | None) -> None:
    frame = _excel_text_cells(table.frame) if excel else table.frame
    with target.open("w", encoding="utf-8-sig" if excel else "utf-8", newline="") as handle:
        if label_row:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(table.frame.columns)
            labels = [table.label(c, label_row) for c in table.frame.columns]
            writer.writerow([excel_text(label) for label in labels] if excel else labels)
            frame.to_csv(handle, index=False, header=False, lineterminator="\n")
        else:
            frame.to_csv(handle, index=False, lineterminator="\n")


def _excel_text_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells Excel would run as formulas start with a quote (:mod:`qualcode.core.excel_cells`);
    numeric columns are untouched."""
    text_columns = [i for i, dtype in enumerate(frame.dtypes)
                    if dtype == object or isinstance(dtype, (pd.CategoricalDtype, pd.StringDtype))]
    if not text_columns:
        return frame
    frame = frame.copy()
    for i in text_columns:
        frame.isetitem(i, frame.iloc[:, i].astype(object).map(excel_text))
    return frame


def variables_frame(table: LabelledTable) -> pd.DataFrame:
    return pd.DataFrame({"column": list(table.frame.columns),
                         "label_zh": [table.label(c, "zh") for c in table.frame.columns],
                         "label_en": [table.label(c, "en") for c in table.frame.columns]})


def _write_xlsx(table: LabelledTable, target: Path) -> None:
    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        sheets = {"data": table.frame, "variables": variables_frame(table)}
        if table.codebook is not None:
            sheets["codebook"] = table.codebook
        if table.value_labels:
            sheets["value_labels"] = value_labels_frame(table)
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
            _text_stays_text(writer.book[name], frame)


def _text_stays_text(sheet, frame: pd.DataFrame) -> None:  # type: ignore[no-untyped-def]
    """openpyxl stores a text cell starting with ``=`` as a formula (a quote ``=不想上学`` became ``#NAME?`` in
    Excel); each one of the frame's text columns is stored as the text it is. Unlike the Excel CSV, nothing is
    added: an .xlsx cell has a type."""
    for i, dtype in enumerate(frame.dtypes, start=1):
        if dtype == object or isinstance(dtype, (pd.CategoricalDtype, pd.StringDtype)):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                if cell.data_type == "f":
                    cell.data_type = "s"


def value_labels_frame(table: LabelledTable) -> pd.DataFrame:
    """One row per (column, value, label): the numbers SPSS stores and what they mean."""
    rows = [(column, value, label) for column, mapping in table.value_labels.items()
            if column in table.frame.columns for value, label in mapping.items()]
    return pd.DataFrame(rows, columns=["column", "value", "label"])


def spss_names(columns: list[str]) -> dict[str, str]:
    """Column -> a valid, unique SPSS variable name (the column itself when it already is one, else the nearest
    name SPSS takes: ``2023成绩`` -> ``v2023成绩``, ``家庭 收入`` -> ``家庭_收入``; the original stays in the label)."""
    names: dict[str, str] = {}
    used: set[str] = set()
    valid_first = sorted(enumerate(columns, start=1), key=lambda item: not _valid_spss_name(item[1]))
    for number, column in valid_first:   # a derived name never takes a name a valid column already has
        name = column if _valid_spss_name(column) else _nearest_spss_name(column, number)
        while name.upper() in used:
            name = f"{name}_{number}"
        used.add(name.upper())
        names[column] = name
    return {column: names[column] for column in columns}


def _valid_spss_name(name: str) -> bool:
    return bool(SPSS_NAME.match(name) and len(name.encode("utf-8")) <= 64 and not name.endswith(".")
                and name.upper() not in SPSS_RESERVED)


def _nearest_spss_name(column: str, number: int) -> str:
    # a readable name the researcher recognises in SPSS's variable view beats V7
    name = re.sub(r"[^\w.@#$]+", "_", column).strip("_.")
    if name and not SPSS_NAME.match(name):
        name = f"v{name}"
    while len(name.encode("utf-8")) > 64:
        name = name[:-1]
    name = name.rstrip("_.")
    if name.upper() in SPSS_RESERVED:
        name = f"{name}_"
    return name if _valid_spss_name(name) else f"V{number}"


def spss_renamed(table: LabelledTable) -> dict[str, str]:
    """The columns a .sav writes under another name (see :func:`spss_names`): said beside the export."""
    return {column: name for column, name in spss_names([str(c) for c in table.frame.columns]).items()
            if column != name}


def _spss_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Types pyreadstat accepts: numbers as float/int, text as Python str (missing text as '')."""
    out = {}
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_bool_dtype(series):
            out[column] = series.astype("int64")
        elif pd.api.types.is_numeric_dtype(series):
            out[column] = series.astype("float64") if series.isna().any() else series
        else:
            out[column] = series.map(lambda v: "" if v is None or (isinstance(v, float) and v != v) else str(v)
                                     ).astype(object)
    return pd.DataFrame(out)


def _write_sav(table: LabelledTable, target: Path) -> None:
    import pyreadstat

    names = spss_names([str(c) for c in table.frame.columns])
    frame = _spss_frame(_coded_categories(table)).rename(columns=names)
    labels = {}
    for column, name in names.items():
        label = table.label(column, "both")
        labels[name] = label if name == column else f"{column}: {label}" if label != column else column
    value_labels = {names[c]: {float(k) if isinstance(k, (int, float)) else k: v
                               for k, v in spss_value_labels(mapping).items()}
                    for c, mapping in table.value_labels.items() if c in names}
    measures, formats = spss_measures(frame, set(value_labels))
    try:
        pyreadstat.write_sav(frame, str(target), column_labels=labels, variable_value_labels=value_labels,
                             variable_measure=measures, variable_format=formats)
    except Exception as exc:  # pyreadstat raises its own types for unsupported data
        raise ExportError(f"SPSS cannot take this table: {exc}", Location(path=target)) from exc


SPSS_VALUE_LABEL_BYTES = 120  # what a .sav keeps of a value label; readstat cuts the rest without a word


def spss_value_labels(mapping: dict) -> dict:
    """Value labels SPSS keeps whole: one over 120 bytes (40 Chinese characters) is shortened at a character
    with ``…``, and ``…(code)`` when two would read alike (readstat cut them to the byte, so two majors
    differing only at the end showed as one, and a character could be cut in half)."""
    shortened: dict = {}
    used: set[str] = set()
    for code, label in mapping.items():
        text = str(label)
        if len(text.encode("utf-8")) > SPSS_VALUE_LABEL_BYTES:
            text = _cut_to_bytes(text, SPSS_VALUE_LABEL_BYTES - len("…".encode("utf-8"))) + "…"
            if text in used:
                number = str(int(code)) if isinstance(code, (int, float)) and float(code).is_integer() else str(code)
                tail = f"…({number})"
                text = _cut_to_bytes(str(label), SPSS_VALUE_LABEL_BYTES - len(tail.encode("utf-8"))) + tail
        used.add(text)
        shortened[code] = text
    return shortened


def long_value_labels(table: LabelledTable) -> list[str]:
    """The columns whose value labels a .sav shortens, for the export's notes."""
    long = {column: sum(len(str(label).encode("utf-8")) > SPSS_VALUE_LABEL_BYTES for label in mapping.values())
            for column, mapping in table.value_labels.items() if column in table.frame.columns}
    return [f"{column} ({count})" for column, count in long.items() if count]


def _cut_to_bytes(text: str, limit: int) -> str:
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def _coded_categories(table: LabelledTable) -> pd.DataFrame:
    """Text columns with value labels (a case attribute: 1 = 女) stored as their numbers; empty → missing."""
    frame = table.frame.copy()
    for column, mapping in table.value_labels.items():
        if column in frame.columns and not pd.api.types.is_numeric_dtype(frame[column]):
            number_of = {str(label): number for number, label in mapping.items()}
            frame[column] = frame[column].map(lambda v: number_of.get(str(v)) if v is not None and v == v else None
                                              ).astype("float64")
    return frame


def spss_measures(frame: pd.DataFrame, labelled: set[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Measurement level and print format per variable: labelled or text → nominal; numbers → scale;
    whole numbers (counts, presence, coded attributes) in an integer format so SPSS shows 3, not 3.00."""
    measures, formats = {}, {}
    for column in frame.columns:
        series = frame[column]
        if not pd.api.types.is_numeric_dtype(series):
            measures[column] = "nominal"
            continue
        measures[column] = "nominal" if column in labelled else "scale"
        present = series.dropna()
        whole = len(present) > 0 and bool((present == present.round()).all())  # counts with gaps are floats
        if pd.api.types.is_integer_dtype(series) or column in labelled or whole:
            width = max(8, len(str(int(present.abs().max()))) + 2) if len(present) else 8
            formats[column] = f"F{width}.0"
    return measures, formats


def _write_parquet(table: LabelledTable, target: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = pa.Table.from_pandas(table.frame, preserve_index=False)
    labels = {str(c): list(table.labels[c]) for c in table.frame.columns if c in table.labels}
    metadata = {**(arrow.schema.metadata or {}), b"qualcode.labels": json.dumps(labels, ensure_ascii=False).encode()}
    pq.write_table(arrow.replace_schema_metadata(metadata), target)


# --------------------------------------------------------------------------- reading
def read_table(path: Path | str, *, sheet: str | int = 0, text_columns: tuple[str, ...] = (),
               header_hint: tuple[str, ...] = ()) -> pd.DataFrame:
    """A questionnaire or scores file as text cells (so bad answers can be reported as written).

    CSV and XLSX go through :mod:`qualcode.io.sheet_reader` (the encodings, delimiters and
    errors every importer shares); each row's spreadsheet row number travels in
    the frame's index (see ``analysis.table.row_numbers``). Empty cells become ``None``.
    A ``.sav`` file's rows are numbered as SPSS's Data View shows them (the first case is row 1), and its
    ``text_columns`` (the id and the wave) read as SPSS shows them: a code with a value label becomes the
    label (wave 1 -> 前测), a whole number loses its ``.0`` (id 1.0 -> 1); item answers stay numbers.
    ``header_hint``: columns the header must have (the id): a CSV/XLSX header of two rows is read by the row
    that names them (see :func:`qualcode.io.sheet_reader.header_naming`).
    """
    path = Path(path)
    frame = _read_frame(path, sheet, text_columns, header_hint)
    if frame.empty:  # a header alone: scored, it wrote an empty table and "alpha nan" with exit 0
        raise ImportFormatError(f"the file has {'no columns' if not len(frame.columns) else 'a header but no rows'}"
                                "; nothing to read", Location(path=path))
    return frame


def _read_frame(path: Path, sheet: str | int, text_columns: tuple[str, ...],
                header_hint: tuple[str, ...] = ()) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix in SHEET_SUFFIXES:
        return _sheet_frame(path, sheet, header_hint, text_columns)
    if not path.is_file():
        raise ImportFormatError("no such file", Location(path=path))
    try:
        if suffix == ".sav":
            import pyreadstat

            frame, meta = pyreadstat.read_sav(str(path))
            frame = _sav_text_columns(frame, meta.variable_value_labels, text_columns)
        elif suffix == ".parquet":
            frame = pd.read_parquet(path)
        else:
            raise ImportFormatError("unknown file type; use .csv, .xlsx, .sav or .parquet", Location(path=path))
    except ImportFormatError:
        raise
    except Exception as exc:  # any parser failure is the user's file, not our bug
        raise ImportFormatError(f"cannot read the table: {exc}", Location(path=path)) from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.astype(object).where(frame.notna(), None)
    if suffix == ".sav":
        frame.index = pd.Index(range(1, len(frame) + 1), dtype="int64")
        frame.attrs[INDEX_IS_FILE_ROW] = True
    return frame


def _sav_text_columns(frame: pd.DataFrame, value_labels: dict, columns: tuple[str, ...]) -> pd.DataFrame:
    """The id and wave columns of an SPSS file as SPSS shows them: value labels for codes, whole numbers as such."""
    frame = frame.copy()
    for column in (c for c in columns if c in frame.columns and pd.api.types.is_numeric_dtype(frame[c])):
        labels = value_labels.get(column, {})

        def shown(value, labels=labels):
            if value is None or pd.isna(value):
                return None
            if value in labels:
                return str(labels[value]).strip()
            return str(int(value)) if float(value).is_integer() else str(value)

        frame[column] = [shown(value) for value in frame[column]]
    return frame


def _sheet_frame(path: Path, sheet: str | int, header_hint: tuple[str, ...] = (),
                 text_columns: tuple[str, ...] = ()) -> pd.DataFrame:
    from qualcode.io.sheet_reader import (
        header_naming, read_sheets, refuse_left_out_sheets, table_of, without_title_rows,
    )

    sheets = read_sheets(path)
    if not isinstance(sheet, str):
        refuse_left_out_sheets(sheets, sheet, path)
    chosen = [s for s in sheets if s.name == sheet] if isinstance(sheet, str) else sheets[sheet:][:1]
    if not chosen:
        raise ImportFormatError(f"no sheet {sheet!r} (sheets: {', '.join(s.name for s in sheets)})",
                                Location(path=path))
    table = table_of(header_naming(without_title_rows(chosen[0]), header_hint), path)
    # the id and the wave as Excel stored them: an id typed 3-12 that Excel made a date is refused, not read as
    # 2026-03-12 and left unmatched
    table.refuse_dates(index for index, name in enumerate(table.header) if name in text_columns)
    columns = [name or f"Unnamed: {index}" for index, name in enumerate(table.header)]
    frame = pd.DataFrame([[cell or None for cell in cells] for _number, cells in table.rows],
                         columns=columns, index=pd.Index([number for number, _cells in table.rows], dtype="int64"),
                         dtype=object)
    frame.attrs[INDEX_IS_FILE_ROW] = True
    return frame
