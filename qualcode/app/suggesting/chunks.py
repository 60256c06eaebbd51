"""How `suggest` hands documents to its workers: longest first, in chunks that shrink toward the end.

A worker asks for the next chunk when it has finished one. Big chunks first mean few round trips while
there is much left; small ones last mean the workers run out of work at nearly the same moment, instead of
one working alone through a last big chunk (or a long interview sent last). Each chunk takes a share of
the characters still unassigned (``1 / (share × workers)`` of them, at least ``min_characters`` or one
document), as guided self-scheduling does; documents go longest first, so the last chunks hold the
shortest ones.
"""

from __future__ import annotations

from typing import Iterable

# 1/8 of the text in the first chunk with two workers; about 26 chunks for the 2-million-character bench.
SHARE = 4
# The smallest chunk: about a twentieth of a second of tokenising; a survey's last chunks still hold a few
# hundred short answers, not one each.
MIN_CHARACTERS = 20_000


def plan_chunks(lengths: Iterable[tuple[int, int]], workers: int, *, share: int = SHARE,
                min_characters: int = MIN_CHARACTERS) -> list[list[int]]:
    """Chunks of document ids from (id, characters) pairs: every id once, longest documents first, each
    chunk's characters a ``1 / (share × workers)`` share of what is left (at least ``min_characters``)."""
    ordered = sorted(lengths, key=lambda pair: (-pair[1], pair[0]))
    remaining = sum(characters for _, characters in ordered)
    chunks: list[list[int]] = []
    chunk: list[int] = []
    size = 0
    target = max(min_characters, remaining / (share * max(1, workers)))
    for document_id, characters in ordered:
        chunk.append(document_id)
        size += characters
        if size >= target:
            chunks.append(chunk)
            remaining -= size
            chunk, size = [], 0
            target = max(min_characters, remaining / (share * max(1, workers)))
    if chunk:
        chunks.append(chunk)
    return chunks
