"""Golden tests of the long table, co-occurrence, crosstab and quotes on the hand-built project."""

from __future__ import annotations

import pytest

from _exports_fixture import build_small_project
from qualcode.analysis.cooccurrence import build_cooccurrence, build_crosstab
from qualcode.analysis.frames import ExportFilter
from qualcode.analysis.long import build_long_table
from qualcode.analysis.quotes import collect_quotes, render_markdown


@pytest.fixture
def project(tmp_path):
    built = build_small_project(tmp_path)
    yield built
    built.conn.close()


def test_long_table_one_row_per_coding_without_text_by_default(project):
    table = build_long_table(project.conn, project.codebooks)
    frame = table.frame
    # 14 codings, one of them on an interviewer turn (left out for role=participant)
    assert len(frame) == 13
    assert "text" not in frame.columns
    first = frame.iloc[0].to_dict()
    assert (first["document"], first["segment"], first["code"], first["theme"]) == (
        "S01_post", 2, "PF_GOAL", "PF_PERSONAL")
    life = frame[frame["code"] == "AD_PRESSURE_LIFE"].iloc[0]
    assert life["theme"] == "AD_ADVERSITY" and life["end"] - life["start"] == 5
    with_text = build_long_table(project.conn, project.codebooks, with_text=True,
                                 filt=ExportFilter(codes=("AD_PRESSURE_LIFE",)))
    assert list(with_text.frame["text"]) == ["家里也缺钱"]


def test_cooccurrence_over_segments(project):
    table = build_cooccurrence(project.conn, project.codebooks).frame.set_index("code")
    assert table.at["PF_GOAL", "PF_GOAL"] == 2
    assert table.at["PF_GOAL", "PF_FAMILY"] == 1 and table.at["PF_FAMILY", "PF_GOAL"] == 1
    assert table.at["PF_GOAL", "PF_PEER"] == 1
    assert table.at["AD_EXAM", "AD_PRESSURE_STUDY"] == 1 and table.at["AD_EXAM", "AD_PRESSURE"] == 1
    assert table.at["PF_GOAL", "AD_PRESSURE_STUDY"] == 0
    pct = build_cooccurrence(project.conn, project.codebooks, percent=True).frame.set_index("code")
    # half of PF_PEER's two segments also carry PF_GOAL
    assert pct.at["PF_GOAL", "PF_PEER"] == pytest.approx(50.0)
    assert pct.at["PF_PEER", "PF_PEER"] == pytest.approx(100.0)


def test_cooccurrence_within_a_window_of_turns(project):
    # S01_pre #2 (PF_GOAL) and #4 (AD_PRESSURE_STUDY) are two turns apart.
    one = build_cooccurrence(project.conn, project.codebooks, window=1).frame.set_index("code")
    assert one.at["PF_GOAL", "AD_PRESSURE_STUDY"] == 0
    two = build_cooccurrence(project.conn, project.codebooks, window=2).frame.set_index("code")
    assert two.at["PF_GOAL", "AD_PRESSURE_STUDY"] == 1
    assert two.at["AD_PRESSURE_STUDY", "PF_GOAL"] == 1
    # S02_pre: #2 (AD_EXAM) and #4 (PF_PEER); PF_PEER's S01_post segment has no exam nearby
    assert two.at["AD_EXAM", "PF_PEER"] == 1
    assert two.at["PF_GOAL", "PF_GOAL"] == 2


def test_crosstab_by_gender_counts_and_column_percentages(project):
    table = build_crosstab(project.conn, project.codebooks, attribute="gender")
    # columns named by the value; the labels keep it too (女 sorts before 男)
    assert list(table.frame.columns) == ["code", "gender_女_n", "gender_女_pct", "gender_男_n", "gender_男_pct",
                                         "total_n", "total_pct"]
    assert table.labels["gender_女_n"] == ("女 片段数", "女 segments")
    assert table.labels["gender_男_pct"] == ("男 列百分比", "男 column %")
    # each language its own word (the SPSS label read "合计 / total 片段数 / 合计 / total segments")
    assert table.labels["total_n"] == ("合计 片段数", "total segments")
    frame = table.frame.set_index("code")
    # 女 = S01 and S03: 6 coded segments over codes; 男 = S02: 5 (S04 has no transcript, so no row).
    assert frame.at["PF_GOAL", "gender_女_n"] == 2 and frame.at["PF_GOAL", "gender_男_n"] == 0
    assert frame.at["PF_GOAL", "gender_女_pct"] == pytest.approx(round(200 / 6, 2))
    assert frame.at["PF_PEER", "gender_男_pct"] == pytest.approx(20.0)
    assert frame.at["PF_GOAL", "total_n"] == 2 and frame.at["PF_PEER", "total_pct"] == pytest.approx(round(200 / 11, 2))
    presence = build_crosstab(project.conn, project.codebooks, attribute="gender",
                              unit="presence").frame.set_index("code")
    # S03 was interviewed and coded nothing: PF_GOAL is mentioned by 1 of the 2 女 participants.
    assert presence.at["PF_GOAL", "gender_女_n"] == 1 and presence.at["PF_GOAL", "gender_女_pct"] == pytest.approx(50.0)
    assert presence.at["PF_PEER", "gender_男_n"] == 1 and presence.at["PF_PEER", "gender_男_pct"] == pytest.approx(100.0)
    waves = build_crosstab(project.conn, project.codebooks, attribute="wave").frame.set_index("code")
    assert waves.at["PF_GOAL", "pre_n"] == 1 and waves.at["PF_GOAL", "post_n"] == 1
    assert waves.at["PF_GOAL", "post_pct"] == pytest.approx(50.0)  # post: PF_GOAL + PF_PEER


def test_quotes_grouped_by_theme_without_interviewer_turns(project):
    groups = collect_quotes(project.conn, project.codebooks)
    assert [g.theme_id for g in groups] == ["PF_PERSONAL", "PF_SUPPORT", "AD_ADVERSITY"]
    goal = groups[0].codes[0]
    assert goal.code_id == "PF_GOAL"
    assert [(q.text, q.location) for q in goal.quotes] == [
        ("目标更清楚，同学帮我", "S01, post, S01_post #2"), ("我想考证，妈妈很支持", "S01, pre, S01_pre #2")]
    family = groups[1].codes[0]
    assert sorted(q.text for q in family.quotes) == ["妈妈很支持", "我想考证，妈妈很支持"]
    asked = collect_quotes(project.conn, project.codebooks, include_interviewer=True)
    assert "你有什么目标吗？" in [q.text for q in asked[0].codes[0].quotes]
    markdown = render_markdown(groups)
    assert "## 个人力 / Personal strengths (PF_PERSONAL)" in markdown
    assert "### 目标专注 / Goal focus (PF_GOAL) — 2 excerpts" in markdown
    assert "> — S01, pre, S01_pre #2" in markdown
    assert "你有什么目标吗" not in markdown
