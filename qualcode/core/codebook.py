"""Load and validate codebooks (YAML, DESIGN §4).

``load_codebook(path)`` reads one file; ``load_codebooks(paths)`` reads several
and also checks what only shows across files: duplicate ids and TUI keys,
``negated_suggests`` naming ids that exist nowhere, and keywords shared by two
codes (a warning, not an error).  Every error is a :class:`CodebookError` whose
location names the file, line and column.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from qualcode.core.codebook_schema import (
    CodebookValidationError,
    KeywordSite,
    Problems,
    ValidatedCodebook,
    validate_tree,
)
from qualcode.core.codebook_yaml import YamlLocator, parse_yaml, parse_yaml_quickly, read_text
from qualcode.core.errors import CodebookError, Location
from qualcode.core.models import Code, Codebook

__all__ = [
    "CodebookError",
    "CodebookSet",
    "CodebookValidationError",
    "CodebookWarning",
    "load_codebook",
    "load_codebooks",
    "shipped_codebook_paths",
    "validate_codebook_text",
]


@dataclass(frozen=True)
class CodebookWarning:
    """Something legal but probably unintended, such as one keyword in two codes."""

    message: str
    location: Location

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass(frozen=True)
class CodebookSet(Sequence[Codebook]):
    """Codebooks loaded together, with the warnings found across them.

    It is a sequence of its codebooks, so ``list(load_codebooks(paths))`` works.
    """

    codebooks: tuple[Codebook, ...]
    warnings: tuple[CodebookWarning, ...] = ()

    def __len__(self) -> int:
        return len(self.codebooks)

    def __getitem__(self, index):  # type: ignore[override]
        return self.codebooks[index]

    def __iter__(self) -> Iterator[Codebook]:
        return iter(self.codebooks)

    def codes(self) -> list[Code]:
        return [code for codebook in self.codebooks for code in codebook.codes]

    def by_id(self) -> dict[str, Code]:
        return {code.id: code for code in self.codes()}


def validate_codebook_text(text: str, path: Path | str | None) -> ValidatedCodebook:
    """Parse and validate YAML text; ``path`` is only used in messages and ``Codebook.path``."""
    try:
        document = parse_yaml(text, path)
        return validate_tree(document, YamlLocator(path), str(path) if path is not None else None)
    except RecursionError:
        # A parser or tree walk this deep means a generated or corrupted file; no codebook nests like this.
        raise CodebookError("codes are nested too deeply to read (hundreds of levels); a codebook tree needs "
                            "only a few levels", Location(path)) from None


def load_codebook(path: Path | str) -> Codebook:
    """Load one codebook file.

    ``negated_suggests`` may name codes of another codebook, so ids not in this
    file are checked by :func:`load_codebooks`, which is how a project loads its
    codebooks.
    """
    path = Path(path)
    return validate_codebook_text(read_text(path), path).codebook


def load_codebooks(paths: Iterable[Path | str]) -> CodebookSet:
    """Load several codebooks and check them against each other."""
    validated = [validate_codebook_text(read_text(Path(p)), Path(p)) for p in paths]
    return check_together(validated)


def load_valid_codebooks_quickly(paths: Sequence[Path | str]) -> list[Codebook]:
    """The codebooks of :func:`load_codebooks`, parsed with the C YAML parser when every file is valid.

    Used where only the codes are needed (a project opening its codebooks for `status`,
    `suggest`, exports). The C parse keeps no positions, so any problem at all (a syntax
    or schema error, a cross-file error, no C parser) re-reads every file with
    :func:`load_codebooks`, which raises the same error with its line and column.
    tests/test_codebook_quick_load.py checks that both paths give equal codebooks.
    """
    validated = []
    try:
        for path in paths:
            document = parse_yaml_quickly(read_text(Path(path)))
            if document is None:
                return list(load_codebooks(paths).codebooks)
            validated.append(validate_tree(document, YamlLocator(path), str(path)))
        return list(check_together(validated).codebooks)
    except (CodebookError, RecursionError):
        return list(load_codebooks(paths).codebooks)


def check_together(validated: Sequence[ValidatedCodebook]) -> CodebookSet:
    """Cross-file checks: ids, keys, references (errors) and shared keywords (warnings)."""
    problems = Problems()
    id_sites: dict[str, Location] = {}
    key_sites: dict[str, tuple[str, Location]] = {}
    for item in validated:
        for code_id, where in item.id_sites.items():
            if code_id in id_sites:
                problems.add(f"duplicate id '{code_id}' (also defined at {id_sites[code_id]})", where)
            else:
                id_sites[code_id] = where
        for key, (code_id, where) in item.key_sites.items():
            if key in key_sites:
                other, first = key_sites[key]
                problems.add(f"key '{key}' of '{code_id}' is already used by '{other}' at {first}", where)
            else:
                key_sites[key] = (code_id, where)
    for item in validated:
        for code_id, target, where in item.reference_sites:
            if target not in id_sites:
                problems.add(f"code '{code_id}': negated_suggests names unknown code '{target}'", where)
    problems.raise_if_any()
    warnings = shared_keyword_warnings([site for item in validated for site in item.keyword_sites])
    return CodebookSet(tuple(item.codebook for item in validated), tuple(warnings))


def shared_keyword_warnings(sites: Sequence[KeywordSite]) -> list[CodebookWarning]:
    """One warning per keyword that appears in more than one code (same language)."""
    by_keyword: dict[tuple[str, str], list[KeywordSite]] = defaultdict(list)
    for site in sites:
        by_keyword[(site.language, site.normalized)].append(site)
    warnings = []
    for group in by_keyword.values():
        codes = list(dict.fromkeys(site.code_id for site in group))
        if len(codes) < 2:
            continue
        for site in group[1:]:
            warnings.append(CodebookWarning(
                f"keyword {site.text!r} of '{site.code_id}' is also a keyword of '{group[0].code_id}' "
                f"(at {group[0].location}); a hit will suggest both codes",
                site.location,
            ))
    return warnings


def shipped_codebook_paths() -> list[Path]:
    """The codebooks that ship with qualcode (see :mod:`qualcode.core.resources`)."""
    from qualcode.core.resources import shipped_codebook_paths as find

    return find()
