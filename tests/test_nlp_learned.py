"""The learned engine trains on human codings (real jieba / spaCy) and ranks similar turns."""

import re

from qualcode.nlp.learned import CodedTurn, train, turn_features

FAMILY = ["我妈妈每天都打电话问我在学校怎么样。", "爸爸妈妈一直支持我读这个专业。",
          "家里人总是鼓励我，说不要怕失败。", "我姐姐会帮我交学费，家里很支持。"]
GOAL = ["我想先把电工证考下来，然后去工厂实习。", "我的目标是毕业后开一家自己的店。",
        "我打算明年考驾照，再考一个技能证书。", "我计划每天练习两小时，争取比赛拿奖。"]
OTHER = ["今天天气还可以。", "食堂的饭菜一般般。", "宿舍离教学楼有点远。"]


def _turns():
    rows = [(t, "PF_FAMILY") for t in FAMILY] + [(t, "PF_GOAL") for t in GOAL] + [(t, None) for t in OTHER]
    return [CodedTurn(text, frozenset({code}) if code else frozenset(), f"S0{i // 4 + 1} #{i}",
                      "你能说说你的情况吗？") for i, (text, code) in enumerate(rows)]


def test_held_out_turn_like_family_codings_ranks_family_first_with_evidence():
    engine = train(_turns())
    assert engine.codes == ["PF_FAMILY", "PF_GOAL"]
    top = engine.suggest("我妈妈和爸爸都很支持我，经常打电话鼓励我。")[0]
    assert top.code == "PF_FAMILY"
    assert top.similar and top.similar[0].startswith("S0")
    assert top.terms
    assert engine.suggest("我计划明年考一个证书，这是我的目标。")[0].code == "PF_GOAL"


def test_thresholds_come_from_cross_validation_not_a_fixed_half():
    engine = train(_turns())
    assert all(0.0 <= t <= 1.0 for t in engine.thresholds.values())
    assert any(t != 0.5 for t in engine.thresholds.values())


def test_code_with_too_few_examples_and_code_on_every_turn_are_reported():
    turns = _turns()[:8] + [CodedTurn("我喜欢打篮球。", frozenset({"PF_SPORT"}), "S03 #9")]
    everything = [CodedTurn(t.text, t.codes | {"ALL"}, t.label) for t in turns]
    report = train(everything).report
    assert report.too_few_examples == {"PF_SPORT": 1}
    assert report.no_negatives == ["ALL"]
    assert any("PF_SPORT: only 1 human example" in m for m in report.messages())


def test_english_turns_learn_from_lemmas():
    text = ["My mother calls me every day.", "My parents supported my choice.", "My family always helps me.",
            "I plan to finish my certificate.", "My goal is to open a shop.", "I am planning my career.",
            "The weather was fine.", "Lunch was okay."]
    codes = ["FAM"] * 3 + ["GOAL"] * 3 + [None] * 2
    turns = [CodedTurn(t, frozenset({c}) if c else frozenset(), f"P{i}", language="en")
             for i, (t, c) in enumerate(zip(text, codes))]
    engine = train(turns, language="en")
    assert engine.suggest("I have plans for my future career goals.", language="en")[0].code == "GOAL"


def test_fast_scores_and_similarity_equal_sklearns_own_transform_and_predict_proba():
    import numpy as np

    from qualcode.nlp.learned import turn_features

    engine = train(_turns())
    for text in ["我妈妈和爸爸都很支持我。", "我计划明年考证。", "完全没见过的话题：火星", ""]:
        row = engine.vectorizer.transform([turn_features(text, "你能说说你的情况吗？")])
        expected = [engine.models[code].predict_proba(row)[0, 1] for code in engine.codes]
        (indices, values), probabilities = engine.scores(text, "你能说说你的情况吗？")
        assert np.allclose(probabilities, expected)
        assert np.allclose(engine.similarity(indices, values), (engine._matrix @ row.T).toarray().ravel())


def test_a_pickled_engine_scores_the_same_without_its_lookup_tables():
    import pickle

    engine = train(_turns())
    before = engine.suggest("我妈妈和爸爸都很支持我。")
    restored = pickle.loads(pickle.dumps(engine))
    assert "_lookup" not in restored.__dict__
    assert restored.suggest("我妈妈和爸爸都很支持我。") == before


def test_similarity_with_one_codes_turns_is_the_cosine_with_those_turns():
    import numpy as np

    engine = train(_turns())
    (indices, values), _ = engine.scores("我妈妈和爸爸都很支持我。")
    everything = engine.similarity(indices, values)
    positives = engine._tables()[5]["PF_FAMILY"]
    assert len(positives) == 4
    assert np.allclose(engine.similarity(indices, values, "PF_FAMILY"), everything[positives])


def test_english_fast_row_equals_the_vectorizer_with_a_question_and_unknown_words():
    import numpy as np

    from qualcode.nlp.learned import turn_features

    engine = train([CodedTurn(t, frozenset({c}) if c else frozenset(), f"P{i}", "How was your family?", "en")
                    for i, (t, c) in enumerate([
                        ("My family supported me.", "FAM"), ("Mum helped with my fees.", "FAM"),
                        ("My dad always encouraged me.", "FAM"), ("I plan to get a certificate.", "GOAL"),
                        ("My goal is a shop of my own.", "GOAL"), ("I am planning my career.", "GOAL"),
                        ("Lunch was fine.", None)])], language="en")
    for text, question in [("My family -- and my dad!! -- supported my plans.", "How was your family?"),
                           ("Zebras ??? quux", "A question nobody asked before"), ("", "")]:
        row = engine.vectorizer.transform([turn_features(text, question, "en")]).toarray().ravel()
        indices, values = engine.vector(text, question, "en")
        fast = np.zeros_like(row)
        fast[indices] = values
        assert np.allclose(fast, row)


def test_the_first_training_of_a_process_fits_on_one_blas_thread():
    # threadpool_limits only limits libraries already loaded: scikit-learn and scipy's optimiser bring their
    # own OpenBLAS when first imported, so a fresh process (every `qualcode suggest` that retrains) must
    # load them before limiting. Observed from inside the fit, in a new interpreter.
    import subprocess
    import sys
    from pathlib import Path

    script = """
import sys
from qualcode.nlp import learned, learned_training
assert "sklearn" not in sys.modules
seen, make = [], learned_training._classifier
def observed():
    from threadpoolctl import threadpool_info
    seen.append(sorted({i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"}))
    return make()
learned_training._classifier = observed
turns = [learned.CodedTurn(t, frozenset({c}), f"P{i}", language="en") for i, (t, c) in enumerate(
    [("family helped", "F"), ("mum helped me", "F"), ("dad helped", "F"),
     ("my goal is a shop", "G"), ("I plan a career", "G"), ("goal: certificate", "G")])]
learned.train(turns, language="en")
print(seen[0])
"""
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=root,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin", "HOME": str(Path.home())},
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[1]"


def _shown_terms_are_the_turns_own_readable_words(suggestions, text):
    """Every term shown is in the turn (case-insensitively), has a letter or CJK character, and appears once."""
    shown = [term for s in suggestions for term in s.terms]
    assert shown, "some evidence terms expected"
    for s in suggestions:
        assert len(s.terms) == len({t.lower() for t in s.terms}) <= 3
        for term in s.terms:
            assert term.lower() in text.lower(), (term, text)
            assert re.search(r"[^\W\d_]", term), term
    return shown


def test_evidence_terms_are_words_of_the_turn_never_question_words_or_punctuation_fragments():
    # The family codings all answer a question about parents, so 父母 and 看法 weigh for PF_FAMILY as
    # question words; they must not be shown as words of a turn that does not say them.
    asked = "你父母对你读书有什么看法？"
    rows = [(t, "PF_FAMILY", asked) for t in FAMILY] + [(t, "PF_GOAL", "你以后想做什么？") for t in GOAL]
    rows += [(t, None, "学校生活怎么样？") for t in OTHER]
    engine = train([CodedTurn(text, frozenset({code}) if code else frozenset(), f"S01 #{i}", question)
                    for i, (text, code, question) in enumerate(rows)])
    text = "很好，很好。但是他们一直支持我，很好。"
    suggestions = engine.suggest(text, asked)
    shown = _shown_terms_are_the_turns_own_readable_words(suggestions, text)
    assert not {"父母", "看法", "读书"} & set(shown)
    assert suggestions[0].code == "PF_FAMILY" and "支持" in suggestions[0].terms
    # Only the evidence changed: the scores are still each code's own predict_proba.
    row = engine.vectorizer.transform([turn_features(text, asked)])
    for s in suggestions:
        assert abs(s.score - engine.models[s.code].predict_proba(row)[0, 1]) < 1e-9


def test_english_evidence_terms_are_the_words_as_written_not_lemmas_or_ngram_fragments():
    rows = [("My mother supported me when I was studying.", "FAMILY"),
            ("Parents were supporting my interests all along.", "FAMILY"),
            ("My family supports everything I do.", "FAMILY"),
            ("I plan to become an engineer.", "GOAL"), ("My goal is an internship next year.", "GOAL"),
            ("I am planning my future career.", "GOAL"), ("The canteen food is fine.", None),
            ("The dorm is far from the library.", None)]
    engine = train([CodedTurn(t, frozenset({c}) if c else frozenset(), f"S02 #{i}", "Tell me about it.", "en")
                    for i, (t, c) in enumerate(rows)], language="en")
    text = "Honestly, my Parents SUPPORTED my interests."
    suggestions = engine.suggest(text, "Tell me about it.", language="en")
    shown = _shown_terms_are_the_turns_own_readable_words(suggestions, text)
    assert "Parents" in suggestions[0].terms   # as written, not the lemma "parent"


def test_like_your_codings_names_the_earliest_of_equally_similar_turns():
    # Three family codings with the same words are equally similar to any turn; the evidence names the
    # two coded first (a fixed rule, not whatever order a sort leaves ties in).
    same = "爸爸妈妈一直支持我读这个专业。"
    rows = [(same, "PF_FAMILY")] * 3 + [(t, "PF_FAMILY") for t in FAMILY] + [(t, "PF_GOAL") for t in GOAL]
    rows += [(t, None) for t in OTHER]
    engine = train([CodedTurn(text, frozenset({code}) if code else frozenset(), f"S01 #{i}")
                    for i, (text, code) in enumerate(rows)])
    family = next(s for s in engine.suggest(same) if s.code == "PF_FAMILY")
    assert family.similar == ("S01 #0", "S01 #1")


def test_evidence_terms_of_a_turn_with_line_breaks_are_its_own_words():
    rows = [("My mother supported me when I was studying.", "FAMILY"),
            ("Parents were supporting my interests all along.", "FAMILY"),
            ("My family supports everything I do.", "FAMILY"),
            ("I plan to become an engineer.", "GOAL"), ("My goal is an internship next year.", "GOAL"),
            ("I am planning my future career.", "GOAL"), ("The canteen food is fine.", None)]
    engine = train([CodedTurn(t, frozenset({c}) if c else frozenset(), f"S02 #{i}", "", "en")
                    for i, (t, c) in enumerate(rows)], language="en")
    text = "Well,\n\nmy Parents\nSUPPORTED\nmy interests."
    suggestions = engine.suggest(text, language="en")
    shown = _shown_terms_are_the_turns_own_readable_words(suggestions, text)
    assert all("\n" not in term for term in shown)
    assert {"Parents", "SUPPORTED"} & set(suggestions[0].terms)


def test_a_documents_turns_scored_in_one_batch_get_what_each_gets_alone():
    # suggest_many tokenises a batch before scoring it (less CPU); nothing about the results may change,
    # including across a batch boundary and for a question met again in a later batch.
    from qualcode.core.models import Segment
    from qualcode.nlp import learned
    from qualcode.nlp.combined import CombinedEngine

    engine = train(_turns())
    texts = ["我妈妈和爸爸都很支持我。", "我计划明年考证。", "", "今天食堂的饭菜一般。", "家里人鼓励我考证。"] * 3
    questions = ["你能说说你的情况吗？", "", "以后想做什么？"] * 5
    turns = [(text, question, "zh") for text, question in zip(texts, questions)]
    alone = [engine.suggest(*turn) for turn in turns]
    assert any(alone) and learned.BATCH_TURNS > 1
    size = learned.BATCH_TURNS
    try:
        learned.BATCH_TURNS = 4   # several batches, the last one short
        assert engine.suggest_many(turns) == alone
    finally:
        learned.BATCH_TURNS = size
    roles = ["participant", "participant", "interviewer"] * 5
    segments = [Segment(i, 1, i, 0, len(text), None, role, text=text) for i, (text, role) in enumerate(zip(texts, roles))]
    combined = CombinedEngine(None, engine, 0.3)
    one_by_one = [combined.suggest_segment(s, question=q) for s, q in zip(segments, questions)]
    assert combined.suggest_segments(segments, questions) == one_by_one
    assert [r.codes for r, s in zip(one_by_one, segments) if s.role == "interviewer"] == [()] * 5


def test_a_batchs_shared_features_sum_exactly_as_each_turns_own_gather():
    # "Like your codings of …" ranks coded turns by these sums, and ties are common: the batch's one
    # bincount must give the per-turn gather's numbers to the last bit, an empty turn included.
    import numpy as np

    from qualcode.nlp.learned import EVIDENCE_FEATURES

    engine = train(_turns())
    texts = ["我妈妈和爸爸都很支持我。", "", "我计划明年考证，家里人也支持我读这个专业。", "火星"]
    rows = [engine._row(text, "" if i % 2 else "你能说说你的情况吗？", "zh") for i, text in enumerate(texts)]
    batch = engine._shared_features(rows)
    assert batch.shape == (len(texts), len(engine.trained_turns))
    for (indices, values, _), shared in zip(rows, batch):
        heaviest = values.argsort()[-EVIDENCE_FEATURES:]
        assert np.array_equal(shared, engine.similarity(indices[heaviest], values[heaviest]))
    assert batch[0].any() and not batch[1].any()


SPORT = ["我每天下午都去操场打篮球，打完球心情很好。", "周末我和同学一起踢足球，运动让我放松。"]


def _with_two_sport_turns():
    return _turns() + [CodedTurn(text, frozenset({"PF_SPORT"}), f"S04 #{i}", "你能说说你的情况吗？")
                       for i, text in enumerate(SPORT)]


def test_a_code_with_two_examples_and_a_name_is_learned_and_suggested_on_a_turn_like_them():
    engine = train(_with_two_sport_turns(), {"PF_SPORT": ["学生喜欢运动，打篮球踢足球"]})
    assert "PF_SPORT" in engine.codes and "PF_SPORT" not in engine.report.too_few_examples
    top = engine.suggest("我最喜欢的就是打篮球和踢足球，每天都运动。")[0]
    assert top.code == "PF_SPORT"
    assert top.similar and top.similar[0].startswith("S04")


def test_a_code_with_two_examples_and_no_codebook_text_is_not_learned_and_the_warning_says_why():
    engine = train(_with_two_sport_turns(), {"PF_SPORT": ["", "  "]})   # blank text is no text
    assert "PF_SPORT" not in engine.codes and engine.report.too_few_examples == {"PF_SPORT": 2}
    assert ("code PF_SPORT: only 2 human example(s), needs 3 to learn (2 with codebook text); not learned"
            in engine.report.messages())
    assert all(s.code != "PF_SPORT" for s in engine.suggest("我最喜欢的就是打篮球和踢足球，每天都运动。"))


def test_a_code_with_one_example_is_not_learned_even_with_codebook_text():
    turns = _turns() + [CodedTurn(SPORT[0], frozenset({"PF_SPORT"}), "S04 #0")]
    assert train(turns, {"PF_SPORT": ["学生喜欢运动"]}).report.too_few_examples == {"PF_SPORT": 1}
    # ... unless asked to (bench --min-with-text 1): then it is, and ranks first on a turn like it.
    engine = train(turns, {"PF_SPORT": ["学生喜欢运动，打篮球踢足球"]}, min_with_text=1)
    assert engine.suggest("我最喜欢的就是打篮球和踢足球，每天都运动。")[0].code == "PF_SPORT"


def test_a_code_the_codebook_names_but_nobody_coded_is_not_learned_from_its_text_alone():
    engine = train(_turns(), {"PF_SPORT": ["学生喜欢运动"]}, min_with_text=1)
    assert "PF_SPORT" not in engine.codes and engine.report.too_few_examples == {"PF_SPORT": 0}


def test_a_chinese_turns_single_characters_are_features_and_the_fast_row_matches_the_vectorizer():
    import numpy as np

    features = turn_features("头疼，吃过药 ok。", "哪里不舒服？")
    assert {"c:头", "c:疼", "c:药"} <= set(features)
    assert not {"c:，", "c:o", "c:。"} & set(features)   # ideographs only: no punctuation, no Latin letters
    assert not [f for f in turn_features("My head hurts 头疼", "", "en") if len(f) == 3 and f.startswith("c:")]
    engine = train(_turns())
    assert "c:妈" in engine.vectorizer.vocabulary_
    for text in ["妈！支持 ok", "我妈妈和爸爸都很支持我。", "完全没见过的话题：火星", "家"]:
        row = engine.vectorizer.transform([turn_features(text, "你能说说你的情况吗？")]).toarray().ravel()
        indices, values = engine.vector(text, "你能说说你的情况吗？")
        fast = np.zeros_like(row)
        fast[indices] = values
        assert np.allclose(fast, row)
    # A turn read as English gets no single characters, in training and in scoring alike.
    indices, _ = engine.vector("妈 mum", "", "en")
    assert engine.vectorizer.vocabulary_["c:妈"] not in indices.tolist()
