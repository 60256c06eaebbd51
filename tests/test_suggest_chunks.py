"""`suggest --jobs N` hands out documents longest first, in chunks that shrink toward the end."""

from __future__ import annotations

import random

import pytest

from qualcode.app.suggesting.chunks import plan_chunks


def _sizes(chunks, lengths):
    length = dict(lengths)
    return [sum(length[d] for d in chunk) for chunk in chunks]


@pytest.mark.parametrize("workers", [2, 3, 8])
def test_every_document_once_longest_first_chunks_shrinking(workers):
    rng = random.Random(workers)
    lengths = [(i, rng.choice([300, 5_000, 20_000, 60_000, 250_000])) for i in range(1, 400)]
    chunks = plan_chunks(lengths, workers, min_characters=10_000)
    flat = [d for chunk in chunks for d in chunk]
    assert sorted(flat) == [d for d, _ in lengths]
    length = dict(lengths)
    assert [length[d] for d in flat] == sorted(length.values(), reverse=True)
    sizes = _sizes(chunks, lengths)
    total = sum(sizes)
    # The first takes about 1/(4 x workers) of the text (a 250,000-character interview may overshoot it).
    assert total / (4 * workers) <= sizes[0] <= total / (4 * workers) + 250_000
    # Each chunk is about its share of what was left, so the last ones are small.
    left = total
    for size, chunk in zip(sizes, chunks):
        target = max(10_000, left / (4 * workers))
        assert size >= target or chunk is chunks[-1]
        assert size - length[chunk[-1]] < target  # no document more than the share needed
        left -= size
    assert max(sizes[-3:]) < 10_000 + 60_000 and len(chunks) <= len(lengths) // 2


def test_a_long_interview_goes_first_not_last():
    lengths = [(i, 2_000) for i in range(1, 200)] + [(999, 300_000)]
    chunks = plan_chunks(lengths, 2)
    assert chunks[0][0] == 999
    assert chunks[-1][-1] == 199  # ties keep the order of the ids


def test_a_survey_of_short_answers_is_not_sent_one_by_one():
    chunks = plan_chunks([(i, 100) for i in range(100_000)], 2)
    assert len(chunks) < 60
    assert min(len(chunk) for chunk in chunks) >= 100 and len(chunks[0]) == 12_500


def test_nothing_to_plan():
    assert plan_chunks([], 2) == []
