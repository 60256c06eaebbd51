"""The quick codebook load (C YAML parser) gives exactly what the round-trip load gives, or falls back to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.core.codebook import load_codebooks, load_valid_codebooks_quickly
from qualcode.core.codebook_yaml import parse_yaml_quickly
from qualcode.core.errors import CodebookError

REPO_ROOT = Path(__file__).resolve().parent.parent

EDGE_CASES = """# comments, quoting, block scalars, dates and numbers as text must read the same
codebook: edge-cases
version: 2
language: [zh, en]
themes:
  - id: EDGE_THEME
    label: {zh: "边界", en: 'Edge: cases'}
    description: >
      Folded text
      over two lines.
    include: |
      literal
        indented line
    examples:
      - "quoted 'inner' text"
      - 我希望有人能多跟我聊聊。
    codes:
      - id: EDGE_LEAF
        label: {zh: 叶, en: Leaf}  # a trailing comment
        description: yes no on off 010 2001-12-14 ~ are plain words here
        keywords:
          zh: [希望, '希望 NEAR/8 自信']
          en: ["be brave", on, no]
"""


def test_parse_quickly_uses_the_c_parser():
    assert parse_yaml_quickly("a: [1, b]\n") == {"a": [1, "b"]}


@pytest.mark.parametrize("names", [("needs-themes.yaml", "resilience-protective-factors.yaml")])
def test_shipped_codebooks_load_equal_both_ways(names):
    paths = [REPO_ROOT / "codebooks" / name for name in names]
    quick = load_valid_codebooks_quickly(paths)
    assert quick == list(load_codebooks(paths).codebooks)
    assert sum(len(book.codes) for book in quick) > 20


def test_quoting_block_scalars_and_yaml_words_load_equal_both_ways(tmp_path):
    path = tmp_path / "edge.yaml"
    path.write_text(EDGE_CASES, encoding="utf-8")
    assert parse_yaml_quickly(EDGE_CASES) is not None  # the quick path really ran on this file
    quick = load_valid_codebooks_quickly([path])
    assert quick == list(load_codebooks([path]).codebooks)
    leaf = quick[0].codes[1]
    assert leaf.id == "EDGE_LEAF" and "yes no on off 010 2001-12-14 ~" in leaf.description


def test_text_the_c_parser_rejects_still_loads_through_round_trip(tmp_path):
    text = EDGE_CASES.replace("en: [\"be brave\", on, no]", "en: [\"be brave\", 12:30]")
    assert parse_yaml_quickly(text) is None  # libyaml refuses a plain `12:30` in a flow list; ruamel reads it
    path = tmp_path / "edge.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_valid_codebooks_quickly([path]) == list(load_codebooks([path]).codebooks)


def test_a_duplicate_key_is_reported_with_its_line_as_before(tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_text(EDGE_CASES.replace("version: 2\n", "version: 2\nversion: 3\n"), encoding="utf-8")
    with pytest.raises(CodebookError) as quick:
        load_valid_codebooks_quickly([path])
    with pytest.raises(CodebookError) as slow:
        load_codebooks([path])
    assert str(quick.value) == str(slow.value) and "line" in str(quick.value)
