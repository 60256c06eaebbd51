"""Keyword rules for the matcher, parsed by the codebook's own parser.

A rule is a word or phrase (``目标``, ``work toward``), a prefix (``plan*``), a
regular expression (``re:考(上|进)了?(大专|高职)``) or a proximity rule
(``老师 NEAR/5 鼓励``: both terms within 5 tokens, either order). Parsing is
:func:`qualcode.core.keyword_rules.parse_keyword_rule`, the same function
that validates codebooks, so a rule the codebook accepts is a rule the engine
understands; here it is only reshaped for matching.
"""

from __future__ import annotations

import regex
from dataclasses import dataclass
from typing import Literal

from qualcode.core.errors import CodebookError, Location
from qualcode.core.keyword_rules import KeywordRule, parse_keyword_rule

RuleKind = Literal["word", "prefix", "regex", "near"]


@dataclass(frozen=True)
class Term:
    """A word/phrase or a prefix, the building block of every non-regex rule."""

    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Rule:
    source: str  # the rule exactly as written
    kind: RuleKind
    terms: tuple[Term, ...] = ()  # one term, or two for NEAR
    distance: int = 0  # NEAR distance in tokens
    pattern: regex.Pattern[str] | None = None


def _term(rule: KeywordRule) -> Term:
    return Term(text=rule.term.strip(), prefix=rule.kind == "prefix")


def parse_rule(source: object, language: str, *, where: Location | None = None) -> Rule:
    """Parse one keyword rule; raise :class:`CodebookError` naming it (and ``where``) when it is malformed."""
    try:
        parsed = parse_keyword_rule(source, language)
    except CodebookError as exc:
        raise CodebookError(exc.message, where) from None
    text = parsed.text.strip()
    if parsed.kind == "regex":
        # The parser compiled it case-insensitively, like every other rule ("School" finds school).
        return Rule(source=text, kind="regex", pattern=parsed.pattern)
    if parsed.kind == "near":
        assert parsed.left is not None and parsed.right is not None and parsed.distance is not None
        return Rule(source=text, kind="near", terms=(_term(parsed.left), _term(parsed.right)),
                    distance=parsed.distance)
    return Rule(source=text, kind="prefix" if parsed.kind == "prefix" else "word", terms=(_term(parsed),))
