"""Reading and writing codebook YAML with ruamel.yaml in round-trip mode.

Round-trip mode keeps comments, key order and quoting, and records the line and
column of every node, which is what lets validation point at a place in the file.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedBase
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from qualcode.core.errors import CodebookError, Location


def make_yaml() -> YAML:
    """The one YAML configuration used to read and write codebooks."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = False
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap long examples or keyword lists
    return yaml


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CodebookError("codebook file not found", Location(path)) from None
    except IsADirectoryError:
        raise CodebookError("is a folder, not a codebook file", Location(path)) from None
    except OSError as error:
        raise CodebookError(f"cannot read codebook: {error.strerror}", Location(path)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise CodebookError("codebook is not UTF-8 text (save it as UTF-8)",
                            Location(path, line, column)) from None


def parse_yaml(text: str, path: Path | str | None) -> Any:
    """Parse YAML text into ruamel's commented tree, turning syntax errors into CodebookError."""
    try:
        document = make_yaml().load(text)
    except MarkedYAMLError as error:
        raise _syntax_error(error, path) from None
    except YAMLError as error:
        raise CodebookError(f"invalid YAML: {error}", Location(path)) from None
    if document is None:
        raise CodebookError("codebook file is empty", Location(path, 1, 1))
    return document


def parse_yaml_quickly(text: str) -> Any | None:
    """Parse with ruamel's C parser (plain dicts, no comments or positions), or None when that is not possible.

    About eight times faster than round-trip mode on the shipped codebooks. None when the
    C extension (ruamel.yaml.clib) is missing, the text does not parse, or it is empty: the
    caller then reads the file the ordinary way, which reports any problem with its place.
    """
    try:
        import _ruamel_yaml  # noqa: F401  -- the C parser; without it "safe" would fall back to pure Python
    except ImportError:
        return None
    yaml = YAML(typ="safe", pure=False)
    yaml.allow_duplicate_keys = False
    try:
        return yaml.load(text)
    except (YAMLError, RecursionError, ValueError):
        return None


def _syntax_error(error: MarkedYAMLError, path: Path | str | None) -> CodebookError:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "invalid YAML"
    if type(error).__name__ == "DuplicateKeyError":
        problem = problem.replace("found duplicate key", "duplicate key")
        if error.context_mark is not None:
            problem += f" in the mapping starting at line {error.context_mark.line + 1}"
    elif error.context and error.context_mark is not None and error.problem:
        problem = (f"{problem} ({error.context} started at line {error.context_mark.line + 1}, "
                   f"column {error.context_mark.column + 1})")
    if mark is None:
        return CodebookError(f"invalid YAML: {problem}", Location(path))
    return CodebookError(f"invalid YAML: {problem}", Location(path, mark.line + 1, mark.column + 1))


class YamlLocator:
    """Maps ruamel nodes to 1-based file positions."""

    def __init__(self, path: Path | str | None) -> None:
        self.path = path

    def _at(self, line: int | None, column: int | None) -> Location:
        if line is None:
            return Location(self.path)
        return Location(self.path, line + 1, (column or 0) + 1)

    def of_node(self, node: Any) -> Location:
        if isinstance(node, CommentedBase):
            return self._at(node.lc.line, node.lc.col)
        return Location(self.path, 1, 1)

    def of_key(self, node: Any, key: str) -> Location:
        try:
            return self._at(*node.lc.key(key))
        except (AttributeError, KeyError, TypeError):
            return self.of_node(node)

    def of_value(self, node: Any, key: str) -> Location:
        # ruamel places an empty value at the start of the next line; the key is clearer.
        if isinstance(node, dict) and node.get(key) is None:
            return self.of_key(node, key)
        try:
            return self._at(*node.lc.value(key))
        except (AttributeError, KeyError, TypeError):
            return self.of_key(node, key)

    def of_item(self, seq: Any, index: int) -> Location:
        try:
            return self._at(*seq.lc.item(index))
        except (AttributeError, KeyError, TypeError, IndexError):
            return self.of_node(seq)


def dump_yaml(document: Any) -> str:
    stream = io.StringIO()
    make_yaml().dump(document, stream)
    return stream.getvalue()


def write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder and rename it over the target.

    A crash or a full disk leaves either the old file or the new one, never half.
    """
    path = Path(path)
    try:
        _replace_file(path, text)
    except OSError as error:
        raise CodebookError(f"cannot write codebook: {error.strerror or error}", Location(path)) from None


def _replace_file(path: Path, text: str) -> None:
    mode = path.stat().st_mode & 0o777 if path.exists() else None
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="\n", dir=path.parent,
                                         prefix=f".{path.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(handle.name, mode)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
