"""The shipped codebooks: complete, bilingual, and consistent with CODE_IDS.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qualcode.core.codebook import load_codebooks, shipped_codebook_paths
from qualcode.core.codebook_schema import RESERVED_KEYS
from qualcode.core.keyword_rules import parse_keyword_rule

PF_IDS = [
    "PF_PERSONAL", "PF_GOAL", "PF_EMOTION", "PF_POSITIVE", "PF_CONFIDENCE",
    "PF_SUPPORT", "PF_FAMILY", "PF_PEER", "PF_SCHOOL", "PF_SOCIALWORK", "PF_CAMPUS",
]
ND_IDS = [
    "ND_NEEDS", "ND_CONFIDENCE", "ND_EMOTION", "ND_FAMILY", "ND_PEER", "ND_CAREER",
    "AD_ADVERSITY", "AD_EXAM", "AD_LOWSELF", "AD_CONFUSION", "AD_HELPLESS", "AD_AVOID", "AD_LABEL",
    "AD_PRESSURE", "AD_PRESSURE_STUDY", "AD_PRESSURE_LIFE", "AD_PRESSURE_EMOTION", "AD_PRESSURE_JOB",
]


@pytest.fixture(scope="module")
def shipped():
    return load_codebooks(shipped_codebook_paths())


def test_both_codebooks_ship_with_exactly_the_fixed_ids_in_depth_first_order(shipped):
    names = [cb.name for cb in shipped.codebooks]
    assert names == ["needs-themes", "resilience-protective-factors"]
    by_name = {cb.name: cb for cb in shipped.codebooks}
    assert [c.id for c in by_name["resilience-protective-factors"].codes] == PF_IDS
    assert [c.id for c in by_name["needs-themes"].codes] == ND_IDS


def test_tree_shape_matches_code_ids(shipped):
    codes = shipped.by_id()
    assert codes["PF_GOAL"].parent_id == "PF_PERSONAL" and codes["PF_GOAL"].depth == 1
    assert codes["PF_CAMPUS"].parent_id == "PF_SUPPORT" and codes["PF_CAMPUS"].position == 4
    assert codes["AD_PRESSURE"].parent_id == "AD_ADVERSITY"
    assert codes["AD_PRESSURE_JOB"].parent_id == "AD_PRESSURE" and codes["AD_PRESSURE_JOB"].depth == 2
    assert codes["ND_NEEDS"].parent_id is None and codes["ND_NEEDS"].depth == 0


def test_every_node_is_documented_in_both_languages(shipped):
    for code in shipped.codes():
        assert set(code.labels) == {"zh", "en"}, code.id
        assert re.search(r"[\u4e00-\u9fff]", code.labels["zh"]), code.id
        assert code.description and code.include and code.exclude, code.id
        assert len(code.examples) >= 2, code.id
        assert code.color and re.fullmatch(r"#[0-9a-f]{6}", code.color), code.id


def test_every_leaf_has_keywords_in_both_languages_and_a_free_key(shipped):
    leaves = [c for cb in shipped.codebooks for c in cb.leaves()]
    assert len(leaves) == 24
    keys = [leaf.key for leaf in leaves]
    assert None not in keys and len(set(keys)) == len(keys)
    assert not set(keys) & RESERVED_KEYS
    for leaf in leaves:
        assert len(leaf.keywords.zh) >= 15, leaf.id
        assert len(leaf.keywords.en) >= 12, leaf.id
        for word in leaf.keywords.zh:
            parse_keyword_rule(word, "zh")


def test_themes_carry_no_keywords_so_suggestions_land_on_leaves(shipped):
    themes = [c for c in shipped.codes() if c.id in {"PF_PERSONAL", "PF_SUPPORT", "ND_NEEDS", "AD_ADVERSITY", "AD_PRESSURE"}]
    assert all(not t.keywords.all() and t.key is None for t in themes)


def test_negation_targets_follow_code_ids(shipped):
    codes = shipped.by_id()
    assert set(codes["PF_CONFIDENCE"].negated_suggests) == {"ND_CONFIDENCE", "AD_LOWSELF"}
    assert set(codes["PF_GOAL"].negated_suggests) == {"AD_CONFUSION", "ND_CAREER"}
    assert codes["PF_FAMILY"].negated_suggests == ("ND_FAMILY",)
    assert codes["PF_PEER"].negated_suggests == ("ND_PEER",)
    assert codes["PF_EMOTION"].negated_suggests == ("ND_EMOTION",)


def test_no_keyword_is_shared_between_codes(shipped):
    assert shipped.warnings == ()


@pytest.fixture(scope="module")
def engine(shipped):
    from qualcode.nlp.engine import SuggestionEngine

    return SuggestionEngine(list(shipped))


def test_every_example_gets_its_own_code_from_the_real_engine(shipped, engine):
    missed = [(leaf.id, example) for book in shipped.codebooks for leaf in book.leaves()
              for example in leaf.examples
              if leaf.id not in {s.code_id for s in engine.suggest_text(example)}]
    assert missed == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A bare mention of a person or a place is not evidence of support: the keywords
        # need the supportive act, so these suggest nothing.
        ("我妈在菜市场门口卖早点。", set()),
        ("谢谢林老师。", set()),
        ("My dad drives a truck.", set()),
        ("我妈一直鼓励我，让我放心去学。", {"PF_FAMILY"}),
        ("班主任经常找我谈心。", {"PF_SCHOOL"}),
        ("我室友人很好，经常教我接线。", {"PF_PEER"}),
        # Negated protective factors point at the needs and adversities (CODE_IDS.md).
        ("我不太自信。", {"AD_LOWSELF", "ND_CONFIDENCE"}),
        ("我没有目标。", {"AD_CONFUSION", "ND_CAREER"}),
        ("中考我差了二十多分，没考上普高。", {"AD_EXAM"}),
        ("说实话我挺迷茫的。", {"AD_CONFUSION"}),
    ],
)
def test_keywords_signal_the_code_not_just_the_topic(engine, text, expected):
    assert {s.code_id for s in engine.suggest_text(text)} == expected


def test_docs_table_matches_the_shipped_codebooks(shipped):
    docs = Path(__file__).resolve().parents[1] / "docs" / "codebooks.md"
    rows = {}
    for line in docs.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"(PF|ND|AD)_[A-Z_]+", cells[0]):
            rows[cells[0]] = (cells[1], cells[2], cells[3] or None)
    expected = {c.id: (c.labels["zh"], c.labels["en"].replace(" (sub-theme)", ""), c.key) for c in shipped.codes()}
    documented = {k: (zh, en.replace(" (sub-theme)", ""), key) for k, (zh, en, key) in rows.items()}
    assert documented == expected
