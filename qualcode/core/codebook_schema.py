"""Validate a codebook's raw tree (from YAML or a table) and build the models.

The tree is plain mappings and lists, as a YAML loader or a table importer
produces them.  Every problem is reported with a :class:`Location`, which a
:class:`Locator` supplies: line and column for YAML, row and column name for a
spreadsheet.  All problems are collected so a user can fix them in one pass.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Protocol, Sequence

from qualcode.core.errors import CodebookError, Location
from qualcode.core.keyword_rules import parse_keyword_rule
from qualcode.core.models import LANGUAGES, Code, Codebook, Keywords

TOP_KEYS = ("codebook", "version", "language", "themes")
NODE_KEYS = (
    "id", "label", "description", "include", "exclude", "examples",
    "keywords", "key", "color", "negated_suggests", "codes",
)
TEXT_KEYS = ("description", "include", "exclude")
# Keys the coding screen uses for its own commands; a code cannot take them.
RESERVED_KEYS = frozenset("jkarumnpqsex?/0123456789")
CODE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")
COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def normalized_colour(value: str) -> str:
    """A colour the way a Code holds it: ``#4E7`` -> ``#44ee77``; text that is not a colour stays as it is."""
    if not COLOUR.match(value):
        return value
    digits = value[1:].lower()
    return "#" + (digits if len(digits) == 6 else "".join(ch * 2 for ch in digits))


class Locator(Protocol):
    """Where a node, a key, a value or a list item sits in the source."""

    def of_node(self, node: Any) -> Location: ...
    def of_key(self, node: Any, key: str) -> Location: ...
    def of_value(self, node: Any, key: str) -> Location: ...
    def of_item(self, seq: Any, index: int) -> Location: ...


class CodebookValidationError(CodebookError):
    """Several problems at once; the message shows the first, ``problems`` has all."""

    def __init__(self, problems: Sequence[CodebookError]) -> None:
        first = problems[0]
        more = len(problems) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        super().__init__(first.message + suffix, first.location)
        self.problems = tuple(problems)


@dataclass
class Problems:
    items: list[CodebookError] = field(default_factory=list)

    def add(self, message: str, location: Location) -> None:
        self.items.append(CodebookError(message, location))

    def raise_if_any(self) -> None:
        if self.items:
            raise CodebookValidationError(self.items)


@dataclass(frozen=True)
class KeywordSite:
    """Where one keyword of one code was written (for duplicate checks and warnings)."""

    code_id: str
    language: str
    normalized: str
    text: str
    location: Location


@dataclass
class ValidatedCodebook:
    """A codebook plus the source positions the cross-file checks need."""

    codebook: Codebook
    id_sites: dict[str, Location]
    key_sites: dict[str, tuple[str, Location]]  # key -> (code id, where)
    reference_sites: list[tuple[str, str, Location]]  # (code id, referenced id, where)
    keyword_sites: list[KeywordSite]


def closest_hint(word: str, choices: Sequence[str]) -> str:
    match = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    if match:
        return f"; did you mean '{match[0]}'?"
    return f" (known keys: {', '.join(choices)})"


def validate_tree(root: Any, locator: Locator, path: str | None) -> ValidatedCodebook:
    """Check the whole tree and return the codebook, or raise with every problem found."""
    problems = Problems()
    if not isinstance(root, Mapping):
        problems.add("a codebook file must be a mapping with keys codebook, version, language, themes",
                     locator.of_node(root))
        problems.raise_if_any()
    for key in root:
        if key not in TOP_KEYS:
            problems.add(f"unknown key '{key}'{closest_hint(key, TOP_KEYS)}", locator.of_key(root, key))
    name = _required_text(root, "codebook", locator, problems)
    version = _version(root, locator, problems)
    languages = _languages(root, locator, problems)
    themes = root.get("themes")
    walker = _NodeWalker(name or "", languages, locator, problems)
    if "themes" not in root:
        problems.add("missing key 'themes' (the list of top-level codes)", locator.of_node(root))
    elif not isinstance(themes, list) or not themes:
        problems.add("'themes' must be a non-empty list of codes", locator.of_value(root, "themes"))
    else:
        walker.walk(themes, parent_id=None, depth=0)
    problems.raise_if_any()
    codebook = Codebook(name=name or "", version=version or 1, languages=languages,
                        codes=tuple(walker.codes), path=path)
    return ValidatedCodebook(codebook, walker.id_sites, walker.key_sites,
                             walker.reference_sites, walker.keyword_sites)


def _required_text(node: Mapping, key: str, locator: Locator, problems: Problems) -> str | None:
    if key not in node:
        problems.add(f"missing key '{key}'", locator.of_node(node))
        return None
    value = node[key]
    if not isinstance(value, str) or not value.strip():
        problems.add(f"'{key}' must be non-empty text", locator.of_value(node, key))
        return None
    return value.strip()


def _version(root: Mapping, locator: Locator, problems: Problems) -> int | None:
    if "version" not in root:
        problems.add("missing key 'version' (a whole number, e.g. version: 1)", locator.of_node(root))
        return None
    value = root["version"]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problems.add("'version' must be a whole number of at least 1", locator.of_value(root, "version"))
        return None
    return value


def _languages(root: Mapping, locator: Locator, problems: Problems) -> tuple[str, ...]:
    value = root.get("language", list(LANGUAGES))
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values:
        problems.add(f"'language' must be a list such as [zh, en]", locator.of_value(root, "language"))
        return LANGUAGES
    languages: list[str] = []
    for index, item in enumerate(values):
        if item not in LANGUAGES:
            where = locator.of_value(root, "language") if isinstance(value, str) else locator.of_item(values, index)
            problems.add(f"unknown language {item!r}; use {' or '.join(LANGUAGES)}", where)
        elif item not in languages:
            languages.append(item)
    return tuple(languages) or LANGUAGES


class _NodeWalker:
    """Walks the nested codes depth-first, checking each node and flattening it."""

    def __init__(self, codebook: str, languages: tuple[str, ...], locator: Locator, problems: Problems):
        self.codebook = codebook
        self.languages = languages
        self.locator = locator
        self.problems = problems
        self.codes: list[Code] = []
        self.id_sites: dict[str, Location] = {}
        self.key_sites: dict[str, tuple[str, Location]] = {}
        self.reference_sites: list[tuple[str, str, Location]] = []
        self.keyword_sites: list[KeywordSite] = []

    def walk(self, nodes: list, parent_id: str | None, depth: int) -> None:
        for position, node in enumerate(nodes):
            if not isinstance(node, Mapping):
                self.problems.add("each code must be a mapping with at least 'id' and 'label'",
                                  self.locator.of_item(nodes, position))
                continue
            code_id = self._node(node, parent_id, position, depth)
            children = node.get("codes")
            if children is None:
                continue
            if not isinstance(children, list):
                self.problems.add("'codes' must be a list of codes", self.locator.of_value(node, "codes"))
            else:
                self.walk(children, code_id, depth + 1)

    def _node(self, node: Mapping, parent_id: str | None, position: int, depth: int) -> str:
        loc = self.locator
        for key in node:
            if key not in NODE_KEYS:
                self.problems.add(f"unknown key '{key}'{closest_hint(key, NODE_KEYS)}", loc.of_key(node, key))
        code_id = self._id(node)
        texts = {key: self._text(node, key) for key in TEXT_KEYS}
        self.codes.append(Code(
            id=code_id,
            labels=self._labels(node, code_id),
            codebook=self.codebook,
            parent_id=parent_id,
            examples=self._examples(node),
            keywords=self._keywords(node, code_id),
            negated_suggests=self._references(node, code_id),
            key=self._key(node, code_id),
            color=self._colour(node),
            position=position,
            depth=depth,
            **texts,
        ))
        return code_id

    def _id(self, node: Mapping) -> str:
        loc = self.locator
        if "id" not in node:
            self.problems.add("code without an 'id'", loc.of_node(node))
            return f"<missing id at {loc.of_node(node)}>"
        value = node["id"]
        if not isinstance(value, str) or not CODE_ID.match(value):
            self.problems.add(
                f"invalid id {value!r}: use letters, digits and _ . - starting with a letter (e.g. PF_GOAL)",
                loc.of_value(node, "id"))
            return str(value)
        if value in self.id_sites:
            self.problems.add(f"duplicate id '{value}' (first defined at {self.id_sites[value]})",
                              loc.of_value(node, "id"))
        else:
            self.id_sites[value] = loc.of_value(node, "id")
        return value

    def _labels(self, node: Mapping, code_id: str) -> dict[str, str]:
        loc = self.locator
        if "label" not in node:
            self.problems.add(f"code '{code_id}' has no 'label' (e.g. label: {{zh: 目标专注, en: Goal focus}})",
                              loc.of_node(node))
            return {}
        value = node["label"]
        if not isinstance(value, Mapping):
            self.problems.add(f"'label' of '{code_id}' must map languages to text, e.g. {{zh: 目标专注, en: Goal focus}}",
                              loc.of_value(node, "label"))
            return {}
        labels: dict[str, str] = {}
        for language in value:
            if language not in LANGUAGES:
                self.problems.add(f"unknown label language '{language}'{closest_hint(language, LANGUAGES)}",
                                  loc.of_key(value, language))
        for language in self.languages:
            text = value.get(language)
            if not isinstance(text, str) or not text.strip():
                where = loc.of_value(value, language) if language in value else loc.of_value(node, "label")
                self.problems.add(f"code '{code_id}' is missing its {language} label", where)
            else:
                labels[language] = text.strip()
        return labels

    def _text(self, node: Mapping, key: str) -> str:
        value = node.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.problems.add(f"'{key}' must be text", self.locator.of_value(node, key))
            return ""
        return value.strip()

    def _examples(self, node: Mapping) -> tuple[str, ...]:
        value = node.get("examples")
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problems.add("'examples' must be a list of quotations", self.locator.of_value(node, "examples"))
            return ()
        examples = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.problems.add("each example must be non-empty text", self.locator.of_item(value, index))
            else:
                examples.append(item.strip())
        return tuple(examples)

    def _keywords(self, node: Mapping, code_id: str) -> Keywords:
        loc = self.locator
        value = node.get("keywords")
        if value is None:
            return Keywords()
        if not isinstance(value, Mapping):
            self.problems.add("'keywords' must map languages to lists, e.g. {zh: [目标], en: [goal]}",
                              loc.of_value(node, "keywords"))
            return Keywords()
        per_language: dict[str, tuple[str, ...]] = {}
        for language, words in value.items():
            if language not in LANGUAGES:
                self.problems.add(f"unknown keyword language '{language}'{closest_hint(language, LANGUAGES)}",
                                  loc.of_key(value, language))
            elif words is None:
                per_language[language] = ()
            elif not isinstance(words, list):
                self.problems.add(f"keywords for '{language}' must be a list", loc.of_value(value, language))
            else:
                per_language[language] = self._keyword_list(words, code_id, language)
        return Keywords(**per_language)

    def _keyword_list(self, words: list, code_id: str, language: str) -> tuple[str, ...]:
        seen: dict[str, Location] = {}
        kept = []
        for index, word in enumerate(words):
            where = self.locator.of_item(words, index)
            try:
                rule = parse_keyword_rule(word, language)
            except CodebookError as error:
                self.problems.add(f"code '{code_id}': {error.message}", where)
                continue
            if rule.normalized in seen:
                self.problems.add(f"code '{code_id}' lists keyword {rule.text!r} twice (first at {seen[rule.normalized]})",
                                  where)
                continue
            seen[rule.normalized] = where
            kept.append(rule.text)
            self.keyword_sites.append(KeywordSite(code_id, language, rule.normalized, rule.text, where))
        return tuple(kept)

    def _key(self, node: Mapping, code_id: str) -> str | None:
        if "key" not in node or node["key"] is None:
            return None
        value, where = node["key"], self.locator.of_value(node, "key")
        if not isinstance(value, str) or len(value) != 1 or value.isspace():
            self.problems.add(f"'key' of '{code_id}' must be a single character, e.g. key: g", where)
            return None
        if value in RESERVED_KEYS:
            self.problems.add(
                f"key '{value}' of '{code_id}' is reserved for qualcode's own commands "
                f"(reserved: {' '.join(sorted(RESERVED_KEYS))})", where)
            return None
        if value in self.key_sites:
            other, first = self.key_sites[value]
            self.problems.add(f"key '{value}' of '{code_id}' is already used by '{other}' at {first}", where)
        else:
            self.key_sites[value] = (code_id, where)
        return value

    def _colour(self, node: Mapping) -> str | None:
        if "color" not in node:
            return None
        value, where = node["color"], self.locator.of_value(node, "color")
        if value is None:
            self.problems.add('\'color\' is empty; in YAML a colour must be quoted, e.g. color: "#4e79a7", '
                              "or '#...' is read as a comment", where)
            return None
        if not isinstance(value, str) or not COLOUR.match(value):
            self.problems.add(f"bad colour {value!r}: use #rgb or #rrggbb, e.g. \"#4e79a7\"", where)
            return None
        return normalized_colour(value)

    def _references(self, node: Mapping, code_id: str) -> tuple[str, ...]:
        value = node.get("negated_suggests")
        if value is None:
            return ()
        if isinstance(value, str):
            value_list, single = [value], True
        elif isinstance(value, list):
            value_list, single = value, False
        else:
            self.problems.add("'negated_suggests' must be a list of code ids",
                              self.locator.of_value(node, "negated_suggests"))
            return ()
        references = []
        for index, item in enumerate(value_list):
            where = (self.locator.of_value(node, "negated_suggests") if single
                     else self.locator.of_item(value_list, index))
            if not isinstance(item, str) or not item:
                self.problems.add("'negated_suggests' entries must be code ids", where)
            elif item == code_id:
                self.problems.add(f"code '{code_id}' cannot suggest itself in 'negated_suggests'", where)
            else:
                references.append(item)
                self.reference_sites.append((code_id, item, where))
        return tuple(references)

