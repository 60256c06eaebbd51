"""The suggestion panel read at 80 columns (the side panel is about 30 cells wide) in both languages: a row keeps
its status on its own line or leaves it out, the why of a keyword hit keeps its punctuation in the interface's
language and stays whole, each piece of evidence starts its own line, and a learned score's lists break only
between items. The real SuggestionPanel in a real Textual app driven by Pilot."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from qualcode.core.models import Code, Evidence, Suggestion
from qualcode.tui.i18n import Translator
from qualcode.tui.widgets.panels import EVIDENCE_INDENT, SuggestionPanel
from test_tui_suggestions import panel_app

TURN = "中考没考好以后，我一直很自卑，觉得自己不如别人，成绩出来那天一个人在房间里待了一整天。"
CODES = {
    "AD_LOWSELF": Code(id="AD_LOWSELF", labels={"zh": "自卑", "en": "Low self-esteem"}, codebook="t"),
    "PF_SCHOOL": Code(id="PF_SCHOOL", labels={"zh": "教师与学校支持", "en": "Teachers and school support"},
                      codebook="t"),
}
PANEL_CSS = "SuggestionPanel { width: 30; height: 16; }"


def keyword_hit(word: str, kind: str = "exact") -> Evidence:
    at = TURN.index(word)
    return Evidence(word, word, at, at + len(word), kind)


async def shown_lines(suggestions, language: str, cursor: int = 0) -> list[str]:
    app = panel_app(PANEL_CSS)
    async with app.run_test(size=(60, 24)) as pilot:
        panel = app.query_one(SuggestionPanel)
        panel.show(suggestions, cursor, TURN, CODES, {}, language, "none", words=Translator(language))
        await pilot.pause()
        width = panel.size.width
        lines = [panel.render_line(y).text for y in range(panel.virtual_size.height)]
    assert all(cell_len(line) <= width for line in lines), lines
    return [line[1:].rstrip() for line in lines if line.strip()]   # without the one-cell padding


@pytest.mark.parametrize(("language", "why"), [("zh", "（关键词：自卑）"), ("en", "(keyword: 自卑)")])
async def test_a_keyword_hit_says_why_whole_in_the_interface_s_punctuation(language, why):
    lowself = Suggestion(1, 1, "AD_LOWSELF", 0.8, (keyword_hit("自卑"), keyword_hit("不如别人")), "pending", "v", "")
    lines = await shown_lines([lowself], language)
    assert any(line.strip().endswith(why) for line in lines), lines      # whole, on one line
    evidence = lines[1:]
    assert all(line.startswith(EVIDENCE_INDENT) for line in evidence), evidence
    # The second hit starts its own line, not run on after the first one's why.
    first_why = next(i for i, line in enumerate(evidence) if line.strip().endswith(why))
    assert evidence[first_why + 1].startswith(EVIDENCE_INDENT + "…"), evidence


@pytest.mark.parametrize(("language", "label", "status"), [("zh", "教师与学校支持", "待定"),
                                                           ("en", "Teachers and school support", "pending")])
async def test_a_long_label_never_pushes_the_status_to_the_panel_s_edge(language, label, status):
    pending = Suggestion(1, 1, "PF_SCHOOL", 0.74, (keyword_hit("成绩"),), "pending", "v", "")
    rejected = Suggestion(2, 1, "PF_SCHOOL", 0.51, (keyword_hit("房间"),), "rejected", "v", "")
    lines = await shown_lines([pending, rejected], language)
    rows = [line for line in lines if "0.74" in line or "0.51" in line]
    assert len(rows) == 2, lines
    # No line is a status alone (the row used to wrap it onto the next line at the panel's edge).
    assert not [line for line in lines if line.strip() == status], lines
    words = Translator(language)
    assert words("status.rejected") in rows[1] and rows[1].rstrip().endswith(words("status.rejected"))
    assert "…" in rows[1]      # the rejected row cut its label to keep its status
    pending_row = rows[0]
    assert status not in pending_row or label in pending_row, pending_row   # pending: label first
    assert label[:4] in pending_row


async def test_a_learned_score_s_lists_break_between_items_only():
    turns = ("S03_post #12", "E01_post #20", "S01_pre #4")
    terms = ("中考没考好", "一个月", "一整天", "别人")
    learned = Evidence("like your codings of " + ", ".join(turns), ", ".join(terms), 0, 0, "learned")
    for language, head in (("zh", "主要依据的词："), ("en", "strongest terms:")):
        lines = await shown_lines([Suggestion(1, 1, "AD_LOWSELF", 0.4, (learned,), "candidate", "v", "")],
                                  language)
        text = "\n".join(lines)
        assert head in text, lines
        for item in (*turns, *terms):     # every turn label and term whole on one line
            assert any(item in line for line in lines), (item, lines)
        assert lines[0] == Translator(language)("coding.candidates_below_short") or \
            lines[0] == Translator(language)("coding.candidates_below"), lines    # the rule on one line
        assert lines[1].startswith("▶ ■ 0.40 ") and all(line.startswith(EVIDENCE_INDENT) for line in lines[2:]), lines
