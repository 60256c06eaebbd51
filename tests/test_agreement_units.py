"""Units (segments, sentences, characters) and how codings map to them -- hand-worked cases."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.analysis.agreement import spans as sp
from qualcode.analysis.agreement.presence import character_tables, unit_tables
from qualcode.analysis.agreement.statistics import two_by_two
from qualcode.analysis.agreement.units import (
    Unit,
    selected_segments,
    sentence_spans,
    sentence_units,
)
from qualcode.core.models import Segment


def test_sentences_split_on_chinese_and_western_terminators():
    text = "我想考电工证。可是很难！你呢？ I plan ahead. It costs 3.5 yuan... OK"
    pieces = [text[s:e] for s, e in sentence_spans(text)]
    assert pieces == ["我想考电工证。", "可是很难！", "你呢？", "I plan ahead.", "It costs 3.5 yuan...", "OK"]


def test_closing_quotes_stay_with_their_sentence():
    text = "老师说：“你可以的。”我就信了。"
    assert [text[s:e] for s, e in sentence_spans(text)] == ["老师说：“你可以的。”", "我就信了。"]
    text = 'She said "fine." Then left.'
    assert [text[s:e] for s, e in sentence_spans(text)] == ['She said "fine."', "Then left."]


def test_sentence_runs_and_offsets():
    text = "  真的吗？！  \n好。"
    spans = sentence_spans(text, offset=100)
    assert spans == [(102, 107), (110, 112)]  # "真的吗？！" at 2..7, "好。" at 10..12


def test_sentence_units_carry_segment_and_number():
    doc = "访谈者：你好。\n受访者：我很好。谢谢！"
    seg = Segment(id=7, document_id=1, ordinal=2, start=12, end=len(doc), speaker="受访者", role="participant")
    units = sentence_units([seg], {1: doc})
    assert [(doc[u.start:u.end], u.sentence, u.segment_id) for u in units] == [("我很好。", 1, 7), ("谢谢！", 2, 7)]
    assert units[1].label("S01_pre") == "S01_pre #2.2"


def test_role_selects_participant_turns_by_default():
    segs = [Segment(1, 1, 1, 0, 3, "访谈者", "interviewer"), Segment(2, 1, 2, 4, 9, "受访者", "participant"),
            Segment(3, 1, 3, 9, 9, "受访者", "participant")]
    assert [s.id for s in selected_segments(segs, "participant")] == [2]
    assert [s.id for s in selected_segments(segs, "all")] == [1, 2]
    with pytest.raises(ValueError):
        selected_segments(segs, "nobody")


# ----------------------------------------------------------------------------- presence
UNITS = [Unit(1, 10, 1, 0, 10), Unit(1, 11, 2, 10, 20), Unit(1, 12, 3, 20, 30)]
COVER = {"A": {1}, "B": {1}}


def test_whole_segment_codings_give_the_expected_2x2():
    spans = {"A": {(1, "X"): [(0, 10), (10, 20)]}, "B": {(1, "X"): [(10, 20), (20, 30)]}}
    table = unit_tables(UNITS, spans, COVER, ("A", "B"), ["X"], overlap=0.9)["X"].table
    counts = two_by_two(table)
    assert (counts.both, counts.only_a, counts.only_b, counts.neither) == (1, 1, 1, 0)


def test_overlap_rule_splits_different_passages_of_one_unit():
    # In unit 1 ([0,10)) A codes [0,10), B codes [0,8): share 8/10 = 0.8.
    spans = {"A": {(1, "X"): [(0, 10)]}, "B": {(1, "X"): [(0, 8)]}}
    strict = unit_tables(UNITS, spans, COVER, ("A", "B"), ["X"], overlap=0.9)["X"]
    counts = two_by_two(strict.table)
    # unit 1 counted twice (A's passage, B's passage), units 2 and 3 neither.
    assert (counts.both, counts.only_a, counts.only_b, counts.neither) == (0, 1, 1, 2)
    assert strict.passage_splits == 1
    lenient = unit_tables(UNITS, spans, COVER, ("A", "B"), ["X"], overlap=0.8)["X"]
    counts = two_by_two(lenient.table)
    assert (counts.both, counts.only_a, counts.only_b, counts.neither) == (1, 0, 0, 2)
    assert lenient.passage_splits == 0


def test_a_coding_across_two_segments_marks_both_and_is_clipped():
    spans = {"A": {(1, "X"): [(5, 25)]}, "B": {(1, "X"): [(10, 20)]}}
    result = unit_tables(UNITS, spans, COVER, ("A", "B"), ["X"], overlap=0.9)["X"]
    by_unit = {m.unit.segment_ordinal: m.values for m in result.marked}
    # unit 1: A only (5..10); unit 2: both cover all of 10..20; unit 3: A only (20..25).
    assert by_unit == {1: (1, 0), 2: (1, 1), 3: (1, 0)}


def test_uncoded_document_is_missing_not_absent():
    units = UNITS + [Unit(2, 20, 1, 0, 10)]
    spans = {"A": {(1, "X"): [(0, 10)], (2, "X"): [(0, 10)]}, "B": {(1, "X"): [(0, 10)]}}
    coverage = {"A": {1, 2}, "B": {1}}
    table = unit_tables(units, spans, coverage, ("A", "B"), ["X"], overlap=0.9)["X"].table
    assert table.patterns == {(1, 1): 1, (0, 0): 2, (1, None): 1}
    assert two_by_two(table).n == 3


def test_character_units_count_code_points():
    # Region: units [0,10) and [20,30) (segment 2 not selected). A codes [0,6) and [20,30);
    # B codes [4,10). Both: 4..6 = 2; only A: 0..4 + 20..30 = 14; only B: 6..10 = 4; neither: 0.
    units = [UNITS[0], UNITS[2]]
    spans = {"A": {(1, "X"): [(0, 6), (20, 30)]}, "B": {(1, "X"): [(4, 10), (12, 18)]}}
    table = character_tables(units, spans, COVER, ("A", "B"), ["X"])["X"].table
    counts = two_by_two(table)
    assert (counts.both, counts.only_a, counts.only_b, counts.neither) == (2, 14, 4, 0)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 10)), max_size=6),
       st.lists(st.tuples(st.integers(0, 40), st.integers(1, 10)), max_size=6))
def test_character_tables_equal_a_character_by_character_count(a_raw, b_raw):
    a = [(s, s + n) for s, n in a_raw]
    b = [(s, s + n) for s, n in b_raw]
    units = [Unit(1, 1, 1, 3, 17), Unit(1, 2, 2, 20, 45)]
    table = character_tables(units, {"A": {(1, "X"): a}, "B": {(1, "X"): b}}, COVER, ("A", "B"), ["X"])["X"].table
    expected = {}
    for unit in units:
        for point in range(unit.start, unit.end):
            pattern = (int(any(s <= point < e for s, e in a)), int(any(s <= point < e for s, e in b)))
            expected[pattern] = expected.get(pattern, 0) + 1
    assert {k: v for k, v in table.patterns.items() if v} == expected


def test_span_helpers():
    assert sp.merge([(5, 8), (0, 3), (3, 4), (7, 9)]) == ((0, 4), (5, 9))
    assert sp.clip(((0, 4), (5, 9)), 2, 6) == ((2, 4), (5, 6))
    assert sp.overlap_share(((0, 10),), ((5, 15),)) == pytest.approx(5 / 15)
    assert sp.contains(((0, 4), (5, 9)), 4) is False and sp.contains(((0, 4), (5, 9)), 5) is True


def _brute_force(units, a, b, overlap):
    """Unit by unit, code point by code point, straight from the rule in presence.py."""
    patterns = {}
    for unit in units:
        points = set(range(unit.start, unit.end))
        mark_a = {p for s, e in a for p in range(s, e)} & points
        mark_b = {p for s, e in b for p in range(s, e)} & points
        if mark_a and mark_b and len(mark_a & mark_b) / len(mark_a | mark_b) < overlap:
            rows = [(1, 0), (0, 1)]
        else:
            rows = [(int(bool(mark_a)), int(bool(mark_b)))]
        for row in rows:
            patterns[row] = patterns.get(row, 0) + 1
    return patterns


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 15)), max_size=6),
       st.lists(st.tuples(st.integers(0, 60), st.integers(1, 15)), max_size=6),
       st.sampled_from([0.0, 0.5, 0.9, 1.0]))
def test_unit_tables_equal_a_brute_force_reading_of_the_rule(a_raw, b_raw, overlap):
    a = [(s, s + n) for s, n in a_raw]
    b = [(s, s + n) for s, n in b_raw]
    units = [Unit(1, i, i, start, end) for i, (start, end) in enumerate([(0, 9), (9, 20), (24, 40), (40, 41), (50, 70)])]
    table = unit_tables(units, {"A": {(1, "X"): a}, "B": {(1, "X"): b}}, COVER, ("A", "B"), ["X"],
                        overlap=overlap)["X"].table
    assert dict(table.patterns) == _brute_force(units, a, b, overlap)
