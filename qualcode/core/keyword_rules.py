"""Keyword rules as written in a codebook, parsed once so every consumer agrees.

A rule is one of:

* ``word``    -- a single word: ``目标``, ``confident``;
* ``phrase``  -- several English words separated by spaces: ``work toward``;
* ``prefix``  -- a word ending in ``*``: ``support*`` (supports, supportive ...);
* ``regex``   -- ``re:`` followed by a Python regular expression: ``re:考(了|到)?证``;
* ``near``    -- ``A NEAR/n B``: both terms within ``n`` tokens of each other,
  in either order (``老师 NEAR/5 帮``, ``teacher NEAR/3 help*``); ``n`` is 1..50.

The codebook loader uses :func:`parse_keyword_rule` to validate, and the NLP
engine uses the same parse to build its matchers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from qualcode.core.errors import CodebookError

if TYPE_CHECKING:
    import regex

RuleKind = Literal["word", "phrase", "prefix", "regex", "near"]

MAX_NEAR_DISTANCE = 50
REGEX_MARKER = "re:"

# NEAR is recognised next to Chinese characters too (老师NEAR/5帮), so the
# boundaries are "not an ASCII letter" rather than \b.
_NEAR_WORD = re.compile(r"(?<![A-Za-z])NEAR(?![A-Za-z])")
_NEAR = re.compile(
    r"^(?P<left>.*?)\s*(?<![A-Za-z])NEAR(?![A-Za-z])(?P<slash>/?)(?P<distance>[-+.\w]*?)"
    r"(?=\s|[^\x00-\x7f]|$)\s*(?P<right>.*)$"
)


@dataclass(frozen=True)
class KeywordRule:
    """One parsed keyword rule.

    ``term`` is the text to look for: the word or phrase itself, a prefix
    without its ``*``, or a regular expression's source.  A ``near`` rule has
    ``left``/``right`` operands (words, phrases or prefixes) and ``distance``.
    """

    text: str
    kind: RuleKind
    term: str = ""
    pattern: regex.Pattern[str] | None = None
    left: KeywordRule | None = None
    right: KeywordRule | None = None
    distance: int | None = None

    @property
    def normalized(self) -> str:
        """Comparison key for duplicates: case-folded, whitespace collapsed."""
        return " ".join(self.text.split()).casefold()


def parse_keyword_rule(text: object, language: str | None = None) -> KeywordRule:
    """Parse one rule; raise :class:`CodebookError` (without a location) if it is invalid.

    With ``language="zh"`` words may not contain spaces, because each Chinese
    keyword becomes a jieba user word and jieba's dictionary format splits on
    spaces.
    """
    if not isinstance(text, str):
        raise CodebookError(f"a keyword must be text, not {_describe(text)}")
    return _parse_text(text, language)


@lru_cache(maxsize=8192)
def _parse_text(text: str, language: str | None) -> KeywordRule:
    # Remembered: loading a codebook validates every rule and building the suggestion engine parses the
    # same rules again (the rule is frozen, so both may share it). A rule that fails raises each time.
    stripped = text.strip()
    if not stripped:
        raise CodebookError("empty keyword")
    if stripped.startswith(REGEX_MARKER):
        return _parse_regex(stripped)
    if _NEAR_WORD.search(stripped):
        return _parse_near(stripped, language)
    return _parse_term(stripped, language, whole=stripped)


def _parse_regex(text: str) -> KeywordRule:
    source = text[len(REGEX_MARKER):].strip()
    if not source:
        raise CodebookError(f"empty regular expression in keyword {text!r}")
    import regex  # here, not at the top: most codebooks have no `re:` rule and every command loads them

    try:
        # The `regex` engine, not `re`: it takes a time budget per search (see qualcode.nlp.matcher), so a
        # pattern that backtracks without end becomes a message instead of a hung `suggest`.
        # Case-insensitive, like every other rule ("School" finds school): the suggestion engine matches
        # with this very pattern, so a codebook's expressions are compiled once, not once more to match.
        pattern = regex.compile(source, regex.IGNORECASE)
    except regex.error as error:
        where = f" at position {error.pos + 1}" if error.pos is not None else ""
        raise CodebookError(
            f"invalid regular expression in keyword {text!r}: {error.msg}{where}"
        ) from None
    if pattern.search("") is not None:
        raise CodebookError(
            f"regular expression in keyword {text!r} matches empty text; it would match everywhere"
        )
    return KeywordRule(text=text, kind="regex", term=source, pattern=pattern)


def _parse_near(text: str, language: str | None) -> KeywordRule:
    if len(_NEAR_WORD.findall(text)) > 1:
        raise CodebookError(f"keyword {text!r} has more than one NEAR; write one rule per pair")
    match = _NEAR.match(text)
    assert match is not None  # the pattern accepts any text containing NEAR
    left, right = match["left"].strip(), match["right"].strip()
    raw_distance = match["distance"]
    if not match["slash"] or not raw_distance.isdigit() or not raw_distance.isascii():
        raise CodebookError(
            f"keyword {text!r}: NEAR needs a distance, e.g. 'A NEAR/5 B' "
            f"(a whole number from 1 to {MAX_NEAR_DISTANCE})"
        )
    distance = int(raw_distance)
    if not 1 <= distance <= MAX_NEAR_DISTANCE:
        raise CodebookError(
            f"keyword {text!r}: NEAR distance {distance} is out of range "
            f"(a whole number from 1 to {MAX_NEAR_DISTANCE})"
        )
    if not left or not right:
        raise CodebookError(f"keyword {text!r}: NEAR needs a term on each side, e.g. 'A NEAR/5 B'")
    return KeywordRule(
        text=text,
        kind="near",
        left=_parse_term(left, language, whole=text),
        right=_parse_term(right, language, whole=text),
        distance=distance,
    )


def _parse_term(term: str, language: str | None, *, whole: str) -> KeywordRule:
    """A word, an English phrase or a prefix (also the operands of NEAR)."""
    if term.startswith(REGEX_MARKER):
        raise CodebookError(f"keyword {whole!r}: a NEAR operand cannot be a regular expression")
    has_space = any(ch.isspace() for ch in term)
    if language == "zh" and has_space:
        raise CodebookError(
            f"Chinese keyword {term!r} contains a space; jieba user words cannot contain "
            f"spaces (write it without the space, or use 'A NEAR/n B')"
        )
    star_count = term.count("*")
    if star_count == 0:
        return KeywordRule(text=term, kind="phrase" if has_space else "word", term=term)
    stem = term[:-1]
    if star_count > 1 or not term.endswith("*") or not stem.strip():
        raise CodebookError(
            f"keyword {whole!r}: '*' may only end a word, as in 'support*'"
        )
    if has_space:
        raise CodebookError(f"keyword {whole!r}: a prefix rule ('word*') must be a single word")
    return KeywordRule(text=term, kind="prefix", term=stem)


def _describe(value: object) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
