"""qualcode's own cache of jieba's prefix dictionary: the same dictionary and tokens as stock jieba, a cache
that is corrupt, truncated or built from another dictionary is rebuilt (never used), and codebook words are
added as before."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qualcode.nlp import jieba_loader
from qualcode.nlp.jieba_loader import CACHE_NAME, import_jieba, load_prefix_dictionary

REPO = Path(__file__).resolve().parents[1]
TEXTS = sorted((REPO / "transcripts").glob("S0*"))  # the shipped Chinese interviews (one of them in GB18030)


def read(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


@pytest.fixture(scope="module")
def stock():
    """Stock jieba, initialised its own way (it builds the dictionary from dict.txt into a fresh folder)."""
    import tempfile

    jieba = import_jieba()
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = tempfile.mkdtemp(prefix="stock-jieba-")
    tokenizer.initialize()
    yield tokenizer
    shutil.rmtree(tokenizer.tmp_dir, ignore_errors=True)


def fresh(folder: Path, dictionary: Path | None = None):
    tokenizer = import_jieba().Tokenizer()
    return tokenizer, load_prefix_dictionary(tokenizer, folder, dictionary)


def test_built_and_cached_dictionary_equal_stock_jieba_and_cut_the_same(tmp_path, stock):
    built, how_built = fresh(tmp_path)
    cached, how_cached = fresh(tmp_path)
    assert (how_built, how_cached) == ("built", "cache")
    assert built.total == cached.total == stock.total
    assert built.FREQ == cached.FREQ == stock.FREQ
    assert len(TEXTS) >= 4
    for path in TEXTS:
        text = read(path)
        assert cached.lcut(text) == stock.lcut(text), path.name
        assert cached.lcut(text, HMM=False) == stock.lcut(text, HMM=False), path.name
        assert cached.lcut_for_search(text) == stock.lcut_for_search(text), path.name


def _flip_middle(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1:]


@pytest.mark.parametrize("damage", [
    pytest.param(_flip_middle, id="one-bit-flipped"),
    # The total's top byte: a file that still decodes, only to a wrong total; the checksum catches it.
    pytest.param(lambda data: data[:-1] + bytes([data[-1] ^ 0x01]), id="last-bit-flipped"),
    pytest.param(lambda data: data[: len(data) // 3], id="truncated"),
    pytest.param(lambda data: b"", id="empty"),
    pytest.param(lambda data: b"not a cache at all" * 100, id="garbage"),
    pytest.param(lambda data: data.replace(b"dictionary 1", b"dictionary 9", 1), id="other-layout"),
])
def test_a_damaged_cache_is_rebuilt_not_used(tmp_path, stock, damage):
    fresh(tmp_path)
    path = tmp_path / CACHE_NAME
    path.write_bytes(damage(path.read_bytes()))
    tokenizer, how = fresh(tmp_path)
    assert how == "built"
    assert tokenizer.FREQ == stock.FREQ and tokenizer.total == stock.total
    assert fresh(tmp_path)[1] == "cache"  # the rebuilt file is whole again


def test_a_cache_of_another_dictionary_or_jieba_version_is_rebuilt(tmp_path, stock):
    dictionary = tmp_path / "dict.txt"
    shutil.copyfile(jieba_loader.default_dictionary(import_jieba()), dictionary)
    folder = tmp_path / "cache"
    folder.mkdir()
    assert fresh(folder, dictionary)[1] == "built"
    assert fresh(folder, dictionary)[1] == "cache"
    with dictionary.open("a", encoding="utf-8") as handle:  # the dictionary changed after it was cached
        handle.write("晶体管收音机 7 n\n")
    tokenizer, how = fresh(folder, dictionary)
    assert how == "built" and tokenizer.FREQ["晶体管收音机"] == 7 and "晶体管收音机" not in stock.FREQ
    assert tokenizer.total == stock.total + 7
    # A whole, checksummed file written by another jieba version is not used either.
    key = jieba_loader.dictionary_key(import_jieba(), dictionary)
    jieba_loader.write_cache(folder / CACHE_NAME, (key[0], "0.0.1", *key[2:]), {"planted-by-the-test": 1}, 1)
    tokenizer, how = fresh(folder, dictionary)
    assert how == "built" and "planted-by-the-test" not in tokenizer.FREQ and tokenizer.FREQ["晶体管收音机"] == 7


_QUALCODE_CUT = """
import json, sys
from qualcode.nlp.tokenizers import add_user_words, cut_chinese
add_user_words(["中考失利", "家里人", "走一步看一步"])
texts = json.loads(sys.stdin.read())
print(json.dumps({"pkg_resources": "pkg_resources" in sys.modules, "tokens": [cut_chinese(t) for t in texts]}))
"""


def test_qualcode_tokenizer_in_a_fresh_process_matches_stock_jieba_with_the_codebook_words(tmp_path, stock):
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path), PYTHONPATH=str(REPO))
    texts = json.dumps([read(path) for path in TEXTS])
    runs = [json.loads(subprocess.run([sys.executable, "-c", _QUALCODE_CUT], input=texts, env=env,
                                      capture_output=True, text=True, timeout=120, check=True).stdout)
            for _ in range(2)]  # the first builds the cache, the second reads it
    assert (tmp_path / "qualcode" / CACHE_NAME).is_file()
    assert not runs[0]["pkg_resources"] and not runs[1]["pkg_resources"]
    # Stock jieba with the same words added as qualcode adds codebook words (at least its minimum frequency).
    from qualcode.nlp.tokenizers import USER_WORD_MIN_FREQ

    with_words = import_jieba().Tokenizer()
    with_words.tmp_dir, with_words.cache_file = stock.tmp_dir, None
    with_words.initialize()
    for word in ("中考失利", "家里人", "走一步看一步"):
        with_words.add_word(word, max(with_words.suggest_freq(word, False), USER_WORD_MIN_FREQ))
    expected = [with_words.lcut(read(path)) for path in TEXTS]
    assert runs[0]["tokens"] == runs[1]["tokens"] == expected
    assert any("中考失利" in tokens for tokens in expected)
