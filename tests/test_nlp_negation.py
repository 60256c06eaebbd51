"""Negation and hedging in both languages."""

from __future__ import annotations

import pytest

from _nlp_fixtures import resilience_codebook
from qualcode.nlp.engine import SuggestionEngine
from qualcode.nlp.settings import NlpSettings


@pytest.fixture(scope="module")
def engine() -> SuggestionEngine:
    return SuggestionEngine([resilience_codebook()])


def codes(engine, text):
    return {s.code_id: s for s in engine.suggest_text(text, min_score=0)}


@pytest.mark.parametrize("text", ["我不自信", "我没自信", "我没有自信", "我不太自信", "我并不是很自信", "我从来不自信",
                                  "我缺乏自信"])
def test_negated_confidence_suggests_the_need_not_the_strength(engine, text):
    found = codes(engine, text)
    assert "PF_CONFIDENCE" not in found
    assert "ND_CONFIDENCE" in found and "AD_LOWSELF" in found
    negated = [e for e in found["AD_LOWSELF"].evidence if e.kind == "negated"]
    assert negated and "negates PF_CONFIDENCE" in negated[0].note


def test_no_goal_suggests_confusion(engine):
    found = codes(engine, "我现在没有目标")
    assert "PF_GOAL" not in found
    assert [e.kind for e in found["AD_CONFUSION"].evidence] == ["negated"]


@pytest.mark.parametrize("text", ["我不断给自己定目标", "不管怎样我都有目标", "我不怕，我有目标", "没有钱，但是有目标"])
def test_words_starting_with_bu_and_other_clauses_do_not_negate(engine, text):
    assert "PF_GOAL" in codes(engine, text)


def test_cue_beyond_the_window_does_not_negate(engine):
    assert "PF_GOAL" in codes(engine, "没有人想到我后来也有目标")  # 8 characters between 没有 and 目标
    narrow = SuggestionEngine([resilience_codebook()], NlpSettings(negation_window_zh=1))
    assert "PF_GOAL" in codes(narrow, "没有明确的目标")
    assert "PF_GOAL" not in codes(engine, "没有明确的目标")


@pytest.mark.parametrize("text", ["I am not confident", "I wasn't confident at all", "I was never confident",
                                  "I hardly felt confident", "I am not very confident"])
def test_english_negation(engine, text):
    found = codes(engine, text)
    assert "PF_CONFIDENCE" not in found
    assert "ND_CONFIDENCE" in found


def test_english_no_goal_and_clause_boundary(engine):
    assert "AD_CONFUSION" in codes(engine, "I had no goals") and "PF_GOAL" not in codes(engine, "I had no goals")
    assert "PF_CONFIDENCE" in codes(engine, "I was not sure, but now I feel confident")
    assert "AD_CONFUSION" not in codes(engine, "I am not confused any more")


def test_hedging_lowers_without_removing(engine):
    plain = codes(engine, "I am confident")["PF_CONFIDENCE"]
    hedged = codes(engine, "maybe I am confident")["PF_CONFIDENCE"]
    assert 0 < hedged.score < plain.score
    assert "hedge" in hedged.evidence[0].note
    zh_plain, zh_hedged = codes(engine, "我有目标")["PF_GOAL"], codes(engine, "我好像有目标")["PF_GOAL"]
    assert 0 < zh_hedged.score < zh_plain.score


def test_extra_cues_from_settings():
    engine = SuggestionEngine([resilience_codebook()], NlpSettings(negation_cues=frozenset({"seldom"})))
    assert "PF_CONFIDENCE" not in codes(engine, "I seldom feel confident")


@pytest.mark.parametrize("text", ["我不知道学它有什么用", "我不清楚有什么用"])
def test_not_knowing_is_a_hedge_not_a_negation(text):
    from _nlp_fixtures import code
    from qualcode.core.models import Codebook

    engine = SuggestionEngine([Codebook("t", 1, ("zh",), (code("AD_CONFUSION", zh=["有什么用"]),))])
    found = codes(engine, text)["AD_CONFUSION"]
    assert "hedge" in found.evidence[0].note and 0 < found.score < 0.6


@pytest.mark.parametrize("text", ["I don’t feel confident", "I wasn’t confident at all", "I can’t say I’m confident"])
def test_a_typographic_apostrophe_negates_as_the_ascii_one_does(engine, text):
    # Word and Otter write don’t; the cue n't must be read in it all the same.
    found = codes(engine, text)
    assert "PF_CONFIDENCE" not in found
    assert "ND_CONFIDENCE" in found


@pytest.mark.parametrize("text", ["I don't think I'm confident", "I don’t think I’m really confident",
                                  "I do not believe that I am confident", "I never felt I was confident"])
def test_a_negated_verb_of_thinking_negates_what_it_thinks(engine, text):
    found = codes(engine, text)
    assert "PF_CONFIDENCE" not in found
    assert "ND_CONFIDENCE" in found


@pytest.mark.parametrize("text", ["I think I'm confident now", "I don't think so, but I'm confident",
                                  "I don't think about the test much and my friends say I am really very confident"])
def test_thinking_without_a_negation_or_in_another_clause_does_not_negate(engine, text):
    assert "PF_CONFIDENCE" in codes(engine, text)


@pytest.mark.parametrize("keyword", ["i'm able", "i’m able"])
@pytest.mark.parametrize("text", ["I'm able to weld now", "I’m able to weld now"])
def test_keywords_match_whichever_apostrophe_either_side_uses(keyword, text):
    from _nlp_fixtures import code
    from qualcode.core.models import Codebook

    engine = SuggestionEngine([Codebook("t", 1, ("en",), (code("PF_ABLE", en=[keyword]),))])
    (found,) = engine.suggest_text(text, min_score=0)
    assert found.code_id == "PF_ABLE" and found.evidence[0].matched == text[:8]
