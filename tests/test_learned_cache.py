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
