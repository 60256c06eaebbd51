"""Process-wide tokenizers, loaded once and lazily.

- Chinese: jieba's default dictionary, its prefix dictionary cached (and checked)
  by :mod:`qualcode.nlp.jieba_loader` in a private per-user cache folder (never the
  shared /tmp/jieba.cache another user could plant).
- English: spaCy. By default ``spacy.blank("en")`` for tokens plus the lookup
  table of ``spacy-lookups-data`` for lemmas (fully offline); an installed
  pipeline (e.g. ``en_core_web_sm``) when ``[nlp] english_model`` names one.

Loading is thread-safe; every worker process loads its own copy once.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import accumulate, compress
from operator import add
from pathlib import Path
from typing import Any

from qualcode.core.errors import QualcodeError

_lock = threading.RLock()
_jieba: Any = None
_user_words: set[str] = set()
_pending_words: dict[str, None] = {}
_word_order: list[str] = []   # codebook words in the order given (what jieba's splitting depends on)
# Tokens remembered from an earlier run, for the code running in this context (see remembered_tokens).
remembered: ContextVar[Any] = ContextVar("remembered_chinese_tokens", default=None)
_english: dict[str | None, "EnglishTokenizer"] = {}
_LOOKUP_COLUMNS: list = []  # spaCy's LOWER, IDX and LENGTH attribute ids, filled when spaCy is first loaded

# Frequency given to codebook words in jieba's dictionary: high enough to keep
# 中考失利 or 家里人 whole, low enough not to distort the rest of the dictionary.
USER_WORD_MIN_FREQ = 20_000


def cache_dir() -> Path:
    """A folder only this user can write: $XDG_CACHE_HOME/qualcode or ~/.cache/qualcode."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "qualcode"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if os.access(folder, os.W_OK) and folder.stat().st_uid == os.getuid():
            return folder
    except (OSError, AttributeError):
        pass
    # A read-only home: a fresh private temporary folder for this process.
    return Path(tempfile.mkdtemp(prefix="qualcode-"))


def jieba_tokenizer() -> Any:
    """jieba's default tokenizer, initialised once per process."""
    global _jieba
    if _jieba is not None:
        return _jieba
    with _lock:
        if _jieba is None:
            from qualcode.nlp.jieba_loader import import_jieba, load_prefix_dictionary, remove_old_cache

            jieba = import_jieba()
            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.dt
            folder = cache_dir()
            tokenizer.tmp_dir = str(folder)  # where jieba itself would cache (a custom dictionary's)
            # Not OLD_CACHE_NAME: remove_old_cache below deletes that name, and must never delete a live cache.
            tokenizer.cache_file = "jieba-builder.cache"
            load_prefix_dictionary(tokenizer, folder)
            remove_old_cache(folder)   # the ~9 MB jieba.cache of versions before the loader: read by nothing now
            _add_pending_words(tokenizer)
            _jieba = tokenizer
    return _jieba


def add_user_words(words: "list[str] | set[str] | tuple[str, ...]") -> None:
    """Add codebook words to jieba's dictionary (once each) so they stay whole.

    Before jieba is loaded the words wait and are added as it loads, so building an engine
    for an English project does not load jieba's dictionary (about a second).
    """
    with _lock:
        for word in words:
            word = word.strip()
            if word and not any(ch.isspace() for ch in word):
                if word not in _user_words and word not in _pending_words:
                    _word_order.append(word)
                _pending_words.setdefault(word)  # a dict keeps the order the words came in
        if _jieba is not None:
            _add_pending_words(_jieba)


def _add_pending_words(tokenizer: Any) -> None:
    for word in _pending_words:
        if word not in _user_words:
            freq = max(tokenizer.suggest_freq(word, False), USER_WORD_MIN_FREQ)
            tokenizer.add_word(word, freq)
            _user_words.add(word)
    _pending_words.clear()


def cut_chinese(text: str) -> list[str]:
    memo = remembered.get()
    return memo.cut(text) if memo is not None else jieba_cut(text)


def jieba_cut(text: str) -> list[str]:
    """jieba's own split, never a remembered one."""
    return jieba_tokenizer().lcut(text)


def user_words() -> tuple[str, ...]:
    """The codebook words given to jieba so far (added or waiting for it to load), in the order given."""
    with _lock:
        return tuple(_word_order)


def user_word_count() -> int:
    """How many codebook words were given so far (words are only ever added: a change of count is a change)."""
    return len(_word_order)


def token_starts(tokens: list[str]) -> list[int]:
    """Start offset of each token (jieba's tokens are contiguous and cover the text)."""
    return [0, *accumulate(map(len, tokens))][:-1] if tokens else []


@dataclass(frozen=True, slots=True)  # slots: one per English turn, built faster
class EnglishTokens:
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    lower: tuple[str, ...]
    lemmas: tuple[str, ...]


# Word and Otter write don’t and I’m with a typographic apostrophe; the lemma table, the negation cues
# (n't) and keywords typed on a keyboard (i'm able) use the ASCII one. Same length, so offsets hold.
_ASCII_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


class EnglishTokenizer:
    """Tokens and lower-cased lemmas for English text."""

    def __init__(self, model: str | None = None) -> None:
        import spacy

        self.model = model
        if model:
            try:
                self.nlp = spacy.load(model, exclude=["ner", "parser", "textcat"])
            except (OSError, ImportError) as exc:
                raise QualcodeError(
                    f"qualcode.toml [nlp] english_model = {model!r} is not installed; install it "
                    "(e.g. pip install en_core_web_sm) or remove the setting to use the built-in lemmas") from exc
            self.table = None
        else:
            self.nlp = spacy.blank("en")
            from spacy.lookups import load_lookups

            self.table = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
            if not _LOOKUP_COLUMNS:
                from spacy.attrs import IDX, LENGTH, LOWER

                _LOOKUP_COLUMNS[:] = [LOWER, IDX, LENGTH]
        self._lower: dict[int, str] = {}  # spaCy's LOWER id -> the lower-case word
        self._lemma: dict[int, str] = {}  # the same id -> its lower-case lemma
        self._spaces: set[int] = set()  # the ids of whitespace words (dropped from the tokens)

    def analyse(self, text: str) -> EnglishTokens:
        if self.table is not None:
            return self._lookup_tokens(text)
        doc = self.nlp(text)
        rows = [(t.idx, t.idx + len(t.text), t.lower_.translate(_ASCII_APOSTROPHES),
                 (t.lemma_.lower() or t.lower_).translate(_ASCII_APOSTROPHES)) for t in doc if not t.is_space]
        if not rows:
            return EnglishTokens((), (), (), ())
        starts, ends, lower, lemmas = zip(*rows)
        return EnglishTokens(starts, ends, lower, lemmas)

    def _lookup_tokens(self, text: str) -> EnglishTokens:
        # One array per document, and each distinct word's lower case and lemma looked up once per
        # process: the per-token work runs in C (map over dicts), not in a Python loop per token.
        ids, starts, lengths = self.nlp.make_doc(text).to_array(_LOOKUP_COLUMNS).T.tolist()
        try:
            lower = tuple(map(self._lower.__getitem__, ids))
        except KeyError:  # a word not seen before in this process
            self._learn_words(ids)
            lower = tuple(map(self._lower.__getitem__, ids))
        if not self._spaces.isdisjoint(ids):  # spaCy's IS_SPACE is the word's isspace(), known per word id
            kept = [word_id not in self._spaces for word_id in ids]
            ids, starts, lengths = list(compress(ids, kept)), list(compress(starts, kept)), list(compress(lengths, kept))
            lower = tuple(compress(lower, kept))
        if not ids:
            return EnglishTokens((), (), (), ())
        return EnglishTokens(tuple(starts), tuple(map(add, starts, lengths)), lower,
                             tuple(map(self._lemma.__getitem__, ids)))

    def _learn_words(self, ids: list[int]) -> None:
        for word_id in set(ids).difference(self._lower):
            low = self.nlp.vocab.strings[word_id].translate(_ASCII_APOSTROPHES)
            lemma = self.table.get(low)
            self._lower[word_id], self._lemma[word_id] = low, lemma.lower() if lemma else low
            if low.isspace():
                self._spaces.add(word_id)


def english_tokenizer(model: str | None = None) -> EnglishTokenizer:
    found = _english.get(model)
    if found is not None:
        return found
    with _lock:
        if model not in _english:
            _english[model] = EnglishTokenizer(model)
    return _english[model]
