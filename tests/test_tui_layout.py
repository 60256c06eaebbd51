"""CJK-aware wrapping of transcripts (qualcode.tui.layout), worked out by hand."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from qualcode.tui.layout import (
    SegmentSpan,
    WrapCache,
    fit_cells,
    offset_at_cell,
    wrap_paragraph,
    wrap_segment,
    wrap_transcript,
)


def lines_of(text: str, width: int) -> list[str]:
    return [text[s:e] for s, e in wrap_paragraph(text, 0, len(text), width)]


def test_chinese_wraps_at_ten_characters_in_twenty_cells():
    text = "我们今天聊一聊你在学校的生活"
    assert lines_of(text, 20) == ["我们今天聊一聊你在学", "校的生活"]


def test_odd_width_never_splits_a_wide_character():
    # 9 cells hold four hanzi (8 cells); the fifth would straddle the edge.
    assert lines_of("一二三四五六七八", 9) == ["一二三四", "五六七八"]


def test_closing_punctuation_never_starts_a_line():
    # The comma would start line 2 at width 8, so 有 moves down with it.
    text = "我家里有，妈妈很好"
    lines = lines_of(text, 8)
    assert lines == ["我家里", "有，妈妈", "很好"]
    assert not any(line[0] in "，。" for line in lines)


def test_english_wraps_at_spaces_and_drops_them():
    text = "my mother always encourages me"
    assert lines_of(text, 12) == ["my mother", "always", "encourages", "me"]


def test_an_unbreakable_latin_run_is_cut_hard():
    assert lines_of("abcdefghij", 4) == ["abcd", "efgh", "ij"]


def test_mixed_text_breaks_next_to_hanzi():
    text = "我用了QQ和老师聊天"
    assert all(cell_len(line) <= 8 for line in lines_of(text, 8))
    assert "".join(lines_of(text, 8)) == text


def test_segment_paragraphs_each_wrap_and_blank_lines_vanish():
    text = "第一段话\n\n第二段"
    assert wrap_segment(text, 0, len(text), 40) == [(0, 4), (6, 9)]


def test_transcript_lines_map_back_to_segments():
    text = "访谈者：你好吗？\n受访者：我很好，谢谢老师关心我。"
    segments = [SegmentSpan(4, 8), SegmentSpan(13, len(text))]
    wrapped = wrap_transcript(text, segments, 10)
    # Five hanzi fill ten cells.
    assert wrapped.segment == [0, 1, 1, 1]
    assert [text[s:e] for s, e in zip(wrapped.start, wrapped.end)] == ["你好吗？", "我很好，谢", "谢老师关心", "我。"]
    assert wrapped.first_line_of_segment == [0, 1]
    assert wrapped.line_of_offset(1, text.index("关")) == 2
    assert wrapped.line_of_offset(1, text.index("。")) == 3


def test_wrap_cache_returns_the_same_layout_for_a_known_width():
    text = "一二三四五六"
    cache = WrapCache(text, [SegmentSpan(0, 6)])
    first = cache.get(4)
    cache.get(6)
    assert cache.get(4) is first


def test_cells_to_offsets_and_padding():
    text = "ab我们"
    assert offset_at_cell(text, 0, 4, 0) == 0
    assert offset_at_cell(text, 0, 4, 2) == 2
    assert offset_at_cell(text, 0, 4, 3) == 2  # the right half of 我
    assert offset_at_cell(text, 0, 4, 4) == 3
    assert fit_cells("受访者说话", 7) == "受访者 "


# --------------------------------------------------------------------------- properties

MIXED = st.text(alphabet=st.sampled_from(list("我们家里人妈妈鼓励支持，。！？abc def XYZ 12")), min_size=1, max_size=200)


@settings(max_examples=300, deadline=None)
@given(text=MIXED, width=st.integers(min_value=2, max_value=40))
def test_wrapped_lines_fit_and_keep_every_character_in_order(text, width):
    lines = wrap_paragraph(text, 0, len(text), width)
    for start, end in lines:
        assert cell_len(text[start:end]) <= width
    # Only spaces are dropped at the breaks, nothing else is lost or repeated.
    assert "".join(text[s:e] for s, e in lines).replace(" ", "") == text.replace(" ", "")
    assert all(e0 <= s1 for (_, e0), (s1, _) in zip(lines, lines[1:]))
