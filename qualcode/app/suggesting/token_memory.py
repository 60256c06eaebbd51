"""Chinese turns' tokens remembered between runs, in ``.qualcode/tokens.db`` (a cache: deleting it is safe).

`qualcode next` and the TUI's ``N`` score up to 10,000 uncoded turns a call; on a project of 1,200
interviews two thirds of a call (about 5 s) was jieba splitting turns it had split on the previous call,
and `suggest` splits every turn of every document again whenever the learned model was retrained.
Within :meth:`TokenMemory.remembering` a turn split before under the same tokenizer state (jieba's version
and dictionary, the codebook words added, in order: :func:`qualcode.nlp.remembered_tokens.tokenizer_fingerprint`)
is cut at its remembered token lengths instead, and the turns jieba had to split are remembered. The tokens
are the ones jieba gives, so every score is the same to the last bit (tests/test_token_memory.py). The file
never makes a command fail: unreadable, it is made afresh; busy or read-only, turns are split as without it.

`next` and `suggest` split with the same words in jieba's dictionary (the learned engine gives it the codebook's
keywords before it trains or scores: :func:`qualcode.nlp.compile.give_jieba_the_keywords`), so a turn one of
them split is remembered for the other.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from qualcode.nlp.remembered_tokens import ChineseTokenMemo, text_key, tokenizer_fingerprint
from qualcode.storage.token_store import TokenStore

FILE_NAME = "tokens.db"
FLUSH_ROWS = 20_000   # new rows kept in memory before they are written (suggest remembers document by document)


def tokens_path(private_folder: Path) -> Path:
    """The cache file of a project whose database is in ``private_folder`` (``.qualcode``)."""
    return Path(private_folder) / FILE_NAME


class TokenMemory:
    """The cache file held open for a run: blocks of remembered tokens, new ones written in batches."""

    def __init__(self, private_folder: Path):
        self.store = TokenStore.open(tokens_path(private_folder))
        self.unsaved: dict[bytes, bytes] = {}
        self.hits = self.misses = 0

    @contextmanager
    def remembering(self, texts: Iterable[str]) -> Iterator[ChineseTokenMemo]:
        """Within the block, ``cut_chinese`` of any of ``texts`` (Chinese turns about to be scored, and their
        questions) takes the tokens remembered for it; the texts jieba splits in the block are remembered when
        it ends without an error."""
        fingerprint = tokenizer_fingerprint()
        keys = {text_key(fingerprint, text): text for text in set(texts)}
        found = self.store.lookup(keys) if self.store is not None and keys else {}
        memo = ChineseTokenMemo({keys[key]: lengths for key, lengths in found.items()}, wanted=keys.values())
        with memo.active():
            yield memo
        self.hits += memo.hits
        self.misses += memo.misses
        if self.store is not None and memo.words_unchanged():
            self.unsaved.update((text_key(fingerprint, text), lengths) for text, lengths in memo.fresh.items())
            if len(self.unsaved) >= FLUSH_ROWS:
                self.flush()

    def flush(self) -> None:
        if self.store is not None and self.unsaved:
            self.store.save(self.unsaved)
        self.unsaved = {}

    def close(self) -> None:
        """Write what is left and close the file."""
        if self.store is not None:
            self.flush()
            self.store.close()
            self.store = None


@contextmanager
def remembering_tokens(private_folder: Path, texts: Iterable[str]) -> Iterator[ChineseTokenMemo]:
    """One block of :meth:`TokenMemory.remembering` with the file open only for it."""
    memory = TokenMemory(private_folder)
    try:
        with memory.remembering(texts) as memo:
            yield memo
    finally:
        memory.close()
