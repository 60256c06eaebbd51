"""The interviewer question's weight, chosen per project by cross-validation grouped by document: 2 where
the question tells the codes, 1 where it is noise; every scoring path reads the same weighted row, and an
engine cached before the weight existed loads with 1 (real jieba, real scikit-learn)."""

import pickle
import random

import numpy as np

from qualcode.nlp.learned import CodedTurn, LearnedEngine, train
from qualcode.nlp.learned_question import document_folds

# Two interview topics; each question asks about one of them.
QUESTIONS = {
    "FAMILY": ["你家里人怎么看你的选择？", "父母对你的学习有什么要求？", "你和家人平时怎么沟通？"],
    "STUDY": ["你平时怎么安排学习时间？", "考试前你怎么复习？", "你觉得课程难不难？"],
}
# Answers that could follow either question: they say nothing of the topic on their own.
VAGUE = ["嗯，还可以吧。", "我觉得挺好的。", "说不太清楚，看情况。", "有时候会，有时候不会。", "这个我没想过。",
         "一般般，没什么特别的。", "还行，慢慢来。", "差不多就是这样。", "我也不知道怎么说。", "挺正常的吧。",
         "大概就是那样，没什么。", "还好吧，习惯了。"]
# Answers that name their topic, after questions that do not.
PLAIN_QUESTIONS = ["你能说说吗？", "还有呢？", "然后呢？", "具体一点呢？"]
TOPICAL = {
    "FAMILY": ["我妈妈每天给我打电话。", "爸爸希望我回老家工作。", "家里人支持我读研究生。", "我奶奶身体不太好。",
               "父母很少过问我的事情。", "我和妈妈经常吵架。"],
    "STUDY": ["我每天晚上在图书馆自习。", "考试前我会做很多练习题。", "这门课的作业特别多。", "我上课的时候经常记笔记。",
              "数学课我听不太懂。", "老师布置的论文很难写。"],
}


def _question_tells(documents: int = 9, per_document: int = 8, seed: int = 1) -> list[CodedTurn]:
    """Vague answers coded by the topic of the question they answer."""
    pick = random.Random(seed)
    turns = []
    for d in range(documents):
        for i in range(per_document):
            code = ("FAMILY", "STUDY")[(d + i) % 2]
            turns.append(CodedTurn(pick.choice(VAGUE), frozenset({code}), f"D{d} #{i}",
                                   pick.choice(QUESTIONS[code]), "zh", f"D{d}"))
    return turns


def _question_is_noise(documents: int = 9, per_document: int = 8, seed: int = 2) -> list[CodedTurn]:
    """Topical answers coded by their topic, each after a topical question drawn at random (no relation)."""
    pick = random.Random(seed)
    turns = []
    for d in range(documents):
        for i in range(per_document):
            code = ("FAMILY", "STUDY")[(d + i) % 2]
            asked = pick.choice(QUESTIONS[pick.choice(("FAMILY", "STUDY"))])
            turns.append(CodedTurn(pick.choice(TOPICAL[code]), frozenset({code}), f"D{d} #{i}", asked, "zh",
                                   f"D{d}"))
    return turns


def test_a_project_whose_codes_follow_the_question_gets_the_question_doubled():
    engine = train(_question_tells())
    assert engine.question_weight == 2.0
    # Doubled, the question decides more: a vague answer to a family question leans further to FAMILY.
    fixed = train(_question_tells(), question_weight=1.0)
    family = engine.codes.index("FAMILY")
    text, question = "嗯，还可以吧。", QUESTIONS["FAMILY"][0]
    assert engine.scores(text, question)[1][family] > fixed.scores(text, question)[1][family]


def test_a_project_whose_question_is_noise_keeps_weight_one():
    assert train(_question_is_noise()).question_weight == 1.0


def test_without_documents_the_weight_stays_one():
    turns = [CodedTurn(t.text, t.codes, t.label, t.question, t.language) for t in _question_tells()]
    assert train(turns).question_weight == 1.0
    assert document_folds(["", "D1"]) is None and document_folds(["D1", "D1"]) is None
    # Whole documents go to one fold each.
    folds = document_folds(["A", "A", "B", "C", "A", "D"])
    assert folds.tolist() == [0, 0, 1, 2, 0, 0]


def test_every_scoring_path_reads_the_weighted_row():
    turns = _question_tells()
    engine = train(turns)
    assert engine.question_weight == 2.0
    # A coded turn scored now gives the very row the model (and the evidence) learned from.
    for i in (0, 5, 17):
        indices, values = engine.vector(turns[i].text, turns[i].question)
        stored = engine._matrix[i].toarray().ravel()
        row = np.zeros_like(stored)
        row[indices] = values
        assert np.allclose(row, stored)
    batch = [(t.text, t.question, "zh") for t in turns[:20]] + [("我妈妈支持我。", QUESTIONS["STUDY"][1], "zh")]
    together = engine.suggest_many(batch)
    alone = [engine.suggest(text, question, language) for text, question, language in batch]
    assert together == alone
    for (text, question, language), found in zip(batch, alone):
        scores = dict(zip(engine.codes, engine.scores(text, question, language)[1].tolist()))
        assert [s.score for s in found] == [scores[s.code] for s in found]


def test_a_question_weight_of_zero_is_kept_and_reported():
    # Weight 0 leaves the question out; the engine must say 0, not the default 1 (the bench printed 1).
    engine = train(_question_tells(), question_weight=0.0)
    assert engine.question_weight == 0.0
    family = engine.codes.index("FAMILY")
    text = "嗯，还可以吧。"
    assert np.isclose(engine.scores(text, QUESTIONS["FAMILY"][0])[1][family],
                      engine.scores(text, QUESTIONS["STUDY"][0])[1][family])


def test_an_engine_pickled_before_the_weight_loads_with_weight_one():
    engine = train(_question_is_noise(), question_weight=1.0)
    del engine.__dict__["question_weight"]   # as pickled before the attribute existed
    loaded = pickle.loads(pickle.dumps(engine))
    assert isinstance(loaded, LearnedEngine) and loaded.question_weight == 1.0
    text, question = "我妈妈每天给我打电话。", QUESTIONS["STUDY"][0]
    assert loaded.suggest(text, question) == engine.suggest(text, question)
    assert loaded.suggest(text, question)[0].code == "FAMILY"


def test_one_question_for_every_turn_keeps_weight_one():
    # A survey: every answer follows the same question, which cannot tell the codes apart.
    turns = [CodedTurn(t.text, t.codes, t.label, "你对学校生活有什么看法？", t.language, t.document)
             for t in _question_is_noise()]
    engine = train(turns)
    assert engine.question_weight == 1.0
    assert engine.suggest("我妈妈每天给我打电话。", turns[0].question)[0].code == "FAMILY"


def test_the_weight_works_with_sentence_embeddings():
    turns = _question_tells(documents=6)
    engine = train(turns, embeddings=1.0)
    assert engine.question_weight == 2.0 and engine.embedding_weight == 1.0
    batch = [(t.text, t.question, "zh") for t in turns[:6]]
    assert engine.suggest_many(batch) == [engine.suggest(*turn) for turn in batch]
    family = engine.codes.index("FAMILY")
    assert engine.scores("嗯，还可以吧。", QUESTIONS["FAMILY"][0])[1][family] > 0.5
