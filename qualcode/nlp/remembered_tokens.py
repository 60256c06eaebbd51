"""jieba's tokens of texts split before, remembered so that scoring the same turns again splits nothing.

`qualcode next` (and the TUI's ``N``) scores a draw of up to 10,000 uncoded turns each time it is asked, and
most of that time was jieba splitting the same turns again. A turn's tokens depend only on its text and on
jieba's state: its version, its dictionary file, and the codebook words added to it, in order (adding a word
can change how later words are weighed). :func:`tokenizer_fingerprint` names that state, and a turn's key is a
hash of the fingerprint and the text (:func:`text_key`): a revised transcript (another text) or another
tokenizer (a new codebook word, another jieba) finds no tokens and is split afresh.

Only the tokens' lengths are kept (jieba's tokens are contiguous and cover the text), so remembered tokens are
always slices of the very text asked about; lengths that do not add up to that text's length are not used
(:func:`tokens_from_lengths`). The store itself (a cache file beside the project database) is the app's
business; here :class:`ChineseTokenMemo` answers :func:`qualcode.nlp.tokenizers.cut_chinese` from what it
was given, within :meth:`ChineseTokenMemo.active`, and collects what it had to split.
"""

from __future__ import annotations

import hashlib
from array import array
from contextlib import contextmanager
from itertools import accumulate
from typing import Iterable, Iterator, Mapping

from qualcode.nlp import tokenizers

LAYOUT = 1   # how tokens are remembered (a new layout gets a new number, so old rows are never read)


def tokenizer_fingerprint() -> bytes:
    """What jieba's split of a text depends on, as a short digest: this layout, jieba's version and dictionary
    file (path, size, modification time), the frequency codebook words get, and the codebook words given so
    far in their order. Imports jieba (a few hundredths of a second) without loading its dictionary."""
    from qualcode.nlp.jieba_loader import default_dictionary, dictionary_key, import_jieba

    jieba = import_jieba()
    parts = (LAYOUT, dictionary_key(jieba, default_dictionary(jieba)), tokenizers.USER_WORD_MIN_FREQ,
             tokenizers.user_words())
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).digest()


def text_key(fingerprint: bytes, text: str) -> bytes:
    """A turn's key in the store: its text under one tokenizer state."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16, key=fingerprint).digest()


def lengths_of(tokens: list[str]) -> bytes | None:
    """The tokens' lengths, packed: a type code ("B" or "I") and the numbers. None when an empty token would
    make the lengths ambiguous (jieba gives none, but nothing here relies on that)."""
    if not tokens:
        return b"B"
    sizes = list(map(len, tokens))
    if min(sizes) == 0:
        return None
    code = "B" if max(sizes) < 256 else "I"
    return code.encode("ascii") + array(code, sizes).tobytes()


def tokens_from_lengths(text: str, packed: bytes) -> list[str] | None:
    """The text cut at the remembered lengths, or None when they do not describe this text (a damaged row)."""
    code, body = packed[:1], packed[1:]
    if code == b"B":
        sizes = array("B", body)
    elif code == b"I" and len(body) % array("I").itemsize == 0:
        sizes = array("I", body)
    else:
        return None
    if not sizes:
        return [] if not text else None
    ends = list(accumulate(sizes))
    if ends[-1] != len(text) or 0 in sizes:
        return None
    return list(map(text.__getitem__, map(slice, [0, *ends[:-1]], ends)))


class ChineseTokenMemo:
    """Answers ``cut_chinese`` from remembered lengths (``known``: text -> packed lengths) while active. Each
    of the ``wanted`` texts it had to give to jieba is in :attr:`fresh` (text -> packed lengths) for the
    caller to keep; other texts (a keyword's clause) are split and forgotten."""

    def __init__(self, known: Mapping[str, bytes], wanted: Iterable[str] = ()):
        self.known = dict(known)
        self.wanted = set(wanted)
        self.fresh: dict[str, bytes] = {}
        self.hits = 0
        self.misses = 0
        self._words = tokenizers.user_word_count()

    def words_unchanged(self) -> bool:
        """No codebook word was added to jieba since the memo was made (else it splits anew, remembering nothing)."""
        return tokenizers.user_word_count() == self._words

    def cut(self, text: str) -> list[str]:
        if not self.words_unchanged():
            return tokenizers.jieba_cut(text)
        packed = self.known.get(text)
        if packed is not None:
            tokens = tokens_from_lengths(text, packed)
            if tokens is not None:
                self.hits += 1
                return tokens
        tokens = tokenizers.jieba_cut(text)
        self.misses += 1
        if text in self.wanted and "".join(tokens) == text:   # what tokens_from_lengths relies on
            lengths = lengths_of(tokens)
            if lengths is not None:
                self.fresh[text] = self.known[text] = lengths   # a text asked twice is split once
        return tokens

    @contextmanager
    def active(self) -> Iterator["ChineseTokenMemo"]:
        """Within the block (this thread or task only), ``cut_chinese`` asks this memo first."""
        token = tokenizers.remembered.set(self)
        try:
            yield self
        finally:
            tokenizers.remembered.reset(token)

