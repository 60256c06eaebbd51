"""The placement rule on its own: every piece inside its turn, no word of a turn lost or added."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.core.span_placement import Turn, TurnIndex, place_span
from qualcode.core.transcript import TranscriptSettings, split_turns

UTTERANCES = ["我妈妈一直很支持我。", "嗯。", "那老师呢？", "I felt more confident.", "老师也会\n鼓励我。"]


@st.composite
def transcripts_and_spans(draw):
    lines = [f"{draw(st.sampled_from(['访谈者', '受访者']))}：{draw(st.sampled_from(UTTERANCES))}"
             + draw(st.sampled_from(["\n", "\n\n", " \n"])) for _ in range(draw(st.integers(1, 6)))]
    text = "".join(lines)
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return text, start, end


@settings(max_examples=200, deadline=None)
@given(transcripts_and_spans())
def test_pieces_keep_exactly_the_turn_words_the_selection_covered(case):
    text, start, end = case
    turns, _ = split_turns(text, TranscriptSettings())
    index = TurnIndex([Turn(n, t.start, t.end) for n, t in enumerate(turns)])
    placement = place_span(text, index, start, end)
    by_id = {t.segment_id: t for t in index.turns}
    covered = set()
    for piece in placement.pieces:
        turn = by_id[piece.segment_id]
        assert turn.start <= piece.start < piece.end <= turn.end
        assert not text[piece.start].isspace() and not text[piece.end - 1].isspace()
        covered |= set(range(piece.start, piece.end))
    wanted = {i for t in index.turns for i in range(max(start, t.start), min(end, t.end)) if not text[i].isspace()}
    assert {i for i in covered if not text[i].isspace()} == wanted
    assert (placement.kind == "skipped") == (not wanted)
    assert (placement.kind == "split") == (len(placement.pieces) > 1)
