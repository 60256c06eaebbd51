"""English suggest's shortcuts change no result (h/en14c).

Two shortcuts of the English path are switched off here and the results compared on real text, with
the shipped codebooks and with a small codebook of surface-only keys, NEAR rules and overlapping keys:

- scoring skips the containment check of a code's hits and the shadowing check of a turn's hits when
  no two of them overlap (``_overlapping``), and checks a small group's containment without bisection
  (``_SMALL_GROUP``); switched off, every group and hit is checked as before, by bisection;
- the matcher files a NEAR rule's parts only when the turn holds both parts (``_near_parts``);
  switched off, every part is filed and the rules with one part are skipped when pairing, as before;
- a turn with no negation or hedge word anywhere gives its hits no cue without reading each hit's
  window (``english_turn_may_hold_cue``); switched off, every hit's window is read, as before.

The texts: every participant turn of the shipped sample's English interviews, the surface-pass test's
texts (typos, surface-only keys, inflected NEAR parts), and sentences made to overlap keys of several
codes, negate and hedge them. The test also checks that these texts reach the slow paths at all
(overlapping hits, a shadowed hit, a NEAR pair, a NEAR part alone), so that it could fail.
"""

from __future__ import annotations

import pytest

from _nlp_fixtures import code
from qualcode.core.models import Codebook
from qualcode.nlp import matcher, scoring
from qualcode.nlp.engine import SuggestionEngine
from qualcode.nlp.matcher import find_hits
from test_nlp_surface_windows import CODEBOOK as SURFACE_CODEBOOK, TEXTS as SURFACE_TEXTS

OVERLAPS = Codebook("overlaps", 1, ("en",), (
    code("SUPPORT", en=["support*", "family support", "parent* NEAR/4 support*"]),
    code("FAMILY", en=["family", "my parents", "parent*"]),
    code("SCHOOL", en=["teacher*", "the teacher always helped", "help* NEAR/3 teacher*"]),
    code("MOOD", en=["angry", "get angry easily", "calm down"], negated=("SUPPORT",)),
))

MADE_UP = [
    "My family support matters, my parents supported me and my parents always support me.",
    "The teacher always helped me; my teachers helped me a lot, and the teacher helped again.",
    "I do not get angry easily now, maybe I calm down faster; I never get angry at my family support.",
    "Perhaps my parents did not support me, but the teachers helped and I was not angry.",
    "Support, support, support: my parents and my family. Family support and family, family.",
    "I failed the entrance exam and felt ashamed. My parents supported me. Sometimes I feel lost.",
    "When I get angry I take a deep breath and walk away, and my teacher always encouraged me.",
    "Maybe my family support helps, and perhaps the teacher always helped me.",  # hedges, no negation
]


def _file_every_part(near_found, first_of, second_of, starts, ends, count_words):
    """The matcher's filing before the shortcut: every NEAR part, whether its partner is there or not."""
    near_parts: dict = {}
    for first, refs in near_found:
        for ref in refs:
            last = first + ref.length - 1
            if last < count_words:
                near_parts.setdefault(ref.rule_index, ([], []))[ref.part].append(
                    matcher._TermHit(ref, starts[first], ends[last], first, last, "near"))
    return near_parts


def _results(engine: SuggestionEngine, texts: list[str]) -> list:
    return [(find_hits(engine.compiled, text, "en"), engine.suggest_text(text, language="en", min_score=0))
            for text in texts]


def _english_turns(project) -> list[str]:
    rows = project.conn.execute(
        "SELECT substr(d.text, s.start + 1, s.end - s.start) FROM segments s JOIN documents d "
        "ON d.id = s.document_id WHERE s.role = 'participant' AND d.language = 'en' ORDER BY s.id").fetchall()
    return [row[0] for row in rows]


@pytest.mark.parametrize("books", ["shipped", "overlaps", "surface"])
def test_english_shortcuts_change_no_hit_score_or_evidence(sample_project, monkeypatch, books):
    turns = _english_turns(sample_project)
    assert len(turns) > 20  # E01_pre and E01_post
    codebooks = {"shipped": sample_project.codebooks(), "overlaps": [OVERLAPS], "surface": [SURFACE_CODEBOOK]}[books]
    engine = SuggestionEngine(codebooks)
    texts = turns + SURFACE_TEXTS + MADE_UP
    fast = _results(engine, texts)

    with monkeypatch.context() as slow:
        slow.setattr(scoring, "_overlapping", lambda spans: True)
        slow.setattr(scoring, "_SMALL_GROUP", 0)
        slow.setattr(matcher, "_near_parts", _file_every_part)
        slow.setattr(matcher, "english_turn_may_hold_cue", lambda *words: True)
        before = _results(engine, texts)
    assert fast == before
    assert any(scored for _, found in fast for scored in found)


def test_the_texts_reach_every_slow_path(sample_project):
    engine = SuggestionEngine([OVERLAPS])
    texts = _english_turns(sample_project) + MADE_UP
    found = [engine.suggest_text(text, language="en", min_score=0) for text in texts]
    evidence = [item for turn in found for scored in turn for item in scored.evidence]
    assert any("inside a longer keyword of another code" in item.note for item in evidence)  # shadowing
    assert any(item.kind == "negated" for item in evidence)
    hedged_only = engine.suggest_text(MADE_UP[-1], language="en", min_score=0)
    assert any("hedge cue" in item.note for scored in hedged_only for item in scored.evidence)
    assert any(item.kind == "near" for item in evidence)  # a NEAR pair filed and paired
    rules = engine.compiled.rules
    # overlapping hits of one code (family support inside parent* NEAR/4 support*), one of them dropped
    hits = find_hits(engine.compiled, MADE_UP[0], "en")
    support = [h for h in hits if rules[h.rule_index].code_id == "SUPPORT"]
    kept = [e for s in engine.suggest_text(MADE_UP[0], language="en", min_score=0) if s.code_id == "SUPPORT"
            for e in s.evidence]
    assert len(kept) < len(support)
    # a NEAR part alone (help* with no teacher within reach) gives no NEAR hit
    alone = "I helped my brother with his homework every single evening after the long day at work."
    assert not [h for h in find_hits(engine.compiled, alone, "en") if h.kind == "near"]
