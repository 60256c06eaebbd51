"""Import a codebook from a CSV or XLSX table (one row per code).

Columns (header names are case-insensitive): ``id``, ``parent`` (empty for a
theme), ``label`` or ``label_zh``/``label_en``, and optionally ``description``,
``include``, ``exclude``, ``examples`` (one per line in the cell), ``keywords``
or ``keywords_zh``/``keywords_en`` (separated by ``;`` or ``；``), ``key``,
``color``, ``negated_suggests``.  A plain ``label`` or ``keywords`` cell is
assigned to Chinese when it contains Chinese characters, else to English.

Problems name the row as a spreadsheet shows it (the header is row 1).  The
result goes through the same validation as a YAML codebook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qualcode.core.codebook_schema import closest_hint, validate_tree
from qualcode.core.errors import CodebookError, ImportFormatError, Location
from qualcode.core.models import LANGUAGES, Codebook
from qualcode.io.sheet_reader import column_key, read_table

KNOWN_COLUMNS = (
    "id", "parent", "label", "label_zh", "label_en", "description", "include", "exclude",
    "examples", "keywords", "keywords_zh", "keywords_en", "key", "color", "negated_suggests",
)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_KEYWORD_SEPARATOR = re.compile(r"[;；]")
# Commas separate keywords too, as a researcher types a list in a cell ("hobby, hobbies", "爱好，兴趣、业余"):
# kept whole, "hobby, hobbies" was one keyword that never matched. A regular expression (re:…) may hold a
# comma ({0,2}), so a piece starting with re: is not split.
_KEYWORD_COMMA = re.compile(r"[,，、]")
_ID_SEPARATOR = re.compile(r"[;；,，\s]+")


@dataclass
class _Row:
    number: int  # as a spreadsheet shows it; the header is row 1
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "").strip()


def import_codebook_table(path: Path | str) -> Codebook:
    """Read a CSV/XLSX codebook table, check it and return the validated codebook."""
    path = Path(path)
    rows = _read_rows(path)
    if not rows:
        raise ImportFormatError("the table has a header but no codes", Location(path))
    by_id = _index_rows(rows, path)
    _check_parents(rows, by_id, path)
    builder = _TreeBuilder(path)
    root = builder.build(rows)
    return validate_tree(root, builder.locator, str(path)).codebook


# --------------------------------------------------------------------------- reading
def _read_rows(path: Path) -> list[_Row]:
    if path.suffix.lower() not in (".csv", ".xlsx", ".xlsm"):
        raise ImportFormatError("a codebook table must be a .csv or .xlsx file", Location(path))
    table = read_table(path)
    columns = _columns(table.header, table.header_row, path)
    return [_Row(number, {name: cell for name, cell in zip(columns, cells) if name}) for number, cells in table.rows]


def _columns(header: tuple[str, ...], number: int, path: Path) -> list[str]:
    known = {column_key(name): name for name in KNOWN_COLUMNS}
    names = [known.get(column_key(cell), "") for cell in header]
    for index, cell in enumerate(header):
        if cell and not names[index]:
            written = re.sub(r"[\s\-]+", "_", cell.lower())
            where = Location(path, detail=f"row {number}, column {index + 1}")
            raise ImportFormatError(f"unknown column '{cell}'{closest_hint(written, KNOWN_COLUMNS)}", where)
    missing = [name for name in ("id", "parent") if name not in names]
    if not {"label", "label_zh", "label_en"} & set(names):
        missing.append("label (or label_zh and label_en)")
    if missing:
        raise ImportFormatError(f"missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}",
                                Location(path, detail=f"header row {number}"))
    return names


# --------------------------------------------------------------------------- structure
def _index_rows(rows: list[_Row], path: Path) -> dict[str, _Row]:
    by_id: dict[str, _Row] = {}
    for row in rows:
        code_id = row.get("id")
        if not code_id:
            raise CodebookError("empty id", Location(path, detail=f"row {row.number}, column id"))
        if code_id in by_id:
            raise CodebookError(f"duplicate id '{code_id}' (also in row {by_id[code_id].number})",
                                Location(path, detail=f"row {row.number}, column id"))
        by_id[code_id] = row
    return by_id


def _check_parents(rows: list[_Row], by_id: dict[str, _Row], path: Path) -> None:
    for row in rows:
        parent = row.get("parent")
        if parent and parent not in by_id:
            raise CodebookError(f"parent '{parent}' of '{row.get('id')}' is not an id in the table",
                                Location(path, detail=f"row {row.number}, column parent"))
    reported: set[str] = set()
    for row in rows:
        chain = [row.get("id")]
        while (parent := by_id[chain[-1]].get("parent")) and parent not in reported:
            if parent in chain:
                cycle = chain[chain.index(parent):] + [parent]
                numbers = sorted({by_id[code].number for code in cycle})
                raise CodebookError(
                    f"parent links form a cycle: {' → '.join(cycle)} (rows {', '.join(map(str, numbers))})",
                    Location(path, detail=f"row {by_id[parent].number}, column parent"))
            chain.append(parent)
        reported.update(chain)


class _TableLocator:
    """Locations for the validator: row and column instead of line and column."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.places: dict[int, tuple[int, dict[str, str], str]] = {}

    def register(self, obj: Any, row: int, columns: dict[str, str] | None = None, column: str = "") -> None:
        self.places[id(obj)] = (row, columns or {}, column)

    def _at(self, obj: Any, key: str | None = None) -> Location:
        if id(obj) not in self.places:
            return Location(self.path)
        row, columns, column = self.places[id(obj)]
        name = columns.get(key, column) if key is not None else column
        return Location(self.path, detail=f"row {row}, column {name}" if name else f"row {row}")

    def of_node(self, node: Any) -> Location:
        return self._at(node)

    def of_key(self, node: Any, key: str) -> Location:
        return self._at(node, key)

    of_value = of_key

    def of_item(self, seq: Any, index: int) -> Location:
        return self._at(seq)


class _TreeBuilder:
    """Builds the nested mapping the YAML loader would produce, remembering rows."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.locator = _TableLocator(path)
        self.languages: list[str] = []

    def build(self, rows: list[_Row]) -> dict[str, Any]:
        nodes = {row.get("id"): self._node(row) for row in rows}
        themes: list[dict[str, Any]] = []
        for row in rows:
            node, parent = nodes[row.get("id")], row.get("parent")
            siblings = themes if not parent else nodes[parent].setdefault("codes", [])
            siblings.append(node)
        languages = [lang for lang in LANGUAGES if lang in self.languages] or list(LANGUAGES)
        return {"codebook": self.path.stem, "version": 1, "language": languages, "themes": themes}

    def _node(self, row: _Row) -> dict[str, Any]:
        node: dict[str, Any] = {"id": row.get("id"), "label": self._labels(row)}
        columns = {key: key for key in ("id", "description", "include", "exclude", "examples",
                                        "key", "color", "negated_suggests")}
        columns["label"] = "label" if "label" in row.cells else "label_zh"
        for key in ("description", "include", "exclude", "key", "color"):
            if row.get(key):
                node[key] = row.get(key)
        examples = [line.strip() for line in row.get("examples").splitlines() if line.strip()]
        if examples:
            node["examples"] = examples
            self.locator.register(examples, row.number, column="examples")
        keywords = self._keywords(row)
        if keywords:
            node["keywords"] = keywords
            columns["keywords"] = "keywords" if "keywords" in row.cells else "keywords_zh"
        references = [ref for ref in _ID_SEPARATOR.split(row.get("negated_suggests")) if ref]
        if references:
            node["negated_suggests"] = references
            self.locator.register(references, row.number, column="negated_suggests")
        self.locator.register(node, row.number, columns)
        return node

    def _labels(self, row: _Row) -> dict[str, str]:
        labels: dict[str, str] = {}
        columns: dict[str, str] = {}
        for language in LANGUAGES:
            if row.get(f"label_{language}"):
                labels[language] = row.get(f"label_{language}")
                columns[language] = f"label_{language}"
        plain = row.get("label")
        if plain:
            language = "zh" if _CJK.search(plain) else "en"
            labels.setdefault(language, plain)
            columns.setdefault(language, "label")
        self.languages.extend(lang for lang in labels if lang not in self.languages)
        self.locator.register(labels, row.number, columns, column="label" if "label" in row.cells else "label_zh")
        return labels

    def _keywords(self, row: _Row) -> dict[str, list[str]]:
        keywords: dict[str, list[str]] = {}
        columns: dict[str, str] = {}
        sources = [(f"keywords_{language}", language) for language in LANGUAGES] + [("keywords", None)]
        for column, fixed_language in sources:
            for word in _keyword_cell(row.get(column)):
                if word:
                    language = fixed_language or ("zh" if _CJK.search(word) else "en")
                    keywords.setdefault(language, []).append(word)
                    columns.setdefault(language, column)
        for language, words in keywords.items():
            self.locator.register(words, row.number, column=columns[language])
        if keywords:
            self.locator.register(keywords, row.number, columns, column="keywords")
        return keywords


def _keyword_cell(cell: str) -> list[str]:
    """The keywords of one cell: separated by ; or ；, and by commas (, ， 、) outside a re: rule."""
    words: list[str] = []
    for piece in (p.strip() for p in _KEYWORD_SEPARATOR.split(cell)):
        words.extend([piece] if piece.startswith("re:") else (w.strip() for w in _KEYWORD_COMMA.split(piece)))
    return [word for word in words if word]
