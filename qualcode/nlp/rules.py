"""Parsing keyword rules as written in a codebook.

A rule is one of (DESIGN §4):

- a word or phrase: ``目标``, ``work toward``
- a prefix: ``plan*`` (any word starting with ``plan``)
- a regular expression: ``re:考(上|进)了?(大专|高职)``
- a proximity rule: ``老师 NEAR/5 鼓励`` (both terms within 5 tokens, either order)

Kept small and isolated: the codebook loader validates rules when a codebook
is read; the matcher parses them again here so it never depends on how the
codebook was loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from qualcode.core.errors import CodebookError, Location

RuleKind = Literal["word", "prefix", "regex", "near"]

MAX_NEAR_DISTANCE = 50
_NEAR = re.compile(r"^(?P<a>.+?)\s+NEAR/(?P<n>\S*)\s+(?P<b>.+)$")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


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
    pattern: re.Pattern[str] | None = None


def _term(text: str, rule: str, where: Location) -> Term:
    text = text.strip()
    if not text or text == "*":
        raise CodebookError(f"keyword {rule!r} has an empty term", where)
    prefix = text.endswith("*")
    if prefix:
        text = text[:-1].rstrip()
    if "*" in text:
        raise CodebookError(f"keyword {rule!r}: '*' is only allowed at the end of a word", where)
    return Term(text=text, prefix=prefix)


def parse_rule(source: object, language: str, *, where: Location | None = None) -> Rule:
    """Parse one keyword rule; raise :class:`CodebookError` naming it when it is malformed."""
    where = where or Location()
    if not isinstance(source, str) or not source.strip():
        raise CodebookError(f"empty keyword ({source!r}); remove it or write a word", where)
    text = source.strip()
    if text.startswith("re:"):
        body = text[3:]
        if not body:
            raise CodebookError(f"keyword {source!r} has an empty regular expression", where)
        try:
            pattern = re.compile(body, re.IGNORECASE)
        except re.error as exc:
            raise CodebookError(f"keyword {source!r} is not a valid regular expression: {exc}", where) from exc
        if pattern.search("") is not None:
            raise CodebookError(f"keyword {source!r} matches the empty string, so it would match everything", where)
        return Rule(source=text, kind="regex", pattern=pattern)
    near = _NEAR.match(text)
    if near is None and "NEAR/" in text:
        raise CodebookError(f"keyword {source!r}: write NEAR rules as 'A NEAR/n B' with spaces around NEAR/n", where)
    if near is not None:
        raw = near.group("n")
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_NEAR_DISTANCE:
            raise CodebookError(
                f"keyword {source!r}: NEAR distance must be a whole number from 1 to {MAX_NEAR_DISTANCE}, "
                f"not {raw!r}", where)
        terms = (_term(near.group("a"), text, where), _term(near.group("b"), text, where))
        for term in terms:
            _check_spaces(term, text, language, where)
        return Rule(source=text, kind="near", terms=terms, distance=int(raw))
    term = _term(text, text, where)
    _check_spaces(term, text, language, where)
    return Rule(source=text, kind="prefix" if term.prefix else "word", terms=(term,))


def _check_spaces(term: Term, rule: str, language: str, where: Location) -> None:
    # jieba never produces a token containing a space, and Chinese transcripts are
    # written without spaces: such a keyword could never match.
    if language == "zh" and any(ch.isspace() for ch in term.text) and _HAN.search(term.text):
        joined = "".join(term.text.split())
        raise CodebookError(
            f"Chinese keyword {rule!r} contains a space and would never match; write {joined!r}, "
            f"or a proximity rule such as '{term.text.split()[0]} NEAR/3 {term.text.split()[-1]}'", where)
