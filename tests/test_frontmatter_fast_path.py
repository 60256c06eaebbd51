"""Plain `key: word` front matter is read without YAML, and always exactly as YAML reads it."""

from __future__ import annotations

import random

import pytest

from qualcode.core.frontmatter import _fields, _plain_fields, split_front_matter

PIECES = ["participant", "wave", "S01", "R000001", "pre", "前测", "Li", "Ming", "yes", "No", "on", "null", "~",
          "true", "y", "1", "007", "1.5", "2024-01-01", "a-b", "x.y", "_z", "#", "'q'", '"q"', "[a, b]", "&x",
          "*x", "!x", "|", ">", "%", "@", "?", "-", ":", " ", "  ", "\t", "é", "grade", "10", "e3", ".inf",
          "nan", "<<", "{a: 1}", "key", "K"]
PLAIN = ["participant", "wave", "S01", "pre", "前测", "Li", "grade", "K", "x"]  # often, so blocks reach the fast path


def _yaml(block: str) -> dict[str, str] | str:
    from ruamel.yaml import YAML

    try:
        data = YAML(typ="safe", pure=True).load(block)
    except Exception as error:  # noqa: BLE001 - any YAML error means the fast path must not accept
        return f"error: {type(error).__name__}"
    return _fields(data) if isinstance(data, dict) else f"not a mapping: {data!r}"


@pytest.mark.parametrize("seed", range(6))
def test_every_block_the_fast_path_accepts_reads_the_same_as_yaml(seed):
    rng = random.Random(seed)
    accepted = 0
    for _ in range(1500):
        lines = []
        for _ in range(rng.randint(1, 2)):
            pool = PIECES + PLAIN * 6
            key = "".join(rng.choice(pool) for _ in range(rng.randint(1, 2)))
            value = "".join(rng.choice(pool) for _ in range(rng.randint(1, 3)))
            lines.append(f"{key}:{rng.choice([' ', '  ', ''])}{value}")
        block = "\n".join(lines) + rng.choice(["", "\n", "\n\n"])
        fast = _plain_fields(block)
        if fast is not None:
            accepted += 1
            assert _fields(fast) == _yaml(block), block
    assert accepted > 50  # the generator does reach the fast path


def test_a_survey_answer_front_matter_takes_the_fast_path_and_keeps_its_fields():
    block = "participant: R000001\nwave: 前测\n"
    assert _plain_fields(block) == {"participant": "R000001", "wave": "前测"}
    fields, body = split_front_matter(f"---\n{block}---\n受访者：好。\n", "R000001.txt")
    assert fields == {"participant": "R000001", "wave": "pre"} and body == "受访者：好。\n"


@pytest.mark.parametrize("block", ["participant: 007", "wave: yes", "a: b\na: c", "date: 2024-01-01",
                                  "name: 'S01'", "tags: [a, b]", "a: b # note", "  a: b", "a: b\n  c: d"])
def test_anything_yaml_could_read_otherwise_goes_to_yaml(block):
    assert _plain_fields(block) is None
