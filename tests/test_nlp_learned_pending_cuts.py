"""A thin code's pending cut: its own cross-validated cut drawn toward the cut of all codes pooled (weights:
its examples and CUT_PRIOR), so a code learned from three examples does not pend on every turn that scores
like its weakest example. Below that cut the code stays a ranked candidate (real jieba, real
scikit-learn, the real combined engine)."""

import math

from test_nlp_learned_gate import NOTHING, QUESTION, _stored
from test_nlp_learned_thresholds import CODES
from qualcode.nlp.learned import CodedTurn, train

PEER = ["我和室友关系很好。", "同学们经常帮我补课。", "朋友陪我聊天，我就不难过了。"]   # a thin code: three examples
BETWEEN = "朋友也在准备考试。"        # scores PEER above its own cut, below its pending cut
CLEARLY_PEER = "我姐姐和室友关系好。"


def _turns() -> list[CodedTurn]:
    rows = [(t, {c}) for c, texts in CODES.items() for t in texts] + [(t, {"PEER"}) for t in PEER]
    rows += [(t, set()) for t in NOTHING]
    return [CodedTurn(text, frozenset(codes), f"S0{i % 5 + 1} #{i}", QUESTION) for i, (text, codes) in enumerate(rows)]


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def test_a_thin_codes_cut_is_raised_more_than_a_well_taught_ones():
    engine = train(_turns())
    assert engine.thresholds == train(_turns(), cut_prior=0).thresholds   # the ranking's cuts are unchanged
    raised = engine.pending_thresholds
    assert raised["PEER"] > engine.thresholds["PEER"]
    shift = {code: _logit(cut) - _logit(engine.thresholds[code]) for code, cut in raised.items()}
    assert all(shift["PEER"] > value for code, value in shift.items() if code != "PEER")   # 3 examples vs 6
    assert train(_turns(), cut_prior=0).pending_thresholds == {}


def test_a_turn_between_the_two_cuts_is_a_candidate_in_the_same_place():
    engine, before = train(_turns()), train(_turns(), cut_prior=0)
    (peer,) = [s for s in engine.suggest(BETWEEN, QUESTION) if s.code == "PEER"]
    assert peer.threshold <= peer.score < peer.pending_threshold and peer.held_back and not peer.gated_out

    was = dict(_stored(before, BETWEEN))
    now = dict(_stored(engine, BETWEEN))
    assert was["PEER"] >= 0.3 > now["PEER"]                    # pending before, a candidate now
    assert set(now) == set(was)                                 # the same ranked codes
    assert all(now["PEER"] > score for code, score in now.items() if code != "PEER" and was[code] < was["PEER"])

    from qualcode.core.models import Segment
    from qualcode.nlp.combined import CombinedEngine

    segment = Segment(0, 0, 1, 0, len(BETWEEN), None, "participant", text=BETWEEN)
    stored = CombinedEngine(None, engine, 0.3).suggest_segment(segment, question=QUESTION).codes
    note = next(s for s in stored if s.code_id == "PEER").evidence[0].note
    assert "few examples: pending from" in note                 # the evidence says why

    clearly = dict(_stored(engine, CLEARLY_PEER))
    assert clearly["PEER"] >= 0.3                               # a turn well above it stays pending
