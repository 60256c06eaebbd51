"""RSCA scoring against answers worked out by hand (all 12 reverse-scored items)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from qualcode.analysis.questionnaire import available_scales, load_scale, parse_scale
from qualcode.analysis.scoring import item_pattern, match_item_columns, score_answers
from qualcode.core.errors import ScoreError

RSCA = load_scale("rsca")
# R2 answers item i with ((i - 1) % 5) + 1: 1,2,3,4,5,1,2,... so each reverse item has its own value.
R2 = {i: (i - 1) % 5 + 1 for i in range(1, 28)}


def answers_frame(rows: dict[str, dict[int, object]]) -> pd.DataFrame:
    records = [{"id": pid, "wave": "pre", **{f"RSCA{i}": v for i, v in answers.items()}}
               for pid, answers in rows.items()]
    return pd.DataFrame.from_records(records).astype(object)


def test_shipped_rsca_is_the_design_definition():
    assert "rsca" in available_scales()
    assert RSCA.n_items == 27 and (RSCA.minimum, RSCA.maximum) == (1, 5) and RSCA.scoring == "mean"
    assert sorted(RSCA.reverse) == [1, 2, 5, 6, 9, 12, 15, 16, 17, 21, 26, 27]
    factors = {f.labels[0]: list(f.items) for f in RSCA.factors}
    assert factors == {"目标专注": [3, 4, 11, 20, 24], "情绪控制": [1, 2, 5, 21, 23, 27],
                       "积极认知": [10, 13, 14, 25], "家庭支持": [8, 15, 16, 17, 19, 22],
                       "人际协助": [6, 7, 9, 12, 18, 26]}
    assert {h.labels[0]: h.factors for h in RSCA.higher_order} == {
        "个人力": ("GOAL", "EMOTION", "POSITIVE"), "支持力": ("FAMILY", "PEER")}
    assert RSCA.score_columns() == ["RSCA_GOAL", "RSCA_EMOTION", "RSCA_POSITIVE", "RSCA_FAMILY", "RSCA_PEER",
                                    "RSCA_PERSONAL", "RSCA_SUPPORT", "RSCA_TOTAL"]
    assert "胡月琴" in open(RSCA.path, encoding="utf-8").read()


def test_scores_match_hand_worked_values():
    report = score_answers(answers_frame({"S01": dict.fromkeys(range(1, 28), 5), "S02": R2}), RSCA,
                           id_column="id")
    assert report.problems == []
    s = report.scores.set_index("id")
    assert list(report.scores.columns[:2]) == ["id", "wave"]
    # All 5s: the 12 reverse items score 1.
    expected_s01 = {"RSCA_GOAL": 5, "RSCA_EMOTION": 10 / 6, "RSCA_POSITIVE": 5, "RSCA_FAMILY": 18 / 6,
                    "RSCA_PEER": 14 / 6, "RSCA_PERSONAL": 55 / 15, "RSCA_SUPPORT": 32 / 12,
                    "RSCA_TOTAL": 87 / 27}
    # R2 reversed: 1->5 2->4 5->1 6->5 9->2 12->4 15->1 16->5 17->4 21->5 26->5 27->4
    expected_s02 = {"RSCA_GOAL": 17 / 5, "RSCA_EMOTION": 22 / 6, "RSCA_POSITIVE": 17 / 4,
                    "RSCA_FAMILY": 19 / 6, "RSCA_PEER": 21 / 6, "RSCA_PERSONAL": 56 / 15,
                    "RSCA_SUPPORT": 40 / 12, "RSCA_TOTAL": 96 / 27}
    for column, value in expected_s01.items():
        assert s.at["S01", column] == pytest.approx(value), column
    for column, value in expected_s02.items():
        assert s.at["S02", column] == pytest.approx(value), column


def test_sum_scoring():
    text = open(RSCA.path, encoding="utf-8").read().replace("scoring: mean", "scoring: sum")
    summed = parse_scale(text, "rsca-sum.yaml")
    s = score_answers(answers_frame({"S02": R2}), summed, id_column="id").scores.iloc[0]
    assert (s["RSCA_GOAL"], s["RSCA_FAMILY"], s["RSCA_PERSONAL"], s["RSCA_TOTAL"]) == (17, 19, 56, 96)


def test_missing_answers_are_reported_and_respect_min_answered():
    r3 = {**R2, 3: None, 13: "", 14: None}
    report = score_answers(answers_frame({"S02": R2, "S03": r3}), RSCA, id_column="id")
    assert [(p.row, p.participant, p.item, p.kind) for p in report.problems] == [
        (3, "S03", 3, "missing"), (3, "S03", 13, "missing"), (3, "S03", 14, "missing")]
    s = report.scores.set_index("id")
    assert s.at["S03", "RSCA_GOAL"] == pytest.approx(14 / 4)  # 4 of 5 answered is enough
    assert math.isnan(s.at["S03", "RSCA_POSITIVE"])  # 2 of 4 is not
    assert math.isnan(s.at["S03", "RSCA_PERSONAL"]) and math.isnan(s.at["S03", "RSCA_TOTAL"])
    assert s.at["S03", "RSCA_SUPPORT"] == pytest.approx(40 / 12)


def test_bad_answers_stop_scoring_with_row_and_item():
    bad = {**R2, 4: 6, 7: "x", 9: 2.5, 10: "５"}  # full-width 5 from a Chinese IME is a 5
    with pytest.raises(ScoreError) as caught:
        score_answers(answers_frame({"S01": R2, "S09": bad}), RSCA, id_column="id", source="answers.csv")
    message = str(caught.value)
    assert message.startswith("answers.csv: 3 answers cannot be scored")
    assert "row 3 (id S09), column RSCA4 (item 4): out-of-range 6; expected a whole number 1–5" in message
    assert "column RSCA7 (item 7): non-numeric 'x'" in message
    assert "column RSCA9 (item 9): not-whole 2.5" in message
    lenient = score_answers(answers_frame({"S09": bad}), RSCA, id_column="id", strict=False)
    assert [p.kind for p in lenient.errors] == ["out-of-range", "non-numeric", "not-whole"]
    # item 4 unanswered: GOAL from items 3, 11, 20, 24 = 3, 1, 5, 4
    assert lenient.scores.at[0, "RSCA_GOAL"] == pytest.approx(13 / 4)


def test_item_columns_by_pattern_or_map():
    pattern = item_pattern("RSCA")
    assert [bool(pattern.match(n)) for n in ["RSCA1", "rsca_01", "RSCA-1", "RSCA_Q1", "Q1", "q-1", "RSCA", "1",
                                            "item1"]] == [True] * 6 + [False] * 3
    mixed = ["id"] + [f"rsca_{i:02d}" for i in range(1, 14)] + [f"Q{i}" for i in range(14, 28)]
    assert match_item_columns(mixed, RSCA)[13] == "rsca_13"
    with pytest.raises(ScoreError, match=r"item 1 matches several columns \['RSCA1', 'Q1'\]"):
        match_item_columns(["RSCA1", "Q1"] + [f"RSCA{i}" for i in range(2, 28)], RSCA)
    with pytest.raises(ScoreError, match=r"no column for items \[27\]"):
        match_item_columns([f"RSCA{i}" for i in range(1, 27)], RSCA)
    chinese = [f"第{i}题" for i in range(1, 28)]
    assert match_item_columns(chinese, RSCA, {i: f"第{i}题" for i in range(1, 28)})[5] == "第5题"


def test_project_scales_folder_and_bad_definitions(tmp_path):
    (tmp_path / "scales").mkdir()
    (tmp_path / "scales" / "tiny.yaml").write_text(
        "scale: tiny\nitems: 2\nresponse: {min: 0, max: 3}\nitem_prefix: T\n"
        "factors:\n  - {id: A, items: [1, 2]}\n", encoding="utf-8")
    tiny = load_scale("tiny", tmp_path)
    frame = pd.DataFrame({"pid": ["a"], "T1": ["0"], "T2": ["3"]}).astype(object)
    assert score_answers(frame, tiny, id_column="pid").scores.at[0, "TINY_A"] == pytest.approx(1.5)
    with pytest.raises(ScoreError, match="no scale named 'nope'"):
        load_scale("nope", tmp_path)
    with pytest.raises(ScoreError, match="outside 1..2"):
        parse_scale("scale: x\nitems: 2\nresponse: {min: 1, max: 5}\nitem_prefix: X\n"
                    "factors:\n  - {id: A, items: [1, 3]}\n")
    with pytest.raises(ScoreError, match="not valid YAML"):
        parse_scale("scale: [x\n")


def test_answers_read_from_a_sheet_report_the_row_excel_shows(tmp_path):
    from openpyxl import Workbook

    from qualcode.io.tables import read_table

    book = Workbook()
    sheet = book.active
    sheet.append(["id", "wave", *[f"RSCA{i}" for i in range(1, 28)]])
    sheet.append(["S01", "pre", *[R2[i] for i in range(1, 28)]])
    sheet.append([])  # a blank row the researcher left between classes
    sheet.append(["S09", "pre", *[7 if i == 4 else R2[i] for i in range(1, 28)]])
    book.save(tmp_path / "answers.xlsx")
    frame = read_table(tmp_path / "answers.xlsx")
    assert frame.iloc[1]["RSCA5"] == "5"  # numbers arrive as the text the researcher typed
    report = score_answers(frame, RSCA, id_column="id", strict=False)
    assert [(p.row, p.participant, p.column) for p in report.errors] == [(4, "S09", "RSCA4")]
