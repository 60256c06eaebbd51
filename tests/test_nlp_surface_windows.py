"""The English surface pass looks only for the keys a surface word can add, and only in a turn with a
word that is not its own lemma.

Checked against the surface pass over every key (the same matcher with the lemma automaton as its
surface automaton), on the real spaCy lookup lemmas: keywords only the surface form finds (went*,
children* NEAR/3 school), inflected NEAR parts, phrases at the very start and end of a turn, typos the
fuzzy matcher must still catch. (Before h/en14c the pass read windows around each differing word; the
whole turn with the few surface keys costs less than finding the windows.)
"""

from __future__ import annotations

import pytest

from _nlp_fixtures import code
from qualcode.core.models import Codebook
from qualcode.nlp.engine import SuggestionEngine
from qualcode.nlp.matcher import find_hits

CODEBOOK = Codebook("t", 1, ("en",), (
    code("MOVE", en=["went*", "left home"]),
    code("FAMILY", en=["children* NEAR/3 school", "parent* NEAR/4 support*", "looked after my little brother"]),
    code("CONFIDENCE", en=["confident", "believe in myself", "encourag*"]),
    code("STUDY", en=["homework", "studies", "fail* NEAR/3 exam*"]),
    code("CLUB", en=["founding"]),  # lemma "found", whose own lemma is "find": only the surface finds "found"
))

TEXTS = [
    "Went to the city when I was sixteen, and my parents were not supporting me at all.",
    "I was confident. My children's school is near, and I went back to school for my studies.",
    "My childrens' school is far; my parents supported me, they always encouraged me and went with me.",
    "I looked after my little brother while my mother went to work, I left home at seven every day.",
    "I am not confidant about the homwork, I failed two exams and the teachers were encouraging anyway.",
    "believe in myself",
    "It was hard. Perhaps I was not confident. We had classes, it rained, the dorm is on the third floor "
    "and the canteen is fine; then one day I went, went and went, and my children came along.",
    "The exams were failed by many of us, and the parents who supported the school left home early.",
    "my children",
    "went",
    "We found a club in the first year; the founding was hard, we kept finding new members.",
    "",
]


@pytest.fixture(scope="module")
def engines() -> tuple[SuggestionEngine, SuggestionEngine]:
    windowed, whole = SuggestionEngine([CODEBOOK]), SuggestionEngine([CODEBOOK])
    whole.compiled._automata["en_surface"] = whole.compiled.en_automaton  # every key, not only surface ones
    return windowed, whole


@pytest.mark.parametrize("text", TEXTS)
def test_surface_keys_pass_finds_what_the_every_key_pass_finds(engines, text):
    windowed, whole = engines
    assert find_hits(windowed.compiled, text, "en") == find_hits(whole.compiled, text, "en")
    assert windowed.suggest_text(text, language="en", min_score=0) == whole.suggest_text(text, language="en",
                                                                                           min_score=0)


def test_surface_pass_looks_only_for_keys_a_surface_word_can_add(engines):
    windowed, _ = engines
    keys = set(windowed.compiled.en_surface_automaton.keys())
    assert {" went", " found ", " encourag", " children"} <= keys  # prefixes, and a lemma that is not its own lemma
    assert not keys & {" confident ", " homework ", " believe in myself ", " school "}  # each word its own lemma
    text = TEXTS[-2]
    rules = windowed.compiled.rules
    found = sorted(text[h.start:h.end] for h in find_hits(windowed.compiled, text, "en")
                   if rules[h.rule_index].code_id == "CLUB")
    assert found == ["found", "founding"]


def test_surface_only_and_near_miss_hits_are_found(engines):
    windowed, _ = engines
    text = TEXTS[1] + " " + TEXTS[4]
    rules = windowed.compiled.rules
    found = {(rules[h.rule_index].rule.source, text[h.start:h.end], h.kind) for h in find_hits(windowed.compiled,
                                                                                                text, "en")}
    # "went" has the lemma "go" and "children" the lemma "child": only the surface words hold these keys
    assert ("went*", "went", "exact") in found
    assert ("children* NEAR/3 school", "children's school", "near") in found
    assert ("confident", "confidant", "fuzzy") in found and ("homework", "homwork", "fuzzy") in found
    assert ("fail* NEAR/3 exam*", "failed two exams", "near") in found
    assert ("encourag*", "encouraging", "exact") in found
