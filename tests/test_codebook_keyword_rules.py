"""The keyword-rule parser shared by the codebook loader and the NLP engine."""

from __future__ import annotations

import pytest

from qualcode.core.errors import CodebookError
from qualcode.core.keyword_rules import parse_keyword_rule


@pytest.mark.parametrize(
    ("text", "language", "kind", "term"),
    [
        ("目标", "zh", "word", "目标"),
        ("家里人", "zh", "word", "家里人"),
        ("confident", "en", "word", "confident"),
        ("work toward", "en", "phrase", "work toward"),
        ("support*", "en", "prefix", "support"),
        ("  goal  ", "en", "word", "goal"),
        ("re:考(了|到)?证", "zh", "regex", "考(了|到)?证"),
    ],
)
def test_simple_forms(text, language, kind, term):
    rule = parse_keyword_rule(text, language)
    assert (rule.kind, rule.term) == (kind, term)


def test_regex_rule_is_compiled():
    rule = parse_keyword_rule("re:(?<!社工)老师", "zh")
    assert rule.pattern is not None
    assert rule.pattern.search("班主任老师") and not rule.pattern.search("社工老师")


@pytest.mark.parametrize(
    ("text", "left", "right", "distance"),
    [
        ("老师 NEAR/5 帮", "老师", "帮", 5),
        ("老师NEAR/5帮", "老师", "帮", 5),
        ("teacher NEAR/3 help*", "teacher", "help*", 3),
        ("family NEAR/50 support", "family", "support", 50),
        ("work toward NEAR/2 goal", "work toward", "goal", 2),
    ],
)
def test_near_rules(text, left, right, distance):
    rule = parse_keyword_rule(text)
    assert rule.kind == "near"
    assert (rule.left.text, rule.right.text, rule.distance) == (left, right, distance)
    if right.endswith("*"):
        assert rule.right.kind == "prefix" and rule.right.term == right[:-1]


@pytest.mark.parametrize(
    ("text", "language", "message"),
    [
        ("", None, "empty keyword"),
        ("   ", None, "empty keyword"),
        (None, None, "must be text"),
        (3, None, "must be text"),
        ("re:", None, "empty regular expression"),
        ("re:(考", None, "invalid regular expression"),
        ("re:x*", None, "matches empty text"),
        ("A NEAR/0 B", None, "out of range"),
        ("A NEAR/51 B", None, "out of range"),
        ("A NEAR/-2 B", None, "needs a distance"),
        ("A NEAR/two B", None, "needs a distance"),
        ("A NEAR B", None, "needs a distance"),
        ("NEAR/3 B", None, "a term on each side"),
        ("A NEAR/3", None, "a term on each side"),
        ("A NEAR/3 B NEAR/3 C", None, "more than one NEAR"),
        ("re:x NEAR/3 y", None, None),  # a regex may contain anything, even NEAR
        ("A NEAR/3 re:b", None, "cannot be a regular expression"),
        ("sup*ort", None, "'*' may only end a word"),
        ("*", None, "'*' may only end a word"),
        ("work toward*", "en", "single word"),
        ("家人 支持", "zh", "contains a space"),
        ("家人\u3000支持", "zh", "contains a space"),
        ("家人 NEAR/3 支持 一下", "zh", "contains a space"),
    ],
)
def test_bad_rules(text, language, message):
    if message is None:
        assert parse_keyword_rule(text, language).kind == "regex"
        return
    with pytest.raises(CodebookError) as info:
        parse_keyword_rule(text, language)
    assert message in info.value.message


def test_normalized_form_for_duplicate_checks():
    assert parse_keyword_rule("Work  Toward").normalized == parse_keyword_rule("work toward").normalized
