"""jieba's prefix dictionary, loaded from a cache of our own in one read.

jieba keeps its prefix dictionary (every word and word prefix of ``dict.txt`` with its frequency, about
500,000 entries) in a marshal file and reads it back with ``marshal.load`` on the open file, which reads
the file piece by piece: about 0.6 s of CPU in a fresh process, where reading the file whole and decoding
it with ``marshal.loads`` takes about 0.2 s. Importing jieba also imports ``pkg_resources`` (about 0.1 s)
only to locate its own data files.

Here the dictionary jieba would build is kept in ``jieba-prefix.cache`` in qualcode's private cache
folder, in a file that says what it was built from: a header, a checksum of the rest, and the marshalled
``(key, prefix dictionary, total)``. The key names the dictionary file (path, size, modification time)
and jieba's version. A file that is unreadable, truncated, altered, or built from another dictionary or
jieba version is never used: the dictionary is built again with jieba's own builder
(``Tokenizer.gen_pfdict``, so the entries are the ones jieba would hold) and the cache rewritten
atomically. Nothing is fetched from the network. Codebook words are added afterwards as before
(:func:`qualcode.nlp.tokenizers.add_user_words`).
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any

CACHE_NAME = "jieba-prefix.cache"
# jieba's own cache of the same dictionary (about 9 MB), which it wrote into the same folder before this
# loader (commit bf31973); nothing reads it any more, so remove_old_cache takes it away once.
OLD_CACHE_NAME = "jieba.cache"
_MAGIC = b"qualcode jieba prefix dictionary 1\n"  # a new layout gets a new number
_CHECKSUM_BYTES = 4


def import_jieba() -> Any:
    """``import jieba`` without ``pkg_resources``: jieba then opens its data files beside its own module
    (its fallback), which is where pkg_resources finds them too. During that one import (a few
    hundredths of a second, under the tokenizer lock) another thread importing pkg_resources would get
    an ImportError; nothing in qualcode imports it."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail
    try:
        import jieba
    finally:
        if sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]  # importable again by anyone who needs it
    return jieba


def dictionary_key(jieba: Any, dictionary: Path) -> tuple:
    """What the cached prefix dictionary was built from; any change means it is built again."""
    stat = dictionary.stat()
    return (1, jieba.__version__, str(dictionary), stat.st_size, stat.st_mtime_ns)


def default_dictionary(jieba: Any) -> Path:
    return Path(jieba.__file__).resolve().with_name(jieba.DEFAULT_DICT_NAME)


def read_cache(path: Path, key: tuple) -> tuple[dict, int] | None:
    """The cached (prefix dictionary, total) when the file is whole and was built for ``key``; else None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    start = len(_MAGIC) + _CHECKSUM_BYTES
    if len(data) <= start or not data.startswith(_MAGIC):
        return None
    body = memoryview(data)[start:]
    if zlib.crc32(body).to_bytes(_CHECKSUM_BYTES, "big") != data[len(_MAGIC):start]:
        return None
    try:
        found = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None
    if not (isinstance(found, tuple) and len(found) == 3 and found[0] == key and isinstance(found[1], dict)
            and isinstance(found[2], int) and found[2] > 0):
        return None
    return found[1], found[2]


def write_cache(path: Path, key: tuple, freq: dict, total: int) -> None:
    """Write the cache atomically (a reader sees the old file or the new one, never half of one)."""
    body = marshal.dumps((key, freq, total))
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".jieba-prefix-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(_MAGIC + zlib.crc32(body).to_bytes(_CHECKSUM_BYTES, "big") + body)
        os.replace(temporary, path)
    except OSError:  # a full or read-only disk: the next process builds the dictionary again
        try:
            os.unlink(temporary)
        except OSError:
            pass


def load_prefix_dictionary(tokenizer: Any, cache_folder: Path, dictionary: Path | None = None) -> str:
    """Give jieba's ``tokenizer`` its prefix dictionary, from the cache in ``cache_folder`` when it is
    valid, else built from ``dictionary`` (jieba's default one) and cached. Returns "cache" or "built"."""
    jieba = import_jieba()
    dictionary = dictionary or default_dictionary(jieba)
    key = dictionary_key(jieba, dictionary)
    path = Path(cache_folder) / CACHE_NAME
    with tokenizer.lock:
        found = read_cache(path, key)
        how = "cache"
        if found is None:
            with open(dictionary, "rb") as handle:
                found = tokenizer.gen_pfdict(handle)
            write_cache(path, key, *found)
            how = "built"
        tokenizer.FREQ, tokenizer.total = found
        tokenizer.dictionary = jieba.DEFAULT_DICT if dictionary == default_dictionary(jieba) else str(dictionary)
        tokenizer.initialized = True
    return how


def remove_old_cache(cache_folder: Path) -> bool:
    """Delete jieba's old ``jieba.cache`` in ``cache_folder`` (qualcode's private cache folder) if it is
    there as a regular file; True when it was removed. A symbolic link or a folder of that name is left
    alone (``lstat``, and ``unlink`` removes a name, never what a link points to), and a file that cannot
    be removed stays: this is tidying, never a reason to fail the command."""
    path = Path(cache_folder) / OLD_CACHE_NAME
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        os.unlink(path)
    except OSError:
        return False
    return True
