"""Work suggest skips or shares must leave every suggestion as it was.

Each shortcut is checked against the plain computation it replaces, on real jieba and the shipped
codebooks: the stricter `re:` prefilter (one string of *each* required set) never drops a rule that
matches, and the token starts a NEAR rule counts are those of one cut of the whole turn.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from qualcode.core.codebook import load_codebook
from qualcode.nlp.engine import SuggestionEngine
from qualcode.nlp.matcher import _ClauseTokens, regex_candidates
from qualcode.nlp.regex_literals import required_string_sets, required_strings
from qualcode.nlp.tokenizers import cut_chinese, token_starts

REPO = Path(__file__).resolve().parents[1]
ENGINE = SuggestionEngine([load_codebook(path) for path in sorted((REPO / "codebooks").glob("*.yaml"))])
COMPILED = ENGINE.compiled


def _rule_index(source: str) -> int:
    return next(i for i, rule in enumerate(COMPILED.rules) if rule.rule.source == source)


def test_an_expression_too_wide_for_one_set_gets_stricter_sets():
    pattern = "我(也|还是|真的)?(可以|能)(做|学|干|搞)(好|到|成|定)"
    assert required_strings(pattern) == frozenset({"我"})  # the single best set: any turn with 我
    sets = required_string_sets(pattern)
    assert sets is not None and all(min(map(len, strings)) >= 3 for strings in sets)
    assert any("能学到" in strings for strings in sets)


def test_a_turn_with_only_one_required_set_is_not_searched():
    index = _rule_index("re:以后.{0,6}(不知道|没想|不清楚)")
    assert index not in regex_candidates(COMPILED, "zh", "以后想去工厂实习")  # 以后, but none of the others
    assert index in regex_candidates(COMPILED, "zh", "以后怎么样我不知道")  # both: it runs (and fails)
    assert index in regex_candidates(COMPILED, "zh", "以后干什么我也不知道")
    wide = _rule_index("re:我(也|还是|真的)?(可以|能)(做|学|干|搞)(好|到|成|定)")
    assert wide not in regex_candidates(COMPILED, "zh", "我觉得我们班还可以")  # the old set {我} let it run


@pytest.mark.parametrize("pattern", ["x?", "(?i)School", r"\p{Han}+自信", "(a)\\1"])
def test_expressions_outside_the_safe_syntax_get_no_sets(pattern):
    assert required_string_sets(pattern) is None


CLAUSE_PIECES = ["老师", "一直", "鼓励", "我", "要有自信", "学习压力", "很大", "Excel", "3", "5", "abc", "，", "。",
                 "！", "？", "；", "：", ",", ";", ":", "!", "?", "…", "\n", " ", "\t", "的", "了", "中考失利", "家里人"]


@pytest.mark.parametrize("extra", [[], ["."], ["\r", "\r\n"]])
def test_token_starts_from_clauses_equal_one_cut_of_the_turn(extra):
    rng = random.Random(len(extra))
    for _ in range(400):
        text = "".join(rng.choice(CLAUSE_PIECES + extra * 3) for _ in range(rng.randint(0, 40)))
        assert _ClauseTokens(text).all_starts() == token_starts(cut_chinese(text)), repr(text)


def test_near_rules_far_apart_in_characters_still_count_tokens():
    """The character shortcut only accepts pairs: a pair further apart than the distance in tokens is refused."""
    near = _rule_index("希望 NEAR/8 自信")
    close = ENGINE.suggest_text("我希望变得更加自信", language="zh", min_score=0)
    far = ENGINE.suggest_text("我希望，" + "今天我们上了两节实训课下午还有体育课晚上" + "自信", language="zh", min_score=0)
    source = COMPILED.rule(near).rule.source
    assert any(e.keyword == source for s in close for e in s.evidence)
    assert not any(e.keyword == source for s in far for e in s.evidence)


def test_evidence_json_is_what_the_json_module_writes():
    import json
    import math

    from qualcode.core.models import Evidence
    from qualcode.storage.suggestions import evidence_from_json, evidence_to_json

    rng = random.Random(5)
    odd = ['"', "\\", "\n", "\t", "\x00", "\u2028", "😀", "自信", "a'b", "", "é", "\ud800"]
    for _ in range(500):
        evidence = [Evidence("".join(rng.choices(odd, k=rng.randint(0, 4))), "".join(rng.choices(odd, k=3)),
                             rng.randint(0, 10**6), rng.randint(0, 10**12),
                             rng.choice(["exact", "fuzzy", "near", "negated"]),
                             rng.choice([rng.random(), round(rng.random(), 3), 1.0, 0.0, 1e-7, 1, 0, math.nan, 2e22]),
                             "".join(rng.choices(odd, k=rng.randint(0, 6))))
                    for _ in range(rng.randint(0, 4))]
        plain = [{"keyword": e.keyword, "matched": e.matched, "start": e.start, "end": e.end, "kind": e.kind,
                  "weight": e.weight, "note": e.note} for e in evidence]
        assert evidence_to_json(evidence) == json.dumps(plain, ensure_ascii=False)
    ordinary = [Evidence("自信", "自信", 3, 5, "exact", 0.6, "hedge cue '好像' at 1")]
    assert evidence_from_json(evidence_to_json(ordinary)) == (tuple(ordinary), None)


def test_language_share_without_han_is_zero_or_none_as_counted_letter_by_letter():
    import re

    from qualcode.core.language import cjk_share

    han, latin = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]"), re.compile(
        "[A-Za-z\u00c0-\u024f]")
    rng = random.Random(9)
    pieces = ["I", "was", " ", ".", "’", "é", "Ā", "自信", "3", "！", "\n", "😀", "ß"]
    for _ in range(2000):
        text = "".join(rng.choices(pieces, k=rng.randint(0, 12)))
        counted_han, counted_latin = len(han.findall(text)), len(latin.findall(text))
        expected = counted_han / (counted_han + counted_latin) if counted_han + counted_latin else None
        assert cjk_share(text) == expected, repr(text)
