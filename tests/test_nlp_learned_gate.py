"""The learned engine's "does any code apply" gate: trained on every coded turn against the turns reviewed
as "no code applies", it keeps a turn that reads like those turns from getting a pending code, while its
codes stay ranked candidates in the same order (real jieba, real scikit-learn, the real combined engine)."""

import pickle

from test_nlp_learned_thresholds import CODES
from qualcode.core.models import Segment
from qualcode.nlp.combined import CombinedEngine
from qualcode.nlp.learned import CodedTurn, train

QUESTION = "你能说说你的情况吗？"
# Small talk the researcher reviewed and found no code for.
NOTHING = ["今天天气还可以。", "食堂的饭菜一般般。", "宿舍离教学楼有点远。", "我刚才坐公交车过来的。", "周末我一般在宿舍睡觉。",
           "昨天下雨了，路上有点堵。", "我们班有四十个人。", "学校门口新开了一家奶茶店。", "这学期的课表还没发。", "我住在三楼，离食堂近。"]
SMALL_TALK_WITH_A_STRESS_WORD = "宿舍离食堂有点远，我觉得很累。"
FAMILY_TURN = "我妈妈支持我考证。"
MIN_SCORE = 0.3


def _turns(negatives=NOTHING) -> list[CodedTurn]:
    rows = [(text, {code}) for code, texts in CODES.items() for text in texts] + [(t, set()) for t in negatives]
    return [CodedTurn(text, frozenset(codes), f"S0{i % 5 + 1} #{i}", QUESTION) for i, (text, codes) in enumerate(rows)]


def _stored(engine, text: str) -> list[tuple[str, float]]:
    """What `suggest` stores for a participant turn: (code, combined score), best first."""
    combined = CombinedEngine(None, engine, MIN_SCORE)
    segment = Segment(0, 0, 1, 0, len(text), None, "participant", text=text)
    return [(s.code_id, s.score) for s in combined.suggest_segment(segment, question=QUESTION).codes]


def test_a_turn_like_the_reviewed_uncoded_ones_gets_no_pending_code_but_keeps_its_ranking():
    gated, ungated = train(_turns()), train(_turns(), gate=False)
    assert gated.gate is not None and ungated.gate is None
    assert gated.thresholds == ungated.thresholds   # the gate changes no code's own cut

    without_gate = _stored(ungated, SMALL_TALK_WITH_A_STRESS_WORD)
    assert without_gate[0][0] == "STRESS" and without_gate[0][1] >= MIN_SCORE   # pending without the gate
    with_gate = _stored(gated, SMALL_TALK_WITH_A_STRESS_WORD)
    assert [code for code, _ in with_gate] == [code for code, _ in without_gate]   # same ranking
    assert all(score < MIN_SCORE for _, score in with_gate)                      # nothing pending

    (best, *_) = gated.suggest(SMALL_TALK_WITH_A_STRESS_WORD, QUESTION)
    assert best.gated_out and best.gate < best.gate_threshold
    combined = CombinedEngine(None, gated, MIN_SCORE)
    segment = Segment(0, 0, 1, 0, len(SMALL_TALK_WITH_A_STRESS_WORD), None, "participant",
                      text=SMALL_TALK_WITH_A_STRESS_WORD)
    note = combined.suggest_segment(segment, question=QUESTION).codes[0].evidence[0].note
    assert "any code applies" in note and "kept as a candidate" in note   # the evidence says why


def test_a_turn_like_the_coded_ones_stays_pending_with_the_gate():
    gated = train(_turns())
    (best, *_) = gated.suggest(FAMILY_TURN, QUESTION)
    assert best.code == "FAMILY" and not best.gated_out and best.gate >= best.gate_threshold
    assert _stored(gated, FAMILY_TURN)[0] == _stored(train(_turns(), gate=False), FAMILY_TURN)[0]
    assert _stored(gated, FAMILY_TURN)[0][1] >= MIN_SCORE


def test_no_gate_without_enough_reviewed_uncoded_turns():
    # Every turn coded (or only two "no code" turns): the gate could only say yes, so none is trained and
    # scoring is exactly what it was.
    for negatives in ([], NOTHING[:2]):
        engine = train(_turns(negatives))
        assert engine.gate is None
        assert all(s.gate is None and not s.gated_out for s in engine.suggest(SMALL_TALK_WITH_A_STRESS_WORD, QUESTION))
        assert engine.suggest(FAMILY_TURN, QUESTION) == train(_turns(negatives), gate=False).suggest(FAMILY_TURN, QUESTION)


def test_an_engine_cached_before_the_gate_scores_as_one_without_it():
    engine = train(_turns())
    state = engine.__getstate__()
    del state["gate"], state["gate_threshold"], state["pending_thresholds"]   # a model cached before both
    old = pickle.loads(pickle.dumps(engine))
    old.__dict__.clear()
    old.__dict__.update(state)
    expected = train(_turns(), gate=False, cut_prior=0).suggest(SMALL_TALK_WITH_A_STRESS_WORD, QUESTION)
    assert old.suggest(SMALL_TALK_WITH_A_STRESS_WORD, QUESTION) == expected
    assert pickle.loads(pickle.dumps(engine)).suggest(SMALL_TALK_WITH_A_STRESS_WORD, QUESTION) == \
        engine.suggest(SMALL_TALK_WITH_A_STRESS_WORD, QUESTION)


def test_the_gate_reads_the_sentence_embeddings_it_was_trained_on():
    """With embeddings on, the gate learns the dense columns too, and scoring adds their share to its logit:
    the gate's probability in a batch equals the gate model's own ``predict_proba`` on the full row."""
    import numpy as np
    from scipy import sparse

    from qualcode.nlp import embeddings

    engine = train(_turns(), embeddings=1.0)
    assert engine.gate is not None and engine.gate.coef_.shape[1] == len(engine.vectorizer.idf_) + embeddings.DIMENSIONS
    texts = [SMALL_TALK_WITH_A_STRESS_WORD, FAMILY_TURN, NOTHING[0]]
    found = engine.suggest_many([(text, QUESTION, "zh") for text in texts])
    for text, (best, *_) in zip(texts, found):
        (indices, values), _ = engine.scores(text, QUESTION, "zh")
        tfidf = sparse.csr_matrix((values, indices, [0, len(indices)]), shape=(1, len(engine.vectorizer.idf_)))
        row = sparse.hstack([tfidf, sparse.csr_matrix(embeddings.encode([text], 1.0))], format="csr")
        assert np.isclose(best.gate, engine.gate.predict_proba(row)[0, 1], atol=1e-9)
