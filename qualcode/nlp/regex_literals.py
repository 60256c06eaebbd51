"""Strings a ``re:`` keyword cannot match without: a cheap test before running the expression.

Most codebook expressions start from a list of words, e.g. ``(爸|妈|父母).{0,10}(鼓励|支持)``:
every match contains 鼓励 or 支持. Checking those few words with ``in`` costs far less
than running the expression on every turn, and a turn without any of them cannot match.

The test must never skip a turn the expression would match, so it is built only from
syntax that Python's own parser reads exactly as the ``regex`` engine does, and only from
characters without case (every rule matches case-insensitively); anything else gives
``None`` (no test: the expression always runs).
"""

from __future__ import annotations

import itertools
import re

try:  # Python 3.11+
    import re._parser as _sre  # type: ignore[import-not-found]
    from re._constants import (AT, BRANCH, IN, LITERAL, MAX_REPEAT, MIN_REPEAT,  # type: ignore[import-not-found]
                               SUBPATTERN)
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre  # type: ignore[no-redef]
    from sre_constants import AT, BRANCH, IN, LITERAL, MAX_REPEAT, MIN_REPEAT, SUBPATTERN  # type: ignore

MAX_STRINGS = 64  # a larger set is not worth testing word by word
# Syntax the `regex` engine reads differently from Python's parser (fuzzy {e<=1}, \p{Han}, POSIX
# classes, version/branch-reset/recursion groups, named lists): no test for such an expression.
_FOREIGN_SYNTAX = re.compile(r"\\[pPNXmMGLKQE]|\[:|\(\?[^:=!<P]|\(\?<[^=!]|\{(?!\d*,?\d*\})")
Strings = frozenset[str]


def required_strings(pattern: str) -> Strings | None:
    """A set of strings one of which every match of ``pattern`` contains, or None when unsure."""
    parsed = _parse(pattern)
    found = _required(parsed) if parsed is not None else None
    return found if found and "" not in found else None


MAX_SETS = 4  # per expression: each set is one more search in the prefilter's automaton


def required_string_sets(pattern: str) -> tuple[Strings, ...] | None:
    """Sets of strings such that every match of ``pattern`` contains one string of *each* set, or None.

    ``(可以|能)(做|学)(好|到)`` is too many strings for one set but gives {可以做, 能做, ...} and
    {做好, 学到, ...}: a turn needs one of each, a far stricter test than one of 做 or 学.
    The most selective sets come first (longest shortest string, then fewest strings); a set
    implied by another (every string of the other contains one of its strings) is left out.
    """
    parsed = _parse(pattern)
    if parsed is None:
        return None
    usable = sorted(set(_usable(_candidates(parsed, windows=True))),
                    key=lambda strings: (-min(map(len, strings)), len(strings), sorted(strings)))
    kept: list[Strings] = []
    for strings in usable:
        if not any(all(any(part in whole for part in strings) for whole in other) for other in kept):
            kept.append(strings)
    return tuple(kept[:MAX_SETS]) or None


def _parse(pattern: str) -> list | None:
    if _FOREIGN_SYNTAX.search(pattern):
        return None
    try:
        return list(_sre.parse(pattern, 0))
    except (re.error, RecursionError, OverflowError):
        return None


def _uncased(text: str) -> bool:
    return text.lower() == text and text.upper() == text and text.casefold() == text


def _exact(item) -> Strings | None:
    """Every string ``item`` can match, when that is a small finite set of case-free strings."""
    op, value = item
    if op == LITERAL:
        char = chr(value)
        return frozenset({char}) if _uncased(char) else None
    if op == AT:
        return frozenset({""})  # ^ $ \b: zero-width
    if op == SUBPATTERN:
        return _exact_sequence(list(value[-1]))
    if op == BRANCH:
        return _union([_exact_sequence(list(alternative)) for alternative in value[1]])
    if op == IN:
        if all(kind == LITERAL for kind, _ in value):
            chars = {chr(code) for _, code in value}
            return frozenset(chars) if all(map(_uncased, chars)) else None
        return None
    if op in (MAX_REPEAT, MIN_REPEAT):
        low, high, body = value
        inner = _exact_sequence(list(body))
        if inner is None or high > 2:
            return None
        return _union([_product([inner] * count) for count in range(low, high + 1)])
    return None


def _exact_sequence(items: list) -> Strings | None:
    return _product([_exact(item) for item in items])


def _product(parts: list[Strings | None]) -> Strings | None:
    if any(part is None for part in parts):
        return None
    size = 1
    for part in parts:
        size *= len(part)  # type: ignore[arg-type]
        if size > MAX_STRINGS:
            return None
    return frozenset("".join(combo) for combo in itertools.product(*parts))  # type: ignore[arg-type]


def _union(sets: list[Strings | None]) -> Strings | None:
    if any(s is None for s in sets):
        return None
    joined = frozenset().union(*sets)  # type: ignore[arg-type]
    return joined if len(joined) <= MAX_STRINGS else None


def _required(items: list) -> Strings | None:
    """Required strings of a sequence: from a run of exact items, or from one mandatory item."""
    usable = _usable(_candidates(items, windows=False))
    if not usable:
        return None
    return max(usable, key=lambda strings: (min(map(len, strings)), -len(strings)))


def _usable(candidates: list[Strings]) -> list[Strings]:
    return [c for c in candidates if c and "" not in c]


def _candidates(items: list, *, windows: bool) -> list[Strings]:
    """Sets of strings each of which every match of the sequence contains one of.

    A run of exact items gives the product of the whole run (or, when that is too large, each item on
    its own); with ``windows`` every stretch of the run whose product is small enough, and the sets
    inside mandatory groups, are offered too.
    """
    candidates: list[Strings] = []
    run: list[Strings] = []
    for item in [*items, None]:
        exact = _exact(item) if item is not None else None
        if exact is not None:
            run.append(exact)
            continue
        if run and windows:
            candidates += [found for first in range(len(run)) for last in range(first + 1, len(run) + 1)
                           if (found := _product(run[first:last]))]
        elif run:
            joined = _product(run)
            candidates += [joined] if joined else [s for s in run if s]
        run = []
        if item is not None:
            candidates += _item_candidates(item) if windows else [found for found in [_required_item(item)] if found]
    return candidates


def _item_candidates(item) -> list[Strings]:
    """Every required set of one mandatory item (a group, an alternation, a repeat of at least one)."""
    op, value = item
    if op == SUBPATTERN:
        return _candidates(list(value[-1]), windows=True)
    if op in (MAX_REPEAT, MIN_REPEAT) and value[0] >= 1:
        return _candidates(list(value[2]), windows=True)
    found = _required_item(item)
    return [found] if found else []


def _required_item(item) -> Strings | None:
    op, value = item
    if op == SUBPATTERN:
        return _required(list(value[-1]))
    if op == BRANCH:
        return _union([_required(list(alternative)) for alternative in value[1]])
    if op in (MAX_REPEAT, MIN_REPEAT) and value[0] >= 1:
        return _required(list(value[2]))
    return None
