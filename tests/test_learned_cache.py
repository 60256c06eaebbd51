"""The learned model cache: reused for the same fingerprint, rebuilt when codings change or the file is corrupt."""

from qualcode.app.suggesting.learned_cache import cached_engine, fingerprint
from qualcode.nlp.learned import CodedTurn, train
from tests.test_nlp_learned import _turns


def test_same_fingerprint_reuses_the_file_and_a_new_coding_invalidates_it(tmp_path):
    turns = _turns()
    key = fingerprint(turns, {}, {"engine": "learned"})
    first, how = cached_engine(tmp_path, key, lambda: train(turns))
    assert how == "built"
    again, how = cached_engine(tmp_path, key, lambda: train(turns))
    assert how == "reused" and again.codes == first.codes
    more = turns + [CodedTurn("我妈妈给我做饭。", frozenset({"PF_FAMILY"}), "S09 #1")]
    changed = fingerprint(more, {}, {"engine": "learned"})
    assert changed != key
    _, how = cached_engine(tmp_path, changed, lambda: train(more))
    assert how == "built"
    assert len(list(tmp_path.glob("learned-*.pkl"))) == 1


def test_corrupt_cache_is_rebuilt_not_trusted(tmp_path):
    turns = _turns()
    key = fingerprint(turns, {}, {})
    cached_engine(tmp_path, key, lambda: train(turns))
    path = next(tmp_path.glob("learned-*.pkl"))
    data = path.read_bytes()
    path.write_bytes(data[:-40] + b"x" * 40)
    engine, how = cached_engine(tmp_path, key, lambda: train(turns))
    assert how == "rebuilt (corrupt cache)"
    assert engine.suggest("爸爸妈妈一直支持我。")[0].code == "PF_FAMILY"
    assert cached_engine(tmp_path, key, lambda: train(turns))[1] == "reused"


def test_the_model_of_a_project_of_realistic_size_is_kept_and_reused(tmp_path):
    """1,200 interviews with 13,491 coded turns trained a 58 MB model, over the cache's 50 MB: it was never kept, so
    every `suggest`, `next` and retraining in the coding window trained it again (82 s of `next`'s 1 min 48 s there;
    58 s with the model reused). A model of more than 50 MB, trained on 1,000 long turns, is kept now."""
    import random
    import string

    chooser = random.Random(5)
    vocabulary = ["".join(chooser.choice(string.ascii_lowercase) for _ in range(7)) for _ in range(40000)]
    turns = [CodedTurn(" ".join(chooser.choice(vocabulary) for _ in range(500)),
                       frozenset({"PF_GOAL"} if index % 3 == 0 else {"PF_FAMILY"}), f"D{index // 50} #{index}",
                       language="en", document=f"D{index // 50}") for index in range(1000)]
    trainings = []

    def build():
        trainings.append(1)
        return train(turns, language="en", question_weight=1.0, folds=2, gate=False)

    key = fingerprint(turns, {}, {"engine": "learned"})
    notes: list[str] = []
    first, how = cached_engine(tmp_path, key, build, notes)
    assert how == "built" and notes == []
    assert next(tmp_path.glob("learned-*.pkl")).stat().st_size > 50 * 2**20
    again, how = cached_engine(tmp_path, key, build, notes)
    assert how == "reused" and len(trainings) == 1 and notes == []
    probe = turns[3].text
    assert [s.code for s in again.suggest(probe)] == [s.code for s in first.suggest(probe)]
