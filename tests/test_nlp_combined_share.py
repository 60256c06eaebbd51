"""A turn's weaker codes wait: with the learned engine on, a code at or above min_score is pending only when
its combined score is at least PENDING_SHARE of the turn's best (of its k-th best where the researcher's coded
turns carry k codes); a weaker one is stored just below min_score as a ranked candidate, in its order, and its
evidence says why (the real combined engine, a real trained model; pure functions)."""

from _nlp_fixtures import resilience_codebook
from qualcode.core.models import Segment
from qualcode.nlp.combined import PENDING_SHARE, CombinedEngine, usual_codes_per_turn
from qualcode.nlp.engine import SuggestionEngine
from qualcode.nlp.learned import CodedTurn, LearnedSuggestion, train

MIN_SCORE = 0.3


def _found(code: str, score: float, threshold: float = 0.5) -> LearnedSuggestion:
    return LearnedSuggestion(code, score, threshold, ("S01 #4",), ("支持",))


def _stored(found, share, usual=1):
    return CombinedEngine._combined("zh", {}, found, MIN_SCORE, 7, share, usual).codes


def test_a_code_far_weaker_than_the_turns_best_is_a_candidate_in_its_order_and_says_why():
    # Rescaled (cut 0.5 -> 0.3): STRONG 0.86, WEAK_A 0.356, WEAK_B 0.328, BELOW 0.24.
    found = [_found("STRONG", 0.9), _found("WEAK_A", 0.54), _found("WEAK_B", 0.52), _found("BELOW", 0.4)]
    without = _stored(found, 0.0)
    assert [(s.code_id, s.score >= MIN_SCORE) for s in without] == [
        ("STRONG", True), ("WEAK_A", True), ("WEAK_B", True)]
    held = _stored(found, PENDING_SHARE)
    assert PENDING_SHARE * held[0].score > without[1].score   # both weak codes are under the share
    assert [s.code_id for s in held] == ["STRONG", "WEAK_A", "WEAK_B"]   # the same order, not by code id
    assert held[0].score >= MIN_SCORE and all(MIN_SCORE - 0.012 < s.score < MIN_SCORE for s in held[1:])
    assert held[1].score > held[2].score
    assert "kept as a candidate" in held[1].evidence[0].note and "best score 0.86" in held[1].evidence[0].note
    assert "kept as a candidate" not in held[0].evidence[0].note


def test_codes_near_the_best_stay_pending_and_a_turn_with_nothing_pending_is_unchanged():
    close = [_found("A", 0.9), _found("B", 0.8)]         # 0.86 and 0.72: B is over 0.6 of A
    assert all(s.score >= MIN_SCORE for s in _stored(close, PENDING_SHARE))
    weak = [_found("A", 0.45), _found("B", 0.2)]         # nothing at min_score: nothing to hold
    assert _stored(weak, PENDING_SHARE) == _stored(weak, 0.0)


def test_keyword_suggestions_alone_keep_every_code_at_min_score_pending():
    keywords = SuggestionEngine([resilience_codebook()])
    text = "我家里人一直很支持我，我有了目标，也有计划，想先考证，不过有点压力。"
    segment = Segment(0, 0, 1, 0, len(text), None, "participant", text=text)
    alone = keywords.suggest_segment(segment, min_score=MIN_SCORE).codes
    combined = CombinedEngine(keywords, None, MIN_SCORE).suggest_segment(segment).codes
    pending = [s for s in combined if s.score >= MIN_SCORE]
    assert {s.code_id for s in pending} == {s.code_id for s in alone if s.score >= MIN_SCORE}
    assert min(s.score for s in pending) < PENDING_SHARE * max(s.score for s in pending)   # the rule would bite


def test_where_coded_turns_carry_several_codes_the_share_is_of_the_turns_kth_best():
    # Rescaled (cut 0.5 -> 0.3): A 0.93, B 0.86, C 0.58, D 0.356, E 0.30.
    found = [_found("A", 0.95), _found("B", 0.9), _found("C", 0.7), _found("D", 0.54), _found("E", 0.5)]
    pending = lambda usual: [s.code_id for s in _stored(found, PENDING_SHARE, usual) if s.score >= MIN_SCORE]
    assert pending(1) == ["A", "B", "C"]            # D, E under 0.6 x 0.93
    assert pending(3) == ["A", "B", "C", "D"]       # 0.6 x C's 0.58 = 0.348: D's 0.356 over it, E's 0.30 under
    assert pending(2) == ["A", "B", "C"]            # 0.6 x B's 0.86 = 0.52
    assert pending(9) == pending(5) == ["A", "B", "C", "D", "E"]   # fewer at min_score than usual: the weakest
    held = _stored(found[:2] + found[3:], PENDING_SHARE, 2)   # D, E: candidates just under min_score, saying why
    assert [s.code_id for s in held] == ["A", "B", "D"]   # two at min_score: the best three kept
    assert MIN_SCORE - 0.012 < held[2].score < MIN_SCORE
    assert "score no. 2, 0.86 (your coded turns carry 2 codes)" in held[2].evidence[0].note


def _turns(codes_per_turn: list[int]) -> list[CodedTurn]:
    words = ["家里人支持我", "我想当老师", "考试很紧张", "朋友帮助我", "老师鼓励我", "我很自信"]
    turns = []
    for i, n in enumerate(codes_per_turn):
        codes = frozenset(f"C{(i + j) % 4}" for j in range(n))
        turns.append(CodedTurn(f"{words[i % len(words)]}，第{i}次", codes, f"T{i}", "", "zh", document=f"D{i % 6}"))
    return turns


def test_how_many_codes_a_coded_turn_carries_comes_from_the_turns_the_model_learned():
    two = train(_turns([2] * 24), language="zh")
    assert usual_codes_per_turn(two) == 2
    one = train(_turns([1] * 24 + [0] * 30), language="zh")   # uncoded negatives do not lower it
    assert usual_codes_per_turn(one) == 1
    assert usual_codes_per_turn(None) == 1
    mixed = train(_turns([1, 1, 3, 3, 3, 3] * 4), language="zh")   # mean 2.33 -> 2
    assert usual_codes_per_turn(mixed) == 2
    # which codes are pending changes with it, so the suggestions' fingerprint does; one code keeps its old key
    fingerprint = lambda engine: CombinedEngine(None, engine, MIN_SCORE, learned_key="k").fingerprint
    assert fingerprint(two) != fingerprint(one)
    import hashlib
    assert fingerprint(one) == hashlib.sha256(f"-|k|{PENDING_SHARE}|{MIN_SCORE}".encode()).hexdigest()
