"""Evaluation metrics (hand-worked) and keyword learning on real jieba/spaCy tokens."""

from __future__ import annotations

import pytest

from qualcode.nlp.evaluation import cohen_kappa, cross_validate, document_folds, score, train_test_split
from qualcode.nlp.keyness import LabeledSegment, content_words, rank_keywords


def test_scores_by_hand():
    gold = {1: frozenset({"A"}), 2: frozenset({"A", "B"}), 3: frozenset(), 4: frozenset({"B"})}
    predicted = {1: frozenset({"A"}), 2: frozenset({"A"}), 3: frozenset({"B"}), 4: frozenset({"B"})}
    result = score(gold, predicted, ["A", "B"])
    a, b = result.per_code
    assert (a.tp, a.fp, a.fn, a.tn) == (2, 0, 0, 2)
    assert (b.tp, b.fp, b.fn, b.tn) == (1, 1, 1, 1)
    assert (a.precision, a.recall, a.f1) == (1.0, 1.0, 1.0)
    assert (b.precision, b.recall, b.f1) == (0.5, 0.5, 0.5)
    assert (result.micro.tp, result.micro.fp, result.micro.fn) == (3, 1, 1)
    assert result.micro.f1 == pytest.approx(0.75)
    assert result.macro_f1 == pytest.approx(0.75)
    # 8 decisions: observed agreement 6/8; engine yes 4/8, human yes 4/8 -> expected 0.5; kappa 0.5
    assert result.kappa == pytest.approx(0.5)
    assert cohen_kappa(0, 0, 0, 0) == 0.0


def test_kappa_matches_scikit_learn():
    from sklearn.metrics import cohen_kappa_score

    engine = [1, 1, 0, 0, 1, 0, 1, 1, 0, 0]
    human = [1, 0, 0, 0, 1, 1, 1, 0, 0, 0]
    tp = sum(e and h for e, h in zip(engine, human))
    fp = sum(e and not h for e, h in zip(engine, human))
    fn = sum(h and not e for e, h in zip(engine, human))
    tn = len(engine) - tp - fp - fn
    assert cohen_kappa(tp, fp, fn, tn) == pytest.approx(cohen_kappa_score(engine, human))


def test_folds_partition_documents_reproducibly():
    docs = [f"D{i}" for i in range(7)]
    folds = document_folds(docs, 3, seed=1)
    assert sorted(d for fold in folds for d in fold) == sorted(docs) and len(folds) == 3
    assert folds == document_folds(docs, 3, seed=1)
    assert len(document_folds(docs[:2], 5)) == 2
    train, test = train_test_split(docs, 0.7, seed=1)
    assert len(train) == 5 and len(test) == 2 and not set(train) & set(test)


def test_cross_validation_predicts_only_held_out_documents():
    gold = {("a", 1): frozenset({"X"}), ("b", 1): frozenset(), ("c", 1): frozenset({"X"})}
    seen_train: list[set] = []

    def predict(train, test):
        seen_train.append(set(train))
        assert not set(train) & set(test)
        return {key: frozenset({"X"}) for key in gold if key[0] in test}

    result = cross_validate(gold, {k: k[0] for k in gold}, ["X"], predict, folds=3)
    assert len(seen_train) == 3 and all(len(t) == 2 for t in seen_train)
    assert (result.micro.tp, result.micro.fp) == (2, 1) and len(result.fold_micro_f1) == 3


def test_content_words_drop_stop_words_and_lemmatise():
    assert {"目标", "电工证"} <= content_words("我的目标是考电工证", "zh")
    assert "的" not in content_words("我的目标是考电工证", "zh")
    assert content_words("They supported me and my goals", "en") == {"support", "goal"}


def test_log_odds_ranks_the_words_of_a_code_first():
    # (No codebook keyword here contains 社工: jieba's user words are process-wide.)
    segments = [LabeledSegment(i, text, "zh", frozenset(codes)) for i, (text, codes) in enumerate([
        ("社工带我们做游戏", {"SW"}), ("社工很耐心", {"SW"}), ("小组里社工让我们分享", {"SW"}),
        ("今天食堂的饭很好吃", set()), ("我们宿舍在三楼", set()), ("社工", set()), ("下午上体育课", set()),
        ("老师让我们写作业", set()), ("周末回家坐公交", set()),
    ])]
    ranked = rank_keywords(segments, min_count=2, min_z=0)
    top = ranked["SW"][0]
    assert (top.word, top.in_code, top.total) == ("社工", 3, 4)
    assert top.precision == pytest.approx(0.75) and top.z > 0
    assert rank_keywords(segments, min_count=4, min_z=0)["SW"] == []  # 社工 is in only three SW segments
    skipped = rank_keywords(segments, min_count=2, min_z=0, already_matched=lambda code, word, lang: word == "社工")
    assert all(c.word != "社工" for c in skipped["SW"])
