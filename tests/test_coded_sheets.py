"""Coded spreadsheets into real projects: long and wide forms, in-order matching, unknown codes, undo."""

from __future__ import annotations

import csv

import pytest
from openpyxl import Workbook

from qualcode.app.api import import_paths, undo
from qualcode.core.errors import ImportFormatError
from qualcode.app.importing.coded_sheets import import_codings
from qualcode.storage import repository as repo


def _codings(project):
    """(coder, code, segment ordinal) for every coding."""
    ordinal = {s.id: s.ordinal for d in repo.list_documents(project.conn)
               for s in repo.list_segments(project.conn, d.id, with_text=False)}
    return sorted((c.coder, c.code_id, ordinal[c.segment_id]) for c in repo.list_codings(project.conn))


@pytest.fixture
def interview(project, chinese_transcript):
    assert not import_paths(project, [chinese_transcript]).errors
    return project


def _workbook(path, sheets):
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


HEADER = ["说话人", "text", "AD_EXAM", "家庭支持", "学习动机"]


def test_wide_sheets_one_per_coder_land_on_the_right_turns(interview, tmp_path):
    path = _workbook(tmp_path / "coded.xlsx", {
        "研究者A": [HEADER,
                 ["访谈者", "你能说说中考以后的感受吗？", 0, 0, 0],
                 ["受访者", "受访者：中考失利以后我很自卑，觉得自己不行。", 1, 0, 0],  # with its label
                 ["访谈者", "那现在呢？", 0, 0, 0],
                 ["受访者", "现在我有了目标，想先考电工证。 我妈妈也一直鼓励我。", 0, 1, 1],  # line break lost
                 ["访谈者", "嗯。", 0, 0, 0],
                 ["受访者", "嗯。", 0, 1, 0]],  # the second 嗯。 is turn 6, not turn 5
        "coder B": [HEADER,
                    ["受访者", "中考失利以后我很自卑，觉得自已不行。", 1, 0, 0],  # a typo: 自已
                    ["受访者", "今天天气不错，我们去公园吧", 1, 0, 0]],
    })
    report = import_codings(interview, path)
    created = interview.code_index()
    new_id = next(code_id for code_id, code in created.items() if code.labels.get("zh") == "学习动机")
    assert created[new_id].parent_id == "IMPORTED" and (interview.root / "codebooks" / "imported.yaml").is_file()
    assert _codings(interview) == sorted([
        ("研究者A", "AD_EXAM", 2), ("研究者A", "PF_FAMILY", 4), ("研究者A", new_id, 4), ("研究者A", "PF_FAMILY", 6),
        ("coder B", "AD_EXAM", 2)])
    assert report.codings_added == 5
    assert report.matched["similar text"] == 1
    assert len(report.unmatched) == 1 and "coder B row 3" in report.unmatched[0]
    assert "学习动机" in str(report)


def test_strict_refuses_unknown_codes_and_changes_nothing(interview, tmp_path):
    path = _workbook(tmp_path / "coded.xlsx", {"Sheet1": [HEADER, ["受访者", "嗯。", 1, 0, 1]]})
    with pytest.raises(ImportFormatError, match="'学习动机' \\(Sheet1 row 2\\)"):
        import_codings(interview, path, strict=True)
    assert repo.list_codings(interview.conn) == []
    assert not (interview.root / "codebooks" / "imported.yaml").exists()


def test_long_form_by_text_with_participant_column_and_undo(interview, tmp_path):
    path = tmp_path / "long.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["participant", "excerpt", "code", "coder"])
        writer.writerow(["S01", "中考失利以后我很自卑", "AD_EXAM", "A"])
        writer.writerow(["S01", "中考失利以后我很自卑", "自卑", "A"])  # the label of AD_LOWSELF
        writer.writerow(["S01", "嗯。", "AD_HELPLESS", "A"])
        writer.writerow(["S01", "嗯。", "AD_HELPLESS", "A"])  # the same code again: the next 嗯。
        writer.writerow(["S99", "嗯。", "AD_HELPLESS", "A"])
    report = import_codings(interview, path)
    assert _codings(interview) == sorted([("A", "AD_EXAM", 2), ("A", "AD_LOWSELF", 2), ("A", "AD_HELPLESS", 5),
                                          ("A", "AD_HELPLESS", 6)])
    assert report.unmatched == ["row 6: no document of participant 'S99'"]
    assert undo(interview, actor=interview.coder) is not None
    assert repo.list_codings(interview.conn) == []


def test_sample_human_codings_of_researcher_a(sample_project, repo_root):
    path = repo_root / "codings" / "researcher-A.csv"
    if not path.exists():
        pytest.skip("the sample codings are not in this checkout")
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    report = import_codings(sample_project, path)
    assert report.unmatched == [] and report.warnings == []  # every excerpt sits in its numbered turn
    assert report.codings_added == len({(r["document"], r["segment"], r["code"]) for r in rows})
    assert {c.coder for c in repo.list_codings(sample_project.conn)} == {"A"}
    again = import_codings(sample_project, path)  # importing twice adds nothing
    assert again.codings_added == 0 and again.codings_present == report.codings_added


def test_a_row_over_two_turns_codes_each_turn_and_is_counted(interview, tmp_path):
    """A line-based tool exports a selection over two turns as one cell with both labels and line breaks."""
    path = tmp_path / "long.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["document", "text", "code", "coder"])
        writer.writerow(["S01_pre", "受访者：现在我有了目标，想先考电工证。\n我妈妈也一直鼓励我。\n访谈者：嗯。\n",
                         "PF_GOAL", "研究者A"])
        writer.writerow(["S01_pre", "受访者：中考失利以后我很自卑，觉得自己不行。\n", "AD_EXAM", "研究者A"])
    report = import_codings(interview, path)
    assert _codings(interview) == [("研究者A", "AD_EXAM", 2), ("研究者A", "PF_GOAL", 4), ("研究者A", "PF_GOAL", 5)]
    assert report.split_rows == 1 and report.split_codings == 2 and report.codings_added == 3
    assert report.matched == {"several turns": 1, "text without speaker label": 1}
    assert "split over several turns: 1 rows -> 2 codings" in str(report)
