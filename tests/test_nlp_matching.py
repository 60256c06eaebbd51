"""Every keyword form in both languages, on the real jieba and spaCy."""

from __future__ import annotations

import pytest

from _nlp_fixtures import code, resilience_codebook
from qualcode.core.models import Codebook
from qualcode.nlp.engine import SuggestionEngine
from qualcode.nlp.language import detect_segment_language
from qualcode.nlp.settings import NlpSettings
from qualcode.nlp.tokenizers import cut_chinese


@pytest.fixture(scope="module")
def engine() -> SuggestionEngine:
    return SuggestionEngine([resilience_codebook()])


def by_code(engine: SuggestionEngine, text: str, **kwargs):
    found = {s.code_id: s for s in engine.suggest_text(text, min_score=0, **kwargs)}
    for scored in found.values():
        for evidence in scored.evidence:  # offsets are relative to the segment and code-point based
            assert text[evidence.start:evidence.end] == evidence.matched
    return found


def kinds(scored) -> set[str]:
    return {e.kind for e in scored.evidence}


def test_chinese_word_on_a_token_is_exact(engine):
    found = by_code(engine, "我的目标是考上大专")
    assert set(found) == {"PF_GOAL"}
    assert [(e.keyword, e.start, e.end, e.kind) for e in found["PF_GOAL"].evidence] == [("目标", 2, 4, "exact")]


def test_chinese_keyword_found_across_a_segmentation_boundary():
    # jieba cuts 鼓励我要有自信 as 鼓励/我要/有/自信: the keyword 励我 straddles two tokens.
    engine = SuggestionEngine([Codebook("t", 1, ("zh",), (code("X", zh=["励我", "我要有"]),))])
    assert "励我" not in cut_chinese("鼓励我要有自信")
    found = by_code(engine, "鼓励我要有自信")
    assert {(e.keyword, e.matched, e.kind) for e in found["X"].evidence} == {
        ("励我", "励我", "substring"), ("我要有", "我要有", "substring")}


def test_codebook_words_are_added_to_jieba(engine):
    assert "家里人" in cut_chinese("我家里人都很支持我")
    found = by_code(engine, "我家里人都很支持我")
    assert found["PF_FAMILY"].evidence[0].kind == "exact"


def test_longer_keyword_of_the_same_code_counts_once(engine):
    found = by_code(engine, "老师说要有自信")
    assert [e.keyword for e in found["PF_CONFIDENCE"].evidence] == ["要有自信"]


def test_chinese_near_rule_within_and_beyond_distance(engine):
    assert "PF_SCHOOL" in by_code(engine, "老师一直鼓励我")
    near = by_code(engine, "老师一直鼓励我")["PF_SCHOOL"].evidence[0]
    assert (near.kind, near.start, near.end) == ("near", 0, 6)
    assert "PF_SCHOOL" in by_code(engine, "鼓励我的是老师")  # either order
    far = "老师今天上午在教室里面跟我们说了很多很多的事情然后鼓励"
    assert "PF_SCHOOL" not in by_code(engine, far)


def test_regex_rules_in_both_languages(engine):
    zh = by_code(engine, "我们辅导员人很好")["PF_SCHOOL"].evidence[0]
    assert (zh.kind, zh.matched) == ("regex", "辅导员")
    en = by_code(engine, "The School helped", language="en")["PF_SCHOOL"]
    assert "regex" in kinds(en)


def test_english_lemmas_match_every_inflection(engine):
    for text in ("They supported me.", "She is supporting me.", "He supports me."):
        evidence = by_code(engine, text)["PF_FAMILY"].evidence
        assert [(e.keyword, e.kind) for e in evidence] == [("support", "lemma")]
    assert by_code(engine, "Their support matters.")["PF_FAMILY"].evidence[0].kind == "exact"


def test_english_prefix_and_phrase(engine):
    found = by_code(engine, "I was planning to work toward a diploma")
    assert {(e.keyword, e.matched) for e in found["PF_GOAL"].evidence} == {
        ("plan*", "planning"), ("work toward", "work toward")}
    calm = by_code(engine, "Then I calmed down.")["PF_EMOTION"].evidence[0]
    assert calm.matched == "calmed down"


def test_english_near_rule(engine):
    evidence = by_code(engine, "The teacher always helped me")["PF_SCHOOL"].evidence[0]
    assert (evidence.kind, evidence.matched) == ("near", "teacher always helped")
    assert "PF_SCHOOL" not in by_code(engine, "The teacher gave us a long and boring talk before she helped")


def test_fuzzy_match_reported_as_fuzzy(engine):
    found = by_code(engine, "Now I am confidant about it")
    evidence = found["PF_CONFIDENCE"].evidence[0]
    assert (evidence.kind, evidence.matched) == ("fuzzy", "confidant")
    assert "fuzzy" in evidence.note


def test_fuzzy_threshold_and_switch_are_respected():
    book = resilience_codebook()
    strict = SuggestionEngine([book], NlpSettings(fuzzy_threshold=95))
    assert "PF_CONFIDENCE" not in {s.code_id for s in strict.suggest_text("I am confidant", min_score=0)}
    off = SuggestionEngine([book], NlpSettings(fuzzy=False))
    assert off.suggest_text("I am confidant", min_score=0) == []


def test_scores_order_exact_lemma_fuzzy_and_more_keywords_beat_one(engine):
    exact = by_code(engine, "My family support matters")["PF_FAMILY"].score
    lemma = by_code(engine, "My family supported me")["PF_FAMILY"].score
    fuzzy = by_code(engine, "I feel confidant")["PF_CONFIDENCE"].score
    assert 1 >= exact > lemma > fuzzy > 0
    one = by_code(engine, "我有目标")["PF_GOAL"].score
    two = by_code(engine, "我有目标，也有计划")["PF_GOAL"].score
    three = by_code(engine, "我有目标，也有计划，准备考证")["PF_GOAL"].score
    assert one < two < three <= 1


def test_keyword_inside_a_longer_keyword_of_another_code_scores_lower(engine):
    found = by_code(engine, "学习压力很大")
    assert found["AD_PRESSURE_STUDY"].score > found["AD_PRESSURE_EMOTION"].score
    assert by_code(engine, "压力很大")["AD_PRESSURE_EMOTION"].score == found["AD_PRESSURE_STUDY"].score


def test_interviewer_turns_are_skipped_by_default():
    from qualcode.core.models import Segment

    book = resilience_codebook()
    turn = Segment(id=1, document_id=1, ordinal=1, start=0, end=6, speaker="访谈者", role="interviewer",
                   text="你有目标吗？")
    assert SuggestionEngine([book]).suggest_segment(turn).codes == ()
    with_interviewer = SuggestionEngine([book], NlpSettings(suggest_interviewer=True))
    assert [c.code_id for c in with_interviewer.suggest_segment(turn).codes] == ["PF_GOAL"]


def test_language_is_detected_per_segment(engine):
    assert set(by_code(engine, "I have a goal")) == {"PF_GOAL"}
    # A Chinese segment is cut with jieba; its English words are still matched with the English keywords
    # (code-switching: tests/test_nlp_mixed_language.py).
    assert detect_segment_language("我有一个goal") == "zh"
    assert [(e.keyword, e.matched) for e in by_code(engine, "我有一个goal")["PF_GOAL"].evidence] == [("goal", "goal")]


def test_fuzzy_needs_the_same_first_letter():
    # "other" is 91% similar to "mother" but is no typo of it.
    engine = SuggestionEngine([Codebook("t", 1, ("en",), (code("FAM", en=["mother"]),))])
    assert engine.suggest_text("the other students", min_score=0) == []
    assert [e.kind for s in engine.suggest_text("my mothr", min_score=0) for e in s.evidence] == ["fuzzy"]
